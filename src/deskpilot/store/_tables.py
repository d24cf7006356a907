"""DeskPilot's own tables (SQLAlchemy Core). The business's store lives elsewhere."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    DateTime,
    Dialect,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    TypeDecorator,
    UniqueConstraint,
)


class UTCDateTime(TypeDecorator[datetime]):
    """A timezone-aware UTC datetime on every backend (SQLite stores it naive)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetimes are not stored; use deskpilot.domain.utcnow()")
        # The store's own times are UTC already (``utcnow``): those are passed as they are.
        return value if value.tzinfo is UTC else value.astimezone(UTC)

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        assert isinstance(value, datetime)
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


metadata = MetaData(
    naming_convention={
        "ix": "ix_%(column_0_label)s",
        "uq": "uq_%(table_name)s_%(column_0_name)s",
        "pk": "pk_%(table_name)s",
    }
)

customers = Table(
    "customers",
    metadata,
    Column("id", String(40), primary_key=True),
    Column("store_user_id", String(120), nullable=True, index=True),
    Column("created_at", UTCDateTime(), nullable=False),
)

channel_identities = Table(
    "channel_identities",
    metadata,
    Column("channel", String(40), primary_key=True),
    Column("handle", String(320), primary_key=True),
    Column("customer_id", String(40), nullable=False, index=True),
)

cases = Table(
    "cases",
    metadata,
    Column("id", String(40), primary_key=True),
    Column("customer_id", String(40), nullable=False, index=True),
    Column("status", String(30), nullable=False, index=True),
    Column("state", JSON, nullable=False),
    Column("version", Integer, nullable=False),
    Column("created_at", UTCDateTime(), nullable=False),
    Column("updated_at", UTCDateTime(), nullable=False),
)

conversations = Table(
    "conversations",
    metadata,
    Column("id", String(40), primary_key=True),
    Column("channel", String(40), nullable=False),
    Column("handle", String(320), nullable=True),
    Column("customer_id", String(40), nullable=False, index=True),
    Column("case_id", String(40), nullable=False, index=True),
    Column("created_at", UTCDateTime(), nullable=False),
)

messages = Table(
    "messages",
    metadata,
    Column("id", String(40), primary_key=True),
    Column("conversation_id", String(40), nullable=False),
    Column("case_id", String(40), nullable=False, index=True),
    Column("direction", String(10), nullable=False),
    Column("channel", String(40), nullable=False),
    Column("external_id", String(200), nullable=True),
    Column("text", Text, nullable=False),
    Column("status", String(20), nullable=False),
    Column("attempts", Integer, nullable=False),
    Column("reply_to", String(40), nullable=True, index=True),
    Column("error", String(200), nullable=True),
    Column("created_at", UTCDateTime(), nullable=False),
    # the proposal waiting for a yes when the message was stored (migration 0006)
    Column("answers", String(40), nullable=True),
    UniqueConstraint("channel", "external_id", name="uq_messages_channel_external_id"),
    Index("ix_messages_conversation_created", "conversation_id", "created_at"),
    Index("ix_messages_status", "status"),
)

events = Table(
    "events",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("case_id", String(40), nullable=False, index=True),
    Column("message_id", String(40), nullable=True),
    Column("type", String(40), nullable=False),
    Column("actor", String(80), nullable=False),
    Column("data", JSON, nullable=False),
    Column("created_at", UTCDateTime(), nullable=False),
    # the audit chain (migration 0004; see store/_audit.py)
    Column("data_digest", String(64), nullable=True),
    Column("prev_hash", String(64), nullable=True),
    Column("hash", String(64), nullable=True),
)

action_calls = Table(
    "action_calls",
    metadata,
    Column("id", String(40), primary_key=True),
    Column("case_id", String(40), nullable=False, index=True),
    Column("action", String(80), nullable=False),
    Column("args", JSON, nullable=False),
    Column("idempotency_key", String(80), nullable=False),
    Column("actor", String(80), nullable=False),
    Column("side_effect", String(10), nullable=False),
    Column("status", String(20), nullable=False),
    Column("result", JSON, nullable=True),
    Column("refusal_code", String(60), nullable=True),
    Column("refusal_reason", Text, nullable=True),
    Column("created_at", UTCDateTime(), nullable=False),
    Column("finished_at", UTCDateTime(), nullable=True),
    UniqueConstraint("case_id", "idempotency_key", name="uq_action_calls_case_key"),
)

# -- the human side (migration 0002) ----------------------------------------------------------

