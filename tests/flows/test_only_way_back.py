"""A refund with one way back goes there unasked (docs/understanding.md, "One way back, and
the address I used", 2026-12-07).

A return's refund may go back the way the order was paid or to a gift card (the store's rule,
which the guard enforces). Ava Moore has one gift card, which paid her order: "Where should the
refund go? Back to the original payment method, or to your gift card?" asked her to choose
between one method and itself, and a "yes" to it was not understood. The return flow's
`only_way_back` option now takes that one method, stated in the confirmation; a customer with
two ways is still asked, and a method the words name is read as before.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from ..conftest import assert_passed, conversation_case, expected_write, run_reference_cases

AVA = "ava.moore6020@example.com I want to return the water bottle and the kettle from my order "
RAJ = "raj.sanchez2046@example.com i want to return the notebook from the order with the luggage"
LEI = "lei.anderson3132@example.com I'd like to return the hiking boots I got"


def _ava() -> dict[str, Any]:
    return expected_write(
        "return_delivered_order_items",
        order_id="#W4817420",
        item_ids=["6777246137", "9624127908"],
        payment_method_id="gift_card_8168843",
    )


ROWS: list[tuple[str, list[str], list[dict[str, Any]], str]] = [
    (
        "her only gift card paid the order",
        [AVA + "with the action camera, the bookshelf stays", "yes"],
        [_ava()],
        "To confirm: I'll start a return of Water Bottle",
    ),
    (
        "no gift card: back the way it was paid",
        [LEI, "yes"],
        [
            expected_write(
                "return_delivered_order_items",
                order_id="#W4072946",
                item_ids=["8106223139"],
                payment_method_id="paypal_1808675",
            )
        ],
        "To confirm: I'll start a return of Hiking Boots",
    ),
    ("a card paid it, and there is a gift card: asked", [RAJ, "yes"], [], "Where should"),
]


@pytest.mark.parametrize(("name", "said", "writes", "first"), ROWS, ids=[r[0] for r in ROWS])
def test_one_way_back_is_taken(
    tmp_path: Path, name: str, said: list[str], writes: list[dict[str, Any]], first: str
) -> None:
    case = conversation_case(name, said, {"actions": writes})
    [result] = run_reference_cases([case], tmp_path).values()
    assert_passed(result)
    reply = next(line.text for line in result.transcript if line.speaker == "deskpilot")
    assert reply.startswith(first), reply
