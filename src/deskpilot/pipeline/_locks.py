"""Turn locks: a conversation's turns run one at a time, in the order they took the lock.

``ThreadTurnLocks`` is enough while one process serves the API (SQLite, or a single server).
Several API processes on one PostgreSQL database share ``AdvisoryTurnLocks``: PostgreSQL's
transaction-level advisory lock keyed by the conversation, held on a connection of its own for
the whole turn (a turn spans several transactions: the message is committed before it is
processed). A process that dies mid-turn loses its connection, and with it the lock.
"""

from __future__ import annotations

import hashlib
import threading
import weakref
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from typing import Protocol

from sqlalchemy import Connection, Engine, create_engine, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.exc import TimeoutError as SQLAlchemyTimeout

from deskpilot.errors import StoreError

# Connections set aside for held turn locks, per process. Turns beyond this many wait for a
# lock connection before taking one from the main pool, so waiting turns can never use up the
# connections the turns holding a lock need to finish.
LOCK_CONNECTIONS = 8


class TurnLocks(Protocol):
    """Hands out the right to run one turn of a conversation; held for the whole turn."""

    def hold(self, conversation_id: str) -> AbstractContextManager[None]:
        """Wait until no other turn of ``conversation_id`` runs, and keep others out."""
        ...

    def close(self) -> None:
        """Release what the locks hold open (connections)."""
        ...


class ThreadTurnLocks:
    """One ``threading.Lock`` per conversation: turns of this process never interleave."""

    def __init__(self) -> None:
        self._locks: weakref.WeakValueDictionary[str, threading.Lock] = (
            weakref.WeakValueDictionary()
        )
        self._guard = threading.Lock()

    def _lock(self, conversation_id: str) -> threading.Lock:
        with self._guard:
            lock = self._locks.get(conversation_id)
            if lock is None:
                lock = threading.Lock()
                self._locks[conversation_id] = lock
            return lock

    @contextmanager
    def hold(self, conversation_id: str) -> Iterator[None]:
        """Hold the conversation's lock in this process."""
        with self._lock(conversation_id):
            yield

    def close(self) -> None:
        """Nothing to release."""


def advisory_key(conversation_id: str) -> int:
    """The conversation's advisory lock key: a signed 64-bit hash of its id (two ids sharing
    a key only queue one behind the other)."""
    digest = hashlib.blake2b(f"turn:{conversation_id}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


class AdvisoryTurnLocks:
    """Turns of one conversation queue across every process on the PostgreSQL database.

    Within a process, turns of one conversation first queue on a thread lock, so at most one
    of them per process waits in PostgreSQL with a connection.
    """

    def __init__(self, engine: Engine, connections: int = LOCK_CONNECTIONS) -> None:
        self._engine = create_engine(
            engine.url, pool_pre_ping=True, pool_size=connections, max_overflow=0
        )
        self._local = ThreadTurnLocks()

    @contextmanager
    def hold(self, conversation_id: str) -> Iterator[None]:
        """Hold the conversation's lock in this process, then in the database. No lock
        connection free in time, or the database unreachable: ``StoreError`` (503, worth a
        retry), raised before anything of the turn is stored."""
        with self._local.hold(conversation_id):
            connection = self._lock(conversation_id)
            try:
                yield
            finally:
                self._unlock(connection)

    def _lock(self, conversation_id: str) -> Connection:
        try:
            connection = self._engine.connect()
        except (DBAPIError, SQLAlchemyTimeout) as exc:
            raise StoreError("the database is busy; try again") from exc
        try:
            query = text("SELECT pg_advisory_xact_lock(:key)")
            connection.execute(query, {"key": advisory_key(conversation_id)})
        except DBAPIError as exc:
            connection.invalidate()
            connection.close()
            raise StoreError("the database is busy; try again") from exc
        return connection

    @staticmethod
    def _unlock(connection: Connection) -> None:
        """End the lock's transaction (it wrote nothing). A connection lost meanwhile took the
        lock with it: the turn, already committed, stands."""
        try:
            connection.rollback()
        except DBAPIError:
            connection.invalidate()
        connection.close()

    def close(self) -> None:
        """Close the lock connections."""
        self._engine.dispose()


def turn_locks_for(engine: Engine) -> TurnLocks:
    """Advisory locks on PostgreSQL (other API processes may share the database), thread locks
    otherwise (SQLite is one host's file)."""
    if engine.dialect.name == "postgresql":
        return AdvisoryTurnLocks(engine)
    return ThreadTurnLocks()
