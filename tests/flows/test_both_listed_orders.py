""" "Both", "both of them" answering a question that listed orders asks for the request in every
order listed, each proposed and confirmed on its own (docs/understanding.md, "A fallback is no
refusal, a number alone as an answer, and both orders listed", 2026-12-07).

Ava Moore has a water bottle in each of her two delivered orders. "I want to return the water
bottles from my orders" asks which order; "both of them" was not understood, asked again, and
a person took over. The words "both of them" say which orders, not which of their items: the
evidence audit, which reads "both of them" as every item of an order, reads each order's
request without them, so only the water bottles are proposed.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from ..conftest import assert_passed, conversation_case, expected_write, run_reference_cases

AVA = "ava.moore6020@example.com I want to return the water bottles from my orders"
RED = expected_write(
    "return_delivered_order_items",
    order_id="#W4817420",
    item_ids=["6777246137"],
    payment_method_id="gift_card_8168843",
)
BLACK = expected_write(
    "return_delivered_order_items",
    order_id="#W8951014",
    item_ids=["9127591879"],
    payment_method_id="gift_card_8168843",
)

ANSWERS = [
    ["both", "gift card"],
    ["both of them", "to my gift card please"],
    ["both of them, refund to my gift card"],
]


@pytest.mark.parametrize("answers", ANSWERS, ids=[a[0] for a in ANSWERS])
def test_both_orders_listed(tmp_path: Path, answers: list[str]) -> None:
    case = conversation_case(answers[0], [AVA, *answers, "yes", "yes"], {"actions": [RED, BLACK]})
    [result] = run_reference_cases([case], tmp_path).values()
    assert_passed(result)


def test_one_order_described_among_those_listed(tmp_path: Path) -> None:
    turns = [AVA, "the one with the backpack", "gift card", "yes", "yes"]
    case = conversation_case("the one with the backpack", turns, {"actions": [BLACK]})
    [result] = run_reference_cases([case], tmp_path).values()
    assert_passed(result)
