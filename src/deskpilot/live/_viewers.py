"""Who has a case open: each case page says so on opening and with every heartbeat, so two
agents on one case see each other before both answer the customer. In memory here; across API
processes in Redis (``RedisCaseViewers`` in ``_redis.py``)."""

from __future__ import annotations

import threading
from datetime import datetime, timedelta
from typing import Protocol


class CaseViewers(Protocol):
    """The agents seen on each case page, and when last."""

    def seen(self, case_id: str, username: str, display_name: str, now: datetime) -> None:
        """``username`` has the case open now."""
        ...

    def others(self, case_id: str, username: str, now: datetime, within: timedelta) -> list[str]:
        """The display names of the other agents seen on the case within ``within``."""
        ...


class MemoryCaseViewers:
    """``CaseViewers`` in this process's memory."""

    def __init__(self) -> None:
        self._seen: dict[str, dict[str, tuple[str, datetime]]] = {}
        self._lock = threading.Lock()

    def seen(self, case_id: str, username: str, display_name: str, now: datetime) -> None:
        """``username`` has the case open now."""
        with self._lock:
            self._seen.setdefault(case_id, {})[username] = (display_name, now)

    def others(self, case_id: str, username: str, now: datetime, within: timedelta) -> list[str]:
        """The display names of the other agents seen on the case within ``within``."""
        with self._lock:
            viewers = self._seen.get(case_id, {})
            for name in [n for n, (_, at) in viewers.items() if now - at > within]:
                del viewers[name]
            if not viewers:
                self._seen.pop(case_id, None)
            return sorted(shown for n, (shown, _) in viewers.items() if n != username)
