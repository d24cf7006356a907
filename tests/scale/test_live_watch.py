"""A thread's watch on a live topic (``LiveBus.watch``), what an API process waiting for a
worker's replies listens to: woken by an event of its topic from another bus (another
process, through Redis), not by other topics' events."""

from __future__ import annotations

import threading
import time

from deskpilot.live import CONSOLE, LiveBus, conversation_topic, shared_bus
from tests.scale.conftest import REDIS_URL


def test_live_watch_wakes_on_its_topic_published_by_another_process(redis_prefix: str) -> None:
    api, worker = (shared_bus(REDIS_URL, prefix=redis_prefix) for _ in range(2))
    topic = conversation_topic("conv_watch")
    try:
        assert api.shared
        with api.watch(topic) as watch:
            worker.publish(CONSOLE, "case", {"case_id": "other"})
            worker.publish(conversation_topic("conv_other"), "message", {"id": "m0"})
            assert not watch.wait(0.6), "another topic's events do not wake it"
            later = threading.Timer(0.3, worker.publish, (topic, "message", {"id": "m1"}))
            began = time.monotonic()
            later.start()
            assert watch.wait(5), "its topic's event, from another bus, wakes it"
            assert time.monotonic() - began < 3
            assert not watch.wait(0.2), "each event wakes it once"
        worker.publish(topic, "message", {"id": "m2"})
        assert not watch.wait(0.5), "a closed watch hears nothing more"
    finally:
        api.close()
        worker.close()


def test_live_watch_in_process_hears_this_process_only() -> None:
    bus = LiveBus()
    topic = conversation_topic("conv_local")
    assert not bus.shared, "the pipeline looks at the database more often then"
    with bus.watch(topic) as watch:
        bus.publish(topic, "message", {"id": "m1"})
        assert watch.wait(1)
