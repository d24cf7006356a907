"""The hand-off packet reads as a person reads it: the request in words, how the customer was
verified, what was done and what waits, why a person was asked, their mood in words, and the
records it concerns — no internal keys, raw ids or JSON."""

from __future__ import annotations

import re
from typing import Any

from fastapi.testclient import TestClient

from tests.console._support import HUMAN, api_login, console_login, say, start


def _packet(page: str) -> str:
    at = page.index(">Handoff packet</h2>")
    return page[at : page.index("</section>", at)]


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def _pending_order(store_data: dict[str, Any]) -> tuple[str, dict[str, Any], dict[str, Any]]:
    order_id, order = next(
        (k, o)
        for k, o in store_data["orders"].items()
        if o["status"] == "pending"
        and any(
            m["source"] == "gift_card"
            for m in store_data["users"][o["user_id"]]["payment_methods"].values()
        )
    )
    return order_id, order, store_data["users"][order["user_id"]]


def test_packet_names_the_answered_request_the_mood_and_the_record_in_words(
    client: TestClient, store_data: dict[str, Any]
) -> None:
    order_id, order, user = _pending_order(store_data)
    conversation = start(client)
    for text in (f"Where is my order {order_id}? My email is {user['email']}", "ugh… annoyed"):
        say(client, conversation["id"], text)
    say(client, conversation["id"], HUMAN)
    console_login(client, "alice")
    page = client.get(f"/console/cases/{conversation['case_id']}").text
    packet = _text(_packet(page))
    assert "no request recognised" not in packet
    assert "Order status (answered by the automation)" in packet
    assert f"In their words: “Where is my order {order_id}?" in packet
    name = f"{user['name']['first_name']} {user['name']['last_name']}"
    assert f"Verified as {name} (user id {order['user_id']}) by their email" in packet
    assert "Why a person the customer asked for a person" in packet
    assert f"About {order_id} (pending) — {order['items'][0]['name']}" in packet
    # "ugh… annoyed" is read as annoyed (it scored 0.00 when the packet took the last message).
    assert "Annoyed at worst (“ugh… annoyed”); calm in their last message" in packet
    assert "0.00 at worst" not in packet
    # Nothing internal: no dialogue keys, no JSON, no payment ids anywhere on the page.
    for raw in ("_last_", "{", '"', "reason_code", "asked_for_human"):
        assert raw not in packet, raw
    for method_id in user["payment_methods"]:
        assert method_id not in page, method_id
    assert "Gift card (balance $" in page or "gift card (balance $" in page
    # The queues list the case by why and the customer's words, not by internal counts.
    queue = client.get("/console/queue").text
    assert f"the customer asked for a person — “Where is my order {order_id}?" in queue
    assert "request not yet understood" not in queue


def test_packet_says_what_the_customer_was_asked_to_confirm_and_that_nothing_changed(
    client: TestClient, store_data: dict[str, Any]
) -> None:
    order_id, _order, user = _pending_order(store_data)
    conversation = start(client)
    for text in (
        f"Please cancel order {order_id}, my email is {user['email']}",
        "I no longer need it",
        HUMAN,
    ):
        say(client, conversation["id"], text)
    console_login(client, "alice")
    packet = _text(_packet(client.get(f"/console/cases/{conversation['case_id']}").text))
    assert "Cancel order (in progress)" in packet
    assert (
        f"The customer was asked to confirm: cancel pending order — order: {order_id} (pending)"
        in packet
    )
    assert "reason: no longer needed. Nothing was changed." in packet
    assert "Done Nothing changed yet." in packet


def test_the_agents_api_gives_the_packet_in_words_beside_the_raw_packet(
    client: TestClient, store_data: dict[str, Any]
) -> None:
    order_id, _order, user = _pending_order(store_data)
    conversation = start(client)
    say(client, conversation["id"], f"Where is my order {order_id}? My email is {user['email']}")
    say(client, conversation["id"], HUMAN)
    api_login(client, "alice")
    body = client.get(f"/v1/agent/cases/{conversation['case_id']}").json()
    assert body["case"]["handoff"]["packet"]["reason"]  # the raw packet is still there
    words = body["packet_in_words"]
    assert words["why"] == "the customer asked for a person"
    assert words["requests"][0]["outcome"] == "answered by the automation"
    assert words["records"][0].startswith(order_id)
    assert "email" in words["verified"]
    page = _text(_packet(client.get(f"/console/cases/{conversation['case_id']}").text))
    assert words["why"] in page and words["verified"] in page
    not_handed_off = start(client)
    say(client, not_handed_off["id"], f"Where is my order {order_id}?")
    body = client.get(f"/v1/agent/cases/{not_handed_off['case_id']}").json()
    assert body["packet_in_words"] is None
