"""A customer's personal data in DeskPilot's database: found, exported and erased on request,
and erased after the workspace's retention period.

``COVERED`` names every table that can hold something about a customer and what export and
erasure do with it; ``NOT_CUSTOMER_DATA`` names the others and why. A test fails when a table
is in neither, so a new table cannot slip past export and erasure.

Erasure keeps the structure (case ids, statuses, outcomes, which action ran when and by whom,
so reports and the audit still add up) and removes the content: message texts, what the
customer said, the dialogue state, handles, action arguments and results, notes, drafts and
files.
Events keep their place and hash in the audit chain: their data becomes ``{"erased": true}``
and an ``data_erased`` event in the admin log names them, so ``audit verify`` still passes.
The business's own systems (the store's records) are not DeskPilot's to erase.
"""

from __future__ import annotations

import base64
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, or_, select, update

from deskpilot.domain import (
    ADMIN_LOG,
    AssignmentState,
    Case,
    CaseId,
    CaseStatus,
    CustomerId,
    Event,
    EventType,
    Handoff,
    utcnow,
)
from deskpilot.errors import NotFoundError
from deskpilot.store import _tables as t
from deskpilot.store._audit import ERASED
from deskpilot.store._repository import Database, Repository

ERASED_TEXT = "[erased]"

COVERED: dict[str, str] = {
    "customers": "the customer: DeskPilot's id and the business's user id (unlinked)",
    "channel_identities": "their handles on each channel: e-mail, phone, widget (deleted)",
    "cases": "their cases: verification, requests and the dialogue state (emptied)",
    "conversations": "their conversations and the handle each came from (handle removed)",
    "messages": "every message from and to them (text erased)",
    "events": "their cases' event logs (data erased, places in the audit chain kept)",
    "action_calls": "what was done for them: arguments and results (erased)",
    "case_notes": "agents' notes on their cases (text erased)",
    "drafts": "draft replies to them (text erased)",
    "case_assignments": "who handled their cases and when (no personal data; exported; closed)",
    "message_authors": "which agent wrote which reply (staff names; exported)",
    "widget_sessions": "their web chat sessions (deleted)",
    "outbox": "messages sent to them outside the conversation, one-time codes (deleted)",
    "attachments": "files they sent or were sent (exported with their bytes in base64; deleted)",
}
NOT_CUSTOMER_DATA: dict[str, str] = {
    "users": "staff accounts",
    "console_sessions": "staff sessions",
    "api_keys": "server credentials",
}


@dataclass
class Subject:
    """Whose data a request is about: the customers it matches and their cases."""

    asked: str
    customers: list[CustomerId] = field(default_factory=list)
    cases: list[CaseId] = field(default_factory=list)


def find_subject(repo: Repository, who: str) -> Subject:
    """The customers ``who`` names (DeskPilot's customer id, the business's user id, or a
    handle such as an e-mail address or phone number on any channel) and all their cases."""
    who = who.strip()
    c = t.customers
    ids = set(
        repo.c.execute(select(c.c.id).where(or_(c.c.id == who, c.c.store_user_id == who))).scalars()
    )
    ids |= set(
        repo.c.execute(
            select(t.channel_identities.c.customer_id).where(t.channel_identities.c.handle == who)
        ).scalars()
    )
    if not ids:
        raise NotFoundError(
            f"no customer is known as {who!r} (a customer id, the business's user id, or a "
            "handle such as an e-mail address)",
            who=who,
        )
    # The same person verified on several channels: every DeskPilot customer linked to the
    # business's user ids found.
    users = set(
        repo.c.execute(
            select(c.c.store_user_id).where(c.c.id.in_(ids), c.c.store_user_id.is_not(None))
        ).scalars()
    )
    if users:
        ids |= set(repo.c.execute(select(c.c.id).where(c.c.store_user_id.in_(users))).scalars())
    customers = sorted(CustomerId(i) for i in ids)
    cases = repo.c.execute(
        select(t.cases.c.id).where(t.cases.c.customer_id.in_(customers)).order_by(t.cases.c.id)
    ).scalars()
    return Subject(who, customers, [CaseId(i) for i in cases])


def _rows(repo: Repository, table: Any, column: Any, values: Sequence[str]) -> list[dict[str, Any]]:
    if not values:
        return []
    found = repo.c.execute(select(table).where(column.in_(values))).mappings().all()
    return [{k: _plain(v) for k, v in row.items()} for row in found]


