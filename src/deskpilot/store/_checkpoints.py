"""SQLite's write-ahead log copied back into the database file off the request path.

SQLite checkpoints by itself when a commit leaves the log over ``wal_autocheckpoint`` pages:
the committing thread does it, inside its ``COMMIT``, so in ``deskpilot serve`` a chat turn
(about 43 log pages) pays for one every 20-odd turns, 16-22 ms of waiting on the disk while the
process's transaction lock is held and every other turn waits behind it
(``bench/api/wal_checkpoints.py``). Here a thread of its own does it instead, on a connection
of its own, without the lock (a ``PASSIVE`` checkpoint lets writers go on); the commits keep a
far larger automatic threshold only as a backstop, for when the thread is gone.

SQLite starts the log over only when a writer finds all of it copied back; under steady
writes a checkpoint that runs beside them may never find that. When the log has grown past
``restart_pages`` the thread therefore marks a restart due, and the process's next transaction
(``Database._turn``, holding the process's lock) first copies back the little the thread has
not, so that it starts the log over itself: a short wait for the turns of that moment, once
every several hundred turns instead of every 20-odd. (The thread once took the lock itself; a
lock is not fair, and under writes that never paused it could wait for seconds while the log
grew.)
"""

from __future__ import annotations

import logging
import threading
from typing import Any

from sqlalchemy import Engine

logger = logging.getLogger(__name__)

# What the commits still checkpoint themselves past (SQLite's own default is 1000 pages).
BACKSTOP_PAGES = 20_000
# Past this many pages of log the thread checkpoints once under the process's lock.
RESTART_PAGES = 4_000


class WalCheckpointer:
    """Checkpoints one SQLite database file every ``interval`` seconds in a daemon thread."""

    def __init__(
        self, engine: Engine, *, interval: float = 0.25, restart_pages: int = RESTART_PAGES
    ) -> None:
        self._engine = engine
        self._interval = interval
        self._restart_pages = restart_pages
        self._restarted = -1  # the log's length at the last restart's checkpoint
        self._due = threading.Event()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="sqlite-checkpoints", daemon=True)
        self._thread.start()

    @property
    def restart_due(self) -> bool:
        """Whether the next transaction should copy the log back before it begins."""
        return self._due.is_set()

    @property
    def running(self) -> bool:
        """Whether the thread still runs."""
        return self._thread.is_alive()

    def stop(self) -> None:
        """End the thread (after the checkpoint it is in, if any)."""
        self._stop.set()
        self._thread.join(timeout=30)

    def _run(self) -> None:
        connection: Any = None
        try:
            connection = self._engine.raw_connection()
            while not self._stop.wait(self._interval):
                self.checkpoint(connection)
        except Exception:  # the commits' backstop still bounds the log
            logger.exception("SQLite checkpoints stopped; commits checkpoint past the backstop")
        finally:
            if connection is not None:
                connection.close()

    def checkpoint(self, connection: Any) -> tuple[int, int]:
        """One checkpoint beside the writers, marking a restart due when the log has grown
        past ``restart_pages`` (and has not since the last restart); the log's pages and those
        copied back, as SQLite answers."""
        _, log, copied = connection.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
        # All of it copied back says nothing of a restart: the writers went on meanwhile, and
        # the log starts over only when one begins with nothing left to copy.
        if log > self._restart_pages and log != self._restarted:
            self._due.set()
        return log, copied

    def restart(self, connection: Any) -> None:
        """Copy the rest of the log back on ``connection``, between two of the process's
        transactions and holding its lock, so that the next one starts the log over."""
        self._due.clear()
        _, self._restarted, _ = connection.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
