"""Server-sent event responses over a live-bus subscription."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from typing import Protocol

from fastapi.responses import StreamingResponse

from deskpilot.live._bus import LiveEvent

KEEPALIVE_SECONDS = 15.0


class EventSource(Protocol):
    """What a stream reads: a ``Subscription``, or a filter over one."""

    async def get(self) -> LiveEvent | None:
        """The next event; None ends the stream."""
        ...

    def close(self) -> None:
        """Stop receiving events."""
        ...


def sse_response(
    subscription: EventSource, *, keepalive: float = KEEPALIVE_SECONDS
) -> StreamingResponse:
    """A ``text/event-stream`` of the subscription's events, with keep-alive comments.

    The stream ends when the bus closes the subscription (the app stops, or the reader fell
    behind) or when the client goes away; either way the subscription is released.
    """

    async def body() -> AsyncIterator[str]:
        """The stream's text, event by event."""
        try:
            yield "retry: 3000\n: connected\n\n"
            while True:
                try:
                    event = await asyncio.wait_for(subscription.get(), keepalive)
                except TimeoutError:
                    yield ": keep-alive\n\n"
                    continue
                if event is None:
                    return
                # The id comes back as Last-Event-ID when the browser reconnects.
                head = f"id: {event.id}\n" if event.id else ""
                yield f"{head}event: {event.kind}\ndata: {json.dumps(event.data)}\n\n"
        finally:
            subscription.close()

    return StreamingResponse(
        body(),
        media_type="text/event-stream",
        headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"},
    )
