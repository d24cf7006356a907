"""A yes word beside the very thing proposed, ruled out, is no yes (docs/understanding.md,
"A yes word beside the thing ruled out", 2026-12-07).

Amelia Gonzalez asks to return the backpack of #W7209932; at the confirmation she writes
"ok not the backpack. the t-shirt in #W7209932 … I want it in red, XXL, cotton, crew neck
instead". "ok" read as a yes and the t-shirt as another request beside it, so the backpack's
return was carried out — the one thing she had just ruled out. Now a message that rules out
words of the customer's that the proposal rests on and that name a thing (a record, an entry of
the catalogue) gets the confirmation asked again; words that change the proposal ("ok not the
notebook. just the puzzle") still make it anew.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from ..conftest import assert_passed, conversation_case, expected_write, run_reference_cases

AMELIA = "hi!! amelia.gonzalez4271@example.com. I want to return the backpack from #W7209932, "
RAJ = "raj.sanchez2046@example.com i want to return the notebook and the puzzle from the order "
PUZZLE = expected_write(
    "return_delivered_order_items",
    order_id="#W7736708",
    item_ids=["1096508426"],
    payment_method_id="gift_card_2259499",
)

ROWS: list[tuple[str, list[str], list[dict[str, Any]], str]] = [
    (
        "ruled out, another thing asked for",
        [
            AMELIA + "refund to my gift card",
            "ok not the backpack. the t-shirt in #W7209932, the blue small polyester v-neck one. "
            "I want it in red, XXL, cotton, crew neck instead. just the shirt.",
        ],
        [],
        "Sorry, I need a clear yes or no",
    ),
    (
        "ruled out alone",
        [AMELIA + "refund to my gift card", "ok, not the backpack"],
        [],
        "Sorry, I need a clear yes or no",
    ),
    (
        "one of two ruled out: the proposal made anew",
        [
            RAJ + "with the luggage, refund to my gift card",
            "ok not the notebook. just the puzzle",
            "yes",
        ],
        [PUZZLE],
        "To confirm: I'll start a return of Jigsaw Puzzle",
    ),
]


@pytest.mark.parametrize(("name", "said", "writes", "reply"), ROWS, ids=[r[0] for r in ROWS])
def test_a_yes_word_beside_the_thing_ruled_out(
    tmp_path: Path, name: str, said: list[str], writes: list[dict[str, Any]], reply: str
) -> None:
    case = conversation_case(name, said, {"actions": writes})
    [result] = run_reference_cases([case], tmp_path).values()
    assert_passed(result)
    at = next(i for i, t in enumerate(result.transcript) if t.text == said[1])
    after = [t.text for t in result.transcript[at + 1 :] if t.speaker == "deskpilot"]
    assert after and after[0].startswith(reply), after
