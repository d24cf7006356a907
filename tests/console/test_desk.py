"""The case page shows any business as its domain pack's desk says: for the store, the
customer's orders and a request for their email address; for the airline, their reservations
(route, flights, passengers, status) and a request for their user id. Same pages, same code."""

from __future__ import annotations

import copy
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient

from deskpilot.api import create_app
from deskpilot.domains import Tables
from deskpilot.domains.airline import write_airline
from deskpilot.handoff import ManualClock, RoutingConfig
from deskpilot.settings import Settings
from tests.conftest import api_key_headers
from tests.console._support import (
    HUMAN,
    console_login,
    events,
    hand_off,
    pending_order_handed_off,
    say,
    start,
)
from tests.console.conftest import quiet_runtime
from tests.domains.airline.conftest import ADA, AIRLINE_WORKSPACE, build_tiny_airline


def _airline() -> Tables:
    """The tiny airline, with ABC123 insured (cancelling it asks why) and a second, cancelled
    reservation of Ada's booked after it."""
    data = build_tiny_airline()
    data["reservations"]["ABC123"]["insurance"] = "yes"
    cancelled = copy.deepcopy(data["reservations"]["ABC123"])
    cancelled.update(reservation_id="DEF456", status="cancelled", cabin="business")
    cancelled["created_at"] = "2024-05-12T09:00:00"
    data["reservations"]["DEF456"] = cancelled
    data["users"][ADA]["reservations"].append("DEF456")
    return data


@pytest.fixture
def airline_client(
    tmp_path: Path, routing: RoutingConfig, clock: ManualClock, password_hash: str
) -> Iterator[TestClient]:
    """A client of the airline workspace's app over the tiny airline."""
    records = tmp_path / "airline"
    write_airline(records, _airline())
    settings = Settings(
        data_dir=tmp_path / "data",
        workspace=AIRLINE_WORKSPACE,
        store=records,
        retry_interval_seconds=3600,
    )
    runtime = quiet_runtime(settings, routing, clock, password_hash)
    try:
        app = create_app(runtime=runtime)
        with TestClient(app, raise_server_exceptions=False) as client:
            client.headers.update(api_key_headers(runtime))
            yield client
    finally:
        runtime.close()


def _section(html: str, heading: str) -> str:
    """The page's card whose heading is ``heading``."""
    start_at = html.index(f">{heading}</h2>")
    return html[start_at : html.index("</section>", start_at)]


def test_airline_case_page_lists_the_customers_reservations(airline_client: TestClient) -> None:
    conversation = start(airline_client)
    for text in (f"Hi, I'm {ADA}.", "I want to cancel my reservation ABC123", HUMAN):
        say(airline_client, conversation["id"], text)
    case_id = conversation["case_id"]
    console_login(airline_client, "alice")
    page = airline_client.get(f"/console/cases/{case_id}").text

    customer = _section(page, "Customer")
    assert "Ada Lane" in customer and "gold" in customer
    reservations = _section(page, "Reservations")
    # Newest first, each with its status, route, flights and passengers.
    assert reservations.index("DEF456") < reservations.index("ABC123")
    assert '<strong>ABC123</strong> <span class="badge">booked</span>' in reservations
    assert '<strong>DEF456</strong> <span class="badge">cancelled</span>' in reservations
    assert "JFK → SEA, one way, economy" in reservations
    assert "HAT001 JFK → ATL on 2024-05-20" in reservations
    assert "Passengers: Ada Lane, Sam Lane" in reservations
    assert ">Orders<" not in page
    # The reply is about the reservation the conversation is about (the newest is listed
    # first); nothing is suggested to run.
    assert "Your reservation ABC123 from JFK to SEA (one way, economy) is booked." in page
    assert 'class="suggested-action"' not in page
    # The reads went through the guard as Alice and are logged as one event, not three each.
    assert not [e for e in events(airline_client, case_id) if e["actor"] == "agent:alice"][1:]
    (viewed,) = events(airline_client, case_id, "case_viewed")
    assert viewed["actor"] == "agent:alice"
    assert viewed["data"]["actions"] == ["get_reservation_details", "get_user_details"]


def test_airline_case_page_asks_an_unknown_customer_for_their_user_id(
    airline_client: TestClient,
) -> None:
    _, case_id = hand_off(airline_client)
    console_login(airline_client, "alice")
    page = airline_client.get(f"/console/cases/{case_id}").text
    assert "could you tell me your user id?" in page
    assert "email address" not in page
    assert "The customer is not verified yet" in page


def test_store_case_page_lists_orders_and_suggests_what_an_order_allows(
    client: TestClient, store_data: dict[str, Any]
) -> None:
    order_id, order, _email, case_id = pending_order_handed_off(client, store_data)
    console_login(client, "alice")
    page = client.get(f"/console/cases/{case_id}").text
    orders = _section(page, "Orders")
    assert f'<strong>{order_id}</strong> <span class="badge">pending</span>' in orders
    item = order["items"][0]
    assert f"{item['name']} — " in orders and f"(${item['price']:.2f})" in orders
    # The reply and the actions are about the order the customer asked about, not the newest.
    assert f"Your order {order_id} is pending." in page
    others = [k for k in store_data["users"][order["user_id"]]["orders"] if k != order_id]
    assert others and not any(f"Your order {k} is" in page for k in others)
    actions = _section(page, "Actions")
    assert f'&amp;arg.order_id={quote(order_id)}">Cancel {order_id}…</a>' in actions
    assert not any(quote(k) in actions for k in others)
    assert "Reservations" not in page


def test_store_case_page_asks_an_unknown_customer_for_their_email(client: TestClient) -> None:
    _, case_id = hand_off(client)
    console_login(client, "alice")
    page = client.get(f"/console/cases/{case_id}").text
    assert "could you tell me the email address you ordered with?" in page
    assert "your user id" not in page


def test_airline_action_form_offers_the_reservation_talked_about_and_payment_methods_in_words(
    airline_client: TestClient,
) -> None:
    conversation = start(airline_client)
    for text in (f"Hi, I'm {ADA}.", "I want to cancel my reservation ABC123", HUMAN):
        say(airline_client, conversation["id"], text)
    case_id = conversation["case_id"]
    console_login(airline_client, "alice")
    packet = _section(airline_client.get(f"/console/cases/{case_id}").text, "Handoff packet")
    assert "ABC123 (booked)" in packet and "DEF456" not in packet
    form = airline_client.get(
        f"/console/cases/{case_id}/act?action=update_reservation_baggages"
    ).text
    assert '<option value="ABC123" selected>ABC123 (booked)' in form
    assert "Others of this customer" in form and '<option value="DEF456"' in form
    payments = form[form.index('name="arg.payment_id"') :]
    payments = payments[: payments.index("</select>")]
    for value, label in re.findall(r'<option value="([^"]+)"[^>]*>([^<]+)</option>', payments):
        assert value not in label
