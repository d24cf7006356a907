"""A message keeps the proposal that was waiting for a yes when it was stored: a yes confirms
that proposal and no other.

Revision ID: 0006
Revises: 0005
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Add ``messages.answers`` (messages stored before it answer no proposal)."""
    op.add_column("messages", sa.Column("answers", sa.String(40), nullable=True))


def downgrade() -> None:
    """Drop ``messages.answers``."""
    with op.batch_alter_table("messages") as batch:
        batch.drop_column("answers")
