"""Hand-offs reach people: routing to queues, assignment, business hours, the bot's silence
while a person holds a case, hand-back, resolution, notes and the agent's store actions."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from fastapi.testclient import TestClient

from deskpilot.domain import PresenceState, StaffRole
from deskpilot.errors import PolicyError
from deskpilot.handoff import ManualClock, RoutingConfig
from deskpilot.runtime import Runtime, build_runtime
from deskpilot.settings import Settings
from tests.console._support import (
    HUMAN,
    api_login,
    console_login,
    events,
    hand_off,
    pending_order_handed_off,
    say,
    start,
)


def paris(year: int, month: int, day: int, hour: int) -> datetime:
    """An aware datetime on the Paris wall clock."""
    return datetime(year, month, day, hour, tzinfo=ZoneInfo("Europe/Paris"))


def _case(client: TestClient, case_id: str, headers: dict[str, str]) -> dict[str, Any]:
    response = client.get(f"/v1/agent/cases/{case_id}", headers=headers)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def _online(client: TestClient, username: str) -> dict[str, str]:
    headers = api_login(client, username)
    response = client.put("/v1/agent/presence", json={"presence": "online"}, headers=headers)
    assert response.status_code == 200, response.text
    return headers


def test_handoff_is_routed_and_given_to_the_least_loaded_online_agent(
    client: TestClient, other_client: Any
) -> None:
    alice = other_client()
    _online(alice, "alice")
    bob = other_client()
    _online(bob, "bob")
    _, first = hand_off(client)
    _, second = hand_off(client)
    routed = events(client, first, "routed")[0]["data"]
    assert (routed["queue"], routed["priority"], routed["open"]) == ("desk", "normal", True)
    assert routed["reason"] == "no rule matched: default queue"
    agents = [events(client, c, "assignment")[0]["data"]["agent"] for c in (first, second)]
    assert sorted(agents) == ["alice", "bob"]
    reason = events(client, second, "assignment")[0]["data"]["reason"]
    assert reason.startswith("least loaded with support")


def test_a_case_waits_in_its_queue_until_an_agent_comes_online(client: TestClient) -> None:
    _, case_id = hand_off(client)
    headers = api_login(client, "alice")
    assert _case(client, case_id, headers)["assignment"]["state"] == "waiting"
    queues = client.get("/v1/agent/queues", headers=headers).json()
    desk = next(q for q in queues if q["name"] == "desk")
    assert [c["assignment"]["case_id"] for c in desk["cases"]] == [case_id]
    assert desk["cases"][0]["sla"]["label"] == "first response due in 1h 00m"
    client.put("/v1/agent/presence", json={"presence": "online"}, headers=headers)
    assignment = _case(client, case_id, headers)["assignment"]
    assert (assignment["state"], assignment["agent"]) == ("assigned", "alice")


def test_the_bot_stays_silent_while_a_person_holds_the_case_and_answers_after_hand_back(
    client: TestClient, store_data: dict[str, Any]
) -> None:
    conversation_id, case_id = hand_off(client)
    headers = api_login(client, "alice")
    assert client.post(f"/v1/agent/cases/{case_id}/take", headers=headers).status_code == 200
    before = len(events(client, case_id))
    turn = say(client, conversation_id, "hello? where is my order?")
    assert turn["replies"] == []
    assert turn["case"]["status"] == "handed_off"
    new = [e["type"] for e in events(client, case_id)[before:]]
    assert "message_received" in new
    assert "understanding" not in new and "decision" not in new
    reply = {"text": "Hi, Alice here. Let me look."}
    sent = client.post(f"/v1/agent/cases/{case_id}/reply", json=reply, headers=headers)
    assert sent.status_code == 201
    messages = client.get(f"/v1/conversations/{conversation_id}").json()["messages"]
    assert messages[-1]["text"] == "Hi, Alice here. Let me look."
    back = client.post(f"/v1/agent/cases/{case_id}/hand-back", headers=headers)
    assert back.status_code == 200 and back.json()["status"] == "open"
    assert events(client, case_id, "handed_back")[0]["actor"] == "agent:alice"
    resumed = say(client, conversation_id, "hello")
    assert resumed["replies"], "the bot answers again after the hand-back"


def test_an_agent_takes_over_a_conversation_the_bot_is_handling(client: TestClient) -> None:
    conversation = start(client)
    assert say(client, conversation["id"], "hello")["replies"]
    case_id = conversation["case_id"]
    headers = api_login(client, "alice")
    taken = client.post(f"/v1/agent/cases/{case_id}/take", headers=headers)
    assert taken.status_code == 200 and taken.json()["agent"] == "alice"
    handoff = events(client, case_id, "handoff")[-1]
    assert handoff["actor"] == "agent:alice" and handoff["data"]["code"] == "agent_takeover"
    assert say(client, conversation["id"], "are you there?")["replies"] == []


def test_a_closed_queue_tells_the_customer_when_to_expect_an_answer(
    settings: Settings, routing: RoutingConfig
) -> None:
    office = routing.model_copy(update={"default_queue": "office"})
    saturday = ManualClock(paris(2025, 6, 7, 11))
    quiet = settings.model_copy(update={"sla_tick_seconds": 3600.0})
    rt = build_runtime(quiet, routing=office, clock=saturday)
    try:
        alice = rt.staff.do_create_user(
            "alice", "Alice", StaffRole.AGENT, "long password", actor="t"
        )
        rt.agents.do_set_presence(alice, PresenceState.ONLINE, actor=alice)
        conversation = rt.pipeline.do_start_conversation("chat", None)
        turn = rt.pipeline.do_receive_message(conversation.id, HUMAN)
        notice = turn.replies[-1].text
        assert "Monday at 09:00 (Europe/Paris)" in notice
        with rt.db.transaction() as repo:
            assignment = repo.get_assignment(conversation.case_id)
            routed = [e for e in repo.list_events(conversation.case_id) if e.type.value == "routed"]
        assert assignment is not None and assignment.agent is None
        assert routed[0].data["open"] is False
        breach = rt.handoff.next_breach(conversation.case_id)
        assert breach == paris(2025, 6, 9, 10)
        saturday.set(paris(2025, 6, 9, 9))
        rt.handoff.note_heartbeat("alice")  # her console is still open on Monday morning
        rt.scheduler.tick()
        with rt.db.transaction() as repo:
            assignment = repo.get_assignment(conversation.case_id)
        assert assignment is not None and assignment.agent == "alice"
    finally:
        rt.close()


def test_a_handoff_whose_routing_failed_is_routed_by_the_scheduler(
    client: TestClient, runtime: Runtime, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(_: object) -> None:
        raise PolicyError("routing rule could not be evaluated")

    monkeypatch.setattr(runtime.handoff.router, "route", broken)
    _, case_id = hand_off(client)
    assert events(client, case_id, "routed") == []
    monkeypatch.undo()
    runtime.scheduler.tick()
    assert events(client, case_id, "routed")[0]["data"]["queue"] == "desk"


def test_resolving_frees_the_agent_for_the_next_waiting_case(client: TestClient) -> None:
    headers = _online(client, "alice")
    cases = [hand_off(client)[1] for _ in range(3)]
    states = [_case(client, c, headers)["assignment"] for c in cases]
    assert [s["agent"] for s in states] == ["alice", "alice", None], "capacity is 2"
    resolved = client.post(f"/v1/agent/cases/{cases[0]}/resolve", headers=headers)
    assert resolved.status_code == 200 and resolved.json()["status"] == "resolved"
    assert _case(client, cases[0], headers)["assignment"]["state"] == "closed"
    assert _case(client, cases[2], headers)["assignment"]["agent"] == "alice"
    stopped = events(client, cases[0], "sla_stopped")
    assert {e["data"]["target"] for e in stopped} == {"first_response", "resolution"}
    assert events(client, cases[0], "case_resolved")[0]["actor"] == "agent:alice"


def test_an_internal_note_is_never_shown_to_the_customer(client: TestClient) -> None:
    conversation_id, case_id = hand_off(client)
    csrf = console_login(client, "alice")
    response = client.post(
        f"/console/cases/{case_id}/note",
        data={"text": "Customer sounds like a repeat caller.", "csrf_token": csrf},
        follow_redirects=False,
    )
    assert response.status_code == 303
    assert "repeat caller" in client.get(f"/console/cases/{case_id}").text
    messages = client.get(f"/v1/conversations/{conversation_id}").json()["messages"]
    assert all("repeat caller" not in m["text"] for m in messages)
    note = events(client, case_id, "internal_note")[0]
    assert note["actor"] == "agent:alice" and "text" not in note["data"]


def test_an_agent_runs_a_store_action_through_the_guard_as_the_agent(
    client: TestClient, runtime: Runtime, store_data: dict[str, Any]
) -> None:
    order_id, order, email, case_id = pending_order_handed_off(client, store_data)
    csrf = console_login(client, "alice")
    page = client.get(f"/console/cases/{case_id}")
    assert email in page.text and order_id in page.text
    (viewed,) = events(client, case_id, "case_viewed")
    assert viewed["actor"] == "agent:alice" and "get_user_details" in viewed["data"]["actions"]
    args = {"order_id": order_id, "reason": "no longer needed"}
    headers = {"X-CSRF-Token": csrf}
    body = {"action": "cancel_pending_order", "args": args}
    outcome = client.post(f"/v1/agent/cases/{case_id}/actions", json=body, headers=headers).json()
    assert outcome["status"] == "succeeded", outcome
    guard = [
        e
        for e in events(client, case_id, "guard_decision")
        if e["data"]["action"] == "cancel_pending_order"
    ]
    assert "confirmed_by_agent" in guard[-1]["data"]["checks_passed"]
    assert runtime.store.read(lambda data: data["orders"][order_id]["status"]) == "cancelled"
    other = next(k for k, o in store_data["orders"].items() if o["user_id"] != order["user_id"])
    body = {
        "action": "cancel_pending_order",
        "args": {"order_id": other, "reason": "no longer needed"},
    }
    refused = client.post(f"/v1/agent/cases/{case_id}/actions", json=body, headers=headers).json()
    assert (refused["status"], refused["refusal_code"]) == ("refused", "not_owner")
