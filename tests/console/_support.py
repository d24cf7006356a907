"""Helpers of the console tests: logging in through the API and the pages, handing a
conversation off, reading the event log."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any

from fastapi.testclient import TestClient

from deskpilot.domain import StaffRole

HUMAN = "I want to talk to a human"
PASSWORD = "correct horse battery"
# Monday 2 June 2025, 10:00 in Paris: the office queue is open.
MONDAY_MORNING = datetime(2025, 6, 2, 8, 0, tzinfo=UTC)

ACCOUNTS: dict[str, StaffRole | None] = {
    "alice": StaffRole.AGENT,
    "bob": StaffRole.AGENT,
    "sam": StaffRole.SUPERVISOR,
    "admin": StaffRole.ADMIN,
    "nobody": None,
}


def api_login(client: TestClient, username: str, password: str = PASSWORD) -> dict[str, str]:
    """Log in through ``POST /v1/agent/session``; the headers for changes (CSRF token)."""
    response = client.post("/v1/agent/session", json={"username": username, "password": password})
    assert response.status_code == 200, response.text
    return {"X-CSRF-Token": response.json()["csrf_token"]}


def csrf_of(html: str) -> str:
    """The CSRF token of the first form on a page."""
    found = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert found is not None, "the page has no form with a CSRF token"
    return found.group(1)


def console_login(client: TestClient, username: str, password: str = PASSWORD) -> str:
    """Log in through the login form; the session's CSRF token (from the queue page)."""
    token = csrf_of(client.get("/console/login").text)
    response = client.post(
        "/console/login",
        data={"username": username, "password": password, "csrf_token": token},
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text
    assert response.headers["location"] == "/console/queue"
    return csrf_of(client.get("/console/queue").text)


def start(client: TestClient) -> dict[str, Any]:
    """Open a conversation on the API channel."""
    response = client.post("/v1/conversations", json={"channel": "chat"})
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body


def say(client: TestClient, conversation_id: str, text: str) -> dict[str, Any]:
    """Post a customer message; the turn."""
    response = client.post(f"/v1/conversations/{conversation_id}/messages", json={"text": text})
    assert response.status_code in (200, 201), response.text
    body: dict[str, Any] = response.json()
    return body


def hand_off(client: TestClient) -> tuple[str, str]:
    """A conversation whose customer asked for a person: (conversation id, case id)."""
    conversation = start(client)
    turn = say(client, conversation["id"], HUMAN)
    assert turn["case"]["status"] == "handed_off", turn
    return conversation["id"], conversation["case_id"]


def pending_order_handed_off(
    client: TestClient, store_data: dict[str, Any]
) -> tuple[str, dict[str, Any], str, str]:
    """A verified customer who asked about one of their pending orders, then for a person:
    (order id, the order, their email, the case id)."""
    order_id, order = next(
        (k, o) for k, o in store_data["orders"].items() if o["status"] == "pending"
    )
    email = store_data["users"][order["user_id"]]["email"]
    conversation = start(client)
    say(client, conversation["id"], f"Where is my order {order_id}? My email is {email}")
    say(client, conversation["id"], HUMAN)
    return order_id, order, email, conversation["case_id"]


def events(client: TestClient, case_id: str, *types: str) -> list[dict[str, Any]]:
    """The case's events (only ``types`` when given)."""
    found: list[dict[str, Any]] = client.get(f"/v1/cases/{case_id}/events").json()
    return [e for e in found if not types or e["type"] in types]
