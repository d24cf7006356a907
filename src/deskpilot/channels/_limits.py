"""Rate limits on the public endpoints: messages per conversation, and conversations opened
per client address, counted in a sliding minute in this process (behind several processes,
each counts on its own)."""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable

from fastapi import Request

from deskpilot.errors import RateLimited

WINDOW_S = 60.0
# Keys held before the first sweep of the quiet ones (see ``SlidingWindow``).
SWEEP_FROM = 1024


class SlidingWindow:
    """At most ``limit`` events per key in any ``WINDOW_S`` seconds (``limit`` 0: no limit).

    A key is a conversation or a client's address, so new keys come with every conversation:
    a key with no event in the last window counts nothing and is forgotten. The quiet keys are
    swept out whenever the keys held reach twice as many as the last sweep left (and at least
    ``SWEEP_FROM``): each sweep is paid for by as many new keys, and the keys held stay within
    twice those of the last minute. Before, quiet keys were kept up to 100,000, about 90 MB for
    a server that had seen as many conversations (docs/scaling.md).
    """

    def __init__(self, limit: int, clock: Callable[[], float] = time.monotonic) -> None:
        self.limit = limit
        self._clock = clock
        self._lock = threading.Lock()
        self._seen: dict[str, deque[float]] = {}
        self._sweep_at = SWEEP_FROM

    def __len__(self) -> int:
        """The keys held: those with an event in the last window, and quiet ones not yet swept."""
        return len(self._seen)

    def hit(self, key: str, what: str) -> None:
        """Count one event for ``key``; RateLimited (with the seconds to wait) over the limit."""
        if self.limit <= 0:
            return
        now = self._clock()
        with self._lock:
            seen = self._seen.setdefault(key, deque())
            while seen and seen[0] <= now - WINDOW_S:
                seen.popleft()
            if len(seen) >= self.limit:
                wait = max(1, int(seen[0] + WINDOW_S - now) + 1)
                raise RateLimited(
                    f"too many {what} in a minute; try again in {wait} seconds", retry_after=wait
                )
            seen.append(now)
            if len(self._seen) > self._sweep_at:  # forget the quiet keys rather than grow
                self._seen = {k: v for k, v in self._seen.items() if v and v[-1] > now - WINDOW_S}
                self._sweep_at = max(SWEEP_FROM, 2 * len(self._seen))


def client_address(request: Request) -> str:
    """Who is asking, as far as this server can tell (the proxy's address behind a proxy that
    uvicorn does not trust)."""
    return request.client.host if request.client is not None else "unknown"


class PublicLimits:
    """The limits of the endpoints customers reach: the API's conversations and the widget."""

    def __init__(self, messages_per_minute: int, opened_per_minute: int) -> None:
        self.messages = SlidingWindow(messages_per_minute)
        self.opened = SlidingWindow(opened_per_minute)

    def message(self, conversation: str) -> None:
        """One more message in ``conversation``; RateLimited over the limit."""
        self.messages.hit(conversation, "messages in this conversation")

    def opening(self, request: Request) -> None:
        """One more conversation opened from the request's address; RateLimited over it."""
        self.opened.hit(client_address(request), "conversations opened from this address")
