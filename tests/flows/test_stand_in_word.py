"""A word that stands for a thing is no piece of a misspelt product name
(docs/understanding.md, "A word standing for a thing names no product", 2026-12-07).

Raj Sanchez's delivered order #W7736708 holds on-ear, wireless, red headphones; another of his
delivered orders holds wireless earbuds. "Can I exchange them for over-ear ones?" was read as
naming the earbuds too: "ear ones" is two slips from the alias "earphones", and a typo may
span two words ("key board"). So the proposal carried a note that the earbuds would not
change, and once the exchange was done the earbuds' change was asked for, which nobody
wanted. A run of words holding one of ``aliases.kind_words`` ("one", "ones", "version") is
now never read as a misspelt name; each row's transcript must not name the earbuds.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from ..conftest import assert_passed, conversation_case, expected_write, run_reference_cases

RAJ = "raj.sanchez2046@example.com. "


def _headphones(new_item_id: str) -> dict[str, Any]:
    return expected_write(
        "exchange_delivered_order_items",
        order_id="#W7736708",
        item_ids=["3104857380"],
        new_item_ids=[new_item_id],
        payment_method_id="gift_card_2259499",
    )


ROWS: list[tuple[str, list[str], str]] = [
    (
        "over-ear ones, the colour said",
        [
            RAJ + "the headphones I got are on-ear, can I exchange them for over-ear ones? "
            "still wireless, in black",
            "the gift card",
            "yes",
        ],
        "7493556126",  # over-ear, wireless, black
    ),
    (
        "over ear ones, no red one, black taken",
        [
            RAJ + "the headphones I got are on-ear, can I exchange them for over ear ones? "
            "still want wireless and red",
            "ok black is fine then",
            "the gift card",
            "yes",
        ],
        "7493556126",
    ),
    (
        "the over-ear version",
        [
            RAJ + "can I swap my red headphones for the over-ear version, wireless and black",
            "gift card",
            "yes",
        ],
        "7493556126",
    ),
]


@pytest.mark.parametrize(("name", "said", "new_item_id"), ROWS, ids=[r[0] for r in ROWS])
def test_a_stand_in_word_names_no_product(
    tmp_path: Path, name: str, said: list[str], new_item_id: str
) -> None:
    case = conversation_case(name, said, {"actions": [_headphones(new_item_id)]})
    [result] = run_reference_cases([case], tmp_path).values()
    assert_passed(result)
    replies = " ".join(line.text for line in result.transcript if line.speaker == "deskpilot")
    assert "Earbuds" not in replies, replies
