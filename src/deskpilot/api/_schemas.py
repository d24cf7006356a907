"""Request and response bodies of the HTTP API."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from fastapi import Response
from pydantic import BaseModel, ConfigDict, Field

from deskpilot.domain import Case, Conversation, Event, Message


def json_response(body: BaseModel, status_code: int) -> Response:
    """``body`` as the JSON response, serialised once by pydantic.

    Returned by the hot endpoints in place of the model: FastAPI would otherwise dump the model,
    validate the dump against the route's ``response_model`` again (in the thread pool, for a
    sync endpoint) and serialise it once more. The route still declares its ``response_model``
    for the API reference; the body is the same.
    """
    return Response(body.model_dump_json(), status_code=status_code, media_type="application/json")


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ConversationIn(_In):
    """Open a conversation on a channel, optionally with the customer's handle there."""

    channel: str = Field("api", min_length=1, max_length=40, pattern=r"^[a-z][a-z0-9_-]*$")
    handle: str | None = Field(None, min_length=1, max_length=320)


class MessageIn(_In):
    """A customer message; ``external_id`` is the channel's own id (used to drop duplicates)."""

    text: str = Field(min_length=1, max_length=5000)
    external_id: str | None = Field(None, min_length=1, max_length=200)


class MessageOut(BaseModel):
    """One message of a conversation."""

    id: str
    direction: str
    text: str
    status: str
    external_id: str | None
    created_at: datetime

    @classmethod
    def of(cls, m: Message) -> MessageOut:
        """From a domain message."""
        return cls(
            id=m.id,
            direction=m.direction.value,
            text=m.text,
            status=m.status.value,
            external_id=m.external_id,
            created_at=m.created_at,
        )


class CaseOut(BaseModel):
    """A case's resolution state."""

    id: str
    status: str
    intent: str | None
    verified: bool
    verification_method: str | None
    slots: dict[str, Any]
    pending_confirmation: dict[str, Any] | None
    actions_done: list[str]
    handoff: dict[str, Any] | None
    outcome: str | None
    updated_at: datetime

    @classmethod
    def of(cls, c: Case) -> CaseOut:
        """From a domain case."""
        pc = c.pending_confirmation
        h = c.handoff
        return cls(
            id=c.id,
            status=c.status.value,
            intent=c.intent,
            verified=c.verification is not None,
            verification_method=None if c.verification is None else c.verification.method,
            slots=c.slots,
            pending_confirmation=None if pc is None else {"action": pc.action, "args": pc.args},
            actions_done=list(c.actions_done),
            handoff=None
            if h is None
            else {"reason": h.reason, "queue": h.queue, "packet": h.packet, "at": h.at.isoformat()},
            outcome=c.outcome,
            updated_at=c.updated_at,
        )


class ConversationOut(BaseModel):
    """A conversation with its case and messages."""

    id: str
    channel: str
    handle: str | None
    case_id: str
    created_at: datetime
    case: CaseOut | None = None
    messages: list[MessageOut] = Field(default_factory=list)

    @classmethod
    def of(
        cls, conv: Conversation, case: Case | None = None, messages: list[Message] | None = None
    ) -> ConversationOut:
        """From domain objects."""
        return cls(
            id=conv.id,
            channel=conv.channel,
            handle=conv.handle,
            case_id=conv.case_id,
            created_at=conv.created_at,
            case=None if case is None else CaseOut.of(case),
            messages=[MessageOut.of(m) for m in messages or []],
        )


class TurnOut(BaseModel):
    """The answer to a posted message."""

    message_id: str
    duplicate: bool
    replies: list[MessageOut]
    case: CaseOut


class EventOut(BaseModel):
    """One event of a case's log."""

    id: int
    type: str
    actor: str
    message_id: str | None
    data: dict[str, Any]
    created_at: datetime

    @classmethod
    def of(cls, e: Event) -> EventOut:
        """From a domain event."""
        return cls(
            id=e.id or 0,
            type=e.type.value,
            actor=e.actor,
            message_id=e.message_id,
            data=e.data,
            created_at=e.created_at,
        )
