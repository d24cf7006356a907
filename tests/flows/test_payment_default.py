"""The method a refund or an even swap settles with when the request's own words name none: the
order's own, unless the message they were cut from names another."""

from __future__ import annotations

from typing import Any

import pytest

from deskpilot.components import domain_knowledge
from deskpilot.domain import DialogueState

from .conftest import DEMO, RETAIL, demo_slot_context

KNOWLEDGE = domain_knowledge(RETAIL)


def _gift_card_order() -> tuple[dict[str, Any], str, str, str]:
    """A customer with PayPal and a gift card, one of whose orders the gift card paid for: the
    customer, the order, the gift card's id and PayPal's."""
    for user in DEMO["users"].values():
        methods = user["payment_methods"]
        gift = next((m for m in methods if methods[m]["source"] == "gift_card"), None)
        paypal = next((m for m in methods if methods[m]["source"] == "paypal"), None)
        if gift is None or paypal is None:
            continue
        for order_id in user["orders"]:
            history = DEMO["orders"][order_id]["payment_history"]
            if history and history[0]["payment_method_id"] == gift:
                return user, order_id, gift, paypal
    raise AssertionError("the demo store has no customer paying an order by gift card")


USER, ORDER, GIFT, PAYPAL = _gift_card_order()
REQUEST = "The kettle I got is too small. I'd like the 2 litre one instead, same colour."


@pytest.mark.parametrize(
    ("rest", "settled"),
    [
        # Nothing else named: the refund goes back the way the order was paid.
        ("Thanks a lot.", GIFT),
        # How the order was paid names no method for this.
        ("I paid for it with my gift card.", GIFT),
        # The same method as the order's: no conflict.
        ("Refund the difference to my gift card.", GIFT),
        # Another one, in a sentence read apart from the request: asked, never overridden.
        ("Refund the difference to PayPal, not the gift card.", None),
        ("PayPal please.", None),
    ],
)
def test_a_method_named_beside_the_request_is_never_overridden_by_the_orders_own(
    rest: str, settled: str | None
) -> None:
    message = f"{REQUEST} {rest}"
    ctx = demo_slot_context(
        REQUEST,
        "payment_method",
        slots={"order_id": ORDER},
        dialogue=DialogueState(
            said=(REQUEST,),
            messages=(message,),
            facts={"new_item_ids": {"price_difference": -12.5}},
        ),
        options={"original_unless_paying": True, "allow_original": True},
        user=USER,
    )
    found = KNOWLEDGE.resolvers["payment_method"](ctx)
    assert (found.value if found is not None else None) == settled, found
