"""The live bus, in-process and through Redis: the same behaviour either way. Events carry
ordered ids; a subscriber that gives the last id it saw gets the events it missed first."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterator

import pytest

from deskpilot.errors import InputError
from deskpilot.live import CONSOLE, LiveBus, LiveEvent, conversation_topic, shared_bus
from tests.scale.conftest import REDIS_URL

BusFactory = Callable[[], LiveBus]


@pytest.fixture(params=["in-process", "redis"])
def make_bus(request: pytest.FixtureRequest) -> Iterator[BusFactory]:
    """Buses to test: in-process ones share nothing; Redis ones share one stream."""
    made: list[LiveBus] = []

    def make() -> LiveBus:
        if request.param == "in-process":
            bus = made[0] if made else LiveBus()
        else:
            bus = shared_bus(REDIS_URL, prefix=request.getfixturevalue("redis_prefix"))
        made.append(bus)
        return bus

    yield make
    for bus in {id(b): b for b in made}.values():
        bus.close()


async def _take(sub: object, n: int) -> list[LiveEvent]:
    got = []
    for _ in range(n):
        event = await asyncio.wait_for(sub.get(), 5)  # type: ignore[attr-defined]
        assert event is not None
        got.append(event)
    return got


def test_live_bus_gives_every_event_an_id_in_publishing_order(make_bus: BusFactory) -> None:
    async def scenario() -> list[LiveEvent]:
        bus = make_bus()
        sub = bus.subscribe(CONSOLE)
        for n in range(3):
            bus.publish(CONSOLE, "case", {"n": n})
        return await _take(sub, 3)

    got = asyncio.run(scenario())
    assert [e.data["n"] for e in got] == [0, 1, 2]
    ids = [tuple(int(part) for part in e.id.split("-")) for e in got]
    assert ids == sorted(ids) and len(set(ids)) == 3


def test_live_bus_replays_what_a_reconnecting_subscriber_missed(make_bus: BusFactory) -> None:
    mine = conversation_topic("c1")

    async def scenario() -> tuple[list[LiveEvent], list[LiveEvent]]:
        bus = make_bus()
        first = bus.subscribe(mine, CONSOLE)
        bus.publish(mine, "message", {"n": 1})
        seen = await _take(first, 1)
        first.close()
        # While the client is away: its topics and another conversation's.
        bus.publish(mine, "message", {"n": 2})
        bus.publish(conversation_topic("other"), "message", {"n": 99})
        bus.publish(CONSOLE, "case", {"n": 3})
        again = bus.subscribe(mine, CONSOLE, last_event_id=seen[-1].id)
        missed = await _take(again, 2)
        bus.publish(mine, "message", {"n": 4})
        return missed, await _take(again, 1)

    missed, live = asyncio.run(scenario())
    assert [e.data["n"] for e in missed] == [2, 3], "missed events of its topics, in order"
    assert [e.data["n"] for e in live] == [4], "then live events, none twice"


@pytest.mark.parametrize("last_event_id", ["", "not-an-id", "12", "1-2-3", "9" * 60])
def test_live_bus_ignores_a_malformed_last_event_id(
    make_bus: BusFactory, last_event_id: str
) -> None:
    async def scenario() -> list[LiveEvent]:
        bus = make_bus()
        bus.publish(CONSOLE, "case", {"n": 1})
        sub = bus.subscribe(CONSOLE, last_event_id=last_event_id)
        bus.publish(CONSOLE, "case", {"n": 2})
        return await _take(sub, 1)

    assert [e.data["n"] for e in asyncio.run(scenario())] == [2]


def test_live_bus_replays_everything_it_holds_after_an_id_older_than_all(
    make_bus: BusFactory,
) -> None:
    """A client last connected to an earlier run of the server missed all of this one."""

    async def scenario() -> list[LiveEvent]:
        bus = make_bus()
        for n in range(2):
            bus.publish(CONSOLE, "case", {"n": n})
        return await _take(bus.subscribe(CONSOLE, last_event_id="1-0"), 2)

    assert [e.data["n"] for e in asyncio.run(scenario())] == [0, 1]


def test_redis_buses_share_events_between_processes_subscribers(redis_prefix: str) -> None:
    """Two buses on one Redis stand for two processes: each one's events reach the other's
    subscribers, and a bus started later replays what came before it."""

    async def scenario() -> tuple[list[LiveEvent], list[LiveEvent]]:
        a = shared_bus(REDIS_URL, prefix=redis_prefix)
        b = shared_bus(REDIS_URL, prefix=redis_prefix)
        try:
            on_b = b.subscribe(CONSOLE)
            a.publish(CONSOLE, "case", {"from": "a"})
            got = await _take(on_b, 1)
            late = shared_bus(REDIS_URL, prefix=redis_prefix)
            try:
                replayed = await _take(late.subscribe(CONSOLE, last_event_id="0-0"), 1)
            finally:
                late.close()
            return got, replayed
        finally:
            a.close()
            b.close()

    got, replayed = asyncio.run(scenario())
    assert [e.data for e in got] == [{"from": "a"}]
    assert [e.id for e in replayed] == [got[0].id]


def test_shared_bus_rejects_a_url_that_is_not_redis() -> None:
    with pytest.raises(InputError, match="expected redis://"):
        shared_bus("http://127.0.0.1:6379")


def test_live_bus_ends_every_stream_and_any_new_one_while_draining(
    make_bus: BusFactory,
) -> None:
    async def scenario() -> tuple[LiveEvent | None, LiveEvent | None]:
        bus = make_bus()
        open_ = bus.subscribe(CONSOLE)
        bus.end_streams()
        late = bus.subscribe(CONSOLE)
        bus.publish(CONSOLE, "case", {"n": 1})
        return await asyncio.wait_for(open_.get(), 5), await asyncio.wait_for(late.get(), 5)

    assert asyncio.run(scenario()) == (None, None)


def test_the_redis_stream_expires_a_day_after_its_last_event(redis_prefix: str) -> None:
    """The stream carries recent messages' texts: it does not outlive its deployment's use."""
    import redis

    bus = shared_bus(REDIS_URL, prefix=redis_prefix)
    client = redis.Redis.from_url(REDIS_URL)
    try:
        bus.publish(CONSOLE, "case", {"n": 1})
        ttl = client.ttl(f"{redis_prefix}live")
    finally:
        bus.close()
        client.close()
    assert 23 * 3600 < ttl <= 24 * 3600
