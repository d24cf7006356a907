"""A number alone answers which variant of the one item asked about ("12 please"): it is the
value of the one option of the product that has it (docs/understanding.md, "A fallback is no
refusal, a number alone as an answer, and both orders listed", 2026-12-07).

Fatima Nguyen's delivered hiking boots are size 10, synthetic, not waterproof. "A size up" has
no synthetic, non-waterproof 11, so the closest (11, leather) is offered. "12 please" was not
read: a bare number needs its option's name beside it ("size 12"), lest "2" in "2 of them"
read as a size. As the answer about that one item it now reads as the size, and the proposal
keeps the material and the waterproofing as they are. "What about a 12?" had been taken for a
question about an order and asked which one.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from ..conftest import assert_passed, conversation_case, expected_write, run_reference_cases

FATIMA = "fatima.nguyen1348@example.com my hiking boots are too small, i need a size up"
TWELVE = expected_write(
    "exchange_delivered_order_items",
    order_id="#W5256976",
    item_ids=["4127323219"],
    new_item_ids=["4582956489"],
    payment_method_id="paypal_2613218",
)

ANSWERS = ["12 please", "what about a 12?", "hmm ok, 12 then", "then size 12 is fine"]


@pytest.mark.parametrize("answer", ANSWERS)
def test_a_number_alone_answers_which_variant(tmp_path: Path, answer: str) -> None:
    expect = {"actions": [TWELVE], "replies_contain": ["12, synthetic, no"]}
    case = conversation_case(answer, [FATIMA, answer, "yes"], expect)
    [result] = run_reference_cases([case], tmp_path).values()
    assert_passed(result)
