"""Requests of a numbered list run in the customer's order (docs/understanding.md,
"(2026-12-12)"): a part no request claimed, read beside the request started and queued for the
change its records ground ("2. in that same order, the sunglasses should have green lenses …"),
waited behind the exchange the customer listed third."""

from __future__ import annotations

from pathlib import Path

from ..conftest import assert_passed, conversation_case, expected_write, run_reference_cases

# Olivia Hernandez (zip 20395): pending #W6811468 (sunglasses 9045948550: black frame, blue
# lenses, polarized, metal; a makeup kit), delivered #W5671546 (earbuds, going to Seattle; a
# 25ft green latex hose 3230708338); one Mastercard, credit_card_2583849.
SAID = (
    "Olivia Hernandez, 20395. Three things: 1. my pending order with the sunglasses and the "
    "makeup kit should ship to the same address as my order with the earbuds. 2. in that same "
    "order, the sunglasses should have green lenses and a plastic frame, still black and "
    "polarized. 3. from my delivered order the garden hose, I want the vinyl one instead of "
    "latex, same length and colour. my card for everything"
)
CARD = "credit_card_2583849"


def test_a_listed_change_read_beside_keeps_its_place(tmp_path: Path) -> None:
    case = conversation_case(
        "address, sunglasses, hose, in the order listed",
        [SAID, "yes", "yes", "yes"],
        {
            "actions": [
                expected_write(
                    "modify_pending_order_address",
                    order_id="#W6811468",
                    address1="442 Lakeview Drive",
                    address2="Suite 116",
                    city="Seattle",
                    state="WA",
                    country="USA",
                    zip="98188",
                ),
                expected_write(
                    "modify_pending_order_items",
                    order_id="#W6811468",
                    item_ids=["9045948550"],
                    new_item_ids=["4548300368"],
                    payment_method_id=CARD,
                ),
                expected_write(
                    "exchange_delivered_order_items",
                    order_id="#W5671546",
                    item_ids=["3230708338"],
                    new_item_ids=["3369928769"],
                    payment_method_id=CARD,
                ),
            ],
            "escalated": False,
        },
    )
    [result] = run_reference_cases([case], tmp_path).values()
    assert_passed(result)
