"""Requests of one message run in the order the customer asked them, unless one must wait.

An item change or an exchange locks its order, so it waits for the other changes asked with it
("change the address and the keyboard" changes the address first). A cancellation
(``ends_subject``) is waited for only when it may be of the same order: "the glass bookshelf I
received: I'd like a wooden one. And please cancel my pending grill order" exchanges first, as
asked, since the two name different products; "… if that isn't available, cancel that order"
names none, and is still waited for. A part naming only a detail ("refund to paypal") leads
no request of its own, unless the message asks for that request in so many words where no part
was read surely ("… the speaker and the bulb, sending those two back. refund to paypal").
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from deskpilot.domain import IntentScore
from deskpilot.runtime import Runtime

from .conftest import DEMO, Chat, chat_scored_by, forced_readings, runtime_scored_by


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


def _cancellation_and_return() -> tuple[dict[str, Any], str, str, list[dict[str, Any]]]:
    """A demo customer with a pending order and a delivered one paid with PayPal holding two
    items whose products no other order of theirs holds: (customer, pending order, delivered
    order, the two items)."""
    for user in DEMO["users"].values():
        orders = {o: DEMO["orders"][o] for o in user["orders"]}
        names = [i["name"] for o in orders.values() for i in o["items"]]
        pending = [o for o, order in orders.items() if order["status"] == "pending"]
        for order_id, order in orders.items():
            alone = [i for i in order["items"] if names.count(i["name"]) == 1]
            paid = order["payment_history"][0]["payment_method_id"]
            if (
                pending
                and order["status"] == "delivered"
                and paid.startswith("paypal")
                and len(alone) >= 2
            ):
                return user, pending[0], order_id, alone[:2]
    raise AssertionError("no demo customer with a pending order and two items to return")


def _return_read_only_in_its_detail(tmp_path: Path) -> Runtime:
    """Readings as the classifier gives them to such a message: the cancellation sure, the
    sentence sending the items back read unsurely (as an item change), and only "refund to
    paypal" read surely as a return; a yes read as a yes."""

    def scores(text: str) -> list[IntentScore]:
        said = text.strip().lower()
        if said == "yes":
            return [IntentScore("affirm", 0.97)]
        if said.startswith("refund to"):
            return [IntentScore("return_items", 0.99)]
        if "back" in said and "cancel" not in said:
            return [IntentScore("modify_order_items", 0.64), IntentScore("return_items", 0.1)]
        return [IntentScore("cancel_order", 0.9), IntentScore("return_items", 0.05)]

    return runtime_scored_by(tmp_path, scores)


@pytest.mark.parametrize(("verb", "queued"), [("sending those two back", True), ("", False)])
def test_a_return_said_in_words_beside_its_refund_detail_waits_behind_a_cancellation(
    tmp_path: Path, verb: str, queued: bool
) -> None:
    user, pending, delivered, (one, two) = _cancellation_and_return()
    chat = Chat(_return_read_only_in_its_detail(tmp_path))
    try:
        items = f"the {one['name'].lower()} and the {two['name'].lower()}"
        first = chat.say(
            f"{user['email']}. please cancel order {pending}, I don't need it anymore. From my "
            f"delivered order {delivered}: {items}{', ' + verb if verb else ''}. refund to paypal"
        )
        assert pending in first, chat.replies
        after = chat.say("yes")
        # "refund to paypal" alone is a detail; the words sending the items back ask for the
        # return, which then waits its turn instead of being dropped.
        assert ("return" in after and delivered in after) is queued, chat.replies
        chat.say("yes")
        writes = chat.writes()
        names = ["cancel_pending_order", "return_delivered_order_items"]
        assert [name for name, _ in writes] == (names if queued else names[:1]), chat.replies
        if queued:
            assert sorted(writes[1][1]["item_ids"]) == sorted([one["item_id"], two["item_id"]])
    finally:
        chat.runtime.close()


def _two_pending_orders_sharing_a_product() -> tuple[dict[str, Any], str, str, str, str, str]:
    """A demo customer with two pending orders that both hold one product, each also holding
    a product the other does not, where the first's item of the shared product has an available
    variant differing in one option, a word: (customer, first order, second order, the shared
    product, a product only the first holds, the new value)."""
    for user in DEMO["users"].values():
        orders = {o: DEMO["orders"][o] for o in user["orders"]}
        pending = [o for o, order in orders.items() if order["status"] == "pending"]
        for first in pending:
            for second in (o for o in pending if o != first):
                one = {i["name"] for i in orders[first]["items"]}
                two = {i["name"] for i in orders[second]["items"]}
                only = sorted(one - two)
                if not (one & two) or not only or not two - one:
                    continue
                for item in (i for i in orders[first]["items"] if i["name"] in two):
                    for variant in DEMO["products"][item["product_id"]]["variants"].values():
                        new = {
                            k: v for k, v in variant["options"].items() if item["options"][k] != v
                        }
                        value = str(next(iter(new.values()), ""))
                        if variant["available"] and len(new) == 1 and value.isalpha():
                            return user, first, second, item["name"], only[0], value
    raise AssertionError("no demo customer with two pending orders sharing a product")


