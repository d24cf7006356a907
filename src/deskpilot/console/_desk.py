"""What an agent does to a case: take it, reply, note, reassign, change its priority, run the
store's actions through the guard, resolve it or hand it back to the automation.

Each ``do_<verb>_<noun>`` runs in one transaction, appends its audit events, and publishes live
updates after the commit.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from deskpilot.actions import ActionLayer, ActionOutcome, GuardContext, Role
from deskpilot.console._security import Forbidden, NotHolder
from deskpilot.domain import (
    AssignmentState,
    Case,
    CaseAssignment,
    CaseId,
    CaseStatus,
    Event,
    EventType,
    Handoff,
    Message,
    MessageAuthor,
    Note,
    NoteId,
    PresenceState,
    StaffRole,
    Upload,
    User,
    Verification,
    files_event,
    new_id,
)
from deskpilot.errors import ConflictError, InputError
from deskpilot.handoff import HandoffDesk, Priority
from deskpilot.live import CONSOLE, CaseViewers, MemoryCaseViewers, conversation_topic
from deskpilot.store import CaseRecorder, Repository

logger = logging.getLogger(__name__)

MAX_TEXT = 5000


def _text(text: str, what: str) -> str:
    cleaned = text.strip()
    if not cleaned:
        raise InputError(f"{what} must not be empty", field="text")
    if len(cleaned) > MAX_TEXT:
        raise InputError(
            f"{what} is {len(cleaned)} characters; at most {MAX_TEXT} are accepted", field="text"
        )
    return cleaned


def guard_role(user: User) -> Role:
    """The role the action guard knows the user by."""
    if user.role is not None and user.role.allows(StaffRole.SUPERVISOR):
        return "supervisor"
    return "agent"


class AgentDesk:
    """The agents' write path for cases a person holds."""

    def __init__(
        self, handoff: HandoffDesk, actions: ActionLayer, viewers: CaseViewers | None = None
    ) -> None:
        self.handoff = handoff
        self.db = handoff.db
        self.actions = actions
        # Who has which case open and types in it (the collision warning).
        self.viewers: CaseViewers = viewers if viewers is not None else MemoryCaseViewers()

    # -- taking and giving -----------------------------------------------------------------------
    def do_take_case(self, case_id: CaseId, *, actor: User) -> CaseAssignment:
        """Give the case to ``actor``; a case the automation still handles is handed off first,
        so the bot stays silent in it from now on."""
        with self.db.transaction() as repo:
            case, version = repo.get_case(case_id)
            if case.status is CaseStatus.RESOLVED:
                raise ConflictError(f"case {case_id} is resolved", case_id=case_id)
            if case.status is not CaseStatus.HANDED_OFF:
                self._take_over(repo, case, version, actor)
            assignment = repo.get_assignment(case_id)
        if assignment is None or assignment.state is AssignmentState.CLOSED:
            self.handoff.do_route_case(case_id, actor=actor.actor, assign=False, notify=False)
        elif not _may_manage(actor, assignment):
            raise Forbidden(f"case {case_id} is {assignment.agent}'s; a supervisor can reassign it")
        return self.handoff.do_assign_case(case_id, actor.username, actor=actor)

    def _take_over(self, repo: Repository, case: Case, version: int, actor: User) -> None:
        reason = "an agent took over the conversation"
        packet = {
            "reason": reason,
            "reason_code": "agent_takeover",
            "intent": case.intent,
            "summary": f"{actor.display_name} took over the conversation from the automation.",
        }
        queue = self.handoff.routing.default_queue
        handed = replace(
            case,
            status=CaseStatus.HANDED_OFF,
            handoff=Handoff(reason=reason, queue=queue, packet=packet),
        )
        repo.save_case(handed, version)
        data = {"reason": reason, "code": "agent_takeover", "queue": queue}
        repo.append_events([Event(case.id, EventType.HANDOFF, actor.actor, data)])

    def do_reassign_case(
        self, case_id: CaseId, *, agent: str | None, queue: str | None, actor: User
    ) -> CaseAssignment:
        """Give the case to another agent or queue; an agent may only pass on their own or an
        unassigned case, a supervisor any; the agent given it must have every skill of its
        queue and room under their capacity, as in routing and bulk reassignment."""
        with self.db.transaction() as repo:
            current = self.handoff.open_assignment(repo, case_id)
        if not _may_manage(actor, current):
            raise Forbidden(f"case {case_id} is {current.agent}'s; a supervisor can reassign it")
        return self.handoff.do_assign_case(
            case_id, agent or None, actor=actor, queue=queue, within_rules=True
        )

    def do_assign_cases(
        self, case_ids: list[CaseId], agent: str, *, actor: User
    ) -> list[tuple[CaseId, str | None]]:
        """A supervisor gives several cases to one agent, within the routing's skills and
        capacity; each case with None (given) or why not."""
        if not _supervises(actor):
            raise Forbidden("only a supervisor may reassign cases in bulk")
        return self.handoff.do_assign_cases(case_ids, agent, actor=actor)

    def do_change_priority(self, case_id: CaseId, priority: str, *, actor: User) -> CaseAssignment:
        """Set a case's priority (it reorders the queue; the SLA targets stay as they started)."""
        wanted = _priority(priority)
        with self.db.transaction() as repo:
            current = self.handoff.open_assignment(repo, case_id)
            _may_change(actor, current, "change its priority")
            updated = replace(current, priority=wanted.value)
            repo.put_assignment(updated)
            data = {"from": current.priority, "to": wanted.value, "reason": "changed_by_agent"}
            repo.append_events([Event(case_id, EventType.PRIORITY_CHANGED, actor.actor, data)])
            self.handoff.set_sla_priority(case_id, wanted)
        self.handoff.publish_case(case_id, "priority")
        return updated

    # -- talking ---------------------------------------------------------------------------------
    def do_send_reply(
        self,
        case_id: CaseId,
        text: str,
        *,
        actor: User,
        wait_for_customer: bool = False,
        attachments: Sequence[Upload] = (),
    ) -> Message:
        """Send ``text`` (and checked ``attachments``; a reply of files alone may have no
        text) to the customer in the case's latest conversation. An unassigned case becomes
        the replier's; ``wait_for_customer`` pauses its SLA clocks until they write."""
        body = _text(text, "a reply") if text.strip() or not attachments else ""
        with self.db.transaction() as repo:
            case, _ = repo.get_case(case_id)
            if case.status is not CaseStatus.HANDED_OFF:
                raise ConflictError(
                    "the automation is handling this case; take it before replying",
                    case_id=case_id,
                )
            assignment = self.handoff.open_assignment(repo, case_id)
            _may_change(actor, assignment, "reply in it")
            if assignment.agent is None:
                assignment = self.handoff.assign_in(
                    repo, assignment, actor.username, actor=actor.actor, why="replied"
                )
            sent: list[Event] = []
            message = self.handoff.store_outbound(repo, case_id, body, sent, actor=actor.actor)
            author = MessageAuthor(message.id, actor.username, actor.display_name)
            repo.insert_message_author(author)
            files = repo.insert_attachments(message, attachments)
            events = [
                Event(
                    case_id,
                    EventType.AGENT_REPLY,
                    actor.actor,
                    {
                        "message_id": message.id,
                        "chars": len(body),
                        "wait_for_customer": wait_for_customer,
                        "at": self.handoff.clock.now().isoformat(),
                    },
                    message.id,
                ),
                *sent,
            ]
            if files:
                events.append(files_event(message, files, actor=actor.actor))
            events += self.handoff.sla(case_id, self.handoff.tracker.agent_reply)
            events += self._waiting(repo, assignment, wait_for_customer)
            repo.append_events(events)
        # Sent: no longer typing it (a colleague's page opening now must not say so).
        self.viewers.stopped_typing(case_id, actor.username)
        self.handoff.publish_message(message, author, files)
        self.handoff.publish_case(case_id, "reply")
        return message

    def _waiting(self, repo: Repository, a: CaseAssignment, wait: bool) -> list[Event]:
        if wait == a.waiting_on_customer:
            return []
        repo.put_assignment(replace(a, waiting_on_customer=wait))
        change = self.handoff.tracker.wait_on_customer if wait else self.handoff.tracker.resume
        return self.handoff.sla(a.case_id, change)

    def signal_typing(self, case_id: CaseId, *, actor: User) -> None:
        """``actor`` is typing a reply: their colleagues' case pages say so (``typing`` on the
        console's stream, and the viewers for pages that open or beat later, on any process),
        and so does the customer's widget. Nothing is written; a signal sooner than
        ``TYPING_INTERVAL`` after the last is not passed on again."""
        with self.db.transaction() as repo:
            repo.get_case(case_id)
            held = repo.get_assignment(case_id)
            if held is not None and held.state is not AssignmentState.CLOSED:
                _may_change(actor, held, "reply in it")
            conversation = repo.latest_conversation(case_id)
        now = self.handoff.clock.now()
        if not self.viewers.typed(case_id, actor.username, actor.display_name, now):
            return
        author = actor.display_name
        data = {"case_id": case_id, "sender": "agent", "agent": actor.username, "author": author}
        self.handoff.live.publish(CONSOLE, "typing", data)
        customer = {"sender": "agent", "author": author}
        self.handoff.live.publish(conversation_topic(conversation.id), "typing", customer)

    def do_add_note(self, case_id: CaseId, text: str, *, actor: User) -> Note:
        """Add an internal note (never shown to the customer)."""
        note = Note(NoteId(new_id("note")), case_id, actor.username, _text(text, "a note"))
        with self.db.transaction() as repo:
            repo.get_case(case_id)
            held = repo.get_assignment(case_id)
            if held is not None and held.state is not AssignmentState.CLOSED:
                _may_change(actor, held, "add a note to it")
            repo.insert_note(note)
            data = {"note_id": note.id, "chars": len(note.text)}
            repo.append_events([Event(case_id, EventType.INTERNAL_NOTE, actor.actor, data)])
        self.handoff.publish_case(case_id, "note")
        return note

    # -- tags ------------------------------------------------------------------------------------
    def do_tag_case(self, case_id: CaseId, tag: str, *, actor: User, remove: bool = False) -> str:
        """Put a tag on the case (or take it off): a ``case_tagged`` / ``case_untagged`` event.
        Like a note, on the agent's own case or one nobody holds."""
        clean = normalize_tag(tag)
        with self.db.transaction() as repo:
            repo.get_case(case_id)
            held = repo.get_assignment(case_id)
            if held is not None and held.state is not AssignmentState.CLOSED:
                _may_change(actor, held, "tag it")
            has = clean in repo.case_tags([case_id]).get(case_id, [])
            if has != remove:
                return clean  # already so: nothing to record
            kind = EventType.CASE_UNTAGGED if remove else EventType.CASE_TAGGED
            repo.append_events([Event(case_id, kind, actor.actor, {"tag": clean})])
        self.handoff.publish_case(case_id, "tag")
        return clean

    # -- acting on the store ---------------------------------------------------------------------
    def do_run_action(
        self, case_id: CaseId, action: str, args: dict[str, Any], *, actor: User
    ) -> ActionOutcome:
        """Run one of the store's actions through the guard with the agent as actor (a write by
        an agent counts as confirmed). A successful identity lookup verifies the customer."""
        with self.db.transaction() as repo:
            case, _ = repo.get_case(case_id)
            if case.status is not CaseStatus.HANDED_OFF:
                raise NotHolder(
                    f"case {case_id} is with the automation; take it before acting on it",
                    case_id=case_id,
                )
            held = self.handoff.open_assignment(repo, case_id)
            if held.agent is None and not _supervises(actor):
                raise NotHolder(
                    f"case {case_id} is in the queue; take it before acting on it", case_id=case_id
                )
            _may_change(actor, held, "act on it")
        recorder = CaseRecorder(self.db, case_id, None)
        ctx = GuardContext(case=case, actor=actor.actor, role=guard_role(actor))
        outcome = self.actions.call(action, args, ctx, recorder)
        spec = self.actions.registry.spec(action)
        with self.db.transaction() as repo:
            recorder.drain_into(repo)
            if outcome.ok and (outcome.call_id is not None or spec.identifies):
                self._record_outcome(repo, case_id, outcome, spec.identifies, actor)
        self.handoff.publish_case(case_id, "action")
        return outcome

    @staticmethod
    def _record_outcome(
        repo: Repository, case_id: CaseId, outcome: ActionOutcome, identifies: bool, actor: User
    ) -> None:
        case, version = repo.get_case(case_id)
        if outcome.call_id is not None and outcome.call_id not in case.actions_done:
            case = replace(case, actions_done=(*case.actions_done, outcome.call_id))
        if identifies and isinstance(outcome.result, str) and case.verification is None:
            method = "agent_" + outcome.action.removeprefix("find_user_id_by_")
            case = replace(case, verification=Verification(outcome.result, method))
            data = {"method": method}
            repo.append_events([Event(case_id, EventType.CUSTOMER_VERIFIED, actor.actor, data)])
            repo.set_store_user(case.customer_id, outcome.result)
        repo.save_case(case, version)

    # -- closing ---------------------------------------------------------------------------------
    def do_resolve_case(self, case_id: CaseId, *, actor: User, outcome: str = "resolved") -> Case:
        """Mark the case resolved: its clocks stop and the agent's capacity frees up."""
        case = self._close(case_id, actor, CaseStatus.RESOLVED, EventType.CASE_RESOLVED, outcome)
        self.handoff.do_assign_waiting_cases()
        return case

    def do_hand_back_case(self, case_id: CaseId, *, actor: User) -> Case:
        """Return the case to the automation: the bot answers the customer's next message."""
        case = self._close(case_id, actor, CaseStatus.OPEN, EventType.HANDED_BACK, None)
        self.handoff.do_assign_waiting_cases()
        return case

    def _close(
        self,
        case_id: CaseId,
        actor: User,
        status: CaseStatus,
        kind: EventType,
        outcome: str | None,
    ) -> Case:
        with self.db.transaction() as repo:
            case, version = repo.get_case(case_id)
            if case.status is CaseStatus.RESOLVED:
                raise ConflictError(f"case {case_id} is already resolved", case_id=case_id)
            if status is CaseStatus.OPEN and case.status is not CaseStatus.HANDED_OFF:
                raise ConflictError(f"case {case_id} is not with a person", case_id=case_id)
            held = repo.get_assignment(case_id)
            if held is not None and held.state is not AssignmentState.CLOSED:
                _may_change(actor, held, "close it")
            elif not _supervises(actor):
                raise NotHolder(
                    f"case {case_id} is not with a person; only a supervisor can close it",
                    case_id=case_id,
                )
            # Whatever the customer had been asked to confirm before, it is asked again.
            closed = replace(
                case, status=status, outcome=outcome or case.outcome, pending_confirmation=None
            )
            repo.save_case(closed, version)
            assignment = repo.get_assignment(case_id)
            previous = None
            if assignment is not None and assignment.state is not AssignmentState.CLOSED:
                previous = assignment.agent
                now = self.handoff.clock.now()
                repo.put_assignment(
                    replace(assignment, state=AssignmentState.CLOSED, closed_at=now)
                )
            data = {"agent": previous, "outcome": outcome}
            events = [Event(case_id, kind, actor.actor, data)]
            events += self.handoff.sla(case_id, self.handoff.tracker.resolve)
            repo.append_events(events)
        self.handoff.publish_case(case_id, kind.value)
        return closed

    # -- presence --------------------------------------------------------------------------------
    def do_set_presence(self, user: User, presence: PresenceState, *, actor: User) -> User:
        """Set whether ``user`` takes new cases; going online pulls waiting cases."""
        if user.id != actor.id and not (actor.role and actor.role.allows(StaffRole.SUPERVISOR)):
            raise Forbidden("only a supervisor can set another agent's presence")
        now = self.handoff.clock.now()
        with self.db.transaction() as repo:
            repo.set_presence(user.id, presence, now)
        logger.info("user %s is now %s", user.id, presence.value)
        self.handoff.live.publish("console", "presence", {"agent": user.username})
        if presence is PresenceState.ONLINE:
            self.handoff.do_assign_waiting_cases()
        return replace(user, presence=presence, presence_since=now)


