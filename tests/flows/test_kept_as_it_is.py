"""Things the customer keeps as they are leave the request (docs/understanding.md, "What the
customer keeps as it is", 2026-12-07).

Found by probes of my own. Harper Kim asks for the helmet of her pending order in large; none
is red with low ventilation, so the closest is offered. "No, leave the helmet then" asked
"Which items should change?": the helmet was set aside, the request kept going without it.
Raj Sanchez asks to return the notebook and the puzzle: "actually I'll keep the notebook"
withdrew both, and "on second thought, I'll keep the notebook and the puzzle" was not
understood, so the next "yes" returned both. Now a request whose every item is kept ends,
saying so; keeping some of them leaves the rest asked for; a negation ("not the helmet")
still asks again, since it may correct what was read.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from ..conftest import assert_passed, conversation_case, expected_write, run_reference_cases

HARPER = "Hi, I'm Harper Kim, zip 78222. "
HELMET = HARPER + "the helmet in my order with the espresso machine, can I get it in large?"
RAJ = "raj.sanchez2046@example.com i want to return the "
BOTH = RAJ + "notebook and the puzzle from the order with the luggage, refund to my gift card"
ONE = RAJ + "notebook from the order with the luggage, refund to my gift card"


def _return(item_ids: list[str]) -> dict[str, Any]:
    return expected_write(
        "return_delivered_order_items",
        order_id="#W7736708",
        item_ids=item_ids,
        payment_method_id="gift_card_2259499",
    )


ROWS: list[tuple[str, list[str], list[dict[str, Any]], str]] = [
    (
        "the offered helmet declined, the helmet left",
        [HELMET, "no, leave the helmet then", "yes"],
        [],
        "I'll leave the Cycling Helmet as it is",
    ),
    (
        "the helmet kept as it is",
        [HELMET, "no, I'll keep the helmet as it is", "yes"],
        [],
        "I'll leave the Cycling Helmet as it is",
    ),
    (
        "a negation asks again: it may correct what was read",
        [HELMET, "no, not the helmet", "yes"],
        [],
        "Which items should change?",
    ),
    (
        "one of two kept at the confirmation: the other returned",
        [BOTH, "actually I'll keep the notebook", "yes"],
        [_return(["1096508426"])],  # the puzzle
        "I'll start a return of Jigsaw Puzzle (500, art, beginner) from order",
    ),
    (
        "both kept at the confirmation: nothing returned on the next yes",
        [BOTH, "on second thought, I'll keep the notebook and the puzzle", "yes"],
        [],
        "I'll leave the Notebook and Jigsaw Puzzle as they are",
    ),
    (
        "the one item kept",
        [ONE, "hmm actually I'll keep the notebook", "yes"],
        [],
        "I'll leave the Notebook as it is",
    ),
]


@pytest.mark.parametrize(("name", "said", "writes", "reply"), ROWS, ids=[r[0] for r in ROWS])
def test_what_is_kept_leaves_the_request(
    tmp_path: Path, name: str, said: list[str], writes: list[dict[str, Any]], reply: str
) -> None:
    case = conversation_case(name, said, {"actions": writes})
    [result] = run_reference_cases([case], tmp_path).values()
    assert_passed(result)
    answer = result.transcript.index(next(t for t in result.transcript if t.text == said[1]))
    after = [t.text for t in result.transcript[answer + 1 :] if t.speaker == "deskpilot"]
    assert after and reply in after[0], after
