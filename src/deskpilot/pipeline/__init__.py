"""The message pipeline and the protocols of its stages."""

from deskpilot.pipeline._codes import TEMPLATES as CODE_TEMPLATES
from deskpilot.pipeline._locks import AdvisoryTurnLocks, ThreadTurnLocks, TurnLocks, turn_locks_for
from deskpilot.pipeline._pipeline import Pipeline
from deskpilot.pipeline._protocols import (
    ActionRequest,
    Decider,
    Decision,
    DecisionKind,
    ReplySpec,
    Responder,
    Turn,
    Understander,
    UnderstandingContext,
)
from deskpilot.pipeline._registry import BuildContext, ComponentRegistry
from deskpilot.pipeline._respond import TemplateResponder
from deskpilot.pipeline._turns import (
    ProcessingFailed,
    TurnListener,
    TurnQueue,
    TurnResult,
    TurnWatch,
)

__all__ = [
    "CODE_TEMPLATES",
    "ActionRequest",
    "AdvisoryTurnLocks",
    "BuildContext",
    "ComponentRegistry",
    "Decider",
    "Decision",
    "DecisionKind",
    "Pipeline",
    "ProcessingFailed",
    "ReplySpec",
    "Responder",
    "TemplateResponder",
    "ThreadTurnLocks",
    "Turn",
    "TurnListener",
    "TurnLocks",
    "TurnQueue",
    "TurnResult",
    "TurnWatch",
    "Understander",
    "UnderstandingContext",
    "turn_locks_for",
]
