"""Understanding as typed commands: the command language and the generators that produce it.

A message becomes commands (``StartFlow``, ``SetSlot``, ``Confirm``, ``CancelFlow``,
``HandOff``…), each with the spans of the customer's words it came from; the flow engine acts
on them. See docs/understanding.md.
"""

from deskpilot.commands._generator import CommandGenerator, DialogueView, ReadingCommandGenerator
from deskpilot.commands._language import (
    AskQuestion,
    CancelFlow,
    ChitChat,
    Clarify,
    Command,
    Confirm,
    CorrectSlot,
    Deny,
    HandOff,
    OutOfScope,
    SetSlot,
    Span,
    StartFlow,
    first,
)
from deskpilot.commands._readings import Answer, Details, RequestVerbs, YesNo

__all__ = [
    "Answer",
    "AskQuestion",
    "CancelFlow",
    "ChitChat",
    "Clarify",
    "Command",
    "CommandGenerator",
    "Confirm",
    "CorrectSlot",
    "Deny",
    "Details",
    "DialogueView",
    "HandOff",
    "OutOfScope",
    "ReadingCommandGenerator",
    "RequestVerbs",
    "SetSlot",
    "Span",
    "StartFlow",
    "YesNo",
    "first",
]
