"""What customers point at instead of spelling out: an address on another order, orders named by
the products in them, a payment method said once for every change."""

from __future__ import annotations

from typing import Any

import pytest

from deskpilot.components import domain_knowledge

from .conftest import DEMO, RETAIL, Chat, demo_slot_context

KNOWLEDGE = domain_knowledge(RETAIL)
ADDRESS_FIELDS = ("address1", "address2", "city", "state", "country", "zip")


def _orders(user: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    return [(o, DEMO["orders"][o]) for o in user["orders"]]


def _pending_and_another_city() -> tuple[dict[str, Any], str, dict[str, Any]]:
    """A customer with a pending order and another order shipping to a city of its own."""
    for user in DEMO["users"].values():
        orders = _orders(user)
        for order_id, order in orders:
            if order["status"] != "pending":
                continue
            cities = {order["address"]["city"], user["address"]["city"]}
            others = [o for _, o in orders if o["address"]["city"] not in cities]
            by_city = {o["address"]["city"] for o in others}
            if len(others) == 1 and len(by_city) == 1:
                return user, order_id, others[0]
    raise AssertionError("no customer with orders to two cities")


def test_an_address_named_by_its_city_on_another_order(chat: Chat) -> None:
    user, order_id, other = _pending_and_another_city()
    city = other["address"]["city"]
    chat.say(user["email"])
    reply = chat.say(f"Please ship order {order_id} to my {city} address, it's on my other order.")
    assert "To confirm" in reply and other["address"]["address1"] in reply
    chat.say("yes")
    action, args = chat.writes()[0]
    assert action == "modify_pending_order_address" and args["order_id"] == order_id
    assert {k: args[k] for k in other["address"]} == other["address"]


def test_an_address_in_a_city_never_on_file_is_asked_for(chat: Chat) -> None:
    user, order_id, _ = _pending_and_another_city()
    chat.say(user["email"])
    reply = chat.say(f"Please ship order {order_id} to my Anchorage address.")
    assert "What's the new address" in reply
    chat.say("yes")
    assert chat.writes() == []


def test_the_default_address_is_not_changed_to_itself_by_reference(chat: Chat) -> None:
    user, order_id, _ = _pending_and_another_city()
    chat.say(user["email"])
    reply = chat.say(
        f"One of my orders, {order_id}, goes to the wrong place. "
        "Please change my default address to my default address in my profile."
    )
    assert "I'll change the default address" not in reply
    chat.say("yes")
    assert chat.writes() == []


def _single_names(order: dict[str, Any]) -> set[str]:
    names = [i["name"] for i in order["items"]]
    return {n for n in names if names.count(n) == 1}


def _products_in_two_delivered_orders() -> tuple[dict[str, Any], list[tuple[str, dict[str, Any]]]]:
    """A customer with two delivered orders, each holding a product the other does not."""
    for user in DEMO["users"].values():
        delivered = [(o, order) for o, order in _orders(user) if order["status"] == "delivered"]
        if len(delivered) < 2:
            continue
        (a, first), (b, second) = delivered[:2]
        names_a = _single_names(first)
        names_b = _single_names(second)
        only_a = sorted(names_a - {i["name"] for i in second["items"]})
        only_b = sorted(names_b - {i["name"] for i in first["items"]})
        rest = [n for _, o in delivered[2:] for n in (i["name"] for i in o["items"])]
        only_a = [n for n in only_a if n not in rest]
        only_b = [n for n in only_b if n not in rest]
        if only_a and only_b:
            picks = [
                (a, next(i for i in first["items"] if i["name"] == only_a[0])),
                (b, next(i for i in second["items"] if i["name"] == only_b[0])),
            ]
            return user, picks
    raise AssertionError("no customer with two delivered orders of different products")


def test_items_in_two_orders_are_returned_one_order_at_a_time(chat: Chat) -> None:
    user, picks = _products_in_two_delivered_orders()
    (first_order, first_item), (second_order, second_item) = picks
    chat.say(user["email"])
    first = chat.say(
        f"Return the {first_item['name'].lower()} and the {second_item['name'].lower()}, "
        "refund to the original payment method."
    )
    assert f"from order {first_order}" in first
    second = chat.say("yes")
    assert f"from order {second_order}" in second
    chat.say("yes")
    returned = [(args["order_id"], args["item_ids"]) for _, args in chat.writes()]
    assert returned == [
        (first_order, [first_item["item_id"]]),
        (second_order, [second_item["item_id"]]),
    ]


def _pending_item_with_cheaper_variant() -> tuple[str, dict[str, Any], dict[str, Any]]:
    for order_id, order in DEMO["orders"].items():
        if order["status"] != "pending":
            continue
        names = [i["name"] for i in order["items"]]
        for item in order["items"]:
            if names.count(item["name"]) != 1:
                continue
            product = DEMO["products"][item["product_id"]]
            cheaper = [
                v
                for v in product["variants"].values()
                if v["available"] and v["item_id"] != item["item_id"] and v["price"] < item["price"]
            ]
            if cheaper:
                return order_id, item, cheaper[0]
    raise AssertionError("no pending item with a cheaper variant")


def test_a_variant_named_by_its_id_refunds_to_the_way_the_order_was_paid(chat: Chat) -> None:
    order_id, item, variant = _pending_item_with_cheaper_variant()
    order = DEMO["orders"][order_id]
    paid = next(p["payment_method_id"] for p in order["payment_history"])
    chat.say(DEMO["users"][order["user_id"]]["email"])
    reply = chat.say(
        f"In order {order_id}, change the {item['name'].lower()} to item {variant['item_id']}."
    )
    assert "To confirm" in reply and "back" in reply, reply
    chat.say("yes")
    action, args = chat.writes()[0]
    assert action == "modify_pending_order_items"
    assert args["new_item_ids"] == [variant["item_id"]] and args["payment_method_id"] == paid


def test_orders_listed_in_one_sentence_are_each_cancelled_for_what_it_says(chat: Chat) -> None:
    # Ximena Nakamura: pending #W2460971 holds only a t-shirt, pending #W4943115 the grinder and
    # the toothbrush (#W6051552 has a grinder but no toothbrush; #W1359631 a t-shirt and more).
    chat.say("ximena.nakamura2272@example.com")
    reply = chat.say(
        "I need to cancel two orders. The one with just the t-shirt and the one with the coffee "
        "grinder and the toothbrush - I don't need those anymore."
    )
    assert "#W2460971" in reply and "no longer needed" in reply, reply
    reply = chat.say("yes")
    assert "#W4943115" in reply and "no longer needed" in reply, reply
    chat.say("yes")
    assert chat.writes() == [
        ("cancel_pending_order", {"order_id": "#W2460971", "reason": "no longer needed"}),
        ("cancel_pending_order", {"order_id": "#W4943115", "reason": "no longer needed"}),
    ]


def test_an_item_from_a_named_order_is_acted_on_in_that_order(chat: Chat) -> None:
    # "from order #W…" names the order acted on (not another order's details, as in "the
    # address from order #W…"): Ximena's t-shirt is in two pending orders, and the one named
    # is told to be pending rather than asked about.
    chat.say("ximena.nakamura2272@example.com")
    reply = chat.say("I want to return the t-shirt from order #W2460971.")
    assert "#W2460971 is pending" in reply, reply
    assert "#W1359631" not in reply


def test_another_customers_order_is_refused_and_none_of_theirs_stands_in(chat: Chat) -> None:
    # A customer whose only order is pending asks to cancel someone else's: refused, and the
    # "yes" that follows does not cancel their own only order instead.
    def pending(user: dict[str, Any]) -> list[str]:
        return [o for o in user["orders"] if DEMO["orders"][o]["status"] == "pending"]

    users = list(DEMO["users"].values())
    me = next(u for u in users if len(u["orders"]) == 1 and len(pending(u)) == 1)
    other = next(o for u in users if u is not me for o in pending(u))
    chat.say(me["email"])
    reply = chat.say(f"Please cancel my order {other}, I ordered it by mistake.")
    assert "couldn't find an order" in reply and "on your account" in reply, reply
    for _ in range(3):
        assert "To confirm" not in chat.say("yes")
    assert chat.writes() == []


def test_after_another_customers_order_the_one_they_name_continues_the_request(
    chat: Chat,
) -> None:
    # Refused for someone else's order, the customer names their own: the cancellation goes
    # on with it and the reason already given; the refused order is never proposed.
    def pending(user: dict[str, Any]) -> list[str]:
        return [o for o in user["orders"] if DEMO["orders"][o]["status"] == "pending"]

    users = list(DEMO["users"].values())
    me = next(u for u in users if pending(u))
    mine = pending(me)[0]
    other = next(o for u in users if u is not me for o in pending(u))
    chat.say(me["email"])
    reply = chat.say(f"Please cancel my order {other}, I ordered it by mistake.")
    assert "couldn't find an order" in reply, reply
    reply = chat.say(f"sorry, I meant {mine}")
    assert "To confirm" in reply and mine in reply and other not in reply, reply
    chat.say("yes")
    assert chat.writes() == [
        ("cancel_pending_order", {"order_id": mine, "reason": "ordered by mistake"})
    ]


def test_the_card_that_paid_for_another_order_is_the_one_it_names(chat: Chat) -> None:
    # Kira Delacroix: pending #W9886546 is paid with one card; #W6359360, the only order with
    # a hoodie, with another. "The same card I paid for my hoodie with" is that order's card:
    # a record of hers, not a method named in words (before, it was handed to a person).
    user = next(u for u in DEMO["users"].values() if u["email"].startswith("kira.delac"))
    hoodie_card = DEMO["orders"]["#W6359360"]["payment_history"][0]["payment_method_id"]
    chat.say(user["email"])
    reply = chat.say("Please pay my order #W9886546 with the same card I paid for my hoodie with.")
    assert "To confirm" in reply, reply
    chat.say("yes")
    assert chat.writes() == [
        (
            "modify_pending_order_payment",
            {"order_id": "#W9886546", "payment_method_id": hoodie_card},
        )
    ]


def test_how_an_order_was_paid_points_at_nothing_by_itself(chat: Chat) -> None:
    # "I paid for the hoodie with …" says how, and points at no method: the one named for the
    # change is used.
    user = next(u for u in DEMO["users"].values() if u["email"].startswith("kira.delac"))
    mine = DEMO["orders"]["#W9886546"]["payment_history"][0]["payment_method_id"]
    other = next(m for m in user["payment_methods"] if m != mine)
    label = user["payment_methods"][other]
    words = "PayPal" if label["source"] == "paypal" else f"card ending {label.get('last_four')}"
    chat.say(user["email"])
    reply = chat.say(
        f"I paid for my hoodie with a card last month. Please pay order #W9886546 with my {words}."
    )
    assert "To confirm" in reply, reply
    chat.say("yes")
    assert chat.writes() == [
        ("modify_pending_order_payment", {"order_id": "#W9886546", "payment_method_id": other})
    ]


@pytest.mark.parametrize(
    ("words", "to_the_account"),
    [
        ("Please ship it to my default address instead.", True),
        ("Send it to the address on my account.", True),
        # The account's address is what these change: no value for the order's.
        ("Please change my default address on my profile to the one this order goes to.", False),
        ("Could you update the address on my account to the address of this order?", False),
    ],
)
def test_the_account_address_is_an_orders_new_address_only_when_not_itself_changed(
    words: str, to_the_account: bool
) -> None:
    user, order_id, _ = _pending_and_another_city()
    ctx = demo_slot_context(words, "address", slots={"order_id": order_id}, user=user)
    found = KNOWLEDGE.resolvers["address"](ctx)
    account = {k: str(user["address"].get(k, "")) for k in ADDRESS_FIELDS}
    assert (found is not None and found.value == account) is to_the_account, found


def _pending_and_a_model_order() -> tuple[dict[str, Any], str, str, dict[str, Any], str]:
    """A customer with a pending order and another order shipping elsewhere, each holding a
    product no other order of theirs holds: (customer, pending order, its product, the other
    order, its product)."""
    for user in DEMO["users"].values():
        orders = _orders(user)
        held = [name for _, o in orders for name in {i["name"] for i in o["items"]}]
        alone = {name for name in held if held.count(name) == 1}
        for order_id, order in orders:
            if order["status"] != "pending":
                continue
            mine = sorted(_single_names(order) & alone)
            for other_id, other in orders:
                theirs = sorted(_single_names(other) & alone)
                apart = other["address"] not in (order["address"], user["address"])
                if other_id != order_id and apart and mine and theirs:
                    return user, order_id, mine[0], other, theirs[0]
    raise AssertionError("no customer with a pending order and another order elsewhere")


@pytest.mark.parametrize("again", ["the one", "the big one", "that other one"])
def test_an_order_said_again_after_a_comma_is_the_model_of_the_address(
    chat: Chat, again: str
) -> None:
    # "… the same address as my other order, the one with the keyboards": the order described
    # after the comma is where the address comes from, not what the request is about, and a
    # city said of it ("…, in Austin") describes no order to change either. A word may stand
    # before "one" ("the big one with the bicycle": probes29 sent the bicycle's order to the
    # other's address, the wrong way round).
    user, order_id, mine, other, theirs = _pending_and_a_model_order()
    chat.say(user["email"])
    reply = chat.say(
        f"My pending order with the {mine.lower()} is going to the wrong place. Can you send it "
        f"to the same address as my other order, {again} with the {theirs.lower()}?"
    )
    assert f"shipping address of order {order_id}" in reply, reply
    assert other["address"]["address1"] in reply, reply
    city = other["address"]["city"]
    reply = chat.say(f"yes, the same address as my {theirs.lower()} order, in {city}.")
    assert chat.writes(), (city, reply)
    action, args = chat.writes()[0]
    assert action == "modify_pending_order_address" and args["order_id"] == order_id
    assert {k: args[k] for k in ADDRESS_FIELDS} == {k: other["address"][k] for k in ADDRESS_FIELDS}
