"""Turning domain objects into rows and back. Only the store package uses it."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Row

from deskpilot.domain import (
    DIALOGUE_SCHEMA,
    ActionCall,
    ActionCallId,
    ActionStatus,
    Asked,
    Case,
    CaseId,
    CaseStatus,
    CodeChallenge,
    CustomerId,
    DialogueState,
    Direction,
    Event,
    EventType,
    Ground,
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
        "id": p.id,
        "held": p.held,
    }


def _confirmation_from_json(d: dict[str, Any]) -> PendingConfirmation:
    requested = _dt(d["requested_at"])
    return PendingConfirmation(
        action=d["action"],
        args=d["args"],
        prompt=d["prompt"],
        requested_at=requested,
        # a proposal stored before proposals had ids: named by when it was made
        id=d.get("id") or f"prop_{requested.isoformat()}",
        held=bool(d.get("held", False)),
    )


# Where each field of the dialogue state was kept before schema 2: an underscore key among
# the slots ("_last_order" and the like went to ``memory``, "_reuse_<kind>" to ``reuse``).
_OLD_KEYS = {
    "_said": "said",
    "_said_first": "said_first",
    "_last_said": "last_said",
    "_messages": "messages",
    "_queued_said": "queued_said",
    "_context": "context",
    "_facts": "facts",
    "_chosen": "chosen",
    "_question": "question",
    "_offer": "offer",
    "_offered": "offered",
    "_confidence": "confidence",
    "_checks": "checks",
    "_identity": "identity",
    "_name_candidates": "name_candidates",
}
_OLD_MEMORY = {"_last_order": "order", "_last_items": "order_items", "_last_address": "address"}


def dialogue_to_json(d: DialogueState) -> dict[str, Any]:
    """The dialogue state as JSON."""
    return {
        "said": list(d.said),
        "said_first": d.said_first,
        "last_said": list(d.last_said),
        "messages": list(d.messages),
        "queued_said": list(d.queued_said),
        "context": list(d.context),
        "memory": d.memory,
        "reuse": d.reuse,
        "facts": d.facts,
        "chosen": list(d.chosen),
        "question": None if d.question is None else _question_to_json(d.question),
        "refusal": None if d.refusal is None else _question_to_json(d.refusal),
        "turned_down": d.turned_down,
        "offer": d.offer,
        "offered": d.offered,
        "declined": d.declined,
        "confidence": d.confidence,
        "checks": list(d.checks),
        "identity": d.identity,
        "name_candidates": [list(p) for p in d.name_candidates],
        "together": list(d.together),
        "waived": list(d.waived),
        "refused": d.refused,
        "writes": list(d.writes),
        "unread": [list(p) for p in d.unread],
        "set_aside": [dict(e) for e in d.set_aside],
        "grounds": {slot: [g.as_json() for g in gs] for slot, gs in d.grounds.items()},
    }


def _question_to_json(q: Asked) -> dict[str, Any]:
    out: dict[str, Any] = {"key": q.key, "times": q.times}
    if q.choices:
        out["choices"] = list(q.choices)
    return out


def dialogue_from_json(raw: dict[str, Any]) -> DialogueState:
    """A dialogue state from its JSON."""
    q = raw.get("question")
    refusal = raw.get("refusal")
    return DialogueState(
        said=tuple(raw.get("said") or ()),
        said_first=raw.get("said_first"),
        last_said=tuple(raw.get("last_said") or ()),
        messages=tuple(raw.get("messages") or ()),
        queued_said=tuple(raw.get("queued_said") or ()),
        context=tuple(raw.get("context") or ()),
        memory=dict(raw.get("memory") or {}),
        reuse=dict(raw.get("reuse") or {}),
        facts=dict(raw.get("facts") or {}),
        chosen=tuple(raw.get("chosen") or ()),
        question=None
        if not q
        else Asked(
            str(q["key"]), int(q.get("times", 1)), tuple(str(c) for c in q.get("choices") or ())
        ),
        refusal=None if not refusal else Asked(str(refusal["key"]), int(refusal.get("times", 1))),
        turned_down=raw.get("turned_down"),
        offer=raw.get("offer"),
        offered=raw.get("offered"),
        declined=dict(raw.get("declined") or {}),
        confidence=raw.get("confidence"),
        checks=tuple(raw.get("checks") or ()),
        identity=dict(raw.get("identity") or {}),
        name_candidates=tuple(tuple(p) for p in raw.get("name_candidates") or ()),
        together=tuple(str(s) for s in raw.get("together") or ()),
        waived=tuple(str(s) for s in raw.get("waived") or ()),
        refused=dict(raw.get("refused") or {}),
        writes=tuple(dict(w) for w in raw.get("writes") or ()),
        unread=tuple((str(i), str(p)) for i, p in raw.get("unread") or ()),
        set_aside=tuple(dict(e) for e in raw.get("set_aside") or ()),
        grounds={
            str(slot): tuple(Ground.from_json(g) for g in gs)
            for slot, gs in (raw.get("grounds") or {}).items()
        },
    )


def migrate_state(state: dict[str, Any]) -> dict[str, Any]:
    """A stored case state brought to the current schema: before schema 2, the dialogue state
    lived among the slots as underscore keys; before schema 3, the grounds of the slots were
    not kept (the values of a request in progress then are taken as settled earlier: each
    passed the checks of its time when it was set)."""
    schema = int(state.get("schema", 1))
    if schema >= DIALOGUE_SCHEMA:
        return state
    if schema < 2:
        state = _dialogue_out_of_slots(state)
    dialogue = dict(state.get("dialogue") or {})
    settled = {"source": "earlier", "text": "set before schema 3", "kind": ""}
    dialogue["grounds"] = {slot: [settled] for slot in state.get("slots") or {}}
    return {**state, "schema": DIALOGUE_SCHEMA, "dialogue": dialogue}


def _dialogue_out_of_slots(state: dict[str, Any]) -> dict[str, Any]:
    slots = dict(state.get("slots") or {})
    dialogue: dict[str, Any] = {"memory": {}, "reuse": {}}
    for key in [k for k in slots if k.startswith("_")]:
        value = slots.pop(key)
        if key in _OLD_KEYS:
            dialogue[_OLD_KEYS[key]] = value
        elif key in _OLD_MEMORY:
            dialogue["memory"][_OLD_MEMORY[key]] = value
        elif key.startswith("_reuse_"):
            dialogue["reuse"][key.removeprefix("_reuse_")] = value
    return {**state, "schema": 2, "slots": slots, "dialogue": dialogue}


def case_state(case: Case) -> dict[str, Any]:
    """The JSON document that holds a case's resolution state."""
    v = case.verification
    h = case.handoff
    return {
        "schema": DIALOGUE_SCHEMA,
        "dialogue": dialogue_to_json(case.dialogue),
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
        "challenge": None if case.challenge is None else _challenge_to_json(case.challenge),
    }


