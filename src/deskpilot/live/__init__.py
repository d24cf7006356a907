"""Live updates: an in-process publish/subscribe bus, fed after each commit (by the hand-off desk,
the agents' desk, the web chat), and read as server-sent event streams by the console and the
web chat widget. See ``docs/console.md``; ``shared_bus`` carries them between processes
through Redis (``docs/scaling.md``).
"""

from deskpilot.errors import InputError
from deskpilot.live._bus import (
    CONSOLE,
    LiveBus,
    LiveEvent,
    Subscription,
    conversation_topic,
    message_payload,
)
from deskpilot.live._sse import EventSource, sse_response

__all__ = [
    "CONSOLE",
    "EventSource",
    "LiveBus",
    "LiveEvent",
    "Subscription",
    "conversation_topic",
    "message_payload",
    "shared_bus",
    "sse_response",
]


def shared_bus(url: str, *, prefix: str = "deskpilot:") -> LiveBus:
    """A live bus shared by every process using the Redis server at ``url``."""
    try:
        from deskpilot.live._redis import RedisLiveBus
    except ImportError as exc:
        raise InputError(
            "DESKPILOT_REDIS_URL is set but the redis package is not installed "
            "(pip install 'deskpilot[redis]')",
            field="redis_url",
        ) from exc
    try:
        return RedisLiveBus.from_url(url, prefix=prefix)
    except ValueError as exc:
        raise InputError(
            f"DESKPILOT_REDIS_URL: expected redis://host:port/db, got {url!r} ({exc})",
            field="redis_url",
        ) from exc
