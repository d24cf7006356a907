"""A value said as what the customer wants does not describe the thing they have, and a value
spelled as another product writes it is still the thing's own (docs/understanding.md, "What
is wanted does not say which thing it is", 2026-12-07).

Mia Gonzalez's pending order holds two tea kettles: a ceramic 1 liter one and a glass 2 liters
one. "Change the 2 liter kettle to 1 liter" named both sizes, so both kettles matched a value
and the reply asked which kettle was meant; "1 liter" was read as another product's "1L", so
"can I get it in 1 liter instead?" grounded no wish at all, and with the e-mail address in the
same message the customer's records were not read against it: the message became an
order-status question for review. Each row stands beside its twin that must not change.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from ..conftest import assert_passed, conversation_case, expected_write, run_reference_cases

MIA = "mia.gonzalez7079@example.com "
# glass 2 liters electric 2820119811 -> glass 1 liter electric 9747045638, $0.67 back
KETTLE = expected_write(
    "modify_pending_order_items",
    order_id="#W8991836",
    item_ids=["2820119811"],
    new_item_ids=["9747045638"],
    payment_method_id="gift_card_7000567",
)

ROWS: list[tuple[str, list[str], dict[str, Any], str]] = [
    (
        "the size after 'to' is the wish, the one before the name says which kettle",
        [MIA + "can I change the 2 liter kettle in my order to 1 liter?", "yes"],
        {"actions": [KETTLE], "escalated": False},
        "To confirm",
    ),
    (
        # nothing wished: "2 liter" alone still says which kettle, and what it should become
        # is asked
        "the kettle named by its size only",
        [MIA + "can I change the 2 liter kettle in my order?", "yes"],
        {"actions": []},
        "",
    ),
    (
        "a wish in the product's own size, the address in the same message",
        [MIA + "the glass kettle in my order, can I get it in 1 liter instead?", "yes"],
        {"actions": [KETTLE], "escalated": False},
        "To confirm",
    ),
    (
        "the same, the address in a message of its own",
        ["hi, " + MIA, "the glass kettle in my order, can I get it in 1 liter instead?", "yes"],
        {"actions": [KETTLE], "escalated": False},
        "To confirm",
    ),
    (
        # what it is, not what it should be: no change
        "a question about the size only",
        [MIA + "the glass kettle in my order, is it 1 liter?", "yes"],
        {"actions": []},
        "",
    ),
]


@pytest.mark.parametrize(("name", "said", "expect", "proposal"), ROWS, ids=[row[0] for row in ROWS])
def test_a_wish_said_as_wanted(
    tmp_path: Path, name: str, said: list[str], expect: dict[str, Any], proposal: str
) -> None:
    case = conversation_case(name, said, expect)
    [result] = run_reference_cases([case], tmp_path).values()
    assert_passed(result)
    replies = [line.text for line in result.transcript if line.speaker == "deskpilot"]
    if proposal:
        assert any(reply.startswith(proposal) for reply in replies), replies


# Noah Sanchez: pending #W8645374 holds a camera 20MP, 5x, CF card (9644439410); delivered
# #W4864669 holds a 30MP, 10x, SD card one. 1804581713 is 30MP, 3x, SD card; 8363011723 is the
# 20MP one with 3x and SD card. "the 30MP one" told his two cameras apart, so it was read as
# which camera he meant, not as his wish, and the 20MP one was written (probes24, task 99).
NOAH = "Hi, Noah Sanchez, zip 20056. "
CAMERA_ROWS: list[tuple[str, str, str]] = [
    ("I want the …", "I want the 30MP one with 3x zoom and an SD card slot instead", "1804581713"),
    ("I'd like the …", "I'd like the 30MP one with 3x zoom and an SD card slot", "1804581713"),
    ("keeping the …", "keep the 20MP but with 3x zoom and an SD card slot", "8363011723"),
]


@pytest.mark.parametrize(("name", "wish", "new"), CAMERA_ROWS, ids=[r[0] for r in CAMERA_ROWS])
def test_a_value_after_a_wish_is_no_description(
    tmp_path: Path, name: str, wish: str, new: str
) -> None:
    said = [NOAH + "the camera in my pending order with the laptop: " + wish, "gift card", "yes"]
    change = expected_write(
        "modify_pending_order_items",
        order_id="#W8645374",
        item_ids=["9644439410"],
        new_item_ids=[new],
        payment_method_id="gift_card_9909795",
    )
    case = conversation_case(name, said, {"actions": [change]})
    [result] = run_reference_cases([case], tmp_path).values()
    assert_passed(result)
