"""The console's case lists: views with their counts (mine, unassigned, all open, waiting on the
customer, breached, resolved), full-text search, and a customer's cases across time."""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from urllib.parse import urlencode

from deskpilot.console._views import QueueRow, SlaView, sla_view
from deskpilot.domain import (
    AssignmentState,
    Case,
    CaseAssignment,
    CaseId,
    CaseStatus,
    EventType,
    User,
)
from deskpilot.errors import InputError, NotFoundError
from deskpilot.handoff import HandoffDesk
from deskpilot.store import Repository, SearchHit

MAX_RESOLVED = 50
MAX_HITS = 50


@dataclass(frozen=True)
class View:
    """A named list of cases and how many it holds."""

    name: str
    title: str
    count: int


_OPEN_VIEWS: tuple[tuple[str, str, Callable[[QueueRow, User], bool]], ...] = (
    ("mine", "Mine", lambda r, me: r.assignment.agent == me.username),
    ("unassigned", "Unassigned", lambda r, _me: r.assignment.agent is None),
    ("open", "All open", lambda _r, _me: True),
    ("waiting", "Waiting on customer", lambda r, _me: r.assignment.waiting_on_customer),
    ("breached", "SLA breached", lambda r, _me: r.sla is not None and r.sla.state == "breached"),
)
VIEW_NAMES = (*(v[0] for v in _OPEN_VIEWS), "resolved")


def _urgency(row: QueueRow, now: datetime) -> tuple[bool, datetime]:
    due = row.sla.breach_at if row.sla is not None and row.sla.breach_at is not None else None
    return (due is None, due or now)


def case_lists(
    handoff: HandoffDesk, repo: Repository, viewer: User, now: datetime
) -> tuple[list[View], dict[str, list[QueueRow]]]:
    """Every view with its count, and its rows (open ones nearest SLA breach first, resolved
    ones most recently closed first)."""
    open_rows = [
        QueueRow(a, repo.get_case(a.case_id)[0], sla_view(handoff, a.case_id, now))
        for a in repo.list_assignments()
    ]
    open_rows.sort(key=lambda r: _urgency(r, now))
    rows = {name: [r for r in open_rows if keep(r, viewer)] for name, _, keep in _OPEN_VIEWS}
    closed = [
        a for a in repo.list_assignments(open_only=False) if a.state is AssignmentState.CLOSED
    ]
    resolved = _resolved(repo, closed)
    views = [View(name, title, len(rows[name])) for name, title, _ in _OPEN_VIEWS]
    views.append(View("resolved", "Resolved", len(resolved)))
    rows["resolved"] = resolved[:MAX_RESOLVED]
    return views, rows


def _resolved(repo: Repository, closed: list[CaseAssignment]) -> list[QueueRow]:
    found = []
    for a in sorted(closed, key=lambda a: a.closed_at or a.routed_at, reverse=True):
        case = repo.get_case(a.case_id)[0]
        if case.status is CaseStatus.RESOLVED:
            found.append(QueueRow(a, case, None))
    return found


@dataclass(frozen=True)
class Found:
    """A search result: the case, its assignment if people had it, and what matched."""

    case: Case
    assignment: CaseAssignment | None
    hit: SearchHit
    sla: SlaView | None


def search(handoff: HandoffDesk, repo: Repository, words: str, now: datetime) -> list[Found]:
    """Cases, customers and messages containing ``words``; ``tag:<tag>``: the cases carrying
    that tag now."""
    found = []
    if words.strip().lower().startswith("tag:"):
        wanted = " ".join(words.strip()[4:].lower().split())
        hits = [
            SearchHit(CaseId(case_id), "tag", wanted)
            for case_id, tags in repo.case_tags().items()
            if wanted in tags
        ][:MAX_HITS]
    else:
        hits = repo.search_cases(words[:200], limit=MAX_HITS)
    for hit in hits:
        try:
            case = repo.get_case(hit.case_id)[0]
        except NotFoundError:
            continue
        found.append(
            Found(case, repo.get_assignment(hit.case_id), hit, sla_view(handoff, case.id, now))
        )
    return found


