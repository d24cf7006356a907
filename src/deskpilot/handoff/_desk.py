"""The hand-off desk: routes handed-off cases to queues, assigns them to agents, and runs their
SLA clocks, with every change written to the event log and published after the commit.

It is the pipeline's ``HandoffSink``: the pipeline calls ``on_handoff`` once a hand-off has
committed and ``on_customer_message`` for each message on a case a person holds. The pure logic
(rules, hours, assignment, clocks) is in the other modules of ``deskpilot.handoff``; this module
is its write path.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any

from deskpilot.domain import (
    AssignmentState,
    Attachment,
    Case,
    CaseAssignment,
    CaseId,
    CaseStatus,
    Direction,
    Event,
    EventType,
    Message,
    MessageAuthor,
    MessageId,
    MessageStatus,
    PresenceState,
    User,
    new_id,
)
from deskpilot.errors import ConflictError, DeskpilotError, InputError, NotFoundError
from deskpilot.handoff._clock import Clock
from deskpilot.handoff._config import Priority, RoutingConfig
from deskpilot.handoff._facts import CaseFacts
from deskpilot.handoff._hours import expected_answer_time
from deskpilot.handoff._presence import Heartbeats, MemoryHeartbeats
from deskpilot.handoff._router import AgentState, Presence, QueuedCase, Router
from deskpilot.handoff._sla import SlaEvent, SlaEventType, TargetStatus
from deskpilot.handoff._tracker import SlaTracker
from deskpilot.live import CONSOLE, LiveBus, Watch, conversation_topic, message_payload
from deskpilot.pipeline import ReplySpec, TemplateResponder
from deskpilot.store import Database, Repository
from deskpilot.workspace import Workspace

logger = logging.getLogger(__name__)

CLOSED_TEMPLATE = "queue_closed"
_CLOSED_TEXT = (
    "Our support team is offline right now. Everything you've told us is saved, and a "
    "colleague will pick this up {when}."
)


def sla_event(e: SlaEvent, actor: str = "sla") -> Event:
    """An SLA record as an event of the log."""
    return Event(case_id=CaseId(e.case_id), type=EventType(e.type.value), actor=actor, data=e.data)


class HandoffDesk:
    """Routing, assignment and SLA clocks of handed-off cases (one per process)."""

    def __init__(
        self,
        db: Database,
        workspace: Workspace,
        routing: RoutingConfig,
        clock: Clock,
        live: LiveBus,
        *,
        presence_timeout: float = 90.0,
        shared: bool = False,
        heartbeats: Heartbeats | None = None,
    ) -> None:
        self.db = db
        self.workspace = workspace
        self.routing = routing
        self.router = Router(routing)
        self.tracker = SlaTracker(routing)
        self.clock = clock
        self.live = live
        self._responder = TemplateResponder(workspace)
        # SLA changes must reach the tracker in time order; routing and assignment decisions
        # must see each other's writes (capacity, one assignment per case).
        self._sla_lock = threading.RLock()
        self._assign_lock = threading.RLock()
        # When each agent's console last said it is open (in memory, or in Redis across
        # processes): an online agent unheard of for ``presence_timeout`` seconds gets no new
        # cases.
        self.presence_timeout = timedelta(seconds=presence_timeout)
        self.heartbeats = heartbeats or MemoryHeartbeats()
        # Other processes change the clocks too (scale-out): a case's clocks are rebuilt from
        # the log before this process reads or changes them.
        self.shared = shared

    # -- the pipeline's hooks --------------------------------------------------------------------
    def on_handoff(self, case: Case, packet: dict[str, Any]) -> list[Message]:
        """A hand-off committed: route, assign and start the clocks; returns the notices sent
        (when to expect an answer). Never raises: the scheduler routes what failed here."""
        try:
            return self.do_route_case(case.id, actor="router")
        except Exception:
            logger.exception("routing case %s failed; the scheduler will route it", case.id)
            return []

    def on_customer_message(self, case: Case, message: Message) -> None:
        """A customer wrote in a case a person holds (the bot stayed silent)."""
        try:
            with self.db.transaction() as repo:
                assignment = repo.get_assignment(case.id)
                events = self.sla(case.id, self.tracker.customer_message)
                if assignment is not None and assignment.waiting_on_customer:
                    repo.put_assignment(replace(assignment, waiting_on_customer=False))
                repo.append_events(events)
        except Exception:
            logger.exception("recording a message of case %s for its SLA failed", case.id)
        self.publish_message(message)
        self.publish_case(case.id, "message")

    def on_answered(self, message: Message, replies: Sequence[Message]) -> None:
        """The pipeline's ``TurnListener``: a turn no request waits for (taken by a worker
        after the API process stopped waiting, or retried) was answered; its replies go to the
        conversation's stream, so the widget shows them without a reload, and to the console."""
        for reply in replies:
            self.publish_message(reply)

    def watch(self, conversation_id: str) -> Watch | None:
        """The pipeline's ear on a conversation (``TurnListener``): the live bus's events of
        its stream, when the bus is shared by the processes (Redis); else None."""
        if not self.live.shared:
            return None
        return self.live.watch(conversation_topic(conversation_id))

    # -- routing ---------------------------------------------------------------------------------
    def do_route_case(
        self, case_id: CaseId, *, actor: str, assign: bool = True, notify: bool = True
    ) -> list[Message]:
        """Route a handed-off case to its queue and start its SLA clocks; if the queue is closed
        and ``notify``, tell the customer when to expect an answer; then (``assign``) give
        waiting cases to agents. An agent taking a case over passes neither."""
        with self._assign_lock, self.db.transaction() as repo:
            case, _ = repo.get_case(case_id)
            current = repo.get_assignment(case_id)
            if case.status is not CaseStatus.HANDED_OFF or (
                current is not None and current.state is not AssignmentState.CLOSED
            ):
                return []
            notices = self._route(repo, case, actor, notify)
        self.publish_case(case_id, "routed")
        for notice in notices:
            self.publish_message(notice)
        if assign:
            self.do_assign_waiting_cases()
        return notices

    def _route(self, repo: Repository, case: Case, actor: str, notify: bool) -> list[Message]:
        facts = self.facts(repo, case)
        decision = self.router.route(facts)
        now = self.clock.now()
        expected = expected_answer_time(self.routing.queue(decision.queue), now)
        assignment = CaseAssignment(
            case_id=case.id,
            queue=decision.queue,
            priority=decision.priority.value,
            vip=facts.vip,
            tier=facts.tier,
            rule=decision.rule,
            routed_at=now,
        )
        repo.put_assignment(assignment)
        events = [
            Event(
                case_id=case.id,
                type=EventType.ROUTED,
                actor=actor,
                data={
                    "queue": decision.queue,
                    "priority": decision.priority.value,
                    "rule": decision.rule,
                    "reason": decision.reason,
                    "open": expected.open_now,
                    "expected_answer": expected.at.isoformat(),
                    "tier": facts.tier,
                    "at": now.isoformat(),
                },
            )
        ]
        with self._sla_lock:
            self._refresh(case.id)
            if case.id not in self.tracker.case_ids():
                opened = self.tracker.open_case(
                    case.id,
                    queue=decision.queue,
                    priority=decision.priority,
                    tier=facts.tier,
                    at=now,
                )
                events.extend(sla_event(e) for e in opened)
        notices: list[Message] = []
        if notify and not expected.open_now:
            text = self._closed_text(expected.text, expected.at)
            notices.append(self.store_outbound(repo, case.id, text, events, actor="router"))
        repo.append_events(events)
        return notices

    def facts(self, repo: Repository, case: Case) -> CaseFacts:
        """What routing rules see of a case: its intent, the last understanding, its channel."""
        understood = [e for e in repo.list_events(case.id) if e.type is EventType.UNDERSTANDING]
        last = understood[-1].data if understood else {}
        try:
            channel = repo.latest_conversation(case.id).channel
        except NotFoundError:
            channel = ""
        return CaseFacts(
            intent=case.intent or "",
            sentiment=float(last.get("sentiment", 0.0)),
            urgency=float(last.get("urgency", 0.0)),
            language=str(last.get("language") or self.workspace.config.default_language),
            channel=channel,
        )

    def said(self, template: str, facts: Mapping[str, Any]) -> str | None:
        """The workspace's template ``template`` filled with ``facts``, in its language (what
        a person may send a customer in the business's words); None when it has no such
        template."""
        language = self.workspace.config.default_language
        if template not in self.workspace.templates.get(language, {}):
            return None
        return self._responder.render(ReplySpec(template, dict(facts)), language)

    def _closed_text(self, when: str, at: datetime) -> str:
        language = self.workspace.config.default_language
        if CLOSED_TEMPLATE in self.workspace.templates.get(language, {}):
            spec = ReplySpec(CLOSED_TEMPLATE, {"when": when, "at": at.isoformat()})
            return self._responder.render(spec, language)
        return _CLOSED_TEXT.format(when=when)

    def store_outbound(
        self, repo: Repository, case_id: CaseId, text: str, events: list[Event], *, actor: str
    ) -> Message:
        """Store ``text`` as sent to the customer in the case's latest conversation, and its
        ``message_sent`` event in ``events``; in the caller's transaction."""
        conversation = repo.latest_conversation(case_id)
        message = Message(
            id=MessageId(new_id("msg")),
            conversation_id=conversation.id,
            case_id=case_id,
            direction=Direction.OUTBOUND,
            channel=conversation.channel,
            text=text,
            status=MessageStatus.SENT,
        )
        repo.insert_message(message)
        events.append(
            Event(case_id, EventType.MESSAGE_SENT, actor, {"message_id": message.id}, message.id)
        )
        return message

    def do_route_unrouted_cases(self, *, actor: str = "router") -> int:
        """Route every handed-off case whose routing never ran (a crash, an old database)."""
        with self.db.transaction() as repo:
            pending = repo.unrouted_handoffs()
        for case_id in pending:
            self.do_route_case(case_id, actor=actor)
        return len(pending)

    # -- presence ------------------------------------------------------------------------------
    def note_heartbeat(self, username: str) -> None:
        """``username``'s console is open now (its page sends this every half minute)."""
        self.heartbeats.note(username, self.clock.now())

    def last_heard(self, user: User) -> datetime | None:
        """When ``user`` last set their presence or sent a heartbeat."""
        heard = self.heartbeats.last(user.username)
        known = [t for t in (heard, user.presence_since) if t is not None]
        return max(known) if known else None

    def is_reachable(self, user: User) -> bool:
        """Whether ``user`` is online and was heard from within the presence timeout."""
        heard = self.last_heard(user)
        return (
            user.presence is PresenceState.ONLINE
            and heard is not None
            and self.clock.now() - heard <= self.presence_timeout
        )

    def _routing_presence(self, user: User) -> Presence:
        if user.presence is PresenceState.ONLINE and not self.is_reachable(user):
            return Presence.OFFLINE
        return Presence(user.presence.value)

    # -- assignment ------------------------------------------------------------------------------
    def agent_states(self, repo: Repository) -> list[AgentState]:
        """Each console user's presence and open cases, as the router sees them: an online
        agent not heard from within the presence timeout counts as offline."""
        load: dict[str, int] = {}
        for a in repo.list_assignments():
            if a.agent is not None:
                load[a.agent] = load.get(a.agent, 0) + 1
        return [
            AgentState(
                agent_id=u.username,
                presence=self._routing_presence(u),
                open_cases=load.get(u.username, 0),
                idle_since=u.presence_since,
            )
            for u in repo.list_users()
            if u.role is not None
        ]

    def do_assign_waiting_cases(self, *, actor: str = "router") -> int:
        """Give waiting cases of open queues to the least-loaded online agents, in queue order."""
        published: list[tuple[CaseId, str]] = []
        with self._assign_lock, self.db.transaction() as repo:
            open_now = repo.list_assignments()
            waiting = {a.case_id: a for a in open_now if a.state is AssignmentState.WAITING}
            states = {s.agent_id: s for s in self.agent_states(repo)}
            now = self.clock.now()
            for queue in sorted({a.queue for a in waiting.values()}):
                if not self.router.hours(queue).is_open(now):
                    continue
                for item in self.router.order(queue, self.queued(list(waiting.values()), queue)):
                    pick = self.router.assign(queue, states.values())
                    if pick is None:
                        break
                    taken = waiting[CaseId(item.case_id)]
                    self.assign_in(repo, taken, pick.agent_id, actor=actor, why=pick.reason)
                    state = states[pick.agent_id]
                    states[pick.agent_id] = replace(state, open_cases=state.open_cases + 1)
                    published.append((taken.case_id, pick.agent_id))
        for case_id, agent in published:
            self.publish_assigned(case_id, agent, actor)
        return len(published)

    def queued(self, assignments: Sequence[CaseAssignment], queue: str) -> list[QueuedCase]:
        """The cases of ``assignments`` in ``queue`` as routing orders them (priority, wait,
        VIP, the next SLA breach)."""
        return [
            QueuedCase(
                case_id=a.case_id,
                priority=Priority(a.priority),
                enqueued_at=a.routed_at,
                vip=a.vip,
                breach_at=self.next_breach(a.case_id),
            )
            for a in assignments
            if a.queue == queue
        ]

    def assign_in(
        self,
        repo: Repository,
        assignment: CaseAssignment,
        agent: str | None,
        *,
        actor: str,
        why: str,
        queue: str | None = None,
    ) -> CaseAssignment:
        """Within ``repo``'s transaction: give the case to ``agent`` (None: back to the queue)."""
        target = queue or assignment.queue
        self.routing.queue(target)
        now = self.clock.now()
        updated = replace(
            assignment,
            queue=target,
            agent=agent,
            state=AssignmentState.ASSIGNED if agent else AssignmentState.WAITING,
            assigned_at=now if agent else None,
        )
        repo.put_assignment(updated)
        data = {
            "agent": agent,
            "previous": assignment.agent,
            "queue": target,
            "reason": why,
            "at": now.isoformat(),
        }
        repo.append_events([Event(assignment.case_id, EventType.ASSIGNMENT, actor, data)])
        return updated

    def do_assign_case(
        self,
        case_id: CaseId,
        agent: str | None,
        *,
        actor: User,
        queue: str | None = None,
        within_rules: bool = False,
    ) -> CaseAssignment:
        """Give a handed-off case to ``agent`` or (None) back to its queue, or to another queue.
        ``within_rules``: only as routing would, the agent having every skill of the queue and
        room under their capacity (ConflictError saying why not)."""
        with self._assign_lock, self.db.transaction() as repo:
            assignment = self.open_assignment(repo, case_id)
            if agent is not None:
                users = {u.username: u for u in repo.list_users()}
                if agent not in users or users[agent].role is None:
                    raise InputError(
                        f"unknown agent {agent!r}; agents are {', '.join(sorted(users))}",
                        field="agent",
                    )
                if within_rules:
                    self._check_rules(repo, assignment, agent, queue or assignment.queue)
            why = "taken" if agent == actor.username else "reassigned"
            updated = self.assign_in(
                repo, assignment, agent, actor=actor.actor, why=why, queue=queue
            )
        self.publish_assigned(case_id, agent, actor.actor)
        if agent is None:
            self.do_assign_waiting_cases()
        return updated

    def do_assign_cases(
        self, case_ids: Sequence[CaseId], agent: str, *, actor: User
    ) -> list[tuple[CaseId, str | None]]:
        """Give several handed-off cases to ``agent``, each as ``do_assign_case`` does, but
        within the routing's guards: the agent has every skill of the case's queue and room
        under their capacity (counting the cases given before it). Each case: None when
        given, else why not; one refused case does not stop the others."""
        outcome: list[tuple[CaseId, str | None]] = []
        for case_id in case_ids:
            why = None
            try:
                with self.db.transaction() as repo:
                    assignment = self.open_assignment(repo, case_id)
                if assignment.agent == agent:
                    outcome.append((case_id, f"case {case_id} is already {agent}'s"))
                    continue
                self.do_assign_case(case_id, agent, actor=actor, within_rules=True)
            except DeskpilotError as exc:
                why = exc.message
            outcome.append((case_id, why))
        return outcome

    def _check_rules(
        self, repo: Repository, assignment: CaseAssignment, agent: str, queue: str
    ) -> None:
        """ConflictError unless routing's skills and capacity allow ``agent`` the case in
        ``queue`` (a case already theirs does not count against their capacity)."""
        held = sum(
            1
            for a in repo.list_assignments()
            if a.agent == agent and a.case_id != assignment.case_id
        )
        why = self.router.refusal(agent, queue, held)
        if why is not None:
            raise ConflictError(why, case_id=assignment.case_id, agent=agent, queue=queue)

    @staticmethod
    def open_assignment(repo: Repository, case_id: CaseId) -> CaseAssignment:
        """The case's open assignment; NotFoundError when no person holds it."""
        found = repo.get_assignment(case_id)
        if found is None or found.state is AssignmentState.CLOSED:
            raise NotFoundError(f"case {case_id} is not with a person", case_id=case_id)
        return found

    # -- SLA clocks ------------------------------------------------------------------------------
    def sla(self, case_id: str, change: Callable[[str, datetime], list[SlaEvent]]) -> list[Event]:
        """Apply one change to a case's clocks now (nothing if it has none); the log events."""
        with self._sla_lock:
            self._refresh(case_id)
            try:
                return [sla_event(e) for e in change(case_id, self.clock.now())]
            except NotFoundError:
                return []

    def set_sla_priority(self, case_id: str, priority: Priority) -> None:
        """Follow a priority change in the case's clock (its targets stay as they started)."""
        with self._sla_lock:
            self._refresh(case_id)
            if case_id in self.tracker.case_ids():
                self.tracker.set_priority(case_id, priority)

    def next_breach(self, case_id: str) -> datetime | None:
        """The case's nearest SLA breach, if a clock runs."""
        with self._sla_lock:
            self._refresh(case_id)
            try:
                return self.tracker.next_breach(case_id)
            except NotFoundError:
                return None

    def sla_status(self, case_id: str, now: datetime) -> list[TargetStatus]:
        """Where each target of the case's clocks stands (none when no clock runs)."""
        with self._sla_lock:
            self._refresh(case_id)
            try:
                return self.tracker.status(case_id, now)
            except NotFoundError:
                return []

    def do_record_sla_alerts(self, alerts: list[SlaEvent], *, actor: str = "sla") -> None:
        """The scheduler's ``emit``: append warnings and breaches, then run the breach actions."""
        touched: list[tuple[CaseId, dict[str, Any]]] = []
        given: list[tuple[CaseId, str]] = []
        with self._assign_lock, self.db.transaction() as repo:
            for alert in alerts:
                repo.append_events([sla_event(alert, actor)])
                if alert.type is SlaEventType.BREACHED:
                    agent = self._breach_actions(repo, alert, actor)
                    if agent is not None:
                        given.append((CaseId(alert.case_id), agent))
                touched.append((CaseId(alert.case_id), {"alert": alert.type.value, **alert.data}))
        for case_id, data in touched:
            self.live.publish(CONSOLE, "sla", {"case_id": case_id, **data})
            self.publish_case(case_id, "sla")
        for case_id, agent in given:
            self.publish_assigned(case_id, agent, actor)

    def _breach_actions(self, repo: Repository, alert: SlaEvent, actor: str) -> str | None:
        """Raise the priority and reassign as the breached policy says; the agent the case went
        to, if it was reassigned."""
        assignment = repo.get_assignment(CaseId(alert.case_id))
        if assignment is None or assignment.state is AssignmentState.CLOSED:
            return None
        actions = alert.data.get("actions", [])
        if "raise_priority" in actions and "raise_priority_to" in alert.data:
            raised = str(alert.data["raise_priority_to"])
            if raised != assignment.priority:
                data = {"from": assignment.priority, "to": raised, "reason": "sla_breached"}
                assignment = replace(assignment, priority=raised)
                repo.put_assignment(assignment)
                repo.append_events(
                    [Event(assignment.case_id, EventType.PRIORITY_CHANGED, actor, data)]
                )
        if "reassign" in actions:
            exclude = {assignment.agent} if assignment.agent else set()
            pick = self.router.assign(assignment.queue, self.agent_states(repo), exclude=exclude)
            if pick is not None:
                self.assign_in(repo, assignment, pick.agent_id, actor=actor, why="sla_breached")
                return pick.agent_id
        return None

    def restore(self) -> None:
        """Rebuild the clocks of open hand-offs from the log (at start-up), then route what
        was never routed."""
        with self.db.transaction() as repo:
            histories = [(a, repo.list_events(a.case_id)) for a in repo.list_assignments()]
        for assignment, events in histories:
            self._replay_logged(assignment, events)
        self.do_route_unrouted_cases()

    def reload_clocks(self) -> None:
        """Rebuild every clock from the log, which other processes also write (the active
        scheduler does it before each tick); alerts already in the log count as emitted."""
        with self.db.transaction() as repo:
            histories = [(a, repo.list_events(a.case_id)) for a in repo.list_assignments()]
        with self._sla_lock:
            self.tracker.forget()
            for assignment, events in histories:
                self._replay_logged(assignment, events)

    def _refresh(self, case_id: str) -> None:
        """In a shared desk, rebuild the case's clocks from the log (call with the SLA lock)."""
        if not self.shared:
            return
        with self.db.transaction() as repo:
            assignment = repo.get_assignment(CaseId(case_id))
            events = repo.list_events(CaseId(case_id)) if assignment is not None else []
        self.tracker.forget(case_id)
        if assignment is not None and assignment.state is not AssignmentState.CLOSED:
            self._replay_logged(assignment, events)

    def _replay_logged(self, assignment: CaseAssignment, events: Sequence[Event]) -> None:
        try:
            self._replay(assignment, events)
        except DeskpilotError:
            logger.exception("the SLA clocks of case %s could not be rebuilt", assignment.case_id)

    def _replay(self, assignment: CaseAssignment, events: Sequence[Event]) -> None:
        routed = [i for i, e in enumerate(events) if e.type is EventType.ROUTED]
        if not routed:
            return
        start = events[routed[-1]]
        at = datetime.fromisoformat(start.data["at"])
        case_id = assignment.case_id
        with self._sla_lock:
            if case_id in self.tracker.case_ids():
                return
            self.tracker.open_case(
                case_id,
                queue=start.data["queue"],
                priority=Priority(start.data["priority"]),
                tier=start.data.get("tier", ""),
                at=at,
            )
            for event in events[routed[-1] + 1 :]:
                at = self._replay_one(case_id, event, at)

    def _replay_one(self, case_id: str, event: Event, last: datetime) -> datetime:
        t = self.tracker
        when = datetime.fromisoformat(event.data["at"]) if "at" in event.data else event.created_at
        when = max(when, last)
        if event.type is EventType.MESSAGE_RECEIVED:
            t.customer_message(case_id, when)
        elif event.type is EventType.AGENT_REPLY:
            t.agent_reply(case_id, when)
        elif event.type is EventType.SLA_PAUSED:
            t.wait_on_customer(case_id, when)
        elif event.type is EventType.SLA_RESUMED and event.data.get("reason") == "resumed_by_agent":
            t.resume(case_id, when)
        elif event.type in (EventType.SLA_WARNING, EventType.SLA_BREACHED):
            t.mark_emitted([SlaEvent(SlaEventType(event.type.value), case_id, when, event.data)])
            return last
        elif (
            event.type is EventType.PRIORITY_CHANGED and event.data.get("reason") != "sla_breached"
        ):
            t.set_priority(case_id, Priority(event.data["to"]))
            return last
        else:
            return last
        return when

    # -- live updates ----------------------------------------------------------------------------
    def publish_case(self, case_id: str, reason: str) -> None:
        """Tell the console that a case changed (after the commit)."""
        self.live.publish(CONSOLE, "case", {"case_id": case_id, "reason": reason})

    def publish_assigned(self, case_id: str, agent: str | None, actor: str) -> None:
        """Tell the console that a case was given to ``agent`` (None: back to its queue) by
        ``actor`` (after the commit): the agent's console announces a case given to them."""
        data = {"case_id": case_id, "reason": "assigned", "agent": agent, "by": actor}
        self.live.publish(CONSOLE, "case", data)

    def publish_message(
        self,
        message: Message,
        author: MessageAuthor | None = None,
        attachments: Sequence[Attachment] = (),
    ) -> None:
        """Send a message (with its files) to its conversation's stream and tell the console
        (after the commit)."""
        payload = message_payload(message, author)
        payload["attachments"] = [a.payload() for a in attachments]
        self.live.publish(conversation_topic(message.conversation_id), "message", payload)
        told: dict[str, Any] = {"case_id": message.case_id, "id": message.id}
        if author is not None:  # a colleague's page stops showing them typing
            told["author"] = author.display_name
        self.live.publish(CONSOLE, "message", told)
