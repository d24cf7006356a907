"""Clocks: the manual clock moves only forward and only when told; the system clock is UTC."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from deskpilot.errors import InputError
from deskpilot.handoff import Clock, ManualClock, SystemClock


def test_manual_clock_moves_only_when_told() -> None:
    clock: Clock = ManualClock(datetime(2025, 6, 2, 11, tzinfo=timezone(timedelta(hours=2))))
    assert clock.now() == datetime(2025, 6, 2, 9, tzinfo=UTC)
    assert clock.now().tzinfo is UTC
    assert isinstance(clock, ManualClock)
    assert clock.advance(timedelta(minutes=5)) == datetime(2025, 6, 2, 9, 5, tzinfo=UTC)
    assert clock.set(datetime(2025, 6, 3, tzinfo=UTC)) == clock.now()


def test_manual_clock_refuses_to_go_back_or_be_naive() -> None:
    clock = ManualClock(datetime(2025, 6, 2, tzinfo=UTC))
    with pytest.raises(InputError, match="only moves forward"):
        clock.advance(timedelta(seconds=-1))
    with pytest.raises(InputError, match="only moves forward"):
        clock.set(datetime(2025, 6, 1, tzinfo=UTC))
    with pytest.raises(InputError, match="timezone-aware"):
        ManualClock(datetime(2025, 6, 2))


def test_system_clock_is_aware_utc() -> None:
    before = datetime.now(UTC)
    now = SystemClock().now()
    assert now.tzinfo is UTC
    assert before <= now <= datetime.now(UTC)