@dataclass(frozen=True)
class PastCase:
    """One of the customer's cases, for their timeline."""

    case: Case
    summary: str
    messages: int


def customer_history(repo: Repository, case: Case) -> list[PastCase]:
    """The customer's other cases, newest first, with a line about each."""
    history = []
    for other in repo.list_customer_cases(case.customer_id):
        if other.id == case.id:
            continue
        summary = ""
        if other.handoff is not None:
            summary = str(other.handoff.packet.get("reason") or other.handoff.reason)
        messages = repo.list_case_messages(CaseId(other.id))
        first = next((m.text for m in messages if m.direction.value == "inbound"), "")
        history.append(PastCase(other, summary or first, len(messages)))
    return history


FILTER_FIELDS = ("channel", "queue", "intent", "priority", "tag", "agent", "since", "until")


@dataclass(frozen=True)
class CaseFilter:
    """What a view's list is narrowed to: each field empty for "any"; ``agent`` ``-`` for
    nobody yet; ``since`` and ``until`` the days (UTC, inclusive) the case came to people."""

    channel: str = ""
    queue: str = ""
    intent: str = ""
    priority: str = ""
    tag: str = ""
    agent: str = ""
    since: date | None = None
    until: date | None = None

    @classmethod
    def of(cls, params: Mapping[str, str]) -> CaseFilter:
        """The filter a view's query string asks for; a bad date is an InputError."""
        text = {k: params.get(k, "").strip()[:80] for k in FILTER_FIELDS}
        days: dict[str, date | None] = {}
        for key in ("since", "until"):
            try:
                days[key] = date.fromisoformat(text[key]) if text[key] else None
            except ValueError:
                raise InputError(
                    f"{key} must be a date as YYYY-MM-DD, not {text[key]!r}", field=key
                ) from None
        return cls(
            channel=text["channel"],
            queue=text["queue"],
            intent=text["intent"],
            priority=text["priority"],
            tag=text["tag"].lower(),
            agent=text["agent"],
            since=days["since"],
            until=days["until"],
        )

    @property
    def active(self) -> bool:
        """Whether anything is filtered."""
        return self != CaseFilter()

    def query(self) -> str:
        """The filter as a query string (for links that keep it)."""
        pairs = {k: getattr(self, k) for k in FILTER_FIELDS}
        return urlencode({k: str(v) for k, v in pairs.items() if v})

    def keeps(
        self, row: QueueRow, channel: str | None, tags: Sequence[str], intents: Collection[str]
    ) -> bool:
        """Whether the case of ``row`` (on ``channel``, carrying ``tags``, its messages
        understood as ``intents``) passes."""
        a, routed = row.assignment, row.assignment.routed_at.astimezone(UTC).date()
        wanted_agent = None if self.agent == "-" else self.agent
        return (
            (not self.channel or channel == self.channel)
            and (not self.queue or a.queue == self.queue)
            and (not self.intent or self.intent in intents)
            and (not self.priority or a.priority == self.priority)
            and (not self.tag or self.tag in tags)
            and (not self.agent or a.agent == wanted_agent)
            and (self.since is None or routed >= self.since)
            and (self.until is None or routed <= self.until)
        )


def case_channel(repo: Repository, case_id: CaseId) -> str | None:
    """The channel the case's customer last wrote on (None if it has no conversation)."""
    try:
        return repo.latest_conversation(case_id).channel
    except NotFoundError:
        return None


def case_intents(repo: Repository, case: Case) -> set[str]:
    """What the case is about: its request's intent and the intent each of the customer's
    messages was understood as (the most likely one)."""
    found = {case.intent} if case.intent else set()
    for event in repo.list_events(case.id):
        if event.type is EventType.UNDERSTANDING:
            ranked = event.data.get("intents") or []
            if ranked and isinstance(ranked[0], dict) and ranked[0].get("name"):
                found.add(str(ranked[0]["name"]))
    return found
