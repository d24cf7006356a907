"""A wish the customer's records ground in more than one of their orders is offered, not lost
(docs/understanding.md, "A wish in two orders is asked about", 2026-12-07).

"I'd like the sunglasses with a black frame please" names no request by a verb, and the
classifier reads it as nothing; the records ground it as an item change, but two pending orders
hold the same sunglasses, so no proposal follows at once. Before, the reply was "What can I help
you with?", as if nothing had been said. Now the change is offered ("Do you want to change items
in a pending order?"); a yes starts it with the customer's words, and it asks which order.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from ..conftest import assert_passed, run_reference_cases

HARPER = "hi, harper.johansson4006@example.com. "
# Harper Johansson: pending #W2912646 and #W9677982 each hold sunglasses 9672174103 (brown
# frame, brown lenses, polarized, plastic); 4358482460 is the same with a black frame.
SUNGLASSES = {
    "name": "modify_pending_order_items",
    "args": {
        "order_id": "#W2912646",
        "item_ids": ["9672174103"],
        "new_item_ids": ["4358482460"],
        "payment_method_id": "paypal_4820484",
    },
}

ROWS: list[tuple[str, list[str], dict[str, Any], str]] = [
    (
        "a wish in two orders",
        [
            HARPER + "I'd like the sunglasses with a black frame please",
            "yes",
            "#W2912646",
            "paypal",
            "yes",
        ],
        {"actions": [SUNGLASSES], "escalated": False},
        "change items",
    ),
    (
        # what the thing is, not what it should become: nothing to offer
        "a description only",
        [HARPER + "my sunglasses have a brown frame", "yes"],
        {"actions": []},
        "What can I help you with?",
    ),
    (
        "a question only",
        [HARPER + "do the sunglasses come with a black frame?", "yes"],
        {"actions": []},
        "",
    ),
]


@pytest.mark.parametrize(
    ("name", "said", "expect", "first_reply"), ROWS, ids=[row[0] for row in ROWS]
)
def test_a_wish_grounded_in_several_orders(
    tmp_path: Path, name: str, said: list[str], expect: dict[str, Any], first_reply: str
) -> None:
    case = {"name": name, "turns": [{"customer": text} for text in said], "expect": expect}
    [result] = run_reference_cases([case], tmp_path).values()
    assert_passed(result)
    reply = next(line.text for line in result.transcript if line.speaker == "deskpilot")
    assert first_reply in reply


# Amelia Kim: pending #W7634667 holds a glass tea kettle 6454334990 (1.5 liters, induction);
# 3738831434 is the stainless steel one, $0.07 more, which she may pay with PayPal or a gift card.
KETTLE = {
    "name": "modify_pending_order_items",
    "args": {
        "order_id": "#W7634667",
        "item_ids": ["6454334990"],
        "new_item_ids": ["3738831434"],
        "payment_method_id": "paypal_1742092",
    },
}
READ_AS_OTHERS = [
    # read as an order-status question: before, "a colleague is reviewing my answer", and
    # "paypal" was then read as a payment change
    "regarding the glass tea kettle in my order, stainless steel instead of glass please",
    # read as an address change with no address in it: before, "What's the new address?"
    "it's the glass kettle I ordered, I'd like it in stainless steel instead of glass",
]


@pytest.mark.parametrize("said", READ_AS_OTHERS)
def test_a_change_the_records_ground_overturns_a_reading_its_words_hold_nothing_of(
    tmp_path: Path, said: str
) -> None:
    # the change's proposal needs who pays the difference, so it does not follow at once:
    # the change starts all the same, and asks
    turns = ["amelia.kim6460@example.com", said, "paypal", "yes"]
    case = {
        "name": said,
        "turns": [{"customer": text} for text in turns],
        "expect": {"actions": [KETTLE], "escalated": False},
    }
    [result] = run_reference_cases([case], tmp_path).values()
    assert_passed(result)
