"""The live-update bus: published after commits from any thread, read by event streams."""

from __future__ import annotations

import asyncio
import threading

from fastapi.testclient import TestClient

from deskpilot.live import CONSOLE, LiveBus, LiveEvent


def test_live_bus_delivers_events_published_from_another_thread_in_order() -> None:
    async def scenario() -> list[LiveEvent | None]:
        bus = LiveBus()
        sub = bus.subscribe(CONSOLE)
        publisher = threading.Thread(
            target=lambda: [bus.publish(CONSOLE, "case", {"n": n}) for n in range(3)]
        )
        publisher.start()
        publisher.join()
        got = [await asyncio.wait_for(sub.get(), 1) for _ in range(3)]
        bus.close()
        got.append(await asyncio.wait_for(sub.get(), 1))
        return got

    got = asyncio.run(scenario())
    assert [e.data["n"] for e in got[:3] if e is not None] == [0, 1, 2]
    assert got[3] is None, "closing the bus ends the stream"


def test_live_bus_sends_a_topic_only_to_its_subscribers() -> None:
    async def scenario() -> tuple[int, int, bool]:
        bus = LiveBus()
        mine, other = bus.subscribe("conversation:a"), bus.subscribe("conversation:b")
        bus.publish("conversation:a", "message", {"text": "for a"})
        await asyncio.wait_for(mine.get(), 1)
        other.close()
        counts = bus.subscriber_count("conversation:a"), bus.subscriber_count("conversation:b")
        bus.publish("conversation:a", "message", {"text": "again"})
        await asyncio.sleep(0)
        return counts[0], counts[1], other._queue.empty()

    assert asyncio.run(scenario()) == (1, 0, True)


def test_a_stream_that_falls_behind_is_closed_so_its_client_reloads() -> None:
    async def scenario() -> list[LiveEvent | None]:
        bus = LiveBus(maxsize=2)
        sub = bus.subscribe(CONSOLE)
        for n in range(5):
            bus.publish(CONSOLE, "case", {"n": n})
        await asyncio.sleep(0.01)
        return [await asyncio.wait_for(sub.get(), 1)]

    assert asyncio.run(scenario()) == [None]


def test_the_console_stream_needs_a_session(client: TestClient) -> None:
    response = client.get("/console/events")
    assert response.status_code == 401
