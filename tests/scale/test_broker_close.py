"""A worker's broker connection closed twice at once (the turn's thread and the consumer, when
Redis goes away mid-turn) leaves the turn in hand to its lease instead of stopping the worker.

Kombu's own Redis channel fails that second close with an ``AttributeError`` that Celery
treats as unrecoverable: the worker stayed up without ever consuming again (seen in
``test_faults.py``'s Redis restart, about one run in four).
"""

from __future__ import annotations

import json
import time

import pytest

from deskpilot.settings import Settings
from deskpilot.worker import celery_app
from deskpilot.worker._celery import QUEUE
from tests.scale.conftest import REDIS_URL


def _app(prefix: str) -> object:
    return celery_app(
        Settings(redis_url=REDIS_URL, redis_prefix=prefix, turns="worker", turn_lease_seconds=1)
    )


def test_a_channel_closed_after_its_connection_keeps_the_turn_for_its_lease(
    redis_prefix: str,
) -> None:
    import redis

    app = _app(redis_prefix)
    app.send_task("deskpilot.take_turn", args=("c-1", "m-1"), queue=QUEUE)  # type: ignore[attr-defined]
    connection = app.connection_for_read()  # type: ignore[attr-defined]
    channel = connection.default_channel
    message = channel.basic_get(QUEUE, no_ack=False)
    assert message is not None, "the turn was queued"
    # What the other thread's close does first: the transport forgets its connection.
    connection.transport.client = None
    channel.close()  # Kombu's own channel raised AttributeError here
    client = redis.Redis.from_url(REDIS_URL)
    try:
        unacked = client.hgetall(f"{redis_prefix}unacked")
        assert len(unacked) == 1, "the turn in hand stays in the broker's unacknowledged set"
        payload = json.loads(next(iter(unacked.values())))
        assert payload[0]["headers"]["argsrepr"] == "('c-1', 'm-1')"
    finally:
        client.close()
    # Once its lease ends, the next worker's scan hands the turn back to the queue.
    time.sleep(1.2)
    again = _app(redis_prefix).connection_for_read()  # type: ignore[attr-defined]
    try:
        again.default_channel.qos.restore_visible(num=10, interval=0)
        redelivered = again.default_channel.basic_get(QUEUE, no_ack=True)
        assert redelivered is not None, "the turn came back after its lease"
        assert redelivered.headers["argsrepr"] == "('c-1', 'm-1')"
    finally:
        again.release()


def test_kombus_own_channel_fails_that_close(redis_prefix: str) -> None:
    """The failure the worker's transport exists for (so the test above means something)."""
    from kombu import Connection

    connection = Connection(
        REDIS_URL, transport_options={"global_keyprefix": redis_prefix, "visibility_timeout": 1}
    )
    producer = connection.Producer()
    producer.publish({"x": 1}, routing_key=QUEUE, declare=[connection.SimpleQueue(QUEUE).queue])
    channel = connection.default_channel
    assert channel.basic_get(QUEUE, no_ack=False) is not None
    connection.transport.client = None
    with pytest.raises(AttributeError):
        channel.close()
