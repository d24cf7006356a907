"""Of two values of one option said in different sentences with no word ranking them, the
latest is the wish (docs/understanding.md, "What is wanted does not say which thing it is",
2026-12-07).

Yusuf Rossi's pending order holds a black XXL cotton crew-neck t-shirt. No black L one exists,
so "size L" was proposed as a red L v-neck, with a note. "hmm ok, the XL then" (a black XL
crew neck exists) was read together with the first message as "L, and XL too": L stayed first,
the same proposal was made again, and the customer's "yes" wrote the red L shirt. Now the
latest sentence's value replaces the earlier one; a ranking word still keeps both in order.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from ..conftest import assert_passed, conversation_case, expected_write, run_reference_cases

ASK_L = "yusuf.rossi7301@example.com can I change the black t-shirt in my order to size L?"


def _shirt(new_item_id: str) -> dict[str, Any]:
    return expected_write(
        "modify_pending_order_items",
        order_id="#W6247578",
        item_ids=["3799046073"],
        new_item_ids=[new_item_id],
        payment_method_id="credit_card_9513926",
    )


ROWS: list[tuple[str, list[str], dict[str, Any]]] = [
    (
        "the XL then, under the proposal",
        [ASK_L, "hmm ok, the XL then", "yes"],
        [_shirt("2060066974")],
    ),
    (
        "XL instead, under the proposal",
        [ASK_L, "then make it XL instead", "yes"],
        [_shirt("2060066974")],
    ),
    ("taken back in the same message", [ASK_L + " Hmm, no, XL.", "yes"], [_shirt("2060066974")]),
    # the red L v-neck, said to differ in colour and style before the yes: a choice of theirs
    ("L kept", [ASK_L, "yes"], [_shirt("3234800602")]),
]


@pytest.mark.parametrize(("name", "said", "actions"), ROWS, ids=[row[0] for row in ROWS])
def test_the_latest_word_is_the_wish(
    tmp_path: Path, name: str, said: list[str], actions: list[dict[str, Any]]
) -> None:
    case = conversation_case(name, said, {"actions": actions})
    [result] = run_reference_cases([case], tmp_path).values()
    assert_passed(result)
