"""The widget's event stream: its conversation's events, and its case's resolution picked out of
the console's stream (a person resolves a case in the console, which tells only the console)."""

from __future__ import annotations

from deskpilot.domain import EventType
from deskpilot.live import LiveEvent, Subscription

RESOLVED = "resolved"


class WidgetFeed:
    """A subscription to a conversation's topic and the console's, passing on the conversation's
    events and, of the console's, only ``resolved`` for this case (the rest is other people's)."""

    def __init__(self, subscription: Subscription, topic: str, case_id: str) -> None:
        self._subscription = subscription
        self._topic = topic
        self._case_id = case_id

    async def get(self) -> LiveEvent | None:
        """The next event for the visitor; None ends the stream."""
        while True:
            event = await self._subscription.get()
            if event is None or event.topic == self._topic:
                return event
            if (
                event.kind == "case"
                and event.data.get("case_id") == self._case_id
                and event.data.get("reason") == EventType.CASE_RESOLVED.value
            ):
                return LiveEvent(RESOLVED, {}, self._topic, event.id)

    def close(self) -> None:
        """Stop receiving events."""
        self._subscription.close()
