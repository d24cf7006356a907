"""A value said by what it adds to another ("the e-reader with cellular" is the Wi-Fi +
Cellular one): the workspace's `aliases.values` (docs/understanding.md, "A wish said as the new
thing, and a method for the difference")."""

from __future__ import annotations

from pathlib import Path

from ..conftest import assert_passed, conversation_case, expected_write, run_reference_cases


def test_a_value_said_by_what_it_adds(tmp_path: Path) -> None:
    # Liam Thomas (PayPal, Mastercard): delivered #W8488728 (hiking boots); pending #W1654931,
    # an E-Reader (7-inch, Wi-Fi, 8GB) and an Air Purifier (small, ionic, quiet operation).
    returned = expected_write(
        "return_delivered_order_items",
        order_id="#W8488728",
        item_ids=["5676696062"],
        payment_method_id="paypal_3650980",
    )
    change = expected_write(
        "modify_pending_order_items",
        order_id="#W1654931",
        item_ids=["6268080249", "5669664287"],
        new_item_ids=["5418781403", "9375701158"],
        payment_method_id="paypal_3650980",
    )
    case = conversation_case(
        "e-reader with cellular",
        [
            "liam thomas 85049. ok so: send back the hiking boots (refund paypal). then my"
            " pending e-reader + air purifier order: e-reader with cellular please, and the"
            " purifier for a medium room with a carbon filter, paypal. thx",
            "yes",
            "yes",
        ],
        {"actions": [returned, change]},
    )
    [result] = run_reference_cases([case], tmp_path).values()
    assert_passed(result)
