"""An unsure reading gives way to a close one that the message states in full (docs/flows.md,
"When two readings are close")."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from deskpilot.domain import IntentScore, Understanding
from deskpilot.pipeline import UnderstandingContext

from .conftest import DEMO, NLU, Chat, runtime_understood_by

# What the classifier is made to read in every message naming an order's products: an item
# change first, a payment change close behind (as it reads "the order with the earbuds and the
# helmet got charged to my gift card, put it on my mastercard").
READING: list[IntentScore] = []


class _Unsure:
    """The workspace's understander, its intents for requests replaced by ``READING``."""

    def __init__(self, inner: Any) -> None:
        self._inner = inner

    def understand(self, text: str, context: UnderstandingContext) -> Understanding:
        u: Understanding = self._inner.understand(text, context)
        if "@" in text or text == "yes" or not READING:
            return u
        return replace(u, intents=tuple(READING), parts=())


@pytest.fixture
def chat(tmp_path: Path) -> Iterator[Chat]:
    runtime = runtime_understood_by(tmp_path, lambda ctx: _Unsure(NLU(ctx)))
    yield Chat(runtime)
    runtime.close()


def _gift_card_order_and_one_card() -> tuple[dict[str, Any], str, dict[str, Any], list[str]]:
    """A customer with a gift card and one credit card, and a pending order of two products or
    more paid with the gift card: (customer, order, card, two of its products)."""
    for user in DEMO["users"].values():
        methods = list(user["payment_methods"].values())
        if sorted(m["source"] for m in methods) != ["credit_card", "gift_card"]:
            continue
        card = next(m for m in methods if m["source"] == "credit_card")
        for order_id in user["orders"]:
            order = DEMO["orders"][order_id]
            paid = order["payment_history"][0]["payment_method_id"]
            names = sorted({i["name"].lower() for i in order["items"]})
            if order["status"] == "pending" and paid.startswith("gift_card") and len(names) > 1:
                return user, order_id, card, names[:2]
    raise AssertionError("no customer with a pending order on their gift card and one card")


@pytest.mark.parametrize(
    ("items", "payment", "switched"),
    [
        (0.5, 0.4, True),
        (0.6, 0.21, True),
        # the payment change is not likely enough (confidence.alternative) to be weighed
        (0.6, 0.1, False),
        # a sure reading stands
        (0.9, 0.08, False),
    ],
)
def test_a_close_reading_the_message_states_in_full_takes_over(
    chat: Chat, items: float, payment: float, switched: bool
) -> None:
    user, order_id, card, (first, second) = _gift_card_order_and_one_card()
    READING[:] = [
        IntentScore("modify_order_items", items),
        IntentScore("modify_order_payment", payment),
    ]
    chat.say(user["email"])
    reply = chat.say(
        f"my pending order with the {first} and the {second} got charged to my gift card "
        f"somehow?? please put it on my {card['brand']} instead."
    )
    assert (f"I'll pay order {order_id}" in reply) is switched, reply
    if not switched:
        assert "Which items should change?" in reply, reply
        return
    chat.say("yes")
    assert chat.writes() == [
        ("modify_pending_order_payment", {"order_id": order_id, "payment_method_id": card["id"]})
    ]


def test_a_message_naming_what_only_the_first_reading_needs_keeps_it(chat: Chat) -> None:
    # The item to change is named: the payment named beside it pays the difference.
    user, order_id, card, (first, _second) = _gift_card_order_and_one_card()
    READING[:] = [
        IntentScore("modify_order_items", 0.5),
        IntentScore("modify_order_payment", 0.4),
    ]
    chat.say(user["email"])
    reply = chat.say(
        f"in my pending order {order_id} I'd like to change the {first} to another one, "
        f"charge my {card['brand']} for any difference."
    )
    assert f"What should change on the {first.title()}?" in reply, reply
    assert chat.writes() == []


