"""The live bus shared by every process through one Redis stream.

Each event is appended (``XADD``) to a stream capped at about ``replay`` entries; the stream's
entry id is the event's id. A process with subscribers reads the stream on one thread and hands
each event to its own subscribers, in stream order, keeping the latest ones for replay as the
in-process bus does. A process starting up first loads the stream's tail, so a client that
reconnects to a different server (behind a load balancer) still gets what it missed.
"""

from __future__ import annotations

import json
import logging
import math
import threading
import time
from datetime import datetime, timedelta
from typing import Any, cast

import redis

from deskpilot.live._bus import LiveBus, LiveEvent
from deskpilot.live._viewers import TYPING_SECONDS, MemoryCaseViewers

logger = logging.getLogger(__name__)

# A stream entry as the client returns it: its id and its fields.
Entry = tuple[bytes, dict[bytes, bytes]]

# How long one read waits for new entries before looking whether the bus is closing.
READ_BLOCK_MS = 250
RECONNECT_SECONDS = 1.0
# The stream holds recent messages' texts: gone a day after the last event, whatever its length.
STREAM_TTL_SECONDS = 24 * 3600
# How long a new subscription waits for the stream's tail while Redis does not answer.
LOAD_WAIT_SECONDS = 1.0
# A command that gets no answer for this long fails (Redis hung, or the network).
SOCKET_TIMEOUT_SECONDS = 5.0
# How long who-views-a-case stays in this process only after Redis failed to answer.
VIEWERS_RETRY_SECONDS = 10.0


def client_for(url: str) -> redis.Redis:
    """A client of the Redis server at ``url`` (``redis://host:port/db``); connects lazily."""
    return redis.Redis.from_url(
        url,
        socket_connect_timeout=3,
        socket_timeout=SOCKET_TIMEOUT_SECONDS,
        health_check_interval=30,
    )


class RedisLiveBus(LiveBus):
    """A ``LiveBus`` whose events go through the Redis stream ``<prefix>live``, so every
    process's subscribers get every process's events."""

    def __init__(
        self,
        client: redis.Redis,
        *,
        prefix: str = "deskpilot:",
        maxsize: int = 200,
        replay: int = 1000,
    ) -> None:
        super().__init__(maxsize=maxsize, replay=replay)
        self._client = client
        self.stream = f"{prefix}live"
        self._replay = replay
        self._stop = threading.Event()
        self._reader: threading.Thread | None = None
        self._started = threading.Lock()
        self._loaded = threading.Event()

    def publish(self, topic: str, kind: str, data: dict[str, Any]) -> None:
        """Append the event to the shared stream (after the commit). An unreachable Redis
        loses the update, never the request: the consoles catch up when they reload."""
        fields: dict[Any, Any] = {"topic": topic, "kind": kind, "data": json.dumps(data)}
        try:
            with self._client.pipeline(transaction=False) as batch:
                batch.xadd(self.stream, fields, maxlen=self._replay, approximate=True)
                batch.expire(self.stream, STREAM_TTL_SECONDS)
                batch.execute()
        except redis.RedisError as exc:
            logger.warning("live update %s on %s lost: Redis unreachable (%s)", kind, topic, exc)

    @property
    def shared(self) -> bool:
        """Every process's events reach this one, through the stream."""
        return True

    def health(self) -> str | None:
        """None when Redis answers, else what went wrong."""
        try:
            self._client.ping()
        except redis.RedisError as exc:
            return f"Redis unreachable: {type(exc).__name__}"
        return None

    def close(self) -> None:
        """End every stream, stop reading, and release the connections."""
        self._stop.set()
        if self._reader is not None:
            self._reader.join(timeout=READ_BLOCK_MS / 1000 + 2)
        super().close()
        self._client.close()

    def start(self) -> None:
        """Start reading the stream (at the app's start-up, or on the first subscription)."""
        with self._started:
            if self._reader is None:
                self._reader = threading.Thread(
                    target=self._read, name="deskpilot-live-redis", daemon=True
                )
                self._reader.start()

    def _prepare(self) -> None:
        """Make sure the stream's tail is loaded, which a reconnecting client's missed events
        come from (at once after start-up; a moment at most while Redis is unreachable)."""
        self.start()
        self._loaded.wait(timeout=LOAD_WAIT_SECONDS)

    def _read(self) -> None:
        last = ""
        failing = False
        while not self._stop.is_set():
            try:
                if not last:
                    last = self._load_tail()
                    self._loaded.set()
                last = self._read_after(last)
            except redis.RedisError as exc:
                if not failing:
                    logger.warning("reading live updates from Redis failed (%s); retrying", exc)
                failing = True
                self._stop.wait(RECONNECT_SECONDS)
            else:
                if failing:
                    logger.info("reading live updates from Redis again")
                failing = False

    def _load_tail(self) -> str:
        """Keep the stream's latest entries for replay; the id to read after."""
        entries: list[Entry] = cast(Any, self._client.xrevrange(self.stream, count=self._replay))
        for entry_id, fields in reversed(entries):
            self._deliver(_event(entry_id, fields))
        return _text(entries[0][0]) if entries else "0-0"

    def _read_after(self, last: str) -> str:
        """Hand on the entries after ``last`` (waiting a moment for some); the new last id."""
        found: list[tuple[bytes, list[Entry]]] | None = cast(
            Any, self._client.xread({self.stream: last}, block=READ_BLOCK_MS)
        )
        for _stream, entries in found or []:
            for entry_id, fields in entries:
                event = _event(entry_id, fields)
                self._deliver(event)
                last = event.id
        return last


