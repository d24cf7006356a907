"""A bare payment method said while a proposal waits is a detail of that proposal, read as a
correction of it, however surely the classifier reads it as a question about the account.

probes22's "the 1.5 litre kettle instead of the 1 litre": the proposal refunded the difference
to the order's PayPal; the customer answered "gift card", read surely as a question about the
account: the account's details were shown, the same proposal was asked again, and the next
"yes" refunded to PayPal.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from deskpilot.domain import IntentScore

from .conftest import DEMO, chat_scored_by, forced_readings


def _delivered_with_gift_card() -> tuple[str, dict[str, Any], dict[str, Any], str]:
    """A delivered demo order paid by card whose customer also holds a gift card: the order,
    its customer, an item of it whose refund needs no person, and the gift card's id."""
    for order_id, order in DEMO["orders"].items():
        user = DEMO["users"][order["user_id"]]
        cards = [m for m in user["payment_methods"] if m.startswith("gift_card")]
        paid = order["payment_history"][0]["payment_method_id"]
        names = [i["name"] for i in order["items"]]
        # an item of its own name, refunded without a person
        cheap = [i for i in order["items"] if i["price"] < 400 and names.count(i["name"]) == 1]
        if order["status"] == "delivered" and cards and paid.startswith("credit_card") and cheap:
            return order_id, user, cheap[0], cards[0]
    raise AssertionError("no delivered order paid by card of a customer with a gift card")


def _scores(said: str, question: float) -> Any:
    return forced_readings(
        (lambda s: s.startswith("i want to return"), [IntentScore("return_items", 0.95)]),
        (lambda s: s == said, [IntentScore("account_details", question)]),
        otherwise=[IntentScore("product_info", 0.2)],
    )


@pytest.mark.parametrize("said", ["gift card", "gift card please", "to my gift card"])
def test_a_payment_method_said_under_a_proposal_corrects_it(tmp_path: Path, said: str) -> None:
    order_id, user, item, gift_card = _delivered_with_gift_card()
    with chat_scored_by(tmp_path, _scores(said, 0.94)) as chat:
        chat.say(user["email"])
        first = chat.say(
            f"I want to return the {item['name'].lower()} from order {order_id}, "
            "back to the original payment method"
        )
        assert "Shall I go ahead" in first and "gift card" not in first, first
        again = chat.say(said)
        assert "Shall I go ahead" in again and "gift card" in again, again
        assert "what's on your account" not in again, again
        chat.say("yes")
        writes = chat.writes()
    assert [(name, args["payment_method_id"]) for name, args in writes] == [
        ("return_delivered_order_items", gift_card)
    ]


def test_a_question_about_a_payment_method_is_still_answered_aside(tmp_path: Path) -> None:
    order_id, user, item, _ = _delivered_with_gift_card()
    said = "what's my gift card balance"
    with chat_scored_by(tmp_path, _scores(said, 0.94)) as chat:
        chat.say(user["email"])
        chat.say(
            f"I want to return the {item['name'].lower()} from order {order_id}, "
            "back to the original payment method"
        )
        again = chat.say(said)
        assert "what's on your account" in again and "Shall I go ahead" in again, again
