"""The agent desk's suggested replies are the workspace's templates: the greeting
(``desk_greeting``), how to ask who the customer is (``desk_ask_identity``), what the record the
conversation is about is (the pack's ``DeskRecord.said``, ``desk_order`` for the store), the
write waiting for a "yes" (``desk_go_ahead``) and ``desk_anything_else``. A workspace whose
templates are German suggests them in German; test_desk.py reads the English ones."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from deskpilot.api import create_app
from deskpilot.handoff import ManualClock, RoutingConfig
from deskpilot.settings import Settings
from tests.conftest import RetailParts, api_key_headers
from tests.console._support import console_login, hand_off, pending_order_handed_off
from tests.console.conftest import quiet_runtime

GERMAN = {
    "desk_greeting": "Hallo {{ first_name or 'zusammen' }}, hier ist {{ agent }} vom Kundendienst.",
    "desk_ask_identity": "Mit welcher E-Mail-Adresse haben Sie bestellt?",
    "desk_order": (
        "Ihre Bestellung {{ order_id }} ist {{ status }}."
        "{% if tracking %} Sendungsnummer: {{ tracking|join(', ') }}.{% endif %}"
    ),
    "desk_go_ahead": "Soll ich das jetzt erledigen?",
    "desk_anything_else": "Kann ich sonst noch etwas für Sie tun?",
}


@pytest.fixture
def german_client(
    settings: Settings,
    routing: RoutingConfig,
    clock: ManualClock,
    password_hash: str,
    retail: RetailParts,
) -> Iterator[TestClient]:
    """The store's app whose workspace writes the desk's templates in German."""
    templates = {**retail.workspace.templates["en"], **GERMAN}
    german = dataclasses.replace(
        retail, workspace=dataclasses.replace(retail.workspace, templates={"en": templates})
    )
    runtime = quiet_runtime(settings, routing, clock, password_hash, german)
    try:
        headers = api_key_headers(runtime)
        app = create_app(runtime=runtime)
        with TestClient(app, raise_server_exceptions=False, headers=headers) as client:
            yield client
    finally:
        runtime.close()


def _suggested(page: str) -> str:
    start = page.index(">Suggested replies<")
    return page[start : page.index("</ul>", start)]


def test_the_desk_suggests_replies_in_the_workspace_s_words(
    german_client: TestClient, store_data: dict[str, Any]
) -> None:
    order_id, order, _email, case_id = pending_order_handed_off(german_client, store_data)
    console_login(german_client, "alice")
    replies = _suggested(german_client.get(f"/console/cases/{case_id}").text)
    first = store_data["users"][order["user_id"]]["name"]["first_name"]
    assert f"Hallo {first}, hier ist Alice vom Kundendienst." in replies
    assert f"Ihre Bestellung {order_id} ist pending." in replies
    assert "Kann ich sonst noch etwas für Sie tun?" in replies
    assert "Your order" not in replies and "support team" not in replies


def test_the_desk_asks_an_unknown_customer_in_the_workspace_s_words(
    german_client: TestClient,
) -> None:
    _, case_id = hand_off(german_client)
    console_login(german_client, "alice")
    replies = _suggested(german_client.get(f"/console/cases/{case_id}").text)
    assert "Hallo zusammen, hier ist Alice vom Kundendienst." in replies
    assert "Mit welcher E-Mail-Adresse haben Sie bestellt?" in replies
    assert "email address" not in replies