def _challenge_to_json(c: CodeChallenge) -> dict[str, Any]:
    return {
        "action": c.action,
        "args": c.args,
        "code_hash": c.code_hash,
        "sent_to": c.sent_to,
        "expires_at": c.expires_at.isoformat(),
        "attempts_left": c.attempts_left,
        "sends": c.sends,
    }


def _challenge_from_json(d: dict[str, Any]) -> CodeChallenge:
    return CodeChallenge(
        action=d["action"],
        args=d["args"],
        code_hash=d["code_hash"],
        sent_to=d["sent_to"],
        expires_at=_dt(d["expires_at"]),
        attempts_left=int(d["attempts_left"]),
        sends=int(d.get("sends", 1)),
    )


def case_from_row(row: Row[Any]) -> Case:
    """Rebuild a Case from its row."""
    s: dict[str, Any] = migrate_state(row.state)
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
        dialogue=dialogue_from_json(s.get("dialogue") or {}),
        pending_confirmation=None if pc is None else _confirmation_from_json(pc),
        confirmed=tuple(_confirmation_from_json(c) for c in s.get("confirmed", [])),
        actions_done=tuple(ActionCallId(a) for a in s.get("actions_done", [])),
        clarifications=int(s.get("clarifications", 0)),
        queued=tuple(s.get("queued", [])),
        handoff=None
        if h is None
        else Handoff(reason=h["reason"], queue=h["queue"], packet=h["packet"], at=_dt(h["at"])),
        outcome=s.get("outcome"),
        challenge=None if not s.get("challenge") else _challenge_from_json(s["challenge"]),
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
        answers=row.answers,
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
