"""What the console shows: queues with their SLA countdowns, and a case with its transcript,
handoff packet, customer profile and records (read through the guard as the agent, as the
business's ``Desk`` says)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from deskpilot.actions import ActionLayer, GuardContext, SideEffect
from deskpilot.console._desk import guard_role
from deskpilot.console._packet import (
    Flow,
    Namer,
    PacketView,
    concerned_records,
    packet_view,
    their_words,
)
from deskpilot.console._suggest import suggest_actions, suggest_replies
from deskpilot.domain import (
    AssignmentState,
    Attachment,
    Case,
    CaseAssignment,
    CaseId,
    CaseStatus,
    Desk,
    DeskChoice,
    DeskFact,
    DeskRecord,
    Direction,
    Draft,
    Event,
    EventType,
    StaffRole,
    SuggestedAction,
    User,
)
from deskpilot.handoff import HandoffDesk, expected_answer_time
from deskpilot.store import Repository

MAX_RECORDS = 5
ACTIVITY = 40


def format_span(seconds: float) -> str:
    """``2h 05m``, ``12m``, ``40s``: how long, for people."""
    total = int(abs(seconds))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours}h {minutes:02d}m"
    return f"{minutes}m" if minutes else f"{secs}s"


@dataclass(frozen=True)
class SlaView:
    """The most pressing SLA target of a case."""

    target: str
    state: str  # running, paused, breached
    breach_at: datetime | None
    label: str


def sla_view(handoff: HandoffDesk, case_id: str, now: datetime) -> SlaView | None:
    """The target closest to breach (running first), or None when no clock runs."""
    active = [s for s in handoff.sla_status(case_id, now) if s.state != "stopped"]
    if not active:
        return None
    active.sort(key=lambda s: (s.state != "running", s.breach_at or now))
    top = active[0]
    name = top.target.value.replace("_", " ")
    if top.state == "paused":
        return SlaView(top.target.value, "paused", None, f"{name}: paused (waiting on customer)")
    due = (top.breach_at or now) - now
    if due.total_seconds() <= 0:
        return SlaView(
            top.target.value,
            "breached",
            top.breach_at,
            f"{name} breached {format_span(due.total_seconds())} ago",
        )
    return SlaView(
        top.target.value,
        "running",
        top.breach_at,
        f"{name} due in {format_span(due.total_seconds())}",
    )


@dataclass(frozen=True)
class QueueRow:
    """One case in a queue."""

    assignment: CaseAssignment
    case: Case
    sla: SlaView | None

    @property
    def summary(self) -> str:
        """Why a person has it, and the customer's own words for their request."""
        h = self.case.handoff
        if h is None:
            return ""
        why = str(h.packet.get("reason") or h.reason)
        words = their_words(self.case)
        return why + (f" — “{words}”" if words else "")


@dataclass(frozen=True)
class QueueView:
    """A queue: whether it is staffed now, and its cases in serving order."""

    name: str
    description: str
    open_now: bool
    opens: str
    rows: list[QueueRow] = field(default_factory=list)


def queue_views(handoff: HandoffDesk, repo: Repository, now: datetime) -> list[QueueView]:
    """Every queue of ``routing.yaml`` with its open cases, most urgent first."""
    assignments = repo.list_assignments()
    views = []
    for queue in handoff.routing.queues:
        mine = {a.case_id: a for a in assignments if a.queue == queue.name}
        queued = handoff.queued(list(mine.values()), queue.name)
        rows = [
            QueueRow(
                mine[CaseId(q.case_id)],
                repo.get_case(CaseId(q.case_id))[0],
                sla_view(handoff, q.case_id, now),
            )
            for q in handoff.router.order(queue.name, queued)
        ]
        expected = expected_answer_time(queue, now)
        views.append(
            QueueView(queue.name, queue.description, expected.open_now, expected.text, rows)
        )
    return views


@dataclass(frozen=True)
class TimelineItem:
    """One entry of a case's transcript: a message in or out, or an internal note."""

    id: str
    kind: str  # customer, bot, agent, note
    author: str
    text: str
    at: datetime
    files: tuple[Attachment, ...] = ()


