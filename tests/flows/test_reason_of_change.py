""" "I don't want X anymore, make it Y" asks for a change, not a cancellation or a return
(docs/understanding.md, "A reason beside a change is not a request of its own", 2026-12-07).

The words "I don't want … anymore" read as a cancellation (no longer needed) or a return; when
the same message wishes the very thing another value, and never names the ending request by its
verb, the change is what was asked: cancelling would leave nothing to change. Before, the toothbrush
case below proposed cancelling the whole order of four things, and the customer's "yes"
cancelled it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from ..conftest import assert_passed, run_reference_cases

# Lei Patel: pending #W4172216 holds a black electric toothbrush 8798690242 (high, AA batteries)
# beside three other things, paid with Mastercard 6450011; 2645006275 is the white one.
TOOTHBRUSH = {
    "name": "modify_pending_order_items",
    "args": {
        "order_id": "#W4172216",
        "item_ids": ["8798690242"],
        "new_item_ids": ["2645006275"],
        "payment_method_id": "credit_card_6450011",
    },
}
# Amelia Kim: pending #W7634667 holds two tea kettles; the glass one 6454334990 (1.5 liters,
# induction) becomes 3738831434 (stainless steel, same capacity and stovetop), $0.07 more.
KETTLE = {
    "name": "modify_pending_order_items",
    "args": {
        "order_id": "#W7634667",
        "item_ids": ["6454334990"],
        "new_item_ids": ["3738831434"],
        "payment_method_id": "paypal_1742092",
    },
}
# Daiki Jackson: pending #W8306539 holds only a desk lamp.
LAMP_CANCEL = {
    "name": "cancel_pending_order",
    "args": {"order_id": "#W8306539", "reason": "no longer needed"},
}

CASES: list[tuple[str, list[str], dict[str, Any]]] = [
    (
        # before: "only a whole order can be cancelled … Shall I go ahead?", and the yes
        # cancelled four things
        "no longer wanted as it is, and what it should become",
        [
            "hi, lei.patel3765@example.com. I don't want the black toothbrush anymore, make it "
            "white",
            "yes",
        ],
        {"actions": [TOOTHBRUSH], "escalated": False},
    ),
    (
        "the same, lowercase and without an apostrophe",
        [
            "amelia.kim6460@example.com. i dont want the glass kettle anymore, make it a "
            "stainless steel one",
            "paypal",
            "yes",
        ],
        {"actions": [KETTLE], "escalated": False},
    ),
    (
        # named by its verb, the cancellation is asked for: it keeps its place
        "a cancellation asked in so many words",
        [
            "hi, daiki.jackson9202@example.com. please cancel my order, I don't want the desk "
            "lamp anymore",
            "yes",
        ],
        {"actions": [LAMP_CANCEL], "escalated": False},
    ),
    (
        # a change told and taken back ("I don't want that anymore") is no change, nor a
        # cancellation: before, the toothbrush became white on the yes
        "a change taken back",
        [
            "lei.patel3765@example.com. I was going to change the toothbrush to white but I "
            "don't want that anymore, leave it black",
            "yes",
            "yes",
        ],
        {"actions": []},
    ),
    (
        # Harper Johansson holds the same brown sunglasses in two pending orders: the change
        # asks which order, it never offers to cancel one
        "the thing in two orders",
        [
            "hi, harper.johansson4006@example.com. I don't want the brown frame on the "
            "sunglasses anymore, make it black",
            "yes",
            "yes",
        ],
        {"actions": []},
    ),
]


@pytest.mark.parametrize(("name", "said", "expect"), CASES, ids=[c[0] for c in CASES])
def test_a_reason_beside_a_change(
    tmp_path: Path, name: str, said: list[str], expect: dict[str, Any]
) -> None:
    case = {"name": name, "turns": [{"customer": text} for text in said], "expect": expect}
    [result] = run_reference_cases([case], tmp_path).values()
    assert_passed(result)
    if name == "the thing in two orders":
        first_reply = next(line.text for line in result.transcript if line.speaker == "deskpilot")
        assert "change" in first_reply and "cancel" not in first_reply
