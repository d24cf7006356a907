"""Presence expires without a heartbeat: a closed console stops getting cases after
``presence_timeout_seconds`` (90 s by default), and its next heartbeat brings them back."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from fastapi.testclient import TestClient

from deskpilot.domain import PresenceState
from deskpilot.handoff import ManualClock, RoutingConfig
from deskpilot.settings import Settings
from tests.console._support import HUMAN, api_login, console_login, events, hand_off
from tests.console.conftest import quiet_runtime


def _online(client: TestClient, username: str) -> dict[str, str]:
    headers = api_login(client, username)
    response = client.put("/v1/agent/presence", json={"presence": "online"}, headers=headers)
    assert response.status_code == 200, response.text
    return headers


def _agent(client: TestClient, case_id: str) -> str | None:
    found = events(client, case_id, "assignment")
    return found[-1]["data"]["agent"] if found else None


def test_an_online_agent_without_a_heartbeat_gets_no_new_case_until_the_next_one(
    client: TestClient, other_client: Any, clock: ManualClock
) -> None:
    alice = other_client()
    headers = _online(alice, "alice")
    clock.advance(timedelta(seconds=60))
    _, heard = hand_off(client)
    assert _agent(client, heard) == "alice"  # heard from a minute ago: she is there
    clock.advance(timedelta(seconds=91))  # her browser closed: no heartbeat since
    _, unheard = hand_off(client)
    assert _agent(client, unheard) is None
    assert alice.post("/v1/agent/heartbeat", headers=headers).status_code == 204
    assert _agent(client, unheard) == "alice"  # back: what waited comes to her


def test_the_console_page_sends_the_heartbeat_with_its_csrf_token(
    client: TestClient, clock: ManualClock
) -> None:
    csrf = console_login(client, "alice")  # logging in puts her online
    page = client.get("/console/queue").text
    assert f'<meta name="csrf-token" content="{csrf}">' in page
    clock.advance(timedelta(minutes=5))
    _, case_id = hand_off(client)
    assert _agent(client, case_id) is None
    assert client.post("/console/heartbeat", data={"csrf_token": "wrong"}).status_code == 403
    beat = client.post("/console/heartbeat", data={"csrf_token": csrf})
    assert beat.status_code == 200 and beat.json() == {"others": [], "typing": []}
    assert _agent(client, case_id) == "alice"


def test_the_presence_timeout_is_a_setting(
    settings: Settings, routing: RoutingConfig, clock: ManualClock, password_hash: str
) -> None:
    assert Settings().presence_timeout_seconds == 90
    patient = settings.model_copy(update={"presence_timeout_seconds": 600.0})
    rt = quiet_runtime(patient, routing, clock, password_hash)
    try:
        with rt.db.transaction() as repo:
            alice = repo.find_login("alice")[0]  # type: ignore[index]
        rt.agents.do_set_presence(alice, PresenceState.ONLINE, actor=alice)
        clock.advance(timedelta(minutes=5))
        conversation = rt.pipeline.do_start_conversation("chat", None)
        rt.pipeline.do_receive_message(conversation.id, HUMAN)
        with rt.db.transaction() as repo:
            assignment = repo.get_assignment(conversation.case_id)
        assert assignment is not None and assignment.agent == "alice"
    finally:
        rt.close()
