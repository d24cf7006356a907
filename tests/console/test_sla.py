"""SLA clocks of handed-off cases, on a manual clock: every change is an event in the log."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from fastapi.testclient import TestClient

from deskpilot.handoff import ManualClock, RoutingConfig
from deskpilot.runtime import Runtime, build_runtime
from deskpilot.settings import Settings
from tests.console._support import api_login, events, hand_off, say

SLA = ("sla_started", "sla_paused", "sla_resumed", "sla_stopped", "sla_warning", "sla_breached")


def _sla(client: TestClient, case_id: str) -> list[tuple[str, Any]]:
    return [
        (e["type"], e["data"].get("target") or e["data"].get("reason"))
        for e in events(client, case_id, *SLA)
    ]


def test_clocks_start_at_the_handoff_and_the_first_reply_stops_first_response(
    client: TestClient, clock: ManualClock
) -> None:
    _, case_id = hand_off(client)
    started = events(client, case_id, "sla_started")
    assert [(e["data"]["target"], e["data"]["limit_seconds"]) for e in started] == [
        ("first_response", 3600.0),
        ("resolution", 28800.0),
    ]
    assert all(e["actor"] == "sla" and e["data"]["queue"] == "desk" for e in started)
    headers = api_login(client, "alice")
    clock.advance(timedelta(minutes=20))
    client.post(f"/v1/agent/cases/{case_id}/reply", json={"text": "On it."}, headers=headers)
    stopped = events(client, case_id, "sla_stopped")[0]["data"]
    assert (stopped["target"], stopped["met"], stopped["elapsed_seconds"]) == (
        "first_response",
        True,
        1200.0,
    )


def test_the_scheduler_appends_the_warning_then_the_breach_and_runs_its_actions(
    client: TestClient, runtime: Runtime, clock: ManualClock
) -> None:
    _, case_id = hand_off(client)
    clock.advance(timedelta(minutes=49))
    assert runtime.scheduler.tick() == []
    clock.advance(timedelta(minutes=2))
    assert [e.type.value for e in runtime.scheduler.tick()] == ["sla_warning"]
    clock.advance(timedelta(minutes=10))
    breached = runtime.scheduler.tick()
    assert [e.type.value for e in breached] == ["sla_breached"]
    assert runtime.scheduler.tick() == [], "an alert is appended once"
    breach = events(client, case_id, "sla_breached")[0]["data"]
    assert breach["actions"] == ["raise_priority", "notify_supervisor"]
    assert (breach["supervisor"], breach["raise_priority_to"]) == ("sam", "high")
    change = events(client, case_id, "priority_changed")[0]
    assert (change["actor"], change["data"]["from"], change["data"]["to"]) == (
        "sla",
        "normal",
        "high",
    )
    headers = api_login(client, "alice")
    case = client.get(f"/v1/agent/cases/{case_id}", headers=headers).json()
    assert case["assignment"]["priority"] == "high"
    assert case["sla"]["state"] == "breached"
    warning = events(client, case_id, "sla_warning")[0]["data"]
    assert warning["at"] == "2025-06-02T08:50:00+00:00", "the instant it was crossed"


def test_waiting_on_the_customer_pauses_the_clocks_until_they_write(
    client: TestClient, runtime: Runtime, clock: ManualClock
) -> None:
    conversation_id, case_id = hand_off(client)
    headers = api_login(client, "alice")
    reply = {"text": "Could you send me a photo?", "wait_for_customer": True}
    client.post(f"/v1/agent/cases/{case_id}/reply", json=reply, headers=headers)
    assert _sla(client, case_id)[-2:] == [
        ("sla_stopped", "first_response"),
        ("sla_paused", "waiting_customer"),
    ]
    clock.advance(timedelta(hours=12))
    assert runtime.scheduler.tick() == [], "no clock runs while the customer is away"
    assert say(client, conversation_id, "here it is")["replies"] == []
    assert _sla(client, case_id)[-2:] == [
        ("sla_resumed", "customer_message"),
        ("sla_started", "next_response"),
    ]
    case = client.get(f"/v1/agent/cases/{case_id}", headers=headers).json()
    assert case["assignment"]["waiting_on_customer"] is False
    assert case["sla"]["label"] == "next response due in 30m"


def test_clocks_are_rebuilt_from_the_log_after_a_restart(
    client: TestClient,
    runtime: Runtime,
    clock: ManualClock,
    settings: Settings,
    routing: RoutingConfig,
) -> None:
    _, case_id = hand_off(client)
    headers = api_login(client, "alice")
    clock.advance(timedelta(minutes=5))
    client.post(f"/v1/agent/cases/{case_id}/reply", json={"text": "Hello"}, headers=headers)
    clock.advance(timedelta(hours=7, minutes=51))
    assert [e.type.value for e in runtime.scheduler.tick()] == ["sla_warning"]
    quiet = settings.model_copy(update={"sla_tick_seconds": 3600.0})
    restarted = build_runtime(quiet, routing=routing, clock=clock)
    try:
        restarted.handoff.restore()
        assert restarted.handoff.next_breach(case_id) == runtime.handoff.next_breach(case_id)
        now = clock.now()
        assert restarted.handoff.tracker.status(case_id, now) == runtime.handoff.tracker.status(
            case_id, now
        )
        assert restarted.scheduler.tick() == [], "the warning in the log is not raised again"
    finally:
        restarted.close()


def test_a_breached_case_is_shown_in_a_visible_banner_on_the_queues_page(
    client: TestClient, runtime: Runtime, clock: ManualClock
) -> None:
    from tests.console._support import console_login

    _, case_id = hand_off(client)
    console_login(client, "alice")
    assert "breached-banner" not in client.get("/console/queue").text
    clock.advance(timedelta(minutes=61))
    runtime.scheduler.tick()
    page = client.get("/console/queue").text
    banner = page[page.index('class="card breached-banner"') : page.index("</section>")]
    assert 'role="alert"' in banner and "SLA breached" in banner
    assert f'href="/console/cases/{case_id}"' in banner and "first response breached" in banner
    # The live refresh of the queues carries it too.
    assert "breached-banner" in client.get("/console/fragments/queue").text
