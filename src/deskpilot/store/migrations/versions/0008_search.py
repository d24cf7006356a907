"""Full-text search over messages and internal notes: an FTS5 index with its triggers on
SQLite, a generated ``tsvector`` column under a GIN index on PostgreSQL; both built here for
the rows already stored (``store/_search.py`` says why the database keeps them).

Revision ID: 0008
Revises: 0007
"""

from __future__ import annotations

from alembic import op

from deskpilot.store._search import (
    SEARCHED,
    postgres_drop_statements,
    postgres_index_statements,
    sqlite_drop_statements,
    sqlite_index_statements,
)

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Create and fill the index of ``messages`` and ``case_notes``."""
    postgres = op.get_bind().dialect.name == "postgresql"
    for table, _ in SEARCHED:
        statements = postgres_index_statements if postgres else sqlite_index_statements
        for statement in statements(table):
            op.execute(statement)


def downgrade() -> None:
    """Drop the index."""
    postgres = op.get_bind().dialect.name == "postgresql"
    for table, _ in SEARCHED:
        statements = postgres_drop_statements if postgres else sqlite_drop_statements
        for statement in statements(table):
            op.execute(statement)
