"""The human side: console users and sessions, case assignments, notes, message authors,
draft replies and web chat sessions.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from deskpilot.store._tables import UTCDateTime

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Create the tables of the agent console and the web chat."""
    op.create_table(
        "users",
        sa.Column("id", sa.String(40), primary_key=True),
        sa.Column("username", sa.String(80), nullable=False),
        sa.Column("display_name", sa.String(120), nullable=False),
        sa.Column("role", sa.String(20), nullable=True),
        sa.Column("password_hash", sa.String(300), nullable=False),
        sa.Column("presence", sa.String(10), nullable=False),
        sa.Column("presence_since", UTCDateTime(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.UniqueConstraint("username", name="uq_users_username"),
    )
    op.create_table(
        "console_sessions",
        sa.Column("id_hash", sa.String(64), primary_key=True),
        sa.Column("user_id", sa.String(40), nullable=False, index=True),
        sa.Column("csrf_token", sa.String(64), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("expires_at", UTCDateTime(), nullable=False),
    )
    op.create_table(
        "case_assignments",
        sa.Column("case_id", sa.String(40), primary_key=True),
        sa.Column("queue", sa.String(60), nullable=False, index=True),
        sa.Column("priority", sa.String(10), nullable=False),
        sa.Column("state", sa.String(10), nullable=False, index=True),
        sa.Column("agent", sa.String(80), nullable=True, index=True),
        sa.Column("vip", sa.Boolean(), nullable=False),
        sa.Column("tier", sa.String(40), nullable=False),
        sa.Column("rule", sa.String(80), nullable=True),
        sa.Column("waiting_on_customer", sa.Boolean(), nullable=False),
        sa.Column("routed_at", UTCDateTime(), nullable=False),
        sa.Column("assigned_at", UTCDateTime(), nullable=True),
        sa.Column("closed_at", UTCDateTime(), nullable=True),
    )
    op.create_table(
        "case_notes",
        sa.Column("id", sa.String(40), primary_key=True),
        sa.Column("case_id", sa.String(40), nullable=False, index=True),
        sa.Column("author", sa.String(80), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
    )
    op.create_table(
        "message_authors",
        sa.Column("message_id", sa.String(40), primary_key=True),
        sa.Column("username", sa.String(80), nullable=False),
        sa.Column("display_name", sa.String(120), nullable=False),
    )
    op.create_table(
        "drafts",
        sa.Column("id", sa.String(40), primary_key=True),
        sa.Column("case_id", sa.String(40), nullable=False, index=True),
        sa.Column("conversation_id", sa.String(40), nullable=False),
        sa.Column("message_id", sa.String(40), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("created_by", sa.String(80), nullable=False),
        sa.Column("status", sa.String(10), nullable=False, index=True),
        sa.Column("final_text", sa.Text(), nullable=True),
        sa.Column("reviewed_by", sa.String(80), nullable=True),
        sa.Column("reviewed_at", UTCDateTime(), nullable=True),
        sa.Column("sent_message_id", sa.String(40), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
    )
    op.create_table(
        "widget_sessions",
        sa.Column("id", sa.String(40), primary_key=True),
        sa.Column("conversation_id", sa.String(40), nullable=False),
        sa.Column("token_hash", sa.String(64), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
    )


def downgrade() -> None:
    """Drop the tables of the agent console and the web chat."""
    for table in (
        "widget_sessions",
        "drafts",
        "message_authors",
        "case_notes",
        "case_assignments",
        "console_sessions",
        "users",
    ):
        op.drop_table(table)