def _text(value: bytes | str) -> str:
    return value.decode() if isinstance(value, bytes) else value


def _event(entry_id: bytes | str, fields: dict[bytes, bytes]) -> LiveEvent:
    """A stream entry as an event (an entry some other writer left malformed is skipped as
    an event of no topic)."""
    values = {_text(k): _text(v) for k, v in fields.items()}
    try:
        data = json.loads(values.get("data", "{}"))
    except ValueError:
        data = {}
    return LiveEvent(
        values.get("kind", ""),
        data if isinstance(data, dict) else {},
        values.get("topic", ""),
        _text(entry_id),
    )


class RedisHeartbeats:
    """Agents' heartbeats in the Redis hash ``<prefix>heartbeats``, seen by every process;
    also kept here, and read from here while Redis does not answer."""

    def __init__(self, client: redis.Redis, *, prefix: str = "deskpilot:") -> None:
        self._client = client
        self.key = f"{prefix}heartbeats"
        self._local: dict[str, datetime] = {}
        self._lock = threading.Lock()

    def note(self, username: str, at: datetime) -> None:
        """Record the heartbeat for every process."""
        with self._lock:
            self._local[username] = at
        try:
            self._client.hset(self.key, username, at.isoformat())
        except redis.RedisError as exc:
            logger.warning("a heartbeat was kept in this process only: %s", type(exc).__name__)

    def last(self, username: str) -> datetime | None:
        """The latest heartbeat any process heard (this one's while Redis is unreachable)."""
        with self._lock:
            local = self._local.get(username)
        try:
            stored = cast(bytes | None, self._client.hget(self.key, username))
        except redis.RedisError:
            return local
        shared = datetime.fromisoformat(_text(stored)) if stored else None
        known = [t for t in (local, shared) if t is not None]
        return max(known) if known else None


