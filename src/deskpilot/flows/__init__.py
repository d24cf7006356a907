"""The flow engine: declarative flows (``flows/*.yaml``) drive the decision stage.

What a business adds (resolvers for its slot kinds, its records, the audit of its proposals)
comes from its domain pack as a ``DomainKnowledge``; the engine names no business.
"""

from deskpilot.commands import RequestVerbs
from deskpilot.flows._choices import ChoiceResolver, choice_resolvers
from deskpilot.flows._dialogue import Phrasing
from deskpilot.flows._engine import FlowDecider
from deskpilot.flows._slots import (
    Audit,
    Catalogue,
    DomainKnowledge,
    Finding,
    Record,
    Resolution,
    Resolver,
    SlotContext,
    SlotKind,
    may_be_an_entry,
)
from deskpilot.flows._typed import (
    TYPED_RESOLVERS,
    CountResolver,
    EntityResolver,
    MarkedWordsResolver,
    declared_resolvers,
)
from deskpilot.workspace import RecordRead
from deskpilot.workspace._flow_models import (
    ActionStep,
    CheckSpec,
    FlowFile,
    FlowSpec,
    LookupSpec,
    SlotSpec,
)

__all__ = [
    "TYPED_RESOLVERS",
    "ActionStep",
    "Audit",
    "Catalogue",
    "CheckSpec",
    "ChoiceResolver",
    "CountResolver",
    "DomainKnowledge",
    "EntityResolver",
    "Finding",
    "FlowDecider",
    "FlowFile",
    "FlowSpec",
    "LookupSpec",
    "MarkedWordsResolver",
    "Phrasing",
    "Record",
    "RecordRead",
    "RequestVerbs",
    "Resolution",
    "Resolver",
    "SlotContext",
    "SlotKind",
    "SlotSpec",
    "choice_resolvers",
    "declared_resolvers",
    "may_be_an_entry",
]
