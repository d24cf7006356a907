"""The tamper-evident event log: each event's data digest, the previous event's hash and its
own hash; events already stored are chained in id order.

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from deskpilot.store._audit import GENESIS, chain_hash, data_digest
from deskpilot.store._tables import UTCDateTime

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

_COLUMNS = ("data_digest", "prev_hash", "hash")


def upgrade() -> None:
    """Add the chain's columns and chain the events already there."""
    for name in _COLUMNS:
        op.add_column("events", sa.Column(name, sa.String(64), nullable=True))
    events = sa.table(
        "events",
        sa.column("id", sa.Integer()),
        sa.column("case_id", sa.String()),
        sa.column("message_id", sa.String()),
        sa.column("type", sa.String()),
        sa.column("actor", sa.String()),
        sa.column("data", sa.JSON()),
        sa.column("created_at", UTCDateTime()),
        *(sa.column(name, sa.String()) for name in _COLUMNS),
    )
    connection = op.get_bind()
    prev, after = GENESIS, 0
    while True:
        rows = connection.execute(
            sa.select(events).where(events.c.id > after).order_by(events.c.id).limit(1000)
        ).all()
        for r in rows:
            digest = data_digest(r.data)
            link = chain_hash(prev, r.case_id, r.message_id, r.type, r.actor, r.created_at, digest)
            connection.execute(
                sa.update(events)
                .where(events.c.id == r.id)
                .values(data_digest=digest, prev_hash=prev, hash=link)
            )
            prev = link
        if len(rows) < 1000:
            break
        after = rows[-1].id


def downgrade() -> None:
    """Drop the chain's columns."""
    with op.batch_alter_table("events") as batch:
        for name in _COLUMNS:
            batch.drop_column(name)
