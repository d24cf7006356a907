"""The migrations create exactly the tables ``store/_tables.py`` declares, on SQLite and on
PostgreSQL: a table or column added to one and not the other fails here."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from deskpilot.store import Database
from deskpilot.store._tables import metadata


def test_the_migrations_build_exactly_the_declared_tables(database_url: str) -> None:
    db = Database.connect(database_url)
    try:
        with db.engine.connect() as connection:
            diffs = compare_metadata(MigrationContext.configure(connection), metadata)
            tables = set(db.engine.dialect.get_table_names(connection)) - {"alembic_version"}
    finally:
        db.dispose()
    assert diffs == []
    assert tables == set(metadata.tables)
