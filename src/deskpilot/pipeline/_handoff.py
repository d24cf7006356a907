"""The handoff packet: everything a person needs so the customer never repeats themselves."""

from __future__ import annotations

from typing import Any

from deskpilot.actions import mask_personal
from deskpilot.domain import ActionCall, Case, Understanding


def build_packet(
    case: Case,
    understanding: Understanding,
    reason: str,
    code: str,
    actions: list[ActionCall],
    transcript: list[tuple[str, str]],
) -> dict[str, Any]:
    """The packet attached to a hand-off: request, identity, slots, actions, reason, summary."""
    verified = case.verification
    top = understanding.top_intent
    last_customer = next((text for who, text in reversed(transcript) if who == "customer"), "")
    return {
        "reason": reason,
        "reason_code": code,
        "intent": case.intent,
        "intent_confidence": None if top is None else top.confidence,
        "verified_identity": None
        if verified is None
        else {"user_id": verified.user_id, "method": verified.method},
        "slots": mask_personal(case.slots),
        "actions_done": [
            {"action": a.action, "status": a.status.value, "args": mask_personal(a.args)}
            for a in actions
        ],
        "pending_confirmation": None
        if case.pending_confirmation is None
        else {"action": case.pending_confirmation.action, "args": case.pending_confirmation.args},
        "sentiment": understanding.sentiment,
        "summary": _summary(case, reason, len(transcript), last_customer),
    }


def _summary(case: Case, reason: str, turns: int, last: str) -> str:
    who = "a verified customer" if case.verification else "an unverified customer"
    about = f"about '{case.intent}'" if case.intent else "with a request not yet understood"
    snippet = (last[:120] + "…") if len(last) > 120 else last
    return f"{turns} messages from {who} {about}; handed off because {reason}. Last: {snippet!r}"
