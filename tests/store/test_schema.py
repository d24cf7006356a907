"""The migrations create exactly the tables ``store/_tables.py`` declares, on SQLite and on
PostgreSQL: a table or column added to one and not the other fails here. The full-text index
(``store/_search.py``) is the database's own beside them: an FTS5 table on SQLite, a generated
column and its index on PostgreSQL."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from deskpilot.store import Database
from deskpilot.store._search import is_search_index
from deskpilot.store._tables import metadata


def test_the_migrations_build_exactly_the_declared_tables(database_url: str) -> None:
    db = Database.connect(database_url)
    try:
        with db.engine.connect() as connection:
            context = MigrationContext.configure(
                connection, opts={"include_name": lambda name, *_: not is_search_index(name)}
            )
            diffs = compare_metadata(context, metadata)
            tables = set(db.engine.dialect.get_table_names(connection)) - {"alembic_version"}
            tables = {name for name in tables if not is_search_index(name)}
    finally:
        db.dispose()
    assert diffs == []
    assert tables == set(metadata.tables)
