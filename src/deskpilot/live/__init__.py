"""Live updates: an in-process publish/subscribe bus, fed after each commit (by the hand-off desk,
the agents' desk, the web chat), and read as server-sent event streams by the console and the
web chat widget. See ``docs/console.md``.
"""

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
    "sse_response",
]
