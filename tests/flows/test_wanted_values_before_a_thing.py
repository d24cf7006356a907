"""Values said right after a word of wanting ("to a", "for a", "into the") describe the wish,
not the thing as it is (docs/understanding.md, "A wish said as the new thing, and a method for
the difference").

The values right before a thing usually say which of the customer's things is meant ("the white
glass bookshelf … brown instead"), so a value that differs from the item's own names another
thing. After "change it to a", "swap it for a", "make it into a", they are what the customer
wants: "please switch it to a ceramic kettle that works on induction" asks for the ceramic one.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from ..conftest import assert_passed, conversation_case, expected_write, run_reference_cases

# Ivan Santos (PayPal, gift card): pending #W5801125, one tea kettle (glass, 1.5 liters, gas).
IVAN = "ivan.santos5925@example.com."
CERAMIC_INDUCTION = expected_write(
    "modify_pending_order_items",
    order_id="#W5801125",
    item_ids=["9647374798"],
    new_item_ids=["3312883418"],
    payment_method_id="paypal_5543657",
)


@pytest.mark.parametrize(
    "asked",
    [
        "I ordered a glass tea kettle for a gas stove, but we now cook on induction. Before it"
        " ships, please switch it to a ceramic kettle that works on induction, same 1.5 liter"
        " size. Pay any difference with PayPal.",
        "The tea kettle in my order is glass and for gas. Change it to a ceramic induction"
        " kettle, same 1.5 liters; PayPal for any difference.",
    ],
)
def test_values_after_a_word_of_wanting_are_the_wish(asked: str, tmp_path: Path) -> None:
    case = conversation_case(
        "kettle to ceramic", [IVAN, asked, "yes"], {"actions": [CERAMIC_INDUCTION]}
    )
    [result] = run_reference_cases([case], tmp_path).values()
    assert_passed(result)
