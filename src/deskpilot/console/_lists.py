"""The console's case lists: views with their counts (mine, unassigned, all open, waiting on the
customer, breached, resolved), full-text search, and a customer's cases across time."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from deskpilot.console._views import QueueRow, SlaView, sla_view
from deskpilot.domain import (
    AssignmentState,
    Case,
    CaseAssignment,
    CaseId,
    CaseStatus,
    User,
)
from deskpilot.errors import NotFoundError
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
