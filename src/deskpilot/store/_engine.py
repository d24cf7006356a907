"""Creating the database engine and bringing the schema up to date with Alembic."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.pool import StaticPool

logger = logging.getLogger(__name__)

_MIGRATIONS = Path(__file__).resolve().parent / "migrations"
# The PostgreSQL advisory lock that queues processes migrating one database ("DPMIGRT1").
MIGRATION_LOCK = 0x44504D4947525431


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()
    # The sqlite3 driver opens transactions lazily and lets a SAVEPOINT commit on its own; hand
    # transaction control to SQLAlchemy so one block is exactly one SQLite transaction.
    dbapi_connection.isolation_level = None


def _sqlite_begin(dbapi_connection: Any) -> None:
    # IMMEDIATE takes the write lock up front: no transaction fails half-way when upgrading.
    # Sent on the driver's connection as the dialect's own ``do_begin``, which SQLAlchemy
    # calls when a transaction begins and whose driver errors it raises as its own (a locked
    # database: ``OperationalError``), without an execution of its own around it (a third of
    # an empty transaction's cost).
    dbapi_connection.execute("BEGIN IMMEDIATE")


def make_engine(url: str) -> Engine:
    """An engine for ``url``; SQLite gets WAL mode and a busy timeout, its folder is created."""
    if url.startswith("sqlite"):
        if url in ("sqlite://", "sqlite:///:memory:"):
            engine = create_engine(
                "sqlite://", connect_args={"check_same_thread": False}, poolclass=StaticPool
            )
        else:
            path = Path(url.split(":///", 1)[1])
            path.parent.mkdir(parents=True, exist_ok=True)
            engine = create_engine(url, connect_args={"check_same_thread": False})
        event.listen(engine, "connect", _sqlite_pragmas)
        engine.dialect.do_begin = _sqlite_begin  # type: ignore[method-assign]
        return engine
    return create_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=20)


def migrate(engine: Engine) -> None:
    """Apply every pending Alembic migration to ``engine``'s database.

    On PostgreSQL, processes starting together on one database take turns: the first migrates
    while the others wait on an advisory lock, then find nothing left to do. (SQLite's
    ``BEGIN IMMEDIATE`` already lets one writer in at a time.)"""
    config = Config()
    config.set_main_option("script_location", str(_MIGRATIONS))
    with engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            query = text("SELECT pg_advisory_xact_lock(:key)")
            connection.execute(query, {"key": MIGRATION_LOCK})
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
    logger.info("database schema is up to date")
