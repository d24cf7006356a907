"""What a turn reads and records: the decider's read access through the action layer, and
the events a turn appends to the case's log."""

from __future__ import annotations

from typing import Any

from deskpilot.actions import ActionLayer, ActionOutcome, GuardContext, GuardVerdict, SideEffect
from deskpilot.domain import Case, CaseId, Event, EventType, MessageId, Understanding
from deskpilot.errors import ActionError
from deskpilot.pipeline._turns import ProcessingFailed
from deskpilot.store import CaseRecorder


def confirmation_nonce(case: Case, action: str) -> str:
    """What makes this confirmed write distinct from an earlier identical one in the case."""
    for confirmation in reversed(case.confirmed):
        if confirmation.action == action:
            return confirmation.requested_at.isoformat()
    return ""


class TurnReader:
    """The decider's read access: read actions through the action layer, in this turn."""

    def __init__(
        self, actions: ActionLayer, recorder: CaseRecorder, understanding: Understanding
    ) -> None:
        self.actions = actions
        self.recorder = recorder
        self.understanding = understanding

    def __call__(self, case: Case, action: str, args: dict[str, Any]) -> ActionOutcome:
        spec = self.actions.registry.spec(action)
        if spec.side_effect is not SideEffect.READ:
            raise ActionError(f"{action} changes the store; it only runs after a confirmation")
        ctx = GuardContext(case=case, actor="bot", sentiment=self.understanding.sentiment)
        outcome = self.actions.call(action, args, ctx, self.recorder)
        if outcome.retryable:
            # A system that did not answer is not an answer: retry the turn, never reply as if
            # the order or the customer did not exist.
            raise ProcessingFailed(f"{action} failed and may succeed on retry")
        return outcome

    def refusal(self, case: Case, action: str, args: dict[str, Any]) -> GuardVerdict | None:
        ctx = GuardContext(case=case, actor="bot", sentiment=self.understanding.sentiment)
        verdict = self.actions.preview(action, args, ctx)
        # A refusal a person may still lift (a hand-off) is left for the write itself.
        return None if verdict.allowed or verdict.handoff else verdict


def case_event(
    case_id: CaseId,
    message_id: MessageId | None,
    type: EventType,
    data: dict[str, Any],
    *,
    actor: str = "system",
) -> Event:
    return Event(case_id=case_id, type=type, actor=actor, data=dict(data), message_id=message_id)


def understanding_record(u: Understanding) -> dict[str, Any]:
    return {
        "language": u.language,
        "intents": [{"name": i.name, "confidence": i.confidence} for i in u.intents[:3]],
        "out_of_scope": u.out_of_scope,
        "entities": sorted({e.type for e in u.entities}),
        "sentiment": u.sentiment,
        "urgency": u.urgency,
        "spam": u.spam,
    }
