"""Live updates: an in-process publish/subscribe bus, fed after each commit, read by the
server-sent event streams of the console and the web chat widget.

Publishers run on any thread (request handlers, the SLA scheduler); each subscriber lives on an
event loop and receives events through that loop, so a slow reader never blocks a writer. A
subscriber that falls too far behind is closed: its client reconnects and reads the state again.

Every event carries an id, ordered across topics; the bus keeps the latest ``replay`` events, so
a client that reconnects with the id of the last event it saw (``Last-Event-ID``) gets those it
missed. ``RedisLiveBus`` (``_redis.py``) shares the same behaviour between processes.
"""

from __future__ import annotations

import asyncio
import logging
import threading
import time
from collections import deque
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
    id: str = ""


def event_order(event_id: str) -> tuple[int, int] | None:
    """Where an event id (``<milliseconds>-<sequence>``, as Redis streams write them) sorts;
    None for anything else (a client's ``Last-Event-ID`` is untrusted input)."""
    head, sep, tail = event_id.partition("-")
    if not sep or not head.isdigit() or not tail.isdigit() or len(event_id) > 40:
        return None
    return int(head), int(tail)


class Subscription:
    """One stream's inbox on its event loop; ``None`` from ``get`` means the stream must end."""

    def __init__(
        self,
        bus: LiveBus,
        topics: tuple[str, ...],
        maxsize: int,
        backlog: list[LiveEvent] | None = None,
    ) -> None:
        self.topics = topics
        self.loop = asyncio.get_running_loop()
        self._bus = bus
        missed = backlog or []
        self._queue: asyncio.Queue[LiveEvent | None] = asyncio.Queue(maxsize + len(missed))
        for event in missed:
            self._queue.put_nowait(event)
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


class Watch:
    """A thread's wait for events of one topic (``LiveBus.watch``): ``wait`` returns when one
    arrived since the last wait, or after the timeout."""

    def __init__(self, bus: LiveBus, topic: str) -> None:
        self.topic = topic
        self._bus = bus
        self._arrived = threading.Event()

    def wait(self, timeout: float) -> bool:
        """Whether an event of the topic arrived (since the last wait) within ``timeout``."""
        arrived = self._arrived.wait(timeout)
        self._arrived.clear()
        return arrived

    def close(self) -> None:
        """Stop watching."""
        self._bus.unwatch(self)

    def __enter__(self) -> Watch:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _notify(self) -> None:
        self._arrived.set()


class LiveBus:
    """Topics to subscribers in this process; ``publish`` is safe from any thread and never
    blocks. The latest ``replay`` events are kept for clients that reconnect."""

    def __init__(self, *, maxsize: int = 200, replay: int = 1000) -> None:
        self._subscribers: dict[str, set[Subscription]] = {}
        self._watches: dict[str, set[Watch]] = {}
        self._lock = threading.Lock()
        self._maxsize = maxsize
        self._recent: deque[tuple[tuple[int, int], LiveEvent]] = deque(maxlen=replay)
        # Ids start at this process's start time, so a client that saw the events of an
        # earlier run of the server gets every event of this one when it reconnects.
        self._epoch = time.time_ns() // 1_000_000
        self._sequence = 0
        self._ended = False

    def subscribe(self, *topics: str, last_event_id: str | None = None) -> Subscription:
        """A new subscription to ``topics``; call it on the loop that will read it. With the
        id of the last event a client saw, the subscription starts with the events it missed
        that the bus still holds (all it holds when the id is older than them)."""
        self._prepare()
        after = event_order(last_event_id) if last_event_id else None
        with self._lock:
            backlog = [] if after is None else self._missed(after, topics)
            sub = Subscription(self, topics, self._maxsize, backlog)
            if self._ended:
                sub._end()
                return sub
            for topic in topics:
                self._subscribers.setdefault(topic, set()).add(sub)
        return sub

    def watch(self, topic: str) -> Watch:
        """Wake a thread (not an event loop) when an event of ``topic`` arrives here, from
        this process or, on a shared bus, any other: an API process waiting for a worker's
        replies. Close it after."""
        self._prepare()
        found = Watch(self, topic)
        with self._lock:
            self._watches.setdefault(topic, set()).add(found)
        return found

    def unwatch(self, watch: Watch) -> None:
        """Remove a watch."""
        with self._lock:
            found = self._watches.get(watch.topic)
            if found is not None:
                found.discard(watch)
                if not found:
                    del self._watches[watch.topic]

    @property
    def shared(self) -> bool:
        """Whether other processes' events reach this process (False: in-process only)."""
        return False

    def health(self) -> str | None:
        """What keeps the bus from working, or None (an in-process bus always works)."""
        return None

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
        with self._lock:
            self._sequence += 1
            event = LiveEvent(kind, data, topic, f"{self._epoch}-{self._sequence}")
            subs = self._keep(event)
        for sub in subs:
            self._send(sub, event)

    def start(self) -> None:
        """Begin receiving events: nothing to do in-process; a shared bus starts reading."""

    def _prepare(self) -> None:
        """Hook run before a subscription starts (a shared bus makes sure it is reading)."""

    def _deliver(self, event: LiveEvent) -> None:
        """Keep ``event`` for replay and pass it to this process's subscribers of its topic.
        Events must arrive here in id order (one thread at a time)."""
        with self._lock:
            subs = self._keep(event)
        for sub in subs:
            self._send(sub, event)

    def _keep(self, event: LiveEvent) -> list[Subscription]:
        """Keep ``event`` for replay; its topic's subscribers (call with the lock held, so a
        new subscription gets each event once: in its backlog or live)."""
        order = event_order(event.id)
        if order is not None:
            self._recent.append((order, event))
        for watch in self._watches.get(event.topic, ()):
            watch._notify()
        return list(self._subscribers.get(event.topic, ()))

    def _missed(self, after: tuple[int, int], topics: tuple[str, ...]) -> list[LiveEvent]:
        """The kept events of ``topics`` after ``after`` (call with the lock held)."""
        return [e for order, e in self._recent if order > after and e.topic in topics]

    def end_streams(self) -> None:
        """End every stream, and any opened from now on (the server is draining: its clients
        reconnect to another process, with ``Last-Event-ID``). Publishing goes on."""
        with self._lock:
            self._ended = True
        self._end_all()

    def close(self) -> None:
        """End every stream (the app is stopping)."""
        self._end_all()

    def _end_all(self) -> None:
        with self._lock:
            subs = {s for group in self._subscribers.values() for s in group}
            self._subscribers.clear()
        for sub in subs:
            self._send(sub, None)

    def subscriber_count(self, topic: str) -> int:
        """How many streams listen to ``topic``."""
        with self._lock:
            return len(self._subscribers.get(topic, ()))

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
