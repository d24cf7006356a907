"""The message pipeline and the protocols of its stages."""

from deskpilot.pipeline._codes import TEMPLATES as CODE_TEMPLATES
from deskpilot.pipeline._pipeline import Pipeline, ProcessingFailed, TurnResult
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

__all__ = [
    "CODE_TEMPLATES",
    "ActionRequest",
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
    "Turn",
    "TurnResult",
    "Understander",
    "UnderstandingContext",
]
