"""The action layer: typed, guarded, idempotent, audited backend operations."""

from deskpilot.actions._audit import PersonalDataFilter, mask_line, mask_personal
from deskpilot.actions._guard import Guard, GuardContext, GuardVerdict, Role, canonical_args
from deskpilot.actions._layer import (
    ActionLayer,
    ActionOutcome,
    ActionRegistry,
    EventSink,
    idempotency_key,
)
from deskpilot.actions._spec import ActionSpec, Connector, Refusal, SideEffect

__all__ = [
    "ActionLayer",
    "ActionOutcome",
    "ActionRegistry",
    "ActionSpec",
    "Connector",
    "EventSink",
    "Guard",
    "GuardContext",
    "GuardVerdict",
    "PersonalDataFilter",
    "Refusal",
    "Role",
    "SideEffect",
    "canonical_args",
    "idempotency_key",
    "mask_line",
    "mask_personal",
]
