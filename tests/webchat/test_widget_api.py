"""The widget's API: sessions, token isolation, reloads, and replies from people."""

from __future__ import annotations

import hashlib
from typing import Any

from fastapi.testclient import TestClient

from deskpilot.runtime import Runtime

HUMAN = "I want to talk to a human"


def _session(client: TestClient) -> dict[str, str]:
    response = client.post("/v1/widget/sessions")
    assert response.status_code == 201, response.text
    return {"Authorization": f"Bearer {response.json()['token']}"}


def _send(client: TestClient, auth: dict[str, str], text: str, **extra: Any) -> dict[str, Any]:
    response = client.post("/v1/widget/messages", json={"text": text, **extra}, headers=auth)
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body


def _texts(client: TestClient, auth: dict[str, str]) -> list[str]:
    response = client.get("/v1/widget/messages", headers=auth)
    assert response.status_code == 200, response.text
    return [m["text"] for m in response.json()["messages"]]


def test_a_widget_session_token_is_random_and_stored_only_as_a_hash(
    client: TestClient, runtime: Runtime
) -> None:
    auth = _session(client)
    token = auth["Authorization"].removeprefix("Bearer ")
    session_id, secret = token.split(".", 1)
    assert len(secret) >= 43, "at least 256 bits of secret"
    with runtime.db.transaction() as repo:
        stored = repo.get_widget_session(session_id)
    assert stored is not None
    assert stored.token_hash == hashlib.sha256(secret.encode()).hexdigest()
    assert secret not in stored.token_hash


def test_a_conversation_is_readable_only_with_its_own_token(client: TestClient) -> None:
    first, second = _session(client), _session(client)
    _send(client, first, "my secret question about order #W0000001")
    assert "my secret question about order #W0000001" in _texts(client, first)
    assert _texts(client, second) == []
    first_id, first_secret = first["Authorization"].removeprefix("Bearer ").split(".", 1)
    second_secret = second["Authorization"].split(".", 1)[1]
    for header in [
        {},
        {"Authorization": f"Bearer {first_id}.{second_secret}"},
        {"Authorization": f"Bearer {first_id}.{first_secret[:-2]}xx"},
        {"Authorization": f"Bearer {first_id}"},
        {"Authorization": f"Basic {first_id}.{first_secret}"},
    ]:
        response = client.get("/v1/widget/messages", headers=header)
        assert response.status_code == 401, header
        assert response.headers["content-type"] == "application/problem+json"
        assert client.get("/v1/widget/events", headers=header).status_code == 401
        refused = client.post("/v1/widget/messages", json={"text": "hi"}, headers=header)
        assert refused.status_code == 401


def test_a_reload_reads_the_same_conversation_back(
    client: TestClient, store_data: dict[str, Any]
) -> None:
    order_id, order = next(
        (k, o) for k, o in store_data["orders"].items() if o["status"] == "delivered"
    )
    email = store_data["users"][order["user_id"]]["email"]
    auth = _session(client)
    turn = _send(client, auth, f"Where is my order {order_id}? My email is {email}")
    assert any("delivered" in r["text"] for r in turn["replies"])
    reloaded = client.get("/v1/widget/messages", headers=auth).json()["messages"]
    assert [m["id"] for m in reloaded] == [turn["message"]["id"]] + [
        r["id"] for r in turn["replies"]
    ]
    assert [m["sender"] for m in reloaded][:2] == ["customer", "bot"]


def test_a_resent_message_is_stored_once(client: TestClient) -> None:
    auth = _session(client)
    first = _send(client, auth, "hello", client_id="c1")
    again = client.post(
        "/v1/widget/messages", json={"text": "hello", "client_id": "c1"}, headers=auth
    )
    assert again.json()["message"]["id"] == first["message"]["id"]
    assert _texts(client, auth).count("hello") == 1


def test_an_agents_reply_reaches_the_widget_with_the_agents_name(client: TestClient) -> None:
    auth = _session(client)
    turn = _send(client, auth, HUMAN)
    assert turn["replies"], "the hand-off is announced"
    login = client.post(
        "/v1/agent/session", json={"username": "alice", "password": "deskpilot-demo"}
    )
    headers = {"X-CSRF-Token": login.json()["csrf_token"]}
    queues = client.get("/v1/agent/queues", headers=headers).json()
    [waiting] = [c for q in queues for c in q["cases"]]
    case_id = waiting["assignment"]["case_id"]
    reply = {"text": "Hi, Alice from support here."}
    assert (
        client.post(f"/v1/agent/cases/{case_id}/reply", json=reply, headers=headers).status_code
        == 201
    )
    client.post(f"/v1/agent/cases/{case_id}/notes", json={"text": "internal only"}, headers=headers)
    messages = client.get("/v1/widget/messages", headers=auth).json()["messages"]
    assert (messages[-1]["sender"], messages[-1]["author"], messages[-1]["text"]) == (
        "agent",
        "Alice Moreau",
        "Hi, Alice from support here.",
    )
    assert all(m["text"] != "internal only" for m in messages)
    assert _send(client, auth, "thanks!")["replies"] == [], "the bot stays silent"


def test_after_resolution_the_next_message_opens_a_new_case(client: TestClient) -> None:
    auth = _session(client)
    _send(client, auth, HUMAN)
    login = client.post(
        "/v1/agent/session", json={"username": "alice", "password": "deskpilot-demo"}
    )
    headers = {"X-CSRF-Token": login.json()["csrf_token"]}
    [case] = [c for q in client.get("/v1/agent/queues", headers=headers).json() for c in q["cases"]]
    case_id = case["assignment"]["case_id"]
    client.post(f"/v1/agent/cases/{case_id}/resolve", headers=headers)
    turn = _send(client, auth, "hello again")
    assert turn["new_conversation"] is True
    assert turn["replies"], "a new case is the bot's again"
    assert _texts(client, auth)[0] == "hello again"


def test_the_widget_and_the_demo_shop_are_served(client: TestClient) -> None:
    script = client.get("/widget.js")
    assert script.status_code == 200
    assert script.headers["content-type"].startswith("text/javascript")
    assert "aria-live" in script.text
    assert client.get("/widget.css").status_code == 200
    shop = client.get("/")
    assert '<script src="/widget.js" defer></script>' in shop.text
