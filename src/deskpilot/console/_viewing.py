"""Who has a case open: each case page says so on opening and with every heartbeat, so two
agents on one case see each other before both answer the customer. In memory, per process."""

from __future__ import annotations

import threading
from datetime import datetime, timedelta


class CaseViewers:
    """The agents seen on each case page, and when last."""

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
            return sorted(shown for n, (shown, _) in viewers.items() if n != username)
