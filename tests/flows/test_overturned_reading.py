"""A request read surely that its own words hold nothing of, while the customer's records ground
another in them: "the coffee grinder in order #W… - black - rest the same" read as an order-status
question or an address change is the item change it can only mean — proposed, and written only
after a yes. A question, a description or words that give the reading its own value keep the
reading (docs/understanding.md, "Sure readings the records contradict")."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from deskpilot.domain import IntentScore

from .conftest import chat_scored_by, forced_readings, yes_or_no

GRETA = "greta.guerrero5203@example.com"  # pending #W6948042: a grinder (15, 400g, silver)
GRINDER, BLACK = "6828126464", "6049566053"  # the same grinder, black
CHANGE = (
    "modify_pending_order_items",
    {
        "order_id": "#W6948042",
        "item_ids": [GRINDER],
        "new_item_ids": [BLACK],
        "payment_method_id": "gift_card_5035507",
    },
)


def _read_surely_as(intent: str) -> Callable[[str], list[IntentScore]]:
    """Every message but a yes or a no read surely (0.9) as ``intent``."""

    def scores(text: str) -> list[IntentScore]:
        if (answer := yes_or_no(text.strip().lower())) is not None:
            return answer
        return [IntentScore(intent, 0.9), IntentScore("modify_order_items", 0.05)]

    return scores


@pytest.mark.parametrize("intent", ["order_status", "modify_order_address"])
@pytest.mark.parametrize(
    "words",
    [
        "the coffee grinder in order #W6948042 - black - rest the same",
        "in order #W6948042 the coffee grinder should be black, everything else the same",
    ],
)
def test_a_sure_reading_the_words_hold_nothing_of_gives_way_to_the_grounded_change(
    tmp_path: Path, intent: str, words: str
) -> None:
    with chat_scored_by(tmp_path, _read_surely_as(intent)) as chat:
        chat.say(GRETA)
        said = chat.say(words)
        assert "To confirm, on order #W6948042 I'll change: Burr Coffee Grinder" in said, said
        assert chat.writes() == []
        chat.say("yes")
        assert chat.writes() == [CHANGE], chat.replies


@pytest.mark.parametrize(
    ("intent", "words"),
    [
        # a question is its own reading's
        ("order_status", "is the coffee grinder in order #W6948042 black?"),
        ("order_status", "where is the coffee grinder in order #W6948042, the black one"),
        # what the item is: a description
        ("order_status", "the coffee grinder in order #W6948042 is black"),
        # the address change's own value is there
        ("modify_order_address", "ship order #W6948042 to my home address, the black grinder"),
    ],
)
def test_a_sure_reading_with_its_own_words_stays(tmp_path: Path, intent: str, words: str) -> None:
    with chat_scored_by(tmp_path, _read_surely_as(intent)) as chat:
        chat.say(GRETA)
        said = chat.say(words)
        assert "I'll change: Burr Coffee Grinder" not in said, said
        chat.say("yes")
        assert not [w for w in chat.writes() if w[0] == "modify_pending_order_items"]


def test_a_piece_read_unsurely_as_a_request_it_holds_nothing_of_waits_as_the_grounded_one(
    tmp_path: Path,
) -> None:
    scores = forced_readings(
        (lambda s: s.startswith("where"), [IntentScore("order_status", 0.95)]),
        (lambda s: "should be black" in s, [IntentScore("modify_order_address", 0.6)]),
        otherwise=[IntentScore("modify_order_address", 0.3)],
    )
    with chat_scored_by(tmp_path, scores) as chat:
        chat.say(GRETA)
        said = chat.say(
            "where is order #W6948042? Also, in that order the coffee grinder should be black, "
            "everything else the same."
        )
        assert "To confirm, on order #W6948042 I'll change: Burr Coffee Grinder" in said, said
        assert "new address" not in said, said
        chat.say("yes")
        assert chat.writes() == [CHANGE], chat.replies
