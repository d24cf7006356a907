"""Live updates: an in-process publish/subscribe bus, fed after each commit, read by the
server-sent event streams of the console and the web chat widget.

Publishers run on any thread (request handlers, the SLA scheduler); each subscriber lives on an
event loop and receives events through that loop, so a slow reader never blocks a writer. A
subscriber that falls too far behind is closed: its client reconnects and reads the state again.
"""

from __future__ import annotations

import asyncio
import logging
import threading
from dataclasses import dataclass
from typing import Any

from deskpilot.domain import Message, MessageAuthor

logger = logging.getLogger(__name__)

CONSOLE = "console"


def conversation_topic(conversation_id: str) -> str:
    """The topic a web chat conversation's stream listens to."""
    return f"conversation:{conversation_id}"


@dataclass(frozen=True)
class LiveEvent:
    """One update: ``kind`` names it (``message``, ``case``, ``queue``, ``draft``, ``sla``,
    ``typing``); ``topic`` is where it was published (a stream may listen to several)."""

    kind: str
    data: dict[str, Any]
    topic: str = ""


class Subscription:
    """One stream's inbox on its event loop; ``None`` from ``get`` means the stream must end."""

    def __init__(self, bus: LiveBus, topics: tuple[str, ...], maxsize: int) -> None:
        self.topics = topics
        self.loop = asyncio.get_running_loop()
        self._bus = bus
        self._queue: asyncio.Queue[LiveEvent | None] = asyncio.Queue(maxsize)
        self.closed = False

    async def get(self) -> LiveEvent | None:
        """The next event, or None once the subscription is closed."""
        if self.closed and self._queue.empty():
            return None
        return await self._queue.get()

    def close(self) -> None:
        """Stop receiving events."""
        self._bus.unsubscribe(self)

    def _deliver(self, event: LiveEvent | None) -> None:
        """Runs on the subscriber's loop."""
        if self.closed and event is not None:
            return
        try:
            self._queue.put_nowait(event)
        except asyncio.QueueFull:
            logger.warning("a live stream fell behind; closing it so its client reloads")
            self._end()
            return
        if event is None:
            self.closed = True

    def _end(self) -> None:
        while not self._queue.empty():
            self._queue.get_nowait()
        self._queue.put_nowait(None)
        self.closed = True


class LiveBus:
    """Topics to subscribers; ``publish`` is safe from any thread and never blocks."""

    def __init__(self, *, maxsize: int = 200) -> None:
        self._subscribers: dict[str, set[Subscription]] = {}
        self._lock = threading.Lock()
        self._maxsize = maxsize

    def subscribe(self, *topics: str) -> Subscription:
        """A new subscription to ``topics``; call it on the loop that will read it."""
        sub = Subscription(self, topics, self._maxsize)
        with self._lock:
            for topic in topics:
                self._subscribers.setdefault(topic, set()).add(sub)
        return sub

    def unsubscribe(self, sub: Subscription) -> None:
        """Remove a subscription from every topic."""
        with self._lock:
            for topic in sub.topics:
                found = self._subscribers.get(topic)
                if found is not None:
                    found.discard(sub)
                    if not found:
                        del self._subscribers[topic]

    def publish(self, topic: str, kind: str, data: dict[str, Any]) -> None:
        """Send an event to every subscriber of ``topic`` (call it after the commit)."""
        event = LiveEvent(kind, data, topic)
        for sub in self._subscribers_of(topic):
            self._send(sub, event)

    def close(self) -> None:
        """End every stream (the app is stopping)."""
        with self._lock:
            subs = {s for group in self._subscribers.values() for s in group}
            self._subscribers.clear()
        for sub in subs:
            self._send(sub, None)

    def subscriber_count(self, topic: str) -> int:
        """How many streams listen to ``topic``."""
        with self._lock:
            return len(self._subscribers.get(topic, ()))

    def _subscribers_of(self, topic: str) -> list[Subscription]:
        with self._lock:
            return list(self._subscribers.get(topic, ()))

    def _send(self, sub: Subscription, event: LiveEvent | None) -> None:
        try:
            sub.loop.call_soon_threadsafe(sub._deliver, event)
        except RuntimeError:
            # The subscriber's loop is closed: the stream is gone.
            self.unsubscribe(sub)


def message_payload(message: Message, author: MessageAuthor | None = None) -> dict[str, Any]:
    """A message as the widget sees it (live and through its API): no case or conversation
    ids, which would open the conversation through the trusted ``/v1`` API."""
    if message.direction.value == "inbound":
        sender, name = "customer", "You"
    elif author is not None:
        sender, name = "agent", author.display_name
    else:
        sender, name = "bot", "Assistant"
    return {
        "id": message.id,
        "sender": sender,
        "author": name,
        "text": message.text,
        "created_at": message.created_at.isoformat(),
    }
