"""Who has which case open, in Redis: what one process notes, another reads; entries go after
the presence timeout and the key expires with its last ping; without Redis answering, each
process still knows its own pages."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import redis

from deskpilot.live import shared_viewers
from tests.scale._processes import free_port
from tests.scale.conftest import REDIS_URL

NOW = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
WITHIN = timedelta(seconds=90)


def test_viewers_noted_by_one_process_are_read_by_another(redis_prefix: str) -> None:
    a = shared_viewers(REDIS_URL, prefix=redis_prefix, ttl_seconds=90)
    b = shared_viewers(REDIS_URL, prefix=redis_prefix, ttl_seconds=90)
    a.seen("case_1", "alice", "Alice", NOW)
    b.seen("case_1", "bob", "Bob", NOW + timedelta(seconds=30))
    assert b.others("case_1", "bob", NOW + timedelta(seconds=40), WITHIN) == ["Alice"]
    assert a.others("case_1", "alice", NOW + timedelta(seconds=40), WITHIN) == ["Bob"]
    assert a.others("case_2", "alice", NOW, WITHIN) == []
    # Alice's page went silent: past the timeout she is no longer named, Bob still is.
    later = NOW + timedelta(seconds=100)
    assert b.others("case_1", "bob", later, WITHIN) == []
    assert a.others("case_1", "carol", later, WITHIN) == ["Bob"]
    client = redis.Redis.from_url(REDIS_URL)
    try:
        assert 0 < client.ttl(f"{redis_prefix}viewing:case_1") <= 90
    finally:
        client.close()


def test_viewers_stay_in_the_process_while_redis_does_not_answer() -> None:
    dead = f"redis://127.0.0.1:{free_port()}/0"
    a = shared_viewers(dead, prefix="dptest:none:", ttl_seconds=90)
    a.seen("case_1", "alice", "Alice", NOW)
    a.seen("case_1", "bob", "Bob", NOW)
    assert a.others("case_1", "bob", NOW, WITHIN) == ["Alice"]
    assert a.typed("case_1", "bob", "Bob", NOW) is True
    assert a.typing("case_1", "alice", NOW) == ["Bob"]


def test_typing_noted_by_one_process_is_read_by_another_and_expires(redis_prefix: str) -> None:
    a = shared_viewers(REDIS_URL, prefix=redis_prefix, ttl_seconds=90)
    b = shared_viewers(REDIS_URL, prefix=redis_prefix, ttl_seconds=90)
    assert a.typed("case_1", "bob", "Bob", NOW) is True
    # Signalled again at once: nothing new to pass on.
    assert a.typed("case_1", "bob", "Bob", NOW + timedelta(seconds=1)) is False
    assert b.typing("case_1", "alice", NOW + timedelta(seconds=3)) == ["Bob"]
    assert b.typing("case_1", "bob", NOW + timedelta(seconds=3)) == []  # not his own
    # Typing is viewing too.
    assert b.others("case_1", "alice", NOW + timedelta(seconds=3), WITHIN) == ["Bob"]
    # A few seconds without a key: no longer typing, still viewing.
    assert b.typing("case_1", "alice", NOW + timedelta(seconds=7)) == []
    assert b.others("case_1", "alice", NOW + timedelta(seconds=7), WITHIN) == ["Bob"]
    client = redis.Redis.from_url(REDIS_URL)
    try:
        assert 0 < client.ttl(f"{redis_prefix}typing:case_1") <= 7
    finally:
        client.close()
    # Typing again, then the reply is sent through the other process: no longer typing on
    # either, though the first still holds the signal it passed on.
    assert a.typed("case_1", "bob", "Bob", NOW + timedelta(seconds=10)) is True
    assert b.typing("case_1", "alice", NOW + timedelta(seconds=11)) == ["Bob"]
    b.stopped_typing("case_1", "bob")
    assert a.typing("case_1", "alice", NOW + timedelta(seconds=11)) == []
    assert b.typing("case_1", "alice", NOW + timedelta(seconds=11)) == []
