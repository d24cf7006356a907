"""A write a policy hands to a person says why, through the real pipeline: a return whose refund
is above the workspace's automatic limit is confirmed, then handed to a colleague with the
policy's reason in the reply, and nothing is written."""

from __future__ import annotations

from typing import Any

from .conftest import DEMO, Chat, owner


def _delivered_with_dear_item() -> tuple[str, dict[str, Any], dict[str, Any]]:
    """A delivered demo order holding one item whose price alone is above the $500 limit."""
    for order_id, order in DEMO["orders"].items():
        if order["status"] != "delivered":
            continue
        names = [i["name"] for i in order["items"]]
        for item in order["items"]:
            if item["price"] > 600 and names.count(item["name"]) == 1:
                return order_id, order, item
    raise AssertionError("no delivered demo order with an item above $600")


def test_a_refund_above_the_limit_is_handed_over_with_the_policy_reason(chat: Chat) -> None:
    order_id, order, item = _delivered_with_dear_item()
    email = owner(order)["email"]
    proposal = chat.say(
        f"{email}. I want to return the {item['name']} from order {order_id}, "
        "refund to the original payment method please."
    )
    assert "To confirm" in proposal
    reply = chat.say("yes")
    assert "Refunds above the automatic limit are approved by a person." in reply
    assert "colleague" in reply
    assert chat.case is not None and chat.case.handoff is not None
    assert chat.writes() == []
