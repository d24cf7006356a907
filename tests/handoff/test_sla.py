"""SLA clocks: business time only, paused while waiting on the customer, warnings then breaches
with the configured action. Time moves by ``ManualClock``; nothing sleeps."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest

from deskpilot.errors import ConflictError, InputError, NotFoundError
from deskpilot.handoff import (
    AgentState,
    CaseFacts,
    ManualClock,
    Presence,
    Priority,
    Router,
    RoutingConfig,
    SlaClock,
    SlaEvent,
    SlaEventType,
    SlaTracker,
)

from .conftest import local

STARTED, PAUSED, RESUMED, STOPPED = (
    SlaEventType.STARTED,
    SlaEventType.PAUSED,
    SlaEventType.RESUMED,
    SlaEventType.STOPPED,
)
WARNING, BREACHED = SlaEventType.WARNING, SlaEventType.BREACHED


def paris(day: int, hour: int, minute: int = 0) -> datetime:
    """A time in June 2025 in Paris (2 June is a Monday)."""
    return local("Europe/Paris", 2025, 6, day, hour, minute)


def _summary(events: list[SlaEvent]) -> list[tuple[str, str | None, datetime]]:
    return [(e.type.value, e.data.get("target"), e.at) for e in events]


@pytest.fixture
def tracker(config: RoutingConfig) -> SlaTracker:
    return SlaTracker(config)


def test_sla_warning_then_breach_notifies_the_supervisor(tracker: SlaTracker) -> None:
    clock = ManualClock(paris(2, 9))
    started = tracker.open_case("c1", queue="general", priority=Priority.NORMAL, at=clock.now())
    assert _summary(started) == [
        ("sla_started", "first_response", paris(2, 9)),
        ("sla_started", "resolution", paris(2, 9)),
    ]
    # 24 business hours: Monday 9h, Tuesday 9h, then Wednesday until 15:00.
    assert started[1].data["breach_at"] == paris(4, 15).astimezone(UTC).isoformat()

    clock.set(paris(2, 12, 29))
    assert tracker.due_events(clock.now()) == []
    clock.set(paris(2, 12, 45))
    warning = tracker.due_events(clock.now())
    assert _summary(warning) == [("sla_warning", "first_response", paris(2, 12, 30))]
    assert warning[0].data["breach_at"] == paris(2, 13).astimezone(UTC).isoformat()
    # Reported until marked emitted, then never again.
    assert tracker.due_events(clock.now()) == warning
    tracker.mark_emitted(warning)
    assert tracker.due_events(clock.now()) == []

    clock.advance(timedelta(minutes=15))
    breach = tracker.due_events(clock.now())
    assert _summary(breach) == [("sla_breached", "first_response", paris(2, 13))]
    assert breach[0].data["actions"] == ["notify_supervisor"]
    assert breach[0].data["supervisor"] == "camille"
    assert "raise_priority_to" not in breach[0].data
    tracker.mark_emitted(breach)

    clock.advance(timedelta(minutes=30))
    stopped = tracker.agent_reply("c1", clock.now())
    assert _summary(stopped) == [("sla_stopped", "first_response", paris(2, 13, 30))]
    assert stopped[0].data["met"] is False
    assert stopped[0].data["elapsed_seconds"] == 4.5 * 3600


def test_sla_clock_does_not_run_outside_business_hours(tracker: SlaTracker) -> None:
    # Monday 16:00: two hours left today, then the first response is due Tuesday 11:00.
    tracker.open_case("late", queue="general", priority=Priority.NORMAL, at=paris(2, 16))
    assert tracker.next_breach("late") == paris(3, 11)
    assert tracker.due_events(paris(3, 9)) == []
    assert _summary(tracker.due_events(paris(3, 10, 30))) == [
        ("sla_warning", "first_response", paris(3, 10, 30))
    ]
    # Friday closes at 17:00: a case opened at 15:00 is due Monday 11:00, past the weekend.
    tracker.open_case("friday", queue="general", priority=Priority.NORMAL, at=paris(6, 15))
    assert tracker.next_breach("friday") == paris(9, 11)
    status = {s.target.value: s for s in tracker.status("friday", paris(8, 12))}
    assert status["first_response"].elapsed == timedelta(hours=2)
    assert status["first_response"].remaining == timedelta(hours=2)


def test_sla_clock_pauses_while_waiting_on_the_customer(tracker: SlaTracker) -> None:
    clock = ManualClock(paris(2, 9))
    tracker.open_case("c2", queue="general", priority=Priority.NORMAL, at=clock.now())
    clock.advance(timedelta(hours=1))
    replied = tracker.agent_reply("c2", clock.now())
    assert [(e.data["target"], e.data["met"]) for e in replied] == [("first_response", True)]
    paused = tracker.wait_on_customer("c2", clock.now())
    assert _summary(paused) == [("sla_paused", None, paris(2, 10))]
    assert paused[0].data == {
        "queue": "general",
        "at": "2025-06-02T08:00:00+00:00",
        "reason": "waiting_customer",
        "targets": ["resolution"],
    }
    assert tracker.wait_on_customer("c2", clock.now()) == []

    # Three days later, far past the 24h resolution target if it had kept running.
    clock.set(paris(5, 9))
    assert tracker.due_events(clock.now()) == []
    assert tracker.next_breach("c2") is None
    [resolution] = tracker.status("c2", clock.now())[1:]
    assert (resolution.state, resolution.elapsed) == ("paused", timedelta(hours=1))

    answered = tracker.customer_message("c2", clock.now())
    assert _summary(answered) == [
        ("sla_resumed", None, paris(5, 9)),
        ("sla_started", "next_response", paris(5, 9)),
    ]
    assert answered[0].data["reason"] == "customer_message"
    # Next response: 8h of Thursday. Resolution: 23h left = Thursday 9h, Friday 8h, Monday 6h.
    assert tracker.next_breach("c2") == paris(5, 17)
    statuses = {s.target.value: s for s in tracker.status("c2", clock.now())}
    assert statuses["resolution"].breach_at == paris(9, 15)

    clock.advance(timedelta(hours=1))
    assert _summary(tracker.agent_reply("c2", clock.now())) == [
        ("sla_stopped", "next_response", paris(5, 10))
    ]
    clock.advance(timedelta(hours=1))
    second = tracker.customer_message("c2", clock.now())
    assert [(e.type, e.data["cycle"]) for e in second] == [(STARTED, 2)]
    clock.advance(timedelta(hours=1))
    resolved = tracker.resolve("c2", clock.now())
    assert [(e.data["target"], e.data["met"], e.data["elapsed_seconds"]) for e in resolved] == [
        ("next_response", True, 3600.0),
        ("resolution", True, 4 * 3600.0),
    ]
    with pytest.raises(NotFoundError, match="c2 has no SLA clock"):
        tracker.customer_message("c2", clock.now())


def test_sla_resume_by_agent_restarts_the_paused_clocks(tracker: SlaTracker) -> None:
    tracker.open_case("c3", queue="general", priority=Priority.NORMAL, at=paris(2, 9))
    tracker.wait_on_customer("c3", paris(2, 10))
    assert tracker.resume("c3", paris(2, 14)) != []
    assert tracker.resume("c3", paris(2, 14)) == []
    # One hour before the pause, then from 14:00: first response due at 17:00.
    assert tracker.next_breach("c3") == paris(2, 17)


def test_sla_breach_crossed_before_a_pause_is_still_reported(config: RoutingConfig) -> None:
    tracker = SlaTracker(config)
    start = datetime(2025, 6, 2, 10, tzinfo=UTC)
    tracker.open_case("vip1", queue="vip", priority=Priority.HIGH, at=start)
    # The scheduler did not tick before the case went on hold after 70 minutes.
    tracker.wait_on_customer("vip1", start + timedelta(minutes=70))
    due = tracker.due_events(start + timedelta(hours=5))
    assert _summary(due) == [
        ("sla_warning", "first_response", start + timedelta(minutes=45)),
        ("sla_breached", "first_response", start + timedelta(hours=1)),
    ]


def test_sla_breach_raises_priority_once_marked(tracker: SlaTracker) -> None:
    start = datetime(2025, 6, 2, 10, tzinfo=UTC)
    tracker.open_case("vip2", queue="vip", priority=Priority.HIGH, at=start)
    [warning, breach] = tracker.due_events(start + timedelta(hours=1))
    assert breach.data["actions"] == ["raise_priority", "notify_supervisor"]
    assert breach.data["raise_priority_to"] == "urgent"
    assert tracker.priority("vip2") is Priority.HIGH
    tracker.mark_emitted([warning, breach])
    assert tracker.priority("vip2") is Priority.URGENT
    # Targets stay those of the policy the clock started with (high: resolution in 8h).
    tracker.agent_reply("vip2", start + timedelta(hours=2))
    later = tracker.due_events(start + timedelta(hours=8))
    assert _summary(later)[-1] == ("sla_breached", "resolution", start + timedelta(hours=8))
    assert later[-1].data["raise_priority_to"] == "urgent"  # already at the top


def test_sla_breach_reassigns_to_another_agent(config: RoutingConfig, tracker: SlaTracker) -> None:
    router = Router(config)
    decision = router.route(CaseFacts(vip=True, sentiment=-0.9))
    clock = ManualClock(datetime(2025, 6, 2, 22, tzinfo=UTC))
    tracker.open_case("vip3", queue=decision.queue, priority=decision.priority, at=clock.now())
    agents = [AgentState("camille", Presence.ONLINE), AgentState("eli", Presence.ONLINE)]
    first = router.assign(decision.queue, agents)
    assert first is not None and first.agent_id == "camille"

    clock.advance(timedelta(minutes=15))
    breach = [e for e in tracker.due_events(clock.now()) if e.type is BREACHED]
    assert breach[0].data["actions"] == ["reassign", "notify_supervisor"]
    second = router.assign(decision.queue, agents, exclude={first.agent_id})
    assert second is not None and second.agent_id == "eli"


def test_sla_enterprise_tier_policy_raises_priority(tracker: SlaTracker) -> None:
    events = tracker.open_case(
        "ent", queue="general", priority=Priority.NORMAL, tier="enterprise", at=paris(2, 9)
    )
    assert [e.data["limit_seconds"] for e in events] == [2 * 3600.0, 16 * 3600.0]
    [breach] = [e for e in tracker.due_events(paris(2, 11)) if e.type is BREACHED]
    assert (breach.data["actions"], breach.data["raise_priority_to"]) == (
        ["raise_priority"],
        "high",
    )
    # No next-response target in this policy: a customer message after a reply starts nothing.
    tracker.agent_reply("ent", paris(2, 12))
    assert tracker.customer_message("ent", paris(2, 13)) == []


def test_sla_stopped_clock_raises_no_alerts(tracker: SlaTracker) -> None:
    tracker.open_case("c4", queue="general", priority=Priority.NORMAL, at=paris(2, 9))
    # The agent answers at 13:10, after the breach but before the scheduler noticed.
    [stopped] = tracker.agent_reply("c4", paris(2, 13, 10))
    assert stopped.data["met"] is False
    assert tracker.due_events(paris(2, 13, 30)) == []


def test_sla_customer_message_before_first_reply_starts_nothing(tracker: SlaTracker) -> None:
    tracker.open_case("c5", queue="general", priority=Priority.NORMAL, at=paris(2, 9))
    assert tracker.customer_message("c5", paris(2, 9, 30)) == []
    tracker.agent_reply("c5", paris(2, 10))
    [started] = tracker.customer_message("c5", paris(2, 11))
    assert started.data["target"] == "next_response"
    # A second message while the first is unanswered keeps the same clock.
    assert tracker.customer_message("c5", paris(2, 12)) == []


def test_sla_without_a_matching_policy_writes_nothing() -> None:
    config = RoutingConfig.model_validate(
        {
            "default_queue": "q",
            "queues": [{"name": "q"}],
            "sla_policies": [{"priority": "urgent", "resolution": "1h"}],
        }
    )
    tracker = SlaTracker(config)
    start = datetime(2025, 6, 2, 10, tzinfo=UTC)
    assert tracker.open_case("c", queue="q", priority=Priority.NORMAL, at=start) == []
    assert tracker.wait_on_customer("c", start) == []
    assert tracker.due_events(start + timedelta(days=30)) == []
    assert tracker.next_breach("c") is None
    assert tracker.resolve("c", start + timedelta(days=30)) == []


def test_sla_tracker_rejects_bad_changes(tracker: SlaTracker) -> None:
    tracker.open_case("c6", queue="general", priority=Priority.NORMAL, at=paris(2, 10))
    with pytest.raises(ConflictError, match="already has an SLA clock"):
        tracker.open_case("c6", queue="general", priority=Priority.NORMAL, at=paris(2, 10))
    with pytest.raises(InputError, match="time order"):
        tracker.agent_reply("c6", paris(2, 9))
    with pytest.raises(InputError, match="timezone-aware"):
        tracker.agent_reply("c6", datetime(2025, 6, 2, 11))
    with pytest.raises(NotFoundError):
        tracker.agent_reply("nope", paris(2, 11))
    with pytest.raises(NotFoundError, match="unknown queue 'sales'"):
        tracker.open_case("c7", queue="sales", priority=Priority.NORMAL, at=paris(2, 10))
    assert tracker.case_ids() == ["c6"]


def test_sla_clock_refuses_changes_after_resolution(config: RoutingConfig) -> None:
    clock = SlaClock(
        "c8",
        queue="general",
        priority=Priority.NORMAL,
        tier="",
        policy=config.sla_policy(Priority.NORMAL, ""),
        hours=Router(config).hours("general"),
    )
    clock.start(paris(2, 9))
    clock.resolve(paris(2, 10))
    with pytest.raises(ConflictError, match="c8 is resolved"):
        clock.customer_message(paris(2, 11))


def test_sla_events_are_json_ready_with_stable_keys(tracker: SlaTracker) -> None:
    events = tracker.open_case("c9", queue="general", priority=Priority.NORMAL, at=paris(2, 9))
    events += tracker.wait_on_customer("c9", paris(2, 10))
    events += tracker.customer_message("c9", paris(2, 11))
    events += tracker.due_events(paris(4, 18))
    for event in events:
        json.dumps(event.data)
    keys = [e.key for e in events]
    assert len(set(keys)) == len(keys)
    assert keys[0] == "sla_started:c9:first_response:1"
    assert {e.type for e in events} == {STARTED, PAUSED, RESUMED, WARNING, BREACHED}
    assert STOPPED not in {e.type for e in events}
