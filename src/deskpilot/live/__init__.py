"""Live updates: an in-process publish/subscribe bus, fed after each commit (by the hand-off desk,
the agents' desk, the web chat), and read as server-sent event streams by the console and the
web chat widget. See ``docs/console.md``; ``shared_bus`` carries them between processes
through Redis (``docs/scaling.md``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from deskpilot.errors import InputError
from deskpilot.live._bus import (
    CONSOLE,
    LiveBus,
    LiveEvent,
    Subscription,
    Watch,
    conversation_topic,
    message_payload,
)
from deskpilot.live._sse import EventSource, sse_response
from deskpilot.live._viewers import CaseViewers, MemoryCaseViewers

if TYPE_CHECKING:
    from redis import Redis

    from deskpilot.live._redis import RedisCaseViewers, RedisHeartbeats

__all__ = [
    "CONSOLE",
    "CaseViewers",
    "EventSource",
    "LiveBus",
    "LiveEvent",
    "MemoryCaseViewers",
    "Subscription",
    "Watch",
    "conversation_topic",
    "message_payload",
    "shared_bus",
    "shared_heartbeats",
    "shared_viewers",
    "sse_response",
]


def shared_bus(url: str, *, prefix: str = "deskpilot:") -> LiveBus:
    """A live bus shared by every process using the Redis server at ``url``."""
    from deskpilot.live._redis import RedisLiveBus

    return RedisLiveBus(_redis_client(url), prefix=prefix)


def shared_heartbeats(url: str, *, prefix: str = "deskpilot:") -> RedisHeartbeats:
    """Agents' console heartbeats, seen by every process using the Redis server at ``url``."""
    from deskpilot.live._redis import RedisHeartbeats

    return RedisHeartbeats(_redis_client(url), prefix=prefix)


def shared_viewers(
    url: str, *, prefix: str = "deskpilot:", ttl_seconds: float = 90
) -> RedisCaseViewers:
    """Who has which case open, seen by every process using the Redis server at ``url``; a
    case page's entry lasts ``ttl_seconds`` after its last ping."""
    from deskpilot.live._redis import RedisCaseViewers

    return RedisCaseViewers(_redis_client(url), prefix=prefix, ttl_seconds=ttl_seconds)


def _redis_client(url: str) -> Redis:
    try:
        from deskpilot.live._redis import client_for
    except ImportError as exc:
        raise InputError(
            "DESKPILOT_REDIS_URL is set but the redis package is not installed "
            "(pip install 'deskpilot[redis]')",
            field="redis_url",
        ) from exc
    try:
        return client_for(url)
    except ValueError as exc:
        raise InputError(
            f"DESKPILOT_REDIS_URL: expected redis://host:port/db, got {url!r} ({exc})",
            field="redis_url",
        ) from exc
