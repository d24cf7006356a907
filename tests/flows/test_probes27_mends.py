"""What probes27's first run found unread (docs/understanding.md, "Probes 27", 2026-12-07), on
the reference store:

- "the makeup kit to the professional size, same shade and brand": "brand" is each of "Brand A",
  "Brand B" and "Brand C" less a letter, was read as a misspelt "Brand A" and the kit changed
  brand; a word as close to several values alike now misspells none of them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from ..conftest import assert_passed, conversation_case, expected_write, run_reference_cases

# Chen Johnson (email): PayPal and a gift card. Pending #W5061109 holds a makeup kit dark, basic,
# Brand B (the dark professional kit comes in Brands A, B and C).
CHEN = "hello, chen johnson here, chen.johnson3889@example.com."


def _run(name: str, turns: list[str], actions: list[dict[str, Any]], tmp_path: Path) -> None:
    case = conversation_case(name, turns, {"actions": actions, "escalated": False})
    [result] = run_reference_cases([case], tmp_path).values()
    assert_passed(result)


@pytest.mark.parametrize(
    "asked",
    [
        "I need to change the makeup kit in my pending order to the professional size, same"
        " shade and brand",
        "the makeup kit in my pending order, can it be the professional size? keep the brand",
        "please change the makeup kit on my pending order to professional, same brand as now",
    ],
)
def test_a_word_as_close_to_several_values_names_none(asked: str, tmp_path: Path) -> None:
    _run(
        "same brand",
        [f"{CHEN} {asked}", "paypal", "yes"],
        [
            expected_write(
                "modify_pending_order_items",
                order_id="#W5061109",
                item_ids=["6254646215"],
                new_item_ids=["5012998807"],
                payment_method_id="paypal_3742148",
            )
        ],
        tmp_path,
    )


# Olivia Ito (zip 80218): a gift card, PayPal, a Visa ending 9182; three pending orders, one of
# them (#W5442520) holding a black optical wired gaming mouse (the black laser wired one exists).
OLIVIA = "hi olivia ito zip 80218."


@pytest.mark.parametrize(
    "asked",
    [
        "first the gaming mouse on my order that hasnt shipped, i want the laser sensor one"
        " instead of optical, everything else same",
        "one thing: the gaming mouse on my order that hasnt gone out, i want the laser one not"
        " the optical",
    ],
)
def test_a_change_read_twice_as_an_address_and_an_exchange_runs_once(
    asked: str, tmp_path: Path
) -> None:
    """Said with who the customer is, the whole read as an address change (no address in it),
    its part as an exchange: the item change the records ground runs, once."""
    _run(
        "mouse laser",
        [f"{OLIVIA} {asked}", "the credit card", "yes"],
        [
            expected_write(
                "modify_pending_order_items",
                order_id="#W5442520",
                item_ids=["3330317167"],
                new_item_ids=["2193628750"],
                payment_method_id="credit_card_9753331",
            )
        ],
        tmp_path,
    )


# Olivia Smith (zip 80216): one card. Pending #W1974181 holds a wristwatch, silicone strap, blue
# dial (the black-dial silicone one costs more: the card is asked for).
OLIVIA_SMITH = (
    "olivia smith 80216. the wristwatch in my order that hasnt shipped, can the dial be black"
    " instead of blue? same silicone strap"
)


@pytest.mark.parametrize(
    "declined",
    ["hmm actually no. leave it, i'll keep the blue", "actually no, never mind", "actually, no."],
)
def test_actually_no_to_the_payment_question_declines(declined: str, tmp_path: Path) -> None:
    """ "Which payment method should pay the difference?" answered "actually no …": the change
    is taken back, not asked again until a person takes over."""
    _run("declined at the payment question", [OLIVIA_SMITH, declined, "yes"], [], tmp_path)
