"""Clocks: the system clock in production, a manual one that tests move by hand."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta
from typing import Protocol

from deskpilot.errors import InputError


def require_aware(at: datetime, what: str = "time") -> datetime:
    """``at`` converted to UTC; InputError if it carries no time zone."""
    if at.tzinfo is None or at.utcoffset() is None:
        raise InputError(f"{what} must be timezone-aware, got naive {at.isoformat()}", field=what)
    return at.astimezone(UTC)


class Clock(Protocol):
    """Where the SLA machinery reads the time; ``now()`` is timezone-aware UTC."""

    def now(self) -> datetime:
        """The current instant, in UTC."""
        ...


class SystemClock:
    """The real wall clock."""

    def now(self) -> datetime:
        """The current instant, in UTC."""
        return datetime.now(UTC)


class ManualClock:
    """A clock that only moves when told to, so tests never sleep."""

    def __init__(self, start: datetime) -> None:
        self._now = require_aware(start, "start")
        self._lock = threading.Lock()

    def now(self) -> datetime:
        """The instant the clock was last set to, in UTC."""
        with self._lock:
            return self._now

    def advance(self, delta: timedelta) -> datetime:
        """Move forward by ``delta`` (never backwards) and return the new time."""
        if delta < timedelta(0):
            raise InputError(f"a clock only moves forward, got {delta}", field="delta")
        with self._lock:
            self._now += delta
            return self._now

    def set(self, at: datetime) -> datetime:
        """Jump forward to ``at`` (never backwards) and return it in UTC."""
        target = require_aware(at, "at")
        with self._lock:
            if target < self._now:
                raise InputError(
                    f"a clock only moves forward: {target.isoformat()} is before "
                    f"{self._now.isoformat()}",
                    field="at",
                )
            self._now = target
            return self._now
