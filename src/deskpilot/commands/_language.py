"""The command language: what a customer's message asks of the conversation, typed.

Understanding turns a message into commands; the flow engine acts on commands. Every command
carries its evidence — the spans of the customer's words it was read from — so what DeskPilot
does can be traced back to what was said (and a generator built on a language model must point
at the words too).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from deskpilot.domain import Ground


@dataclass(frozen=True)
class Span:
    """Where in the message a command was read: ``text[start:end]``."""

    start: int
    end: int
    text: str

    @classmethod
    def whole(cls, text: str) -> Span:
        """The whole message."""
        return cls(0, len(text), text)


@dataclass(frozen=True, kw_only=True)
class Command:
    """One thing the message asks of the conversation, with the words it came from."""

    evidence: tuple[Span, ...] = ()

    @property
    def name(self) -> str:
        """The command's name in logs and tests (``start_flow``, ``confirm``…)."""
        return _NAMES[type(self)]

    def describe(self) -> str:
        """One line for the event log: ``start_flow(intent=cancel_order) <- "cancel it"``."""
        fields = {
            k: v for k, v in vars(self).items() if k != "evidence" and v != () and v is not None
        }
        args = ", ".join(f"{k}={_shown(v)}" for k, v in fields.items())
        said = " / ".join(f'"{span.text}"' for span in self.evidence)
        return f"{self.name}({args})" + (f" <- {said}" if said else "")


@dataclass(frozen=True, kw_only=True)
class StartFlow(Command):
    """The request an intent names, as surely as it was recognised: the engine starts the
    intent's flow (an intent without one, such as "affirm", starts nothing)."""

    intent: str
    confidence: float = 1.0
    # The request in progress asked again for another thing, beside a yes to it ("yes. and
    # the other pending one too"): it waits its turn with its own words (the evidence).
    again: bool = False


@dataclass(frozen=True, kw_only=True)
class SetSlot(Command):
    """A value the customer gave: a detail of who they are (``email``), or a slot of the flow,
    with its ``grounds`` (why it holds: the words said, the customer's record read, their
    choice among options offered)."""

    slot: str
    value: Any
    grounds: tuple[Ground, ...] = ()


@dataclass(frozen=True, kw_only=True)
class CorrectSlot(Command):
    """A value the customer takes back and replaces ("actually, the 1.5L one")."""

    slot: str
    value: Any
    grounds: tuple[Ground, ...] = ()


@dataclass(frozen=True, kw_only=True)
class CancelFlow(Command):
    """Withdraw the request in progress ("forget the exchange"), or every one ("forget both"),
    or, with ``queued``, the one waiting at that place in the queue ("forget the kettle" while
    the kettle's exchange waits its turn)."""

    everything: bool = False
    queued: int | None = None


@dataclass(frozen=True, kw_only=True)
class Confirm(Command):
    """Yes to the question waiting for an answer (a confirmation, an offer)."""


@dataclass(frozen=True, kw_only=True)
class Deny(Command):
    """No to the question waiting for an answer."""


@dataclass(frozen=True, kw_only=True)
class AskQuestion(Command):
    """A question for the knowledge base, not about the customer's own records; with the
    help center's ``answer`` (quoted, never followed) and its article's ``title`` and ``link``
    when one answers it, or the titles of the articles that may (``choices``) when it is not
    sure which one is meant."""

    question: str
    answer: str = ""
    title: str = ""
    link: str = ""
    choices: tuple[str, ...] = ()


@dataclass(frozen=True, kw_only=True)
class Clarify(Command):
    """The message could not be read: ask once what the customer means; ``intent``: the
    request it was likely read as (a part asking for it, between the confidence bands), which
    the question may name ("Do you want to exchange an item?")."""

    reason: str
    intent: str | None = None


@dataclass(frozen=True, kw_only=True)
class HandOff(Command):
    """A person should take the conversation (the customer asked for one)."""

    reason: str
    code: str


@dataclass(frozen=True, kw_only=True)
class ChitChat(Command):
    """Small talk (a greeting, thanks): its intent, answered with the template ``reply``."""

    intent: str
    reply: str


@dataclass(frozen=True, kw_only=True)
class OutOfScope(Command):
    """Nothing this business's automation handles."""


_NAMES: dict[type[Command], str] = {
    StartFlow: "start_flow",
    SetSlot: "set_slot",
    CorrectSlot: "correct_slot",
    CancelFlow: "cancel_flow",
    Confirm: "confirm",
    Deny: "deny",
    AskQuestion: "ask_question",
    Clarify: "clarify",
    HandOff: "hand_off",
    ChitChat: "chit_chat",
    OutOfScope: "out_of_scope",
}


def _shown(value: Any) -> str:
    if isinstance(value, tuple) and value and all(isinstance(v, Ground) for v in value):
        return "[" + "; ".join(g.describe() for g in value) + "]"
    return repr(value) if isinstance(value, str) else str(value)


C = TypeVar("C", bound=Command)


def first(commands: Sequence[Command], kind: type[C]) -> C | None:
    """The first command of ``kind`` among ``commands``."""
    return next((c for c in commands if isinstance(c, kind)), None)