def _plain(value: Any) -> Any:
    if isinstance(value, bytes | memoryview):
        return base64.b64encode(bytes(value)).decode("ascii")
    return value.isoformat() if isinstance(value, datetime) else value


def export_subject(repo: Repository, subject: Subject) -> dict[str, Any]:
    """Everything the database holds about the subject, table by table (JSON-ready)."""
    cases = subject.cases
    conversations = _rows(repo, t.conversations, t.conversations.c.case_id, cases)
    messages = _rows(repo, t.messages, t.messages.c.case_id, cases)
    conversation_ids = [c["id"] for c in conversations]
    tables = {
        "customers": _rows(repo, t.customers, t.customers.c.id, subject.customers),
        "channel_identities": _rows(
            repo, t.channel_identities, t.channel_identities.c.customer_id, subject.customers
        ),
        "cases": _rows(repo, t.cases, t.cases.c.id, cases),
        "conversations": conversations,
        "messages": messages,
        "events": _rows(repo, t.events, t.events.c.case_id, cases),
        "action_calls": _rows(repo, t.action_calls, t.action_calls.c.case_id, cases),
        "case_notes": _rows(repo, t.case_notes, t.case_notes.c.case_id, cases),
        "drafts": _rows(repo, t.drafts, t.drafts.c.case_id, cases),
        "case_assignments": _rows(repo, t.case_assignments, t.case_assignments.c.case_id, cases),
        "message_authors": _rows(
            repo, t.message_authors, t.message_authors.c.message_id, [m["id"] for m in messages]
        ),
        "outbox": _rows(repo, t.outbox, t.outbox.c.case_id, cases),
        "attachments": _rows(repo, t.attachments, t.attachments.c.case_id, cases),
        "widget_sessions": [
            {k: v for k, v in row.items() if k != "token_hash"}
            for row in _rows(
                repo, t.widget_sessions, t.widget_sessions.c.conversation_id, conversation_ids
            )
        ],
    }
    assert set(tables) == set(COVERED), "export must cover every table in COVERED"
    return {
        "exported_at": utcnow().isoformat(),
        "asked_for": subject.asked,
        "customers": subject.customers,
        "cases": subject.cases,
        "tables": tables,
    }


@dataclass(frozen=True)
class Erasure:
    """What an erasure changed, counted per table."""

    customers: tuple[CustomerId, ...]
    cases: tuple[CaseId, ...]
    counts: dict[str, int]


def _erased_case(case: Case) -> Case:
    handoff = case.handoff
    if handoff is not None:
        handoff = Handoff(handoff.reason, handoff.queue, dict(ERASED), handoff.at)
    status = CaseStatus.RESOLVED if case.status is not CaseStatus.RESOLVED else case.status
    return Case(
        id=case.id,
        customer_id=case.customer_id,
        status=status,
        intent=case.intent,
        actions_done=case.actions_done,
        handoff=handoff,
        outcome=case.outcome if case.status is CaseStatus.RESOLVED else "erased on request",
        created_at=case.created_at,
        updated_at=case.updated_at,
    )


