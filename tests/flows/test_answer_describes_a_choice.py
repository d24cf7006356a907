"""An answer that describes one of the listed choices answers the question, even when it reads
like another request (docs/understanding.md, "An answer that describes a choice", 2026-12-07).

Harper Nguyen's delivered order holds two backpacks. "I want to return the backpack" asks
"Which items would you like to return? Did you mean: Backpack (grey, medium, polyester,
laptop); Backpack (green, medium, leather, camera)?". "the green one" was read, unsurely, as an
item change, which started in the return's place and asked for a pending order she does not
have; the return was lost. The answer now picks the one choice its words describe, unless it
names the other request by its words.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from ..conftest import assert_passed, conversation_case, expected_write, run_reference_cases

HARPER = "harper.nguyen5245@example.com I want to return the backpack"


def _return(item_id: str) -> dict[str, Any]:
    return expected_write(
        "return_delivered_order_items",
        order_id="#W8413387",
        item_ids=[item_id],
        payment_method_id="gift_card_8578732",
    )


ROWS: list[tuple[str, list[str], list[dict[str, Any]]]] = [
    ("the green one", [HARPER, "the green one", "gift card", "yes"], [_return("4947717507")]),
    (
        "the green leather one",
        [HARPER, "the green leather one", "gift card", "yes"],
        [_return("4947717507")],
    ),
    ("the grey one", [HARPER, "the grey one", "gift card", "yes"], [_return("5917587651")]),
    # both are medium: nothing told apart, nothing returned
    ("the medium one", [HARPER, "the medium one", "gift card", "yes"], []),
]


@pytest.mark.parametrize(("name", "said", "actions"), ROWS, ids=[row[0] for row in ROWS])
def test_an_answer_describing_a_choice(
    tmp_path: Path, name: str, said: list[str], actions: list[dict[str, Any]]
) -> None:
    case = conversation_case(name, said, {"actions": actions})
    [result] = run_reference_cases([case], tmp_path).values()
    assert_passed(result)


# Lucas Johansson's pending #W5073920 holds waterproof hiking boots, listed as "Hiking Boots
# (8, leather, yes)" among the items to change: a bare "yes" to "Which items should change?",
# asked again, took the boots for the item meant, its only word being the boots' "yes".
LUCAS = "lucas.johansson7741@example.com I'd like to change an item in my order with the backpack"


@pytest.mark.parametrize("answer", ["yes", "yes please", "ok"])
def test_a_yes_describes_no_choice(tmp_path: Path, answer: str) -> None:
    case = conversation_case(answer, [LUCAS, answer, answer], {"actions": []})
    [result] = run_reference_cases([case], tmp_path).values()
    assert_passed(result)
    replies = [line.text for line in result.transcript if line.speaker == "deskpilot"]
    assert replies[0].startswith("Which items should change?"), replies
    assert not any("Hiking Boots?" in r for r in replies), replies
