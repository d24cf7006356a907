"""The flow engine: declarative flows (``flows/*.yaml``) drive the decision stage."""

from deskpilot.flows._dialogue import Answer, parse_address, yes_or_no
from deskpilot.flows._engine import FlowDecider
from deskpilot.flows._resolvers import RESOLVERS, Resolution, Resolver, SlotContext
from deskpilot.workspace._flow_models import (
    ActionStep,
    CheckSpec,
    FlowFile,
    FlowSpec,
    LookupSpec,
    SlotSpec,
)

__all__ = [
    "RESOLVERS",
    "ActionStep",
    "Answer",
    "CheckSpec",
    "FlowDecider",
    "FlowFile",
    "FlowSpec",
    "LookupSpec",
    "Resolution",
    "Resolver",
    "SlotContext",
    "SlotSpec",
    "parse_address",
    "yes_or_no",
]
