"""A thing of the customer's described as it is, then asked for another value in so many
words ("I have the black lamp - can it be silver instead?"), is an item change, not the
address change the words were read as (docs/understanding.md, "Asked in so many words after a
thing described", 2026-12-07).

"I have the black lamp" is the story (a describing word before the value), and the wish after
it went unread because the reading looked for a word of wanting ("I'd like") before the value
and not for the words asking for the change ("can it be"). Harper Johansson's one desk lamp
(black, low, USB; pending #W3282177) comes in silver three ways, so the answer is the silver
lamps to choose from; the t-shirt of Yusuf Rossi's (black XXL crew neck) has one black XL.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from ..conftest import conversation_case, run_reference_cases

HARPER = "hi, harper.johansson4006@example.com"
ROSSI = "hi, yusuf.rossi7301@example.com"
SILVER = "silver, medium, USB"

ROWS: list[tuple[str, list[str], str]] = [
    ("could it be silver", [HARPER, "I've got the black desk lamp, could it be silver?"], SILVER),
    (
        "can it come in silver",
        [HARPER, "I have a black lamp. can it come in silver instead"],
        SILVER,
    ),
    (
        "the t-shirt in XL",
        [ROSSI, "I have the black t-shirt, can it be an XL instead?"],
        "black, XL, cotton, crew neck",
    ),
]


@pytest.mark.parametrize(("name", "said", "offered"), ROWS, ids=[row[0] for row in ROWS])
def test_an_asked_change_after_a_described_thing(
    tmp_path: Path, name: str, said: list[str], offered: str
) -> None:
    case = conversation_case(name, said, {"actions": [], "escalated": False})
    [result] = run_reference_cases([case], tmp_path).values()
    last = result.transcript[-1].text
    assert offered in last, [line.text for line in result.transcript]
    assert "address" not in last
