"""The stages of the pipeline as Protocols, and the values that flow between them."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, Protocol

from deskpilot.actions import ActionOutcome, GuardVerdict
from deskpilot.domain import Case, Understanding
from deskpilot.workspace import Workspace


@dataclass(frozen=True)
class UnderstandingContext:
    """What the understanding stage may know beyond the text: the case so far."""

    case: Case
    language: str


class Understander(Protocol):
    """Turns one message into an ``Understanding`` (intents, entities, sentiment, flags)."""

    def understand(self, text: str, context: UnderstandingContext) -> Understanding:
        """Analyse ``text``."""
        ...


class DecisionKind(StrEnum):
    """What the decision stage wants next."""

    ACT = "act"
    REPLY = "reply"
    CLARIFY = "clarify"
    HANDOFF = "handoff"


@dataclass(frozen=True)
class ReplySpec:
    """A reply to send: which template, filled with which facts."""

    template: str
    facts: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class ActionRequest:
    """An action the decision stage asks the action layer to run."""

    name: str
    args: dict[str, Any]


@dataclass(frozen=True)
class Decision:
    """The decision stage's answer for one step: the updated case, and what to do.

    ``review`` marks replies given with confidence between the workspace's bands: they wait as
    drafts for a person to approve, edit or reject.
    """

    kind: DecisionKind
    case: Case
    reasons: tuple[str, ...]
    replies: tuple[ReplySpec, ...] = ()
    action: ActionRequest | None = None
    handoff_reason: str | None = None
    notes: dict[str, Any] = field(default_factory=dict)
    review: bool = False


class Reader(Protocol):
    """Runs a read action through the action layer (guarded and audited) for this case, and
    previews a write before it is proposed."""

    def __call__(self, case: Case, action: str, args: dict[str, Any]) -> ActionOutcome:
        """The outcome of read action ``action``; writes are refused."""
        ...

    def refusal(self, case: Case, action: str, args: dict[str, Any]) -> GuardVerdict | None:
        """Why write ``action`` could not run now, before it is proposed (who the customer is,
        what they own, the system's preconditions): the guard's refusal, or None; nothing
        runs."""
        ...


@dataclass(frozen=True)
class Turn:
    """Everything the decision stage sees: the case, the understanding, this turn's outcomes.

    ``read`` lets a decider look things up (orders, products) through the guard at once;
    writes only ever run from an ACT decision, after the customer's explicit confirmation.
    """

    case: Case
    understanding: Understanding
    outcomes: tuple[ActionOutcome, ...]
    workspace: Workspace
    read: Reader | None = None
    # The proposal that waited for a yes when the message was stored (None: none did). A
    # message written before a proposal was made (held up by a crash, then retried), or while
    # another one waited, cannot confirm it.
    answers: str | None = None


class Decider(Protocol):
    """Decides the next step of a turn, deterministically and with reasons."""

    def decide(self, turn: Turn) -> Decision:
        """The next step for ``turn``."""
        ...


class Responder(Protocol):
    """Turns a reply specification into the text the customer reads."""

    def render(self, reply: ReplySpec, language: str) -> str:
        """The reply's text in ``language``; a fact that is a reply (or a list of replies) is
        said in its text, in the same language."""
        ...
