"""What is kept, then "the rest of it" asked for: every other item of the order (vocabulary
``resolvers.every_item``; docs/understanding.md, "Several requests, and a part said of a thing",
2026-12-07).

Before: "i'll keep the bookshelf and the e-reader but return the rest of it" got "Which items
would you like to return?", and the answer naming a card was not understood.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from ..conftest import assert_passed, conversation_case, expected_write, run_reference_cases

# Lucas Brown: delivered #W6239298 holds a bookshelf, an e-reader, a jigsaw (3614853563) and a
# water bottle (2366567022); his only card is the Mastercard.
RETURN = expected_write(
    "return_delivered_order_items",
    order_id="#W6239298",
    item_ids=["3614853563", "2366567022"],
    payment_method_id="credit_card_2112420",
)

SAID = [
    "the order with the e-reader and the jigsaw, i'll keep the bookshelf and the e-reader but "
    "return the rest of it. not what i expected",
    "my order with the e-reader: keep the bookshelf and the e-reader, return the rest of them "
    "please",
]


@pytest.mark.parametrize("said", SAID)
def test_the_rest_after_what_is_kept_is_every_other_item(said: str, tmp_path: Path) -> None:
    turns = [f"lucas.brown9344@example.com. {said}", "my mastercard", "yes"]
    case = conversation_case("the rest", turns, {"actions": [RETURN], "escalated": False})
    [result] = run_reference_cases([case], tmp_path).values()
    assert_passed(result)
