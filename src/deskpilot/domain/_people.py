"""The human side of a case: console users and their roles, assignments, notes, drafts, and the
web chat sessions of customers."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any, NewType

from deskpilot.domain._models import (
    CaseId,
    ConversationId,
    Event,
    EventType,
    Message,
    MessageId,
    utcnow,
)

UserId = NewType("UserId", str)
DraftId = NewType("DraftId", str)
NoteId = NewType("NoteId", str)
WidgetSessionId = NewType("WidgetSessionId", str)
ApiKeyId = NewType("ApiKeyId", str)


class StaffRole(StrEnum):
    """What a console user may do; each role may do everything the ones before it may."""

    AGENT = "agent"
    SUPERVISOR = "supervisor"
    ADMIN = "admin"

    @property
    def rank(self) -> int:
        """0 for ``agent`` up to 2 for ``admin``."""
        return list(StaffRole).index(self)

    def allows(self, needed: StaffRole) -> bool:
        """Whether this role may do what ``needed`` may."""
        return self.rank >= needed.rank


class PresenceState(StrEnum):
    """Whether a console user takes new cases (the router only assigns to ``online``)."""

    ONLINE = "online"
    AWAY = "away"
    OFFLINE = "offline"


@dataclass(frozen=True)
class User:
    """A person who logs in to the console; ``role`` None means they may do nothing yet.

    ``username`` is also their agent id in ``routing.yaml`` (skills and capacity live there).
    """

    id: UserId
    username: str
    display_name: str
    role: StaffRole | None
    presence: PresenceState = PresenceState.OFFLINE
    presence_since: datetime = field(default_factory=utcnow)
    created_at: datetime = field(default_factory=utcnow)

    @property
    def actor(self) -> str:
        """How the user appears as an event's actor: ``agent:alice``."""
        return f"agent:{self.username}"


@dataclass(frozen=True)
class ConsoleSession:
    """A logged-in console session; the cookie carries its id, the form its CSRF token."""

    user_id: UserId
    csrf_token: str
    created_at: datetime
    expires_at: datetime


class AssignmentState(StrEnum):
    """Where a handed-off case stands with the people."""

    WAITING = "waiting"
    ASSIGNED = "assigned"
    CLOSED = "closed"


@dataclass(frozen=True)
class CaseAssignment:
    """A handed-off case's place with the people: queue, priority, agent, and whether it waits
    on the customer. ``priority`` is a ``deskpilot.handoff.Priority`` value."""

    case_id: CaseId
    queue: str
    priority: str
    state: AssignmentState = AssignmentState.WAITING
    agent: str | None = None
    vip: bool = False
    tier: str = ""
    rule: str | None = None
    waiting_on_customer: bool = False
    routed_at: datetime = field(default_factory=utcnow)
    assigned_at: datetime | None = None
    closed_at: datetime | None = None


@dataclass(frozen=True)
class Note:
    """An internal note on a case: seen by agents, never by the customer."""

    id: NoteId
    case_id: CaseId
    author: str
    text: str
    created_at: datetime = field(default_factory=utcnow)


class DraftStatus(StrEnum):
    """A draft reply waits for review, then goes out as is, goes out edited, or is dropped."""

    PENDING = "pending"
    APPROVED = "approved"
    EDITED = "edited"
    REJECTED = "rejected"


@dataclass(frozen=True)
class Draft:
    """A reply the automation was not sure enough to send: it answers ``message_id`` once a
    person approves it (``final_text`` is what was sent)."""

    id: DraftId
    case_id: CaseId
    conversation_id: ConversationId
    message_id: MessageId
    text: str
    created_by: str
    status: DraftStatus = DraftStatus.PENDING
    final_text: str | None = None
    reviewed_by: str | None = None
    reviewed_at: datetime | None = None
    sent_message_id: MessageId | None = None
    created_at: datetime = field(default_factory=utcnow)


@dataclass(frozen=True)
class MessageAuthor:
    """Who wrote an outbound message when it was not the automation."""

    message_id: MessageId
    username: str
    display_name: str


@dataclass(frozen=True)
class WidgetSession:
    """A web chat visitor: the conversation their browser's token opens (only a hash of the
    token is stored)."""

    id: WidgetSessionId
    conversation_id: ConversationId
    token_hash: str
    created_at: datetime = field(default_factory=utcnow)


class ApiScope(StrEnum):
    """What an API key may do on the server-to-server API."""

    CONVERSATIONS_WRITE = "conversations:write"  # open conversations, post customer messages
    CONVERSATIONS_READ = "conversations:read"  # read a conversation and its transcript
    CASES_READ = "cases:read"  # read a case's state and its event log


@dataclass(frozen=True)
class ApiKey:
    """A credential for the server-to-server API; only a hash of its secret is stored."""

    id: ApiKeyId
    name: str
    scopes: frozenset[ApiScope]
    secret_hash: str
    created_by: str
    created_at: datetime = field(default_factory=utcnow)
    last_used_at: datetime | None = None
    revoked_at: datetime | None = None

    def allows(self, scope: ApiScope) -> bool:
        """Whether the key is live and holds ``scope``."""
        return self.revoked_at is None and scope in self.scopes


AttachmentId = NewType("AttachmentId", str)


@dataclass(frozen=True)
class Upload:
    """A file that passed the workspace's attachment rules, ready to store with its message:
    its cleaned name, the type its bytes show (never the sender's claim), the bytes."""

    filename: str
    content_type: str
    content: bytes

    @property
    def size(self) -> int:
        """How many bytes it holds."""
        return len(self.content)


@dataclass(frozen=True)
class Attachment:
    """A file sent with a message, in either direction (its bytes are read separately)."""

    id: AttachmentId
    case_id: CaseId
    message_id: MessageId
    filename: str
    content_type: str
    size: int
    created_at: datetime = field(default_factory=utcnow)

    @property
    def is_image(self) -> bool:
        """Whether it shows as a picture (a thumbnail in the transcripts)."""
        return self.content_type.startswith("image/")

    def payload(self) -> dict[str, Any]:
        """What a transcript shows of it (the bytes come from its own address)."""
        return {
            "id": self.id,
            "filename": self.filename,
            "content_type": self.content_type,
            "size": self.size,
        }


def files_event(message: Message, attachments: Sequence[Attachment], *, actor: str) -> Event:
    """The ``files_attached`` event of a message's files: ids, types and sizes; the names stay
    out of the log (they can be personal)."""
    data = {
        "message_id": message.id,
        "files": [{"id": a.id, "type": a.content_type, "size": a.size} for a in attachments],
    }
    return Event(message.case_id, EventType.FILES_ATTACHED, actor, data, message.id)
