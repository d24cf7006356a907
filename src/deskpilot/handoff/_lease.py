"""Which scheduler is active: a PostgreSQL advisory lock held on a connection of its own.

PostgreSQL releases a session's advisory locks when the session ends, so a scheduler that dies
(``kill -9``, a lost host) frees the lock without any clean-up, and a standing-by scheduler
takes it on its next try. The holder checks its connection before each tick: a connection the
server dropped means the lock may be someone else's by now.
"""

from __future__ import annotations

import logging
import threading
from typing import Protocol

from sqlalchemy import Connection, Engine, text
from sqlalchemy.exc import DBAPIError

logger = logging.getLogger(__name__)

# One lock per database (advisory locks are scoped to their database): any 64-bit number
# nothing else in the database uses. This one spells "DPSCHED1".
SCHEDULER_LOCK = 0x4450534348454431


class Lease(Protocol):
    """The right to act alone among processes that may all try."""

    def acquire(self) -> bool:
        """Take the lease if free, or confirm it is still held; whether it is held now."""
        ...

    def release(self) -> None:
        """Give the lease up (a process that dies gives it up too)."""
        ...


class AdvisoryLease:
    """A ``Lease`` that is PostgreSQL's session-level advisory lock ``key``."""

    def __init__(self, engine: Engine, key: int = SCHEDULER_LOCK) -> None:
        self._engine = engine.execution_options(isolation_level="AUTOCOMMIT")
        self._key = key
        self._connection: Connection | None = None
        self._lock = threading.Lock()

    def acquire(self) -> bool:
        """Whether this process holds the lock (taking it when free)."""
        with self._lock:
            try:
                if self._connection is not None:
                    self._connection.execute(text("SELECT 1"))
                    return True
                connection = self._engine.connect()
                query = text("SELECT pg_try_advisory_lock(:key)")
                if connection.execute(query, {"key": self._key}).scalar():
                    self._connection = connection
                    return True
                connection.close()
                return False
            except DBAPIError as exc:
                logger.warning("the scheduler lock's connection failed (%s)", type(exc).__name__)
                self._drop()
                return False

    def release(self) -> None:
        """Unlock and close the connection (closing alone would unlock too)."""
        with self._lock:
            if self._connection is None:
                return
            try:
                query = text("SELECT pg_advisory_unlock(:key)")
                self._connection.execute(query, {"key": self._key})
            except DBAPIError:
                pass
            self._drop()

    def _drop(self) -> None:
        if self._connection is not None:
            try:
                self._connection.invalidate()
                self._connection.close()
            except DBAPIError:
                pass
            self._connection = None
