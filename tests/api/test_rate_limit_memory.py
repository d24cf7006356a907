"""The public rate limits keep the keys of the last minute, not every conversation ever seen:
their memory is bounded by the traffic of a minute, whatever the traffic of a day."""

from __future__ import annotations

import pytest

from deskpilot.channels import SlidingWindow
from deskpilot.errors import RateLimited


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_a_window_forgets_the_conversations_of_past_minutes() -> None:
    clock = Clock()
    window = SlidingWindow(3, clock=clock)
    held = []
    for n in range(100_000):  # a conversation a second, each sending one message
        clock.now += 1.0
        window.hit(f"conv_{n:08d}", "messages in this conversation")
        held.append(len(window))
    # 60 conversations spoke in the last minute; quiet ones are swept once the keys held reach
    # twice what the last sweep left (at least 1,024): never 100,000 (about 90 MB).
    assert max(held) <= 1025
    assert 60 <= held[-1] <= 1025


def test_a_window_still_counts_a_busy_key_across_its_sweeps() -> None:
    clock = Clock()
    window = SlidingWindow(3, clock=clock)
    window.hit("busy", "messages")
    for n in range(5000):  # others come and go; the sweeps run many times meanwhile
        clock.now += 0.01
        window.hit(f"other_{n}", "messages")
    window.hit("busy", "messages")
    window.hit("busy", "messages")
    with pytest.raises(RateLimited) as refused:
        window.hit("busy", "messages")
    assert refused.value.data["retry_after"] == 11  # its first, 50 s ago, leaves in 10 s
    clock.now += 11.0
    window.hit("busy", "messages")  # the first has left the window
