"""A move of an order's payment said in a part read alone as the item change beside it
(docs/understanding.md, "A payment move beside the item change of its order", 2026-12-07).

"My pending order with the wristwatch and the backpack: I'd like to pay it with PayPal instead
of the visa. And make the backpack smaller, …" read as a whole as the backpack's change; the
payment part, read alone as the same request, was taken as part of it and lost without a word.
Such a part is now read against the customer's records as a move off one of their methods
onto another, and, being a change of the order the item change locks, goes first (which
method pays the backpack's difference is then asked: two are named).
"""

from __future__ import annotations

from pathlib import Path

from ..conftest import assert_passed, conversation_case, expected_write, run_reference_cases


def test_a_payment_move_beside_the_item_change_of_its_order_goes_first(tmp_path: Path) -> None:
    # Olivia Ito (Visa, PayPal, gift card $56): pending #W7941031, a wristwatch and a backpack
    # (grey, medium, polyester, laptop), paid with the Visa.
    moved = expected_write(
        "modify_pending_order_payment", order_id="#W7941031", payment_method_id="paypal_8049766"
    )
    smaller = expected_write(
        "modify_pending_order_items",
        order_id="#W7941031",
        item_ids=["5917587651"],
        new_item_ids=["8054888773"],
        payment_method_id="gift_card_7794233",
    )
    case = conversation_case(
        "payment move before the item change",
        [
            "Olivia Ito, zip 80218. My pending order with the wristwatch and the backpack: I'd"
            " like to pay it with PayPal instead of the visa. And make the backpack smaller, in"
            " nylon, same grey with the laptop compartment - gift card for that difference.",
            "yes",
            "the gift card",
            "yes",
        ],
        {"actions": [moved, smaller]},
    )
    [result] = run_reference_cases([case], tmp_path).values()
    assert_passed(result)
