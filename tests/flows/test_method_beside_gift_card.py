"""A credit card named beside a gift card, and the method said for the difference
(docs/understanding.md, "A wish said as the new thing, and a method for the difference").

"Gift card" names no card of the customer's, so a message naming one used to read no card at
all, even one said as "my credit card". And of two methods named for one change, the one the
span tagger marked won, though another sentence said "put that difference on my credit card":
the gift card paid the change (a write nobody asked for). The sentence naming the difference
now says which method settles it.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from ..conftest import assert_passed, conversation_case, expected_write, run_reference_cases

# Daiki Li (Visa 3665 credit_card_1687024, gift card $60): pending #W6958840 with two cycling
# helmets (S white low; L black low) among other things.
DAIKI = "Daiki Li, 75201."
HELMET_SMALL_MEDIUM = {
    "order_id": "#W6958840",
    "item_ids": ["6048672633"],
    "new_item_ids": ["5537798301"],
}


@pytest.mark.parametrize(
    ("asked", "method"),
    [
        (
            "My gift card should pay for my pending order, and the large black helmet should be"
            " a small with medium ventilation, same colour. Put that difference on my credit"
            " card.",
            "credit_card_1687024",
        ),
        (
            "The large black helmet in my pending order should be a small with medium"
            " ventilation, same colour. I have a gift card but the difference goes on my credit"
            " card.",
            "credit_card_1687024",
        ),
    ],
)
def test_the_method_said_for_the_difference_settles_it(
    asked: str, method: str, tmp_path: Path
) -> None:
    write = expected_write(
        "modify_pending_order_items", **HELMET_SMALL_MEDIUM, payment_method_id=method
    )
    case = conversation_case(
        "helmet with the card for the difference",
        [DAIKI, asked, "yes"],
        {"actions": [write]},
    )
    [result] = run_reference_cases([case], tmp_path).values()
    assert_passed(result)