def erase_cases(
    repo: Repository,
    cases: Iterable[CaseId],
    *,
    customers: Sequence[CustomerId] = (),
    actor: str,
    reason: str,
) -> Erasure:
    """Erase the content of ``cases`` (and unlink ``customers`` from their handles and the
    business's user id); one ``data_erased`` event in the admin log records it."""
    case_ids = sorted(set(cases))
    counts: dict[str, int] = {}

    def count(table: str, n: int) -> None:
        counts[table] = counts.get(table, 0) + n

    for case_id in case_ids:
        case, version = repo.get_case(case_id)
        repo.save_case(_erased_case(case), version)
    count("cases", len(case_ids))
    if case_ids:
        conversations = list(
            repo.c.execute(
                select(t.conversations.c.id).where(t.conversations.c.case_id.in_(case_ids))
            ).scalars()
        )
        count("conversations", _set(repo, t.conversations, "case_id", case_ids, handle=None))
        count("messages", _set(repo, t.messages, "case_id", case_ids, text=ERASED_TEXT, error=None))
        count(
            "action_calls",
            _set(
                repo,
                t.action_calls,
                "case_id",
                case_ids,
                args=dict(ERASED),
                result=None,
                refusal_reason=None,
            ),
        )
        count("case_notes", _set(repo, t.case_notes, "case_id", case_ids, text=ERASED_TEXT))
        count(
            "drafts", _set(repo, t.drafts, "case_id", case_ids, text=ERASED_TEXT, final_text=None)
        )
        # A case a person held is closed with it: nobody is left holding an empty case.
        ca = t.case_assignments
        still_open = ca.c.state != AssignmentState.CLOSED.value
        closed = repo.c.execute(
            update(ca)
            .where(ca.c.case_id.in_(case_ids), still_open)
            .values(
                state=AssignmentState.CLOSED.value, closed_at=utcnow(), waiting_on_customer=False
            )
        )
        count("case_assignments", closed.rowcount)
        gone = repo.c.execute(delete(t.outbox).where(t.outbox.c.case_id.in_(case_ids)))
        count("outbox", gone.rowcount)
        gone = repo.c.execute(delete(t.attachments).where(t.attachments.c.case_id.in_(case_ids)))
        count("attachments", gone.rowcount)
        if conversations:
            gone = repo.c.execute(
                delete(t.widget_sessions).where(
                    t.widget_sessions.c.conversation_id.in_(conversations)
                )
            )
            count("widget_sessions", gone.rowcount)
        event_ids = list(
            repo.c.execute(
                select(t.events.c.id)
                .where(t.events.c.case_id.in_(case_ids))
                .order_by(t.events.c.id)
            ).scalars()
        )
        repo.c.execute(update(t.events).where(t.events.c.id.in_(event_ids)).values(data=ERASED))
        count("events", len(event_ids))
    else:
        event_ids = []
    if customers:
        gone = repo.c.execute(
            delete(t.channel_identities).where(t.channel_identities.c.customer_id.in_(customers))
        )
        count("channel_identities", gone.rowcount)
        count("customers", _set(repo, t.customers, "id", customers, store_user_id=None))
    repo.append_events(
        [
            Event(
                ADMIN_LOG,
                EventType.DATA_ERASED,
                actor,
                {
                    "reason": reason,
                    "customers": list(customers),
                    "cases": case_ids,
                    "events": event_ids,
                    "counts": counts,
                },
            )
        ]
    )
    return Erasure(tuple(customers), tuple(case_ids), counts)


def _set(repo: Repository, table: Any, column: str, values: Sequence[str], **new: Any) -> int:
    result = repo.c.execute(update(table).where(table.c[column].in_(values)).values(**new))
    return int(result.rowcount)


def expired_cases(repo: Repository, before: datetime) -> list[CaseId]:
    """Resolved cases last changed before ``before`` that still hold a message not erased."""
    m = t.messages
    unerased = select(m.c.id).where(m.c.case_id == t.cases.c.id, m.c.text != ERASED_TEXT).exists()
    rows = repo.c.execute(
        select(t.cases.c.id)
        .where(
            t.cases.c.status == CaseStatus.RESOLVED.value,
            t.cases.c.updated_at < before,
            unerased,
        )
        .order_by(t.cases.c.id)
    ).scalars()
    return [CaseId(r) for r in rows]


class PrivacyDesk:
    """Export, erasure and retention for one database; each request is in the admin log."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def find(self, who: str) -> Subject:
        """The customers and cases ``who`` names (NotFoundError when none)."""
        with self.db.transaction() as repo:
            return find_subject(repo, who)

    def do_export(self, who: str, *, actor: str) -> dict[str, Any]:
        """Everything held about ``who`` (see ``find_subject``); the export is logged."""
        with self.db.transaction() as repo:
            subject = find_subject(repo, who)
            exported = export_subject(repo, subject)
            data = {"customers": list(subject.customers), "cases": list(subject.cases)}
            repo.append_events([Event(ADMIN_LOG, EventType.DATA_EXPORTED, actor, data)])
        return exported

    def do_erase(self, who: str, *, actor: str) -> Erasure:
        """Erase everything held about ``who`` (the structure stays; see the module)."""
        with self.db.transaction() as repo:
            subject = find_subject(repo, who)
            return erase_cases(
                repo,
                subject.cases,
                customers=subject.customers,
                actor=actor,
                reason="the customer's request",
            )

    def do_purge(self, retention: timedelta, *, actor: str, dry_run: bool = False) -> Erasure:
        """Erase the content of resolved cases untouched for longer than ``retention``."""
        before = utcnow() - retention
        with self.db.transaction() as repo:
            cases = expired_cases(repo, before)
            if dry_run or not cases:
                return Erasure((), tuple(cases), {})
            reason = f"retention: resolved and untouched for {retention.days} days"
            return erase_cases(repo, cases, actor=actor, reason=reason)
