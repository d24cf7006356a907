"""Requests of one message that each keep their own words (docs/understanding.md, "Requests
kept apart, and a request turned down that leaves the others waiting", 2026-12-11), on the
reference store:

- a payment change asked beside an item change that names its own payment for the difference
  is a request of its own, not the change's detail;
- a request the flow's checks turn down leaves the requests waiting behind it going on;
- "in that order" is not the order just talked about when that order holds none of the
  products the words name;
- a detail read as the request of the part just before it goes with that request only.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..conftest import assert_passed, run_reference_cases

# Fatima Li: pending #W8005719 (skateboard, espresso machine), pending #W3510092 (gaming mouse,
# laptop 13-inch i5 16GB 512GB space grey, paid with the Visa ending 1373), pending #W4155745.
# The i7 32GB black laptop of the same screen and storage is 1657832319.
FATIMA = "My name is Fatima Li and my email is fatima.li1185@example.com."
VISA, PAYPAL = "credit_card_2713802", "paypal_6366157"
PAID_BY_PAYPAL = {
    "name": "modify_pending_order_payment",
    "args": {"order_id": "#W3510092", "payment_method_id": PAYPAL},
}
LAPTOP = {
    "name": "modify_pending_order_items",
    "args": {
        "order_id": "#W3510092",
        "item_ids": ["6056040996"],
        "new_item_ids": ["1657832319"],
        "payment_method_id": VISA,
    },
}
CANCELLED = {
    "name": "cancel_pending_order",
    "args": {"order_id": "#W8005719", "reason": "no longer needed"},
}


def _case(name: str, message: str, actions: list[dict[str, Any]]) -> dict[str, Any]:
    turns = [{"customer": message}, *({"customer": "yes"} for _ in actions)]
    return {"name": name, "turns": turns, "expect": {"actions": actions, "escalated": False}}


def _run(case: dict[str, Any], tmp_path: Path) -> list[str]:
    """The case run and passed; DeskPilot's replies."""
    [result] = run_reference_cases([case], tmp_path).values()
    assert_passed(result)
    return [line.text for line in result.transcript if line.speaker != "customer"]


def test_a_payment_change_beside_an_item_change_paying_its_own_difference_is_its_own(
    tmp_path: Path,
) -> None:
    message = (
        f"{FATIMA} I'd like to pay for order #W3510092 with PayPal instead; and change the "
        "Laptop to i7 processor, 32GB RAM, black in order #W3510092, paying any difference "
        "with my Visa ending 1373."
    )
    _run(_case("payment beside an item change", message, [PAID_BY_PAYPAL, LAPTOP]), tmp_path)


def test_after_a_cancellation_that_order_is_the_one_holding_what_the_words_name(
    tmp_path: Path,
) -> None:
    message = (
        f"{FATIMA} I no longer need my pending order with the skateboard and espresso machine; "
        "cancel it. For my other pending order, with the gaming mouse and laptop, I want to pay "
        "with PayPal instead of my Visa. In that order I also want the laptop upgraded to an i7 "
        "processor with 32GB of RAM, in black (same screen and storage); pay that difference "
        "with my Visa."
    )
    actions = [CANCELLED, PAID_BY_PAYPAL, LAPTOP]
    _run(_case("cancel, then that order's payment and laptop", message, actions), tmp_path)


# Fatima Wilson: delivered #W7990410 (kettle, headphones, bookshelf); pending #W1443906 (office
# chair, grill).
WILSON = "fatima.wilson5906@example.com"


def test_a_request_turned_down_leaves_the_one_waiting_behind_it_going_on(tmp_path: Path) -> None:
    message = (
        f"Hi, {WILSON}. Please switch the payment of order #W7990410 to PayPal, and cancel "
        "order #W1443906, I ordered it by mistake."
    )
    cancel = {
        "name": "cancel_pending_order",
        "args": {"order_id": "#W1443906", "reason": "ordered by mistake"},
    }
    said = _run(_case("payment refused, the cancellation goes on", message, [cancel]), tmp_path)
    assert "can no longer be changed" in said[0], said


# Lucas Martin: pending #W9318778 (a bicycle), paid with his gift card; a Mastercard ending 9536.
def test_the_method_a_payment_moves_off_is_never_the_one_it_goes_to(tmp_path: Path) -> None:
    said = (
        "Hi, lucas.martin5733@example.com. Please take the payment of #W9318778 off the gift card."
    )
    moved = {
        "name": "modify_pending_order_payment",
        "args": {"order_id": "#W9318778", "payment_method_id": "credit_card_7862034"},
    }
    case = {
        "name": "off the gift card",
        "turns": [{"customer": said}, {"customer": "my Mastercard"}, {"customer": "yes"}],
        "expect": {"actions": [moved], "escalated": False},
    }
    replies = _run(case, tmp_path)
    assert "Which payment method" in replies[0], replies
