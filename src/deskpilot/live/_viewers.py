"""Who has a case open, and who is typing a reply in it: each case page says so on opening and
with every heartbeat, its reply box while keys are pressed, so two agents on one case see each
other before both answer the customer. In memory here; across API processes in Redis
(``RedisCaseViewers`` in ``_redis.py``)."""

from __future__ import annotations

import threading
from datetime import datetime, timedelta
from typing import Protocol

# A colleague counts as typing for this long after their reply box's last signal (the box
# signals at most every 3 seconds while keys are pressed; the page forgets a signal as fast).
TYPING_SECONDS = 6.0
# One agent's typing on one case is passed on at most this often (a client signalling faster
# changes nothing a colleague sees).
TYPING_INTERVAL = 2.0


class CaseViewers(Protocol):
    """The agents seen on each case page, and those typing a reply in it, and when last."""

    def seen(self, case_id: str, username: str, display_name: str, now: datetime) -> None:
        """``username`` has the case open now."""
        ...

    def others(self, case_id: str, username: str, now: datetime, within: timedelta) -> list[str]:
        """The display names of the other agents seen on the case within ``within``."""
        ...

    def typed(self, case_id: str, username: str, display_name: str, now: datetime) -> bool:
        """``username`` is typing a reply in the case now (and has it open); False when they
        were already known to be for less than ``TYPING_INTERVAL`` (nothing to pass on)."""
        ...

    def typing(self, case_id: str, username: str, now: datetime) -> list[str]:
        """The display names of the other agents typing a reply in the case (a signal within
        ``TYPING_SECONDS``)."""
        ...

    def stopped_typing(self, case_id: str, username: str) -> None:
        """``username`` sent their reply: no longer typing in the case."""
        ...


class Marks:
    """Per case, each agent's display name and the time of their last mark, in this process's
    memory; marks older than asked for are dropped when read."""

    def __init__(self) -> None:
        self._marks: dict[str, dict[str, tuple[str, datetime]]] = {}
        self._lock = threading.Lock()

    def put(self, case_id: str, username: str, display_name: str, now: datetime) -> None:
        """Mark ``username`` on the case at ``now``."""
        with self._lock:
            self._marks.setdefault(case_id, {})[username] = (display_name, now)

    def last(self, case_id: str, username: str) -> datetime | None:
        """When ``username`` was last marked on the case (None: never, or forgotten)."""
        with self._lock:
            mark = self._marks.get(case_id, {}).get(username)
        return mark[1] if mark else None

    def drop(self, case_id: str, username: str) -> None:
        """Forget ``username``'s mark on the case."""
        with self._lock:
            marks = self._marks.get(case_id, {})
            marks.pop(username, None)
            if not marks:
                self._marks.pop(case_id, None)

    def others(self, case_id: str, username: str, now: datetime, within: timedelta) -> list[str]:
        """The display names of the others marked on the case within ``within``."""
        with self._lock:
            marks = self._marks.get(case_id, {})
            for name in [n for n, (_, at) in marks.items() if now - at > within]:
                del marks[name]
            if not marks:
                self._marks.pop(case_id, None)
            return sorted(shown for n, (shown, _) in marks.items() if n != username)


class MemoryCaseViewers:
    """``CaseViewers`` in this process's memory."""

    def __init__(self) -> None:
        self._viewing = Marks()
        self._typing = Marks()

    def seen(self, case_id: str, username: str, display_name: str, now: datetime) -> None:
        """``username`` has the case open now."""
        self._viewing.put(case_id, username, display_name, now)

    def others(self, case_id: str, username: str, now: datetime, within: timedelta) -> list[str]:
        """The display names of the other agents seen on the case within ``within``."""
        return self._viewing.others(case_id, username, now, within)

    def typed(self, case_id: str, username: str, display_name: str, now: datetime) -> bool:
        """``username`` is typing in the case now; False if already known for less than
        ``TYPING_INTERVAL``."""
        last = self._typing.last(case_id, username)
        if last is not None and timedelta(0) <= now - last < timedelta(seconds=TYPING_INTERVAL):
            return False
        self._typing.put(case_id, username, display_name, now)
        self.seen(case_id, username, display_name, now)
        return True

    def typing(self, case_id: str, username: str, now: datetime) -> list[str]:
        """The display names of the other agents typing in the case."""
        return self._typing.others(case_id, username, now, timedelta(seconds=TYPING_SECONDS))

    def stopped_typing(self, case_id: str, username: str) -> None:
        """``username`` sent their reply: no longer typing in the case."""
        self._typing.drop(case_id, username)
