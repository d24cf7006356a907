"""A word that can say part of an order ("just", "only", "keep") says so only where it is said of
a thing: before what it names, maybe after a few asking words, or closing its clause
(vocabulary ``resolvers.partial_then`` / ``partial_between``; docs/understanding.md, "Several
requests, and a part said of a thing", 2026-12-07).

Before: "my brother just gave me his old tablet, so please cancel my order with the tablet and
the sunglasses" got "I can't cancel single items, only a whole order": the "just" of "just gave"
was read as "just the tablet".
"""

from __future__ import annotations

from pathlib import Path

import pytest

from ..conftest import assert_passed, conversation_case, expected_write, run_reference_cases

# Raj Lopez: three pending orders; #W5107138 holds hiking boots, a garden hose, a desk lamp, a
# grill and a backpack.
GRILL_ORDER = "#W5107138"
WHOLE = expected_write("cancel_pending_order", order_id=GRILL_ORDER, reason="no longer needed")

# the words about the order, after "raj.lopez2997@example.com. "
WHOLE_ORDER = [
    "my neighbour just gave us a grill, so please cancel my order with the grill and the garden "
    "hose, I won't need any of it",
    "a friend just lent us a grill so I don't need the order with the grill and the hose "
    "anymore. please cancel it",
]
PART = [
    "I only want the grill cancelled from my order with the grill and the hose, I don't need it",
    "please cancel the grill only, from the order with the hose. I don't need it anymore",
]


@pytest.mark.parametrize("said", WHOLE_ORDER)
def test_a_word_not_said_of_a_thing_leaves_the_whole_order(said: str, tmp_path: Path) -> None:
    turns = [f"raj.lopez2997@example.com. {said}", "yes"]
    case = conversation_case("whole", turns, {"actions": [WHOLE], "escalated": False})
    [result] = run_reference_cases([case], tmp_path).values()
    assert_passed(result)


@pytest.mark.parametrize("said", PART)
def test_a_word_said_of_a_thing_still_asks_for_part(said: str, tmp_path: Path) -> None:
    turns = [f"raj.lopez2997@example.com. {said}"]
    case = conversation_case("part", turns, {"actions": [], "escalated": False})
    [result] = run_reference_cases([case], tmp_path).values()
    assert_passed(result)
    first = next(line.text for line in result.transcript if line.speaker == "deskpilot")
    assert "only a whole order" in first