def timeline(repo: Repository, case_id: CaseId) -> list[TimelineItem]:
    """Messages (with their files) and internal notes of a case, in time order."""
    messages = repo.list_case_messages(case_id)
    authors = repo.message_authors([m.id for m in messages])
    files = repo.attachments_of([m.id for m in messages])
    items = []
    for m in messages:
        if m.direction is Direction.INBOUND:
            kind, author = "customer", "Customer"
        elif m.id in authors:
            kind, author = "agent", authors[m.id].display_name
        else:
            kind, author = "bot", "Automation"
        items.append(
            TimelineItem(m.id, kind, author, m.text, m.created_at, tuple(files.get(m.id, ())))
        )
    for n in repo.list_notes(case_id):
        items.append(TimelineItem(n.id, "note", n.author, n.text, n.created_at))
    return sorted(items, key=lambda i: (i.at, i.id))


@dataclass(frozen=True)
class ActionChoice:
    """A write action the agent can run from the case page."""

    name: str
    description: str


@dataclass(frozen=True)
class CaseView:
    """Everything the case page shows."""

    case: Case
    assignment: CaseAssignment | None
    sla: SlaView | None
    items: list[TimelineItem]
    packet: PacketView | None
    profile: dict[str, Any] | None
    facts: list[DeskFact]
    records_title: str
    records: list[DeskRecord]
    concerned: list[str]
    lookup_note: str | None
    drafts: list[Draft]
    replies: list[str]
    suggested: list[SuggestedAction]
    actions: list[ActionChoice]
    choices: dict[str, list[DeskChoice]]
    agents: list[User]
    activity: list[Event]
    viewer: User
    reachable: frozenset[str] = frozenset()

    @property
    def with_person(self) -> bool:
        """Whether a person holds the case (the bot is silent)."""
        return self.assignment is not None and self.assignment.state is not AssignmentState.CLOSED

    @property
    def holder(self) -> str | None:
        """The agent who holds the case, if a person does."""
        return self.assignment.agent if self.with_person and self.assignment else None

    @property
    def may_change(self) -> bool:
        """Whether the viewer may act on the case: it is theirs or no one's, or they supervise."""
        return self.holder in (None, self.viewer.username) or _supervises(self.viewer)

    @property
    def may_take(self) -> bool:
        """Whether a "Take" button is offered: the case is open and not the viewer's already,
        and a colleague's only to a supervisor."""
        if self.case.status is CaseStatus.RESOLVED or self.holder == self.viewer.username:
            return False
        return self.holder is None or _supervises(self.viewer)


def _supervises(user: User) -> bool:
    return user.role is not None and user.role.allows(StaffRole.SUPERVISOR)


def case_view(
    handoff: HandoffDesk,
    actions: ActionLayer,
    desk: Desk | None,
    flows: Sequence[Flow],
    case_id: CaseId,
    viewer: User,
) -> CaseView:
    """The case page's content; the profile and records ``desk`` names are read as ``viewer``
    through the guard, and the reads are logged as one ``case_viewed`` event."""
    with handoff.db.transaction() as repo:
        case, _ = repo.get_case(case_id)
        assignment = repo.get_assignment(case_id)
        items = timeline(repo, case_id)
        drafts = repo.list_drafts(case_id=case_id)
        agents = [u for u in repo.list_users() if u.role is not None]
        log = repo.list_events(case_id, limit=100_000)
        calls = repo.list_action_calls(case_id)
    known = customer_context(actions, desk, case, viewer)
    profile, records, concerned = known.profile, known.records, known.concerned
    shown = [desk.show(r) for r in records] if desk is not None else []
    choices = known.every
    namer = Namer(choices)
    labels = {r.key: r.label for r in shown}
    by_show = {r.key: r for r in shown}
    texts = {i.id: i.text for i in items}
    writes = [
        ActionChoice(s.name, s.description)
        for s in actions.registry.specs()
        if s.side_effect is SideEffect.WRITE or s.identifies
    ]
    return CaseView(
        case=case,
        assignment=assignment,
        sla=sla_view(handoff, case_id, handoff.clock.now()),
        items=items,
        packet=packet_view(
            case,
            log,
            texts,
            calls,
            flows,
            namer,
            [labels.get(k, k) for k in concerned],
            desk.full_name(profile) if desk is not None and profile is not None else None,
            [f for i in items if i.kind == "customer" for f in i.files],
        ),
        profile=profile,
        facts=list(desk.facts(profile)) if desk is not None and profile is not None else [],
        records_title=desk.title if desk is not None else "",
        records=shown,
        concerned=concerned,
        lookup_note=known.note,
        drafts=drafts,
        replies=suggest_replies(
            case,
            desk,
            profile,
            [by_show[k] for k in concerned if k in by_show],
            viewer,
            handoff.said,
        ),
        suggested=suggest_actions(case, desk, known.focused),
        actions=writes,
        choices=choices,
        agents=agents,
        activity=list(reversed(log[-ACTIVITY:])),
        viewer=viewer,
        reachable=frozenset(u.username for u in agents if handoff.is_reachable(u)),
    )


