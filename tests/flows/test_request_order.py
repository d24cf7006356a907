"""Requests of one message run in the order the customer asked them, unless one must wait.

An item change or an exchange locks its order, so it waits for the other changes asked with it
("change the address and the keyboard" changes the address first). A cancellation
(``ends_subject``) is waited for only when it may be of the same order: "the glass bookshelf I
received: I'd like a wooden one. And please cancel my pending grill order" exchanges first, as
asked, since the two name different products; "… if that isn't available, cancel that order"
names none, and is still waited for.
"""

from __future__ import annotations

from typing import Any

import pytest

from .conftest import DEMO, Chat


def _exchange_and_cancellation() -> tuple[dict[str, Any], dict[str, Any], str, str, str]:
    """A demo customer with a delivered order holding an item with an available variant that
    differs in one option, a word, and a pending order of one product named nowhere else among
    their orders: (customer, item, its new value, the delivered order, the pending order)."""
    for user in DEMO["users"].values():
        orders = {o: DEMO["orders"][o] for o in user["orders"]}
        names = [i["name"] for o in orders.values() for i in o["items"]]
        pending = [
            o
            for o, order in orders.items()
            if order["status"] == "pending"
            and len({i["name"] for i in order["items"]}) == 1
            and names.count(order["items"][0]["name"]) == len(order["items"])
        ]
        if not pending:
            continue
        for order_id, order in orders.items():
            if order["status"] != "delivered":
                continue
            for item in (i for i in order["items"] if names.count(i["name"]) == 1):
                for variant in DEMO["products"][item["product_id"]]["variants"].values():
                    new = {k: v for k, v in variant["options"].items() if item["options"][k] != v}
                    value = str(next(iter(new.values()), ""))
                    if variant["available"] and len(new) == 1 and value.replace(" ", "").isalpha():
                        return user, item, value, order_id, pending[0]
    raise AssertionError("no demo customer with a delivered item to exchange and a pending order")


@pytest.mark.parametrize("cancel_first", [False, True])
def test_an_exchange_asked_before_another_orders_cancellation_runs_first(
    chat: Chat, cancel_first: bool
) -> None:
    user, item, value, delivered, pending = _exchange_and_cancellation()
    product = DEMO["orders"][pending]["items"][0]["name"].lower()
    exchange = (
        f"the {item['name'].lower()} I received - I'd like to exchange it for a {value} one, "
        "everything else the same."
    )
    cancellation = f"please cancel my pending {product} order, I don't need it anymore."
    asked = [cancellation, exchange] if cancel_first else [exchange, cancellation]
    first = chat.say(f"{user['email']}. two things: {asked[0]} and {asked[1]}")
    # Each names its own product: neither may be the other's order, so the customer's order holds.
    expected = pending if cancel_first else delivered
    assert expected in first and "Shall I go ahead" in first, chat.replies
    for _ in range(3):
        chat.say("yes")
    names = [name for name, _ in chat.writes()]
    wanted = ["cancel_pending_order", "exchange_delivered_order_items"]
    assert names == (wanted if cancel_first else wanted[::-1]), chat.replies
