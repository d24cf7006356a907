"""Gaps the probes of 2026-12-07 left open (docs/understanding.md, "Open 24"), on the
reference store:

- "change the payment for both my pending orders over to the visa" and "switch my t-shirt
  order to the gift card" were read surely as item changes and asked which items: a method of
  the customer's said as where orders move to (``moved_to``), the orders pending and paid
  otherwise, overturns a change of a wished kind whose wish the words never say
  (``FlowDecider._moved_instead``; ``payment_moved`` with one method named).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from ..conftest import assert_passed, conversation_case, expected_write, run_reference_cases


def _run(name: str, turns: list[str], actions: list[dict[str, Any]], tmp_path: Path) -> None:
    case = conversation_case(name, turns, {"actions": actions, "escalated": False})
    [result] = run_reference_cases([case], tmp_path).values()
    assert_passed(result)


# Liam Thomas: PayPal, a Mastercard and a Visa (credit_card_7287775); pending #W3761872 and
# #W1129578, both paid with PayPal. Omar Kim: pending #W1080318 holds a t-shirt only, paid by
# card (credit_card_3577130); his gift card (gift_card_3749819) holds $91, enough for its $53.43.
@pytest.mark.parametrize(
    ("turns", "actions"),
    [
        (
            [
                "hi liam.thomas4271@example.com. could you change the payment for both my pending"
                " orders over to the visa",
                "yes",
                "yes",
            ],
            [
                expected_write(
                    "modify_pending_order_payment",
                    order_id=order,
                    payment_method_id="credit_card_7287775",
                )
                for order in ("#W3761872", "#W1129578")
            ],
        ),
        (
            ["hi, omar.kim8981@example.com. switch my t-shirt order to the gift card", "yes"],
            [
                expected_write(
                    "modify_pending_order_payment",
                    order_id="#W1080318",
                    payment_method_id="gift_card_3749819",
                )
            ],
        ),
    ],
)
def test_a_method_moved_onto_overturns_an_item_change_with_no_wish(
    turns: list[str], actions: list[dict[str, Any]], tmp_path: Path
) -> None:
    _run("payment moved onto", turns, actions, tmp_path)