@pytest.mark.parametrize(
    ("second", "proposed"),
    [
        (0.4, True),
        # the other reading is not likely enough (confidence.alternative) to take its place
        (0.1, False),
    ],
)
def test_a_reading_the_message_only_negates_gives_way_to_the_next(
    chat: Chat, second: float, proposed: bool
) -> None:
    # "I don't want to return anything, just cancel …": read first as a return, which the
    # message only negates, then as the cancellation it asks for.
    order_id, order = next((k, o) for k, o in DEMO["orders"].items() if o["status"] == "pending")
    user = DEMO["users"][order["user_id"]]
    READING[:] = [IntentScore("return_items", 0.55), IntentScore("cancel_order", second)]
    chat.say(user["email"])
    reply = chat.say(f"I don't want to return anything, just cancel my order {order_id}")
    if "reason for cancelling" in reply:
        reply = chat.say("ordered by mistake")
    assert ("To confirm: I'll cancel order" in reply) is proposed, reply
    assert "returned" not in reply, reply
    chat.say("yes")
    assert [name for name, _ in chat.writes()] == (["cancel_pending_order"] if proposed else [])


def _pending_change_paid_elsewhere() -> tuple[dict[str, Any], str, str, str, str, str]:
    """A customer with PayPal and a pending order not paid with it, holding an item whose
    product has an available variant that differs in one option only, by a value no other
    variant of it has: (customer, order, PayPal's id, item's product name, value, new item)."""
    for user in DEMO["users"].values():
        paypal = next((m for m in user["payment_methods"] if m.startswith("paypal")), None)
        if paypal is None:
            continue
        for order_id in user["orders"]:
            order = DEMO["orders"][order_id]
            paid = order["payment_history"][0]["payment_method_id"]
            names = [i["name"] for i in order["items"]]
            if order["status"] != "pending" or paid == paypal:
                continue
            for item in order["items"]:
                if names.count(item["name"]) > 1:
                    continue
                variants = DEMO["products"][item["product_id"]]["variants"].values()
                for new in variants:
                    moved = [k for k, v in new["options"].items() if item["options"][k] != v]
                    if not new["available"] or len(moved) != 1:
                        continue
                    value = new["options"][moved[0]]
                    alike = [v for v in variants if v["options"][moved[0]] == value]
                    if len(alike) == 1 and len(value) > 2:
                        return user, order_id, paypal, item["name"], value, new["item_id"]
    raise AssertionError("no pending order with a one-option change")


@pytest.mark.parametrize(
    ("items", "payment_words", "switched"),
    [
        # "paypal" only names how the difference is paid: the item change is proposed
        (0.24, "paypal", True),
        (0.24, "Charge my paypal, not the card.", True),
        # the item change is not likely enough (confidence.alternative) to be weighed
        (0.1, "paypal", False),
        # a sentence that asks for the payment change in so many words keeps it
        (0.24, "And please switch the payment of the order to my paypal.", False),
    ],
)
def test_a_payment_named_only_as_a_detail_pays_the_change_the_message_states(
    chat: Chat, items: float, payment_words: str, switched: bool
) -> None:
    user, order_id, paypal, name, value, new_item = _pending_change_paid_elsewhere()
    READING[:] = [
        IntentScore("modify_order_payment", 0.4),
        IntentScore("modify_order_items", items),
    ]
    chat.say(user["email"])
    reply = chat.say(
        f"in my pending order {order_id} the {name} should be {value} instead, everything "
        f"else the same. {payment_words}"
    )
    assert (f"To confirm, on order {order_id} I'll change" in reply) is switched, reply
    chat.say("yes")
    writes = chat.writes()
    if not switched:
        assert [w for w, _ in writes if w == "modify_pending_order_items"] == [], writes
        return
    assert [(w, a["new_item_ids"], a["payment_method_id"]) for w, a in writes] == [
        ("modify_pending_order_items", [new_item], paypal)
    ], writes