def _supervises(user: User) -> bool:
    return user.role is not None and user.role.allows(StaffRole.SUPERVISOR)


def _may_manage(user: User, assignment: CaseAssignment) -> bool:
    return _supervises(user) or assignment.agent in (None, user.username)


def _may_change(user: User, assignment: CaseAssignment, what: str) -> None:
    """An agent changes only a case that is theirs or no one's yet; a supervisor any."""
    if not _may_manage(user, assignment):
        raise NotHolder(
            f"case {assignment.case_id} is {assignment.agent}'s: only they or a supervisor may "
            f"{what}",
            case_id=assignment.case_id,
        )


_TAG = re.compile(r"[a-z0-9][a-z0-9 _-]{0,39}")


def normalize_tag(tag: str) -> str:
    """A tag as stored: trimmed, lower case, single spaces; letters, digits, ``-``, ``_``."""
    clean = " ".join(tag.strip().lower().split())
    if not _TAG.fullmatch(clean):
        raise InputError(
            f"a tag is 1 to 40 letters, digits, spaces, '-' or '_', starting with a letter or "
            f"digit; got {tag[:60]!r}",
            field="tag",
        )
    return clean


def _priority(value: str) -> Priority:
    try:
        return Priority(value)
    except ValueError:
        valid = ", ".join(p.value for p in Priority)
        raise InputError(f"unknown priority {value!r}; priorities are {valid}") from None