users = Table(
    "users",
    metadata,
    Column("id", String(40), primary_key=True),
    Column("username", String(80), nullable=False, unique=True),
    Column("display_name", String(120), nullable=False),
    Column("role", String(20), nullable=True),
    Column("password_hash", String(300), nullable=False),
    Column("presence", String(10), nullable=False),
    Column("presence_since", UTCDateTime(), nullable=False),
    Column("created_at", UTCDateTime(), nullable=False),
)

console_sessions = Table(
    "console_sessions",
    metadata,
    Column("id_hash", String(64), primary_key=True),
    Column("user_id", String(40), nullable=False, index=True),
    Column("csrf_token", String(64), nullable=False),
    Column("created_at", UTCDateTime(), nullable=False),
    Column("expires_at", UTCDateTime(), nullable=False),
)

case_assignments = Table(
    "case_assignments",
    metadata,
    Column("case_id", String(40), primary_key=True),
    Column("queue", String(60), nullable=False, index=True),
    Column("priority", String(10), nullable=False),
    Column("state", String(10), nullable=False, index=True),
    Column("agent", String(80), nullable=True, index=True),
    Column("vip", Boolean, nullable=False),
    Column("tier", String(40), nullable=False),
    Column("rule", String(80), nullable=True),
    Column("waiting_on_customer", Boolean, nullable=False),
    Column("routed_at", UTCDateTime(), nullable=False),
    Column("assigned_at", UTCDateTime(), nullable=True),
    Column("closed_at", UTCDateTime(), nullable=True),
)

case_notes = Table(
    "case_notes",
    metadata,
    Column("id", String(40), primary_key=True),
    Column("case_id", String(40), nullable=False, index=True),
    Column("author", String(80), nullable=False),
    Column("text", Text, nullable=False),
    Column("created_at", UTCDateTime(), nullable=False),
)

message_authors = Table(
    "message_authors",
    metadata,
    Column("message_id", String(40), primary_key=True),
    Column("username", String(80), nullable=False),
    Column("display_name", String(120), nullable=False),
)

drafts = Table(
    "drafts",
    metadata,
    Column("id", String(40), primary_key=True),
    Column("case_id", String(40), nullable=False, index=True),
    Column("conversation_id", String(40), nullable=False),
    Column("message_id", String(40), nullable=False),
    Column("text", Text, nullable=False),
    Column("created_by", String(80), nullable=False),
    Column("status", String(10), nullable=False, index=True),
    Column("final_text", Text, nullable=True),
    Column("reviewed_by", String(80), nullable=True),
    Column("reviewed_at", UTCDateTime(), nullable=True),
    Column("sent_message_id", String(40), nullable=True),
    Column("created_at", UTCDateTime(), nullable=False),
)

widget_sessions = Table(
    "widget_sessions",
    metadata,
    Column("id", String(40), primary_key=True),
    Column("conversation_id", String(40), nullable=False),
    Column("token_hash", String(64), nullable=False),
    Column("created_at", UTCDateTime(), nullable=False),
)

# -- server-to-server credentials (migration 0003) ---------------------------------------------

api_keys = Table(
    "api_keys",
    metadata,
    Column("id", String(40), primary_key=True),
    Column("name", String(80), nullable=False),
    Column("scopes", JSON, nullable=False),
    Column("secret_hash", String(64), nullable=False),
    Column("created_by", String(80), nullable=False),
    Column("created_at", UTCDateTime(), nullable=False),
    Column("last_used_at", UTCDateTime(), nullable=True),
    Column("revoked_at", UTCDateTime(), nullable=True),
)

# -- messages sent outside the conversation (migration 0005) ------------------------------------

outbox = Table(
    "outbox",
    metadata,
    Column("id", String(40), primary_key=True),
    Column("case_id", String(40), nullable=True, index=True),
    Column("channel", String(40), nullable=False),
    Column("recipient", String(320), nullable=False),
    Column("subject", String(200), nullable=False),
    Column("body", Text, nullable=False),
    Column("status", String(10), nullable=False, index=True),
    Column("attempts", Integer, nullable=False),
    Column("error", String(200), nullable=True),
    Column("created_at", UTCDateTime(), nullable=False),
    Column("sent_at", UTCDateTime(), nullable=True),
)

# -- files sent with messages (migration 0007) --------------------------------------------------

attachments = Table(
    "attachments",
    metadata,
    Column("id", String(40), primary_key=True),
    Column("case_id", String(40), nullable=False, index=True),
    Column("message_id", String(40), nullable=False, index=True),
    Column("filename", String(200), nullable=False),
    Column("content_type", String(80), nullable=False),
    Column("size", Integer, nullable=False),
    Column("sha256", String(64), nullable=False),
    Column("content", LargeBinary, nullable=False),
    Column("created_at", UTCDateTime(), nullable=False),
)
