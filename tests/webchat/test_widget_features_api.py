"""The widget's API beyond sending: its configuration, the acknowledgement while a person holds
the case, the satisfaction question, typing events, and who the customer is after resolution."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from fastapi.testclient import TestClient

from deskpilot.channels.webchat import _sessions
from deskpilot.channels.webchat._feed import WidgetFeed
from deskpilot.live import CONSOLE, LiveBus, LiveEvent, conversation_topic
from deskpilot.runtime import Runtime
from tests.conftest import api_key_headers

HUMAN = "I want to talk to a human"


def _session(client: TestClient) -> dict[str, str]:
    response = client.post("/v1/widget/sessions")
    assert response.status_code == 201, response.text
    return {"Authorization": f"Bearer {response.json()['token']}"}


def _send(client: TestClient, auth: dict[str, str], text: str) -> dict[str, Any]:
    response = client.post("/v1/widget/messages", json={"text": text}, headers=auth)
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body


def _agent(client: TestClient, username: str = "alice") -> dict[str, str]:
    login = client.post(
        "/v1/agent/session", json={"username": username, "password": "deskpilot-demo"}
    )
    assert login.status_code == 200, login.text
    return {"X-CSRF-Token": login.json()["csrf_token"]}


def _waiting_case(client: TestClient, agent: dict[str, str]) -> str:
    queues = client.get("/v1/agent/queues", headers=agent).json()
    [case] = [c for q in queues for c in q["cases"]]
    case_id: str = case["assignment"]["case_id"]
    return case_id


def _handed_off_and_resolved(client: TestClient, auth: dict[str, str]) -> str:
    _send(client, auth, HUMAN)
    agent = _agent(client)
    case_id = _waiting_case(client, agent)
    resolved = client.post(f"/v1/agent/cases/{case_id}/resolve", headers=agent)
    assert resolved.status_code == 200, resolved.text
    return case_id


class _Published:
    """Records what is published on the live bus (and still publishes it)."""

    def __init__(self, runtime: Runtime, monkeypatch: pytest.MonkeyPatch) -> None:
        self.events: list[tuple[str, str, dict[str, Any]]] = []
        publish = runtime.live.publish

        def record(topic: str, kind: str, data: dict[str, Any]) -> None:
            self.events.append((topic, kind, data))
            publish(topic, kind, data)

        monkeypatch.setattr(runtime.live, "publish", record)

    def of_kind(self, kind: str) -> list[tuple[str, dict[str, Any]]]:
        return [(topic, data) for topic, k, data in self.events if k == kind]


def test_widget_config_comes_from_the_workspace(client: TestClient, runtime: Runtime) -> None:
    body = client.get("/v1/widget/config").json()
    widget = runtime.workspace.config.widget
    assert body == {
        "title": widget.title,
        "greeting": widget.greeting,
        "quick_replies": widget.quick_replies,
        "brand_color": widget.brand_color,
        "avatar": None,
        "satisfaction": True,
        "attachments": runtime.workspace.config.attachments.summary(),
    }
    assert body["greeting"].startswith("Hi!") and "Where is my order?" in body["quick_replies"]


def test_while_a_person_holds_the_case_each_message_is_acknowledged_with_the_wait(
    client: TestClient,
) -> None:
    auth = _session(client)
    handoff = _send(client, auth, HUMAN)
    assert handoff["replies"], "the bot announces the hand-off"
    assert handoff["notice"] == (
        "Thanks, your message is with our team. You are number 1 in the queue. "
        "We aim to answer within 15 minutes."
    )
    assert client.get("/v1/widget/messages", headers=auth).json()["held"] is True
    later = _send(client, auth, "Are you there?")
    assert later["held"] is True
    assert later["replies"] == [], "the bot stays silent while a person holds the case"
    assert later["notice"] is not None and "number 1 in the queue" in later["notice"]
    agent = _agent(client)
    case_id = _waiting_case(client, agent)
    assert client.post(f"/v1/agent/cases/{case_id}/take", headers=agent).status_code == 200
    held = _send(client, auth, "Hello?")
    assert held["notice"] == "Thanks, Alice Moreau has your message and will reply here."


def test_a_case_the_bot_answers_has_no_notice(client: TestClient) -> None:
    auth = _session(client)
    turn = _send(client, auth, "hello")
    assert (turn["notice"], turn["held"]) == (None, False)
    assert client.get("/v1/widget/messages", headers=auth).json()["held"] is False


def test_satisfaction_is_asked_once_the_case_is_resolved_and_stored_as_an_event(
    client: TestClient, runtime: Runtime
) -> None:
    auth = _session(client)
    _send(client, auth, HUMAN)
    early = client.post("/v1/widget/satisfaction", json={"score": 5}, headers=auth)
    assert early.status_code == 409, "nothing is rated before resolution"
    state = client.get("/v1/widget/messages", headers=auth).json()
    assert (state["resolved"], state["rated"]) == (False, False)
    agent = _agent(client)
    case_id = _waiting_case(client, agent)
    client.post(f"/v1/agent/cases/{case_id}/resolve", headers=agent)
    state = client.get("/v1/widget/messages", headers=auth).json()
    assert (state["resolved"], state["rated"]) == (True, False)
    assert (
        client.post("/v1/widget/satisfaction", json={"score": 6}, headers=auth).status_code == 422
    )
    rated = client.post("/v1/widget/satisfaction", json={"score": 4}, headers=auth)
    assert rated.status_code == 201, rated.text
    assert rated.json() == {"score": 4, "scale": 5}
    assert client.get("/v1/widget/messages", headers=auth).json()["rated"] is True
    again = client.post("/v1/widget/satisfaction", json={"score": 1}, headers=auth)
    assert again.status_code == 409
    events = client.get(f"/v1/cases/{case_id}/events", headers=api_key_headers(runtime)).json()
    [rating] = [e for e in events if e["type"] == "satisfaction_rated"]
    assert rating["data"] == {"score": 4, "scale": 5, "channel": "webchat"}
    assert rating["actor"] == "customer"
    assert client.post("/v1/widget/satisfaction", json={"score": 4}).status_code == 401


def test_a_returning_customer_in_the_same_session_is_not_asked_who_they_are_again(
    client: TestClient, runtime: Runtime, store_data: dict[str, Any]
) -> None:
    user_id, user = next((k, u) for k, u in store_data["users"].items() if len(u["orders"]) >= 2)
    first, second = user["orders"][:2]
    auth = _session(client)
    answer = _send(client, auth, f"Where is my order {first}? My email is {user['email']}")
    assert any(first in r["text"] for r in answer["replies"])
    old_case = _handed_off_and_resolved(client, auth)
    turn = _send(client, auth, f"And where is my order {second}?")
    assert turn["new_conversation"] is True
    texts = " ".join(r["text"] for r in turn["replies"])
    assert second in texts and "email address" not in texts
    session = runtime.webchat.session_for(auth["Authorization"].removeprefix("Bearer "))
    with runtime.db.transaction() as repo:
        case, _ = repo.get_case(repo.get_conversation(session.conversation_id).case_id)
        carried = [e for e in repo.list_events(case.id) if e.type.value == "customer_verified"]
    assert case.id != old_case
    assert case.verification is not None and case.verification.user_id == user_id
    assert case.verification.method == "email", "the proof is the old one, no stronger"
    assert carried[0].data == {"method": "email", "carried_from": old_case}


def test_after_the_carry_over_window_the_customer_proves_who_they_are_again(
    client: TestClient, store_data: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(_sessions, "CARRY_VERIFICATION", _sessions.timedelta(0))
    user = next(u for u in store_data["users"].values() if len(u["orders"]) >= 2)
    first, second = user["orders"][:2]
    auth = _session(client)
    _send(client, auth, f"Where is my order {first}? My email is {user['email']}")
    _handed_off_and_resolved(client, auth)
    turn = _send(client, auth, f"And where is my order {second}?")
    assert "email address" in " ".join(r["text"] for r in turn["replies"])


def test_customer_typing_reaches_the_console_stream_at_most_every_two_seconds(
    client: TestClient, runtime: Runtime, monkeypatch: pytest.MonkeyPatch
) -> None:
    published = _Published(runtime, monkeypatch)
    auth = _session(client)
    for _ in range(3):
        assert client.post("/v1/widget/typing", headers=auth).status_code == 204
    typing = published.of_kind("typing")
    assert len(typing) == 1
    topic, data = typing[0]
    assert topic == CONSOLE and data["sender"] == "customer" and data["case_id"].startswith("case")
    assert client.post("/v1/widget/typing").status_code == 401


def test_the_bot_is_typing_while_it_processes_a_turn(
    client: TestClient, runtime: Runtime, monkeypatch: pytest.MonkeyPatch
) -> None:
    published = _Published(runtime, monkeypatch)
    auth = _session(client)
    _send(client, auth, "hello")
    kinds = [k for t, k, _ in published.events if t.startswith("conversation:")]
    assert kinds[0] == "typing" and "message" in kinds[1:]
    assert published.of_kind("typing")[0][1] == {"sender": "bot", "author": "Assistant"}


def test_an_agent_typing_reaches_the_customers_conversation(
    client: TestClient, runtime: Runtime, monkeypatch: pytest.MonkeyPatch
) -> None:
    auth = _session(client)
    _send(client, auth, HUMAN)
    agent = _agent(client)
    case_id = _waiting_case(client, agent)
    published = _Published(runtime, monkeypatch)
    response = client.post(f"/v1/agent/cases/{case_id}/typing", headers=agent)
    assert response.status_code == 204, response.text
    session = runtime.webchat.session_for(auth["Authorization"].removeprefix("Bearer "))
    assert (
        conversation_topic(session.conversation_id),
        {"sender": "agent", "author": "Alice Moreau"},
    ) in published.of_kind("typing")
    no_csrf = client.post(f"/v1/agent/cases/{case_id}/typing")
    assert no_csrf.status_code in (401, 403)
    assert client.post("/v1/agent/cases/case_nope/typing", headers=agent).status_code == 404


def test_the_widget_feed_passes_its_conversation_and_only_its_own_resolution() -> None:
    async def scenario() -> list[LiveEvent | None]:
        bus = LiveBus()
        topic = conversation_topic("conv_1")
        feed = WidgetFeed(bus.subscribe(topic, CONSOLE), topic, "case_1")
        bus.publish(CONSOLE, "case", {"case_id": "case_2", "reason": "case_resolved"})
        bus.publish(CONSOLE, "message", {"case_id": "case_1", "id": "msg_1"})
        bus.publish(conversation_topic("conv_2"), "message", {"text": "someone else's"})
        bus.publish(topic, "typing", {"sender": "agent", "author": "Alice"})
        bus.publish(CONSOLE, "case", {"case_id": "case_1", "reason": "assigned"})
        bus.publish(CONSOLE, "case", {"case_id": "case_1", "reason": "case_resolved"})
        bus.close()
        got = [await feed.get() for _ in range(3)]
        feed.close()
        return got

    typing, resolved, end = asyncio.run(scenario())
    assert typing is not None and (typing.kind, typing.data["author"]) == ("typing", "Alice")
    assert resolved is not None and (resolved.kind, resolved.data) == ("resolved", {})
    assert end is None
