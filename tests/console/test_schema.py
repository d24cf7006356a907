"""Migration 0002 creates exactly the tables ``store/_tables.py`` declares for the console."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from deskpilot.runtime import Runtime
from deskpilot.store._tables import metadata

CONSOLE_TABLES = {
    "users",
    "console_sessions",
    "case_assignments",
    "case_notes",
    "message_authors",
    "drafts",
    "widget_sessions",
}


def _table_of(diff: object) -> str | None:
    item = diff[0] if isinstance(diff, list) else diff
    for part in item if isinstance(item, tuple) else ():
        name = getattr(part, "name", None)
        table = getattr(part, "table", None)
        if table is not None and getattr(table, "name", None):
            return str(table.name)
        if isinstance(part, str) and part in CONSOLE_TABLES:
            return part
        if name in CONSOLE_TABLES:
            return str(name)
    return None


def test_migration_0002_matches_the_declared_console_tables(runtime: Runtime) -> None:
    with runtime.db.engine.connect() as connection:
        diffs = compare_metadata(MigrationContext.configure(connection), metadata)
    ours = [d for d in diffs if _table_of(d) in CONSOLE_TABLES]
    assert ours == []
    assert set(metadata.tables) >= CONSOLE_TABLES
