"""A value the catalogue knows of other products, asked of one that has none of it ("could it be
yellow instead?" of a grinder that comes in black, silver and white): the customer hears that it
does not come in it, and which values it has, before anything else; nothing is proposed
(docs/understanding.md, "Sure readings the records contradict")."""

from __future__ import annotations

from pathlib import Path

import pytest

from deskpilot.domain import IntentScore

from .conftest import chat_scored_by, forced_readings

GRETA = "greta.guerrero5203@example.com"  # pending #W6948042: a grinder (15, 400g, silver)


@pytest.mark.parametrize(
    ("words", "told"),
    [
        (
            "the coffee grinder in order #W6948042 - could it be yellow instead?",
            "doesn't come in yellow (color: black, silver, white)",
        ),
        (
            "please change the coffee grinder in order #W6948042 to forest green",
            "doesn't come in forest green (color: black, silver, white)",
        ),
    ],
)
def test_a_value_the_product_lacks_is_said_with_the_values_it_has(
    tmp_path: Path, words: str, told: str
) -> None:
    scores = forced_readings(otherwise=[IntentScore("modify_order_items", 0.95)])
    with chat_scored_by(tmp_path, scores) as chat:
        chat.say(GRETA)
        said = chat.say(words)
        assert told in said, said
        assert "To confirm" not in said and chat.writes() == [], chat.replies


def test_a_value_it_has_beside_one_it_lacks_is_still_what_is_asked(tmp_path: Path) -> None:
    scores = forced_readings(otherwise=[IntentScore("modify_order_items", 0.95)])
    with chat_scored_by(tmp_path, scores) as chat:
        chat.say(GRETA)
        said = chat.say("the coffee grinder in order #W6948042: black please, not yellow")
        assert "doesn't come in" not in said, said
