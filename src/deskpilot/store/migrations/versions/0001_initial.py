"""The initial schema: customers, identities, cases, conversations, messages, events, action calls.

Revision ID: 0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from deskpilot.store._tables import UTCDateTime

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Create every table of the first schema."""
    op.create_table(
        "customers",
        sa.Column("id", sa.String(40), primary_key=True),
        sa.Column("store_user_id", sa.String(120), nullable=True, index=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
    )
    op.create_table(
        "channel_identities",
        sa.Column("channel", sa.String(40), primary_key=True),
        sa.Column("handle", sa.String(320), primary_key=True),
        sa.Column("customer_id", sa.String(40), nullable=False, index=True),
    )
    op.create_table(
        "cases",
        sa.Column("id", sa.String(40), primary_key=True),
        sa.Column("customer_id", sa.String(40), nullable=False, index=True),
        sa.Column("status", sa.String(30), nullable=False, index=True),
        sa.Column("state", sa.JSON(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
    )
    op.create_table(
        "conversations",
        sa.Column("id", sa.String(40), primary_key=True),
        sa.Column("channel", sa.String(40), nullable=False),
        sa.Column("handle", sa.String(320), nullable=True),
        sa.Column("customer_id", sa.String(40), nullable=False, index=True),
        sa.Column("case_id", sa.String(40), nullable=False, index=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
    )
    op.create_table(
        "messages",
        sa.Column("id", sa.String(40), primary_key=True),
        sa.Column("conversation_id", sa.String(40), nullable=False),
        sa.Column("case_id", sa.String(40), nullable=False, index=True),
        sa.Column("direction", sa.String(10), nullable=False),
        sa.Column("channel", sa.String(40), nullable=False),
        sa.Column("external_id", sa.String(200), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("reply_to", sa.String(40), nullable=True, index=True),
        sa.Column("error", sa.String(200), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.UniqueConstraint("channel", "external_id", name="uq_messages_channel_external_id"),
    )
    op.create_index(
        "ix_messages_conversation_created", "messages", ["conversation_id", "created_at"]
    )
    op.create_index("ix_messages_status", "messages", ["status"])
    op.create_table(
        "events",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("case_id", sa.String(40), nullable=False, index=True),
        sa.Column("message_id", sa.String(40), nullable=True),
        sa.Column("type", sa.String(40), nullable=False),
        sa.Column("actor", sa.String(80), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
    )
    op.create_table(
        "action_calls",
        sa.Column("id", sa.String(40), primary_key=True),
        sa.Column("case_id", sa.String(40), nullable=False, index=True),
        sa.Column("action", sa.String(80), nullable=False),
        sa.Column("args", sa.JSON(), nullable=False),
        sa.Column("idempotency_key", sa.String(80), nullable=False),
        sa.Column("actor", sa.String(80), nullable=False),
        sa.Column("side_effect", sa.String(10), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("result", sa.JSON(), nullable=True),
        sa.Column("refusal_code", sa.String(60), nullable=True),
        sa.Column("refusal_reason", sa.Text(), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("finished_at", UTCDateTime(), nullable=True),
        sa.UniqueConstraint("case_id", "idempotency_key", name="uq_action_calls_case_key"),
    )


def downgrade() -> None:
    """Drop every table of the first schema."""
    for table in (
        "action_calls",
        "events",
        "messages",
        "conversations",
        "cases",
        "channel_identities",
        "customers",
    ):
        op.drop_table(table)
