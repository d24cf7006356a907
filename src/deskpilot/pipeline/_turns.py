"""What a turn gives and what the pipeline tells: its result, the failure that keeps a message
for a retry, and the protocols of the parts outside the pipeline it hands work to (drafts for
review, the human side, the queue of turns for workers, the listener of queued turns)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from deskpilot.domain import Case, CaseId, Message, MessageId
from deskpilot.errors import DeskpilotError


class ProcessingFailed(DeskpilotError):
    """A stored message could not be processed this time; it is kept and retried."""

    code = "processing_failed"
    status = 503
    retryable = True


class DraftSink(Protocol):
    """Where replies that need a person's review wait (the console's review band)."""

    def do_create_draft(
        self, case_id: CaseId, message_id: MessageId, text: str, *, actor: str
    ) -> Any:
        """Hold ``text`` for review; called after the turn has committed."""
        ...


class HandoffSink(Protocol):
    """The human side: told about each hand-off and each message on a case a person holds.

    Both are called after the turn has committed and must not raise (a failure is logged and
    repaired later by the sink itself).
    """

    def on_handoff(self, case: Case, packet: dict[str, Any]) -> list[Message]:
        """Route and assign the case and start its SLA clocks; returns extra replies it stored
        (e.g. when the customer can expect an answer)."""
        ...

    def on_customer_message(self, case: Case, message: Message) -> None:
        """A customer wrote while a person holds the case (the bot stayed silent)."""
        ...


@dataclass(frozen=True)
class TurnResult:
    """The outcome of posting one customer message."""

    message: Message
    replies: tuple[Message, ...]
    duplicate: bool
    case: Case
    # Stored and queued, not answered within the wait: the replies come in the conversation.
    queued: bool = False
    # The replies were already told to the ``TurnListener`` (on the live bus): whoever returns
    # this result need not publish them again.
    published: bool = False


class TurnWatch(Protocol):
    """A waiting thread's ear on one conversation (``TurnListener.watch``)."""

    def wait(self, timeout: float) -> bool:
        """Whether something happened in the conversation within ``timeout`` seconds."""
        ...

    def close(self) -> None:
        """Stop listening."""
        ...


class TurnListener(Protocol):
    """Told of the replies of every turn no request waits to publish: a queued turn (taken by
    a worker, or by this process when the broker failed) and a retried one; and, in an API
    process waiting for a worker, where to hear of them."""

    def on_answered(self, message: Message, replies: Sequence[Message]) -> None:
        """``message`` was answered with ``replies`` (none: a person holds the case); called
        after the turn has committed; must not raise."""
        ...

    def watch(self, conversation_id: str) -> TurnWatch | None:
        """Wakes a thread when a turn of the conversation is answered in any process; None
        when this process cannot hear other processes (it then looks often)."""
        ...


class TurnQueue(Protocol):
    """Where stored messages wait for a worker to take their turn (``DESKPILOT_TURNS=worker``)."""

    def submit(self, conversation_id: str, message_id: str) -> None:
        """Queue the turn of a stored message; raises when the broker cannot take it."""
        ...

    def close(self) -> None:
        """Release the broker connections."""
        ...