class RedisCaseViewers:
    """Who has each case open, in the Redis hash ``<prefix>viewing:<case id>`` (username to
    display name and time), and who is typing a reply in it, in ``<prefix>typing:<case id>``,
    seen by every process. Each mark refreshes its hash's TTL, so a case nobody looks at any
    more leaves no key behind. Also kept here, and read from here while Redis does not answer."""

    def __init__(
        self, client: redis.Redis, *, prefix: str = "deskpilot:", ttl_seconds: float = 90
    ) -> None:
        self._client = client
        self.prefix = f"{prefix}viewing:"
        self.typing_prefix = f"{prefix}typing:"
        self._ttl = max(1, math.ceil(ttl_seconds))
        self._typing_ttl = math.ceil(TYPING_SECONDS) + 1
        self._local = MemoryCaseViewers()
        # After a failure Redis is left alone for a moment: a hung server would otherwise hold
        # every case page for the socket timeout.
        self._retry_at = 0.0

    def _usable(self) -> bool:
        return time.monotonic() >= self._retry_at

    def _failed(self, exc: redis.RedisError) -> None:
        self._retry_at = time.monotonic() + VIEWERS_RETRY_SECONDS
        logger.warning("who views a case is kept in this process only: %s", type(exc).__name__)

    def seen(self, case_id: str, username: str, display_name: str, now: datetime) -> None:
        """``username`` has the case open now, for every process."""
        self._local.seen(case_id, username, display_name, now)
        self._put([(self.prefix, self._ttl)], case_id, username, display_name, now)

    def others(self, case_id: str, username: str, now: datetime, within: timedelta) -> list[str]:
        """The other agents any process saw on the case within ``within`` (this process's
        only, while Redis is unreachable)."""
        names = self._local.others(case_id, username, now, within)
        return self._read(self.prefix, case_id, username, now, within, names)

    def typed(self, case_id: str, username: str, display_name: str, now: datetime) -> bool:
        """``username`` is typing in the case now, for every process (and has it open); False
        when this process passed it on less than ``TYPING_INTERVAL`` ago."""
        if not self._local.typed(case_id, username, display_name, now):
            return False
        keys = [(self.typing_prefix, self._typing_ttl), (self.prefix, self._ttl)]
        self._put(keys, case_id, username, display_name, now)
        return True

    def typing(self, case_id: str, username: str, now: datetime) -> list[str]:
        """The other agents any process heard typing in the case within ``TYPING_SECONDS``."""
        names = self._local.typing(case_id, username, now)
        within = timedelta(seconds=TYPING_SECONDS)
        # Only Redis knows a reply sent through another process: this one's marks are for
        # while it does not answer.
        return self._read(self.typing_prefix, case_id, username, now, within, names, keep=False)

    def stopped_typing(self, case_id: str, username: str) -> None:
        """``username`` sent their reply: no longer typing in the case, for every process."""
        self._local.stopped_typing(case_id, username)
        if not self._usable():
            return
        try:
            self._client.hdel(self.typing_prefix + case_id, username)
        except redis.RedisError as exc:
            self._failed(exc)

    def _put(
        self,
        keys: list[tuple[str, int]],
        case_id: str,
        username: str,
        display_name: str,
        now: datetime,
    ) -> None:
        """Mark ``username`` in each hash of ``keys`` (prefix, TTL) for the case."""
        if not self._usable():
            return
        value = json.dumps({"name": display_name, "at": now.isoformat()})
        try:
            with self._client.pipeline(transaction=False) as batch:
                for prefix, ttl in keys:
                    batch.hset(prefix + case_id, username, value)
                    batch.expire(prefix + case_id, ttl)
                batch.execute()
        except redis.RedisError as exc:
            self._failed(exc)

    def _read(
        self,
        prefix: str,
        case_id: str,
        username: str,
        now: datetime,
        within: timedelta,
        known: list[str],
        *,
        keep: bool = True,
    ) -> list[str]:
        """The others marked in the case's hash within ``within``, with those ``known`` here
        (only while Redis does not answer, unless ``keep``)."""
        if not self._usable():
            return sorted(known)
        try:
            stored = cast(dict[bytes, bytes], self._client.hgetall(prefix + case_id))
        except redis.RedisError as exc:
            self._failed(exc)
            return sorted(known)
        names = set(known if keep else [])
        for user, raw in stored.items():
            try:
                value = json.loads(raw)
                at = datetime.fromisoformat(value["at"])
            except (ValueError, KeyError, TypeError):
                continue
            if _text(user) != username and now - at <= within:
                names.add(str(value.get("name", _text(user))))
        return sorted(names)
