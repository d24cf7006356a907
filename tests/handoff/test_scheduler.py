"""The SLA scheduler: ticks driven by hand with a ManualClock; the thread starts and stops."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

import pytest

from deskpilot.errors import ConflictError, InputError
from deskpilot.handoff import (
    ManualClock,
    Priority,
    RoutingConfig,
    SlaEvent,
    SlaEventType,
    SlaScheduler,
    SlaTracker,
)

START = datetime(2025, 6, 2, 10, tzinfo=UTC)


@pytest.fixture
def tracker(config: RoutingConfig) -> SlaTracker:
    tracker = SlaTracker(config)
    tracker.open_case("vip1", queue="vip", priority=Priority.HIGH, at=START)
    return tracker


def test_sla_scheduler_tick_emits_each_alert_once(tracker: SlaTracker) -> None:
    clock = ManualClock(START)
    log: list[SlaEvent] = []
    scheduler = SlaScheduler(tracker, clock, log.extend)
    assert scheduler.tick() == []
    clock.advance(timedelta(minutes=45))
    assert [e.type for e in scheduler.tick()] == [SlaEventType.WARNING]
    assert scheduler.tick() == []
    clock.advance(timedelta(minutes=15))
    assert [e.type for e in scheduler.tick()] == [SlaEventType.BREACHED]
    assert [e.type for e in log] == [SlaEventType.WARNING, SlaEventType.BREACHED]
    assert tracker.priority("vip1") is Priority.URGENT


def test_sla_scheduler_failed_emit_is_retried_next_tick(tracker: SlaTracker) -> None:
    clock = ManualClock(START + timedelta(minutes=50))
    log: list[SlaEvent] = []
    failures = [RuntimeError("database is down")]

    def emit(events: list[SlaEvent]) -> None:
        if failures:
            raise failures.pop()
        log.extend(events)

    scheduler = SlaScheduler(tracker, clock, emit)
    with pytest.raises(RuntimeError, match="database is down"):
        scheduler.tick()
    assert log == []
    assert [e.type for e in scheduler.tick()] == [SlaEventType.WARNING]
    assert len(log) == 1


def test_sla_scheduler_thread_ticks_and_stops(tracker: SlaTracker) -> None:
    clock = ManualClock(START + timedelta(hours=2))
    delivered = threading.Event()
    calls: list[list[SlaEvent]] = []

    def emit(events: list[SlaEvent]) -> None:
        calls.append(events)
        delivered.set()

    scheduler = SlaScheduler(tracker, clock, emit, interval=3600)
    with scheduler:
        assert scheduler.running
        with pytest.raises(ConflictError, match="already running"):
            scheduler.start()
        # The first tick runs at once; waiting on the event is bounded, never a sleep.
        assert delivered.wait(timeout=10)
    assert not scheduler.running
    assert [e.type for e in calls[0]] == [SlaEventType.WARNING, SlaEventType.BREACHED]


def test_sla_scheduler_thread_survives_a_failing_emit(
    tracker: SlaTracker, caplog: pytest.LogCaptureFixture
) -> None:
    clock = ManualClock(START + timedelta(hours=2))
    attempted = threading.Event()

    def emit(events: list[SlaEvent]) -> None:
        attempted.set()
        raise RuntimeError("database is down")

    scheduler = SlaScheduler(tracker, clock, emit, interval=3600)
    scheduler.start()
    assert attempted.wait(timeout=10)
    scheduler.stop()
    assert not scheduler.running
    assert "SLA tick failed" in caplog.text
    # Nothing was marked: the alerts are still due.
    assert len(tracker.due_events(clock.now())) == 2


def test_sla_scheduler_interval_must_be_positive(tracker: SlaTracker) -> None:
    with pytest.raises(InputError, match="interval must be positive"):
        SlaScheduler(tracker, ManualClock(START), lambda events: None, interval=0)
