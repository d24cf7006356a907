"""Turning domain objects into rows and back. Only the store package uses it."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Row

from deskpilot.domain import (
    ActionCall,
    ActionCallId,
    ActionStatus,
    Case,
    CaseId,
    CaseStatus,
    CustomerId,
    Direction,
    Event,
    EventType,
    Handoff,
    Message,
    MessageId,
    MessageStatus,
    PendingConfirmation,
    Verification,
)


def _dt(value: str) -> datetime:
    return datetime.fromisoformat(value)


def _confirmation_to_json(p: PendingConfirmation) -> dict[str, Any]:
    return {
        "action": p.action,
        "args": p.args,
        "prompt": p.prompt,
        "requested_at": p.requested_at.isoformat(),
    }


def _confirmation_from_json(d: dict[str, Any]) -> PendingConfirmation:
    return PendingConfirmation(
        action=d["action"], args=d["args"], prompt=d["prompt"], requested_at=_dt(d["requested_at"])
    )


def case_state(case: Case) -> dict[str, Any]:
    """The JSON document that holds a case's resolution state."""
    v = case.verification
    h = case.handoff
    return {
        "verification": None
        if v is None
        else {"user_id": v.user_id, "method": v.method, "verified_at": v.verified_at.isoformat()},
        "intent": case.intent,
        "slots": case.slots,
        "pending_confirmation": None
        if case.pending_confirmation is None
        else _confirmation_to_json(case.pending_confirmation),
        "confirmed": [_confirmation_to_json(c) for c in case.confirmed],
        "actions_done": list(case.actions_done),
        "clarifications": case.clarifications,
        "queued": list(case.queued),
        "handoff": None
        if h is None
        else {"reason": h.reason, "queue": h.queue, "packet": h.packet, "at": h.at.isoformat()},
        "outcome": case.outcome,
    }


def case_from_row(row: Row[Any]) -> Case:
    """Rebuild a Case from its row."""
    s: dict[str, Any] = row.state
    v = s.get("verification")
    h = s.get("handoff")
    pc = s.get("pending_confirmation")
    return Case(
        id=CaseId(row.id),
        customer_id=CustomerId(row.customer_id),
        status=CaseStatus(row.status),
        verification=None
        if v is None
        else Verification(
            user_id=v["user_id"], method=v["method"], verified_at=_dt(v["verified_at"])
        ),
        intent=s.get("intent"),
        slots=dict(s.get("slots") or {}),
        pending_confirmation=None if pc is None else _confirmation_from_json(pc),
        confirmed=tuple(_confirmation_from_json(c) for c in s.get("confirmed", [])),
        actions_done=tuple(ActionCallId(a) for a in s.get("actions_done", [])),
        clarifications=int(s.get("clarifications", 0)),
        queued=tuple(s.get("queued", [])),
        handoff=None
        if h is None
        else Handoff(reason=h["reason"], queue=h["queue"], packet=h["packet"], at=_dt(h["at"])),
        outcome=s.get("outcome"),
        created_at=row.created_at,
        updated_at=row.updated_at,
    )


def message_from_row(row: Row[Any]) -> Message:
    """Rebuild a Message from its row."""
    from deskpilot.domain import ConversationId

    return Message(
        id=MessageId(row.id),
        conversation_id=ConversationId(row.conversation_id),
        case_id=CaseId(row.case_id),
        direction=Direction(row.direction),
        channel=row.channel,
        text=row.text,
        external_id=row.external_id,
        status=MessageStatus(row.status),
        attempts=row.attempts,
        reply_to=None if row.reply_to is None else MessageId(row.reply_to),
        error=row.error,
        created_at=row.created_at,
    )


def event_from_row(row: Row[Any]) -> Event:
    """Rebuild an Event from its row."""
    return Event(
        id=row.id,
        case_id=CaseId(row.case_id),
        message_id=None if row.message_id is None else MessageId(row.message_id),
        type=EventType(row.type),
        actor=row.actor,
        data=row.data,
        created_at=row.created_at,
    )


def action_call_from_row(row: Row[Any]) -> ActionCall:
    """Rebuild an ActionCall from its row."""
    return ActionCall(
        id=ActionCallId(row.id),
        case_id=CaseId(row.case_id),
        action=row.action,
        args=row.args,
        idempotency_key=row.idempotency_key,
        actor=row.actor,
        side_effect=row.side_effect,
        status=ActionStatus(row.status),
        result=row.result,
        refusal_code=row.refusal_code,
        refusal_reason=row.refusal_reason,
        created_at=row.created_at,
        finished_at=row.finished_at,
    )