def test_a_cancellation_of_the_other_order_naming_a_shared_product_waits_its_turn(
    tmp_path: Path,
) -> None:
    # Both orders hold the shared product and both requests name it; each also names a product
    # the other does not, so they are not one subject, and the item change asked first runs
    # first.
    user, first, second, shared, only, value = _two_pending_orders_sharing_a_product()
    others = sorted({i["name"].lower() for i in DEMO["orders"][second]["items"]} - {shared.lower()})

    _two_writes_in_order(
        tmp_path,
        _sure_by_word("cancel", "cancel_order", "modify_order_items"),
        f"{user['email']}. In the one with the {only.lower()}, change the {shared.lower()} "
        f"to a {value} one. And the other order (the {', the '.join(others)} and the second "
        f"{shared.lower()}) I placed by mistake, please cancel that whole thing.",
        proposed_first=first,
        names=["modify_pending_order_items", "cancel_pending_order"],
        second_order=second,
    )


def _sure_by_word(word: str, named: str, otherwise: str) -> Callable[[str], list[IntentScore]]:
    """Forced readings: a bare yes or no as itself, a message holding ``word`` surely
    ``named``, any other surely ``otherwise``."""

    return forced_readings(
        (lambda said: word in said, [IntentScore(named, 0.9), IntentScore(otherwise, 0.05)]),
        otherwise=[IntentScore(otherwise, 0.9), IntentScore(named, 0.05)],
    )


def _two_writes_in_order(
    tmp_path: Path,
    scores: Callable[[str], list[IntentScore]],
    message: str,
    *,
    proposed_first: str,
    names: list[str],
    second_order: str,
) -> None:
    """``message`` proposes a change of ``proposed_first`` first; after three yeses the writes
    are ``names`` in that order, the second of ``second_order``."""
    with chat_scored_by(tmp_path, scores) as chat:
        first = chat.say(message)
        assert proposed_first in first and "Shall I go ahead" in first, chat.replies
        for _ in range(3):
            chat.say("yes")
        writes = chat.writes()
        assert [name for name, _ in writes] == names, chat.replies
        assert writes[1][1]["order_id"] == second_order


def _exchange_and_return() -> tuple[dict[str, Any], dict[str, Any], str, str, dict[str, Any], str]:
    """A demo customer with PayPal and two delivered orders: in the first an item with an
    available variant differing in one option, a word; in the second (paid with PayPal) an
    item; each item's product named in no other order of theirs: (customer, the item to
    exchange, its new value, its order, the item to return, its order)."""
    for user in DEMO["users"].values():
        orders = {o: DEMO["orders"][o] for o in user["orders"]}
        names = [i["name"] for o in orders.values() for i in o["items"]]
        delivered = [o for o, order in orders.items() if order["status"] == "delivered"]
        paypal = [
            o
            for o in delivered
            if orders[o]["payment_history"][0]["payment_method_id"].startswith("paypal")
        ]
        for kept in paypal:
            back = next((i for i in orders[kept]["items"] if names.count(i["name"]) == 1), None)
            for order_id in (o for o in delivered if o != kept and back is not None):
                for item in (i for i in orders[order_id]["items"] if names.count(i["name"]) == 1):
                    for variant in DEMO["products"][item["product_id"]]["variants"].values():
                        new = {
                            k: v for k, v in variant["options"].items() if item["options"][k] != v
                        }
                        value = str(next(iter(new.values()), ""))
                        if variant["available"] and len(new) == 1 and value.isalpha():
                            assert back is not None
                            return user, item, value, order_id, back, kept
    raise AssertionError("no demo customer with two delivered orders to exchange and return from")


def test_an_exchange_asked_before_another_orders_return_runs_first(tmp_path: Path) -> None:
    # A return (``ends_subject``: a returned order takes no exchange) is waited for only when it
    # may be of the same order; here each names its own product, so the customer's order holds.
    user, item, value, exchanged, back, returned = _exchange_and_return()
    _two_writes_in_order(
        tmp_path,
        _sure_by_word("return", "return_items", "exchange_items"),
        f"{user['email']}. the {item['name'].lower()} I received - I'd like to exchange it "
        f"for a {value} one, everything else the same, paypal for any difference. Also, "
        f"return the {back['name'].lower()} from my other delivered order, refund to paypal.",
        proposed_first=exchanged,
        names=["exchange_delivered_order_items", "return_delivered_order_items"],
        second_order=returned,
    )
