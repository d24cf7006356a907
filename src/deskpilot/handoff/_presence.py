"""When each agent's console was last heard from (its heartbeats), where routing reads it.

In one process the heartbeats are kept in memory. Across processes (scale-out) a console's
heartbeats reach whichever API process the load balancer picks, and the scheduler hears none:
they are kept in Redis instead (``deskpilot.live.shared_heartbeats``), so every process sees
every console.
"""

from __future__ import annotations

import threading
from datetime import datetime
from typing import Protocol


class Heartbeats(Protocol):
    """Agents' last heartbeats, by username."""

    def note(self, username: str, at: datetime) -> None:
        """``username``'s console was heard from at ``at``."""
        ...

    def last(self, username: str) -> datetime | None:
        """When ``username``'s console was last heard from, if ever."""
        ...


class MemoryHeartbeats:
    """``Heartbeats`` in this process's memory."""

    def __init__(self) -> None:
        self._heard: dict[str, datetime] = {}
        self._lock = threading.Lock()

    def note(self, username: str, at: datetime) -> None:
        """Remember the heartbeat."""
        with self._lock:
            self._heard[username] = at

    def last(self, username: str) -> datetime | None:
        """The last heartbeat heard here."""
        with self._lock:
            return self._heard.get(username)