@dataclass(frozen=True)
class CustomerContext:
    """What is known of the case's customer: their profile and records (read through the guard
    as the viewer), the records the conversation concerns, and the values each action argument
    may take — for those records (``focus``) and for all of them (``every``)."""

    profile: dict[str, Any] | None
    records: list[dict[str, Any]]
    concerned: list[str]
    focused: list[dict[str, Any]]
    focus: dict[str, list[DeskChoice]]
    every: dict[str, list[DeskChoice]]
    note: str | None


def customer_context(
    actions: ActionLayer, desk: Desk | None, case: Case, viewer: User
) -> CustomerContext:
    """The customer as the viewer may see them (one ``case_viewed`` event logs the reads)."""
    concerned = concerned_records(case, desk)
    profile, records, note = _lookups(actions, desk, case, viewer, concerned)
    if desk is None or profile is None:
        return CustomerContext(profile, records, concerned, [], {}, {}, note)
    by_key = {desk.show(r).key: r for r in records}
    focused = [by_key[k] for k in concerned if k in by_key]
    every = {k: list(v) for k, v in desk.choices(profile, records).items()}
    focus = {k: list(v) for k, v in desk.choices(profile, focused).items()} if focused else every
    if case.verification is not None:
        who = [DeskChoice(case.verification.user_id, "the verified customer")]
        every.setdefault(desk.profile.arg, who)
        focus.setdefault(desk.profile.arg, who)
    return CustomerContext(profile, records, concerned, focused, focus, every, note)


class _Reads:
    """Collects the guard's audit events of the page's reads, to log them as one event."""

    def __init__(self) -> None:
        self.actions: list[str] = []
        self.refused: list[str] = []

    def emit(self, type: EventType, data: dict[str, Any], *, actor: str) -> None:
        """Note which reads ran and which the guard refused."""
        if type is EventType.ACTION_REQUESTED:
            self.actions.append(str(data.get("action")))
        elif type is EventType.GUARD_DECISION and not data.get("allowed"):
            self.refused.append(str(data.get("action")))

    def flush(self) -> None:
        """Nothing to write until the page's reads are done."""


def _lookups(
    actions: ActionLayer, desk: Desk | None, case: Case, viewer: User, concerned: Sequence[str]
) -> tuple[dict[str, Any] | None, list[dict[str, Any]], str | None]:
    """The verified customer's profile and their latest records (newest first, with those the
    conversation concerns even if older), or why not."""
    if case.verification is None:
        return None, [], "The customer is not verified yet: look them up under Actions."
    known = {s.name for s in actions.registry.specs()}
    if desk is None or not {desk.profile.action, desk.record.action} <= known:
        return None, [], "This workspace shows no customer profile or records on the desk."
    reads = _Reads()
    ctx = GuardContext(case=case, actor=viewer.actor, role=guard_role(viewer))
    try:
        found = actions.call(
            desk.profile.action, {desk.profile.arg: case.verification.user_id}, ctx, reads
        )
        if not found.ok or not isinstance(found.result, dict):
            return None, [], found.refusal_reason or "The profile could not be read."
        profile: dict[str, Any] = found.result
        listed = [str(k) for k in profile.get(desk.listed_in, [])]
        latest = listed[-MAX_RECORDS:][::-1]
        wanted = latest + [k for k in concerned if k in listed and k not in latest]
        records = []
        for key in wanted:
            got = actions.call(desk.record.action, {desk.record.arg: key}, ctx, reads)
            if got.ok and isinstance(got.result, dict):
                records.append(got.result)
        return profile, records, None
    finally:
        _log_reads(actions, case, viewer, reads)


def _log_reads(actions: ActionLayer, case: Case, viewer: User, reads: _Reads) -> None:
    if not reads.actions:
        return
    data = {"reads": len(reads.actions), "actions": sorted(set(reads.actions))}
    if reads.refused:
        data["refused"] = sorted(set(reads.refused))
    with actions.db.transaction() as repo:
        repo.append_events([Event(case.id, EventType.CASE_VIEWED, viewer.actor, data)])
