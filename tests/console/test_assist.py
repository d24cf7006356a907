"""The case page's assist panel (and ``GET /v1/agent/cases/{id}/assist``): a reply from the help
center for what the customer asked, resolved cases like this one with what was done, the case so
far in words, and the next action, all about this conversation only."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from tests.console._support import HUMAN, api_login, console_login, say, start


def _panel(client: TestClient, case_id: str) -> str:
    html = client.get(f"/console/cases/{case_id}").text
    start_at = html.index('id="assist"')
    return html[start_at : html.index("</section>", start_at)]


def _customer_with_orders(store_data: dict[str, Any]) -> tuple[str, str, list[str]]:
    """A customer with a pending order and other orders: (their email, the pending order's
    id, their other orders' ids)."""
    for user in store_data["users"].values():
        orders = [o for o in user.get("orders", []) if o in store_data["orders"]]
        pending = [o for o in orders if store_data["orders"][o]["status"] == "pending"]
        if pending and len(orders) >= 2:
            return user["email"], pending[0], [o for o in orders if o != pending[0]]
    raise AssertionError("the demo store has no customer with a pending order and another")


def _resolved(client: TestClient, headers: dict[str, str], said: list[str], reply: str) -> str:
    """A case whose customer said ``said``, answered with ``reply`` by Alice and resolved."""
    conversation = start(client)
    for text in said:
        say(client, conversation["id"], text)
    case_id = str(conversation["case_id"])
    assert client.post(f"/v1/agent/cases/{case_id}/take", headers=headers).status_code == 200
    sent = client.post(f"/v1/agent/cases/{case_id}/reply", json={"text": reply}, headers=headers)
    assert sent.status_code == 201, sent.text
    resolved = client.post(f"/v1/agent/cases/{case_id}/resolve", headers=headers)
    assert resolved.status_code == 200, resolved.text
    return case_id


def test_assist_answers_the_customers_question_from_the_help_center(client: TestClient) -> None:
    conversation = start(client)
    say(client, conversation["id"], "how long do refunds take to reach my card?")
    say(client, conversation["id"], HUMAN)
    console_login(client, "alice")
    panel = _panel(client, conversation["case_id"])
    assert "When will I get my refund?" in panel
    assert "/help/refunds-timing" in panel
    assert "5–7 business days" in panel


def test_assist_uses_the_agents_articles_marked_as_such(client: TestClient) -> None:
    conversation = start(client)
    say(client, conversation["id"], "my package is lost, can you open a carrier investigation?")
    say(client, conversation["id"], HUMAN)
    console_login(client, "alice")
    panel = _panel(client, conversation["case_id"])
    assert "Agents: escalating lost packages" in panel
    assert "agents only" in panel


def test_assist_summary_names_the_order_asked_about_and_no_other(
    client: TestClient, store_data: dict[str, Any]
) -> None:
    email, order_id, others = _customer_with_orders(store_data)
    conversation = start(client)
    say(client, conversation["id"], f"Where is my order {order_id}? My email is {email}")
    say(client, conversation["id"], HUMAN)
    console_login(client, "alice")
    panel = _panel(client, conversation["case_id"])
    summary = panel[panel.index("Summary") : panel.index("From the help center")]
    assert order_id in summary
    assert "Verified as" in summary
    assert not [o for o in others if o in panel]


def test_assist_finds_a_similar_resolved_case_and_what_was_done(client: TestClient) -> None:
    headers = api_login(client, "alice")
    charged = _resolved(
        client,
        headers,
        ["I was charged twice for the same purchase on my credit card", HUMAN],
        "I have reversed the duplicate payment on order #W1234567, it shows within 5 days.",
    )
    shipping = _resolved(
        client,
        headers,
        ["do you ship to Canada?", HUMAN],
        "We don't ship to Canada yet, sorry.",
    )
    conversation = start(client)
    say(client, conversation["id"], "you charged my credit card twice for one purchase!")
    say(client, conversation["id"], HUMAN)
    case_id = conversation["case_id"]

    found = client.get(f"/v1/agent/cases/{case_id}/assist")
    assert found.status_code == 200, found.text
    similar = found.json()["similar"]
    assert [s["case_id"] for s in similar][:1] == [charged]
    assert shipping not in [s["case_id"] for s in similar]
    outcome = similar[0]["outcome"]
    assert "Resolved by alice" in outcome and "reversed the duplicate payment" in outcome
    assert "W1234567" not in outcome  # another conversation's order is never named here

    console_login(client, "alice")
    panel = _panel(client, case_id)
    assert f"Case {charged}" in panel and "reversed the duplicate payment" in panel


def test_assist_next_action_is_filled_with_this_conversations_order(
    client: TestClient, store_data: dict[str, Any]
) -> None:
    email, order_id, others = _customer_with_orders(store_data)
    conversation = start(client)
    say(client, conversation["id"], f"I want to cancel order {order_id}, my email is {email}")
    say(client, conversation["id"], HUMAN)
    api_login(client, "alice")
    found = client.get(f"/v1/agent/cases/{conversation['case_id']}/assist").json()
    action = found["next_action"]
    assert action is not None and action["args"].get("order_id") == order_id
    assert not [o for o in others if o in str(action)]


def test_assist_tells_what_a_similar_case_did_without_its_order(
    client: TestClient, store_data: dict[str, Any]
) -> None:
    pending = [
        (o, store_data["users"][order["user_id"]]["email"])
        for o, order in store_data["orders"].items()
        if order["status"] == "pending"
    ]
    (done_order, done_email), (order_id, email) = pending[0], pending[1]
    headers = api_login(client, "alice")
    first = start(client)
    say(client, first["id"], f"I need to cancel order {done_order}, my email is {done_email}")
    say(client, first["id"], HUMAN)
    earlier = first["case_id"]
    assert client.post(f"/v1/agent/cases/{earlier}/take", headers=headers).status_code == 200
    args = {"order_id": done_order, "reason": "no longer needed"}
    ran = client.post(
        f"/v1/agent/cases/{earlier}/actions",
        json={"action": "cancel_pending_order", "args": args},
        headers=headers,
    )
    assert ran.status_code == 200 and ran.json()["status"] == "succeeded", ran.text
    assert client.post(f"/v1/agent/cases/{earlier}/resolve", headers=headers).status_code == 200

    now = start(client)
    say(client, now["id"], f"please cancel order {order_id} for me, my email is {email}")
    say(client, now["id"], HUMAN)
    found = client.get(f"/v1/agent/cases/{now['case_id']}/assist").json()
    similar = {s["case_id"]: s for s in found["similar"]}
    assert earlier in similar
    assert "Done: cancel pending order." in similar[earlier]["outcome"]
    assert done_order not in str(found) and done_email not in str(found)
    assert found["next_action"]["args"].get("order_id") == order_id
