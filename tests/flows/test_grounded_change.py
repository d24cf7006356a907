"""An item change said with no word of asking ("bottle in my other order 500ml green"), read
from what the customer's records ground: an item of theirs named, then values the catalogue has
for its product other than its own. The change is proposed and written only after a yes; a
question, a description of the item or a value ruled out proposes nothing (docs/understanding.md,
"An item change said without a request word")."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from deskpilot.domain import IntentScore

from .conftest import Chat, chat_scored_by, yes_or_no

GRETA = "greta.guerrero5203@example.com"  # pending #W6948042: a grinder (15, 400g, silver)
GRINDER, BLACK = "6828126464", "6049566053"  # the same grinder, black
ROSA = "rosa.zimmerman7282@example.com"  # delivered #W3379951: a rain jacket (L, forest green)
JACKET, RED = "3699639321", "4932573834"  # the same jacket, red


def _nothing_read() -> Callable[[str], list[IntentScore]]:
    """Every message read below the review band, as the classifier reads these; a yes and a
    no read surely."""

    def scores(text: str) -> list[IntentScore]:
        if (answer := yes_or_no(text.strip().lower())) is not None:
            return answer
        return [IntentScore("modify_order_address", 0.28), IntentScore("exchange_items", 0.26)]

    return scores


def _changes(chat: Chat) -> list[tuple[str, dict[str, object]]]:
    return [w for w in chat.writes() if w[0] == "modify_pending_order_items"]


def test_an_item_named_with_another_value_of_its_product_is_proposed_then_written(
    tmp_path: Path,
) -> None:
    with chat_scored_by(tmp_path, _nothing_read()) as chat:
        chat.say(GRETA)
        said = chat.say("the coffee grinder in order #W6948042 - black - rest the same")
        assert "To confirm, on order #W6948042 I'll change: Burr Coffee Grinder" in said, said
        assert "black" in said and _changes(chat) == []
        chat.say("yes")
        assert _changes(chat) == [
            (
                "modify_pending_order_items",
                {
                    "order_id": "#W6948042",
                    "item_ids": [GRINDER],
                    "new_item_ids": [BLACK],
                    "payment_method_id": "gift_card_5035507",
                },
            )
        ], chat.replies


def test_an_item_of_a_delivered_order_named_with_another_value_is_an_exchange(
    tmp_path: Path,
) -> None:
    with chat_scored_by(tmp_path, _nothing_read()) as chat:
        chat.say(ROSA)
        said = chat.say("rain jacket in order #W3379951: red, same size and hood")
        assert "To confirm, on order #W3379951 I'll exchange: Rain Jacket" in said, said
        chat.say("yes")
        assert chat.writes() == [
            (
                "exchange_delivered_order_items",
                {
                    "order_id": "#W3379951",
                    "item_ids": [JACKET],
                    "new_item_ids": [RED],
                    "payment_method_id": "credit_card_8395856",
                },
            )
        ], chat.replies


def test_a_no_to_the_grounded_proposal_writes_nothing(tmp_path: Path) -> None:
    with chat_scored_by(tmp_path, _nothing_read()) as chat:
        chat.say(GRETA)
        said = chat.say("the coffee grinder in order #W6948042 - black - rest the same")
        assert "To confirm" in said, said
        chat.say("no")
        assert _changes(chat) == [], chat.replies


@pytest.mark.parametrize(
    "words",
    [
        # a question: answered or asked back, never a change
        "is the coffee grinder in order #W6948042 black?",
        "is the coffee grinder in order #W6948042 black",
        "do you have the coffee grinder in order #W6948042 in black",
        # what the item is or was: a description
        "the coffee grinder in order #W6948042 is black",
        "the coffee grinder in order #W6948042 arrived black",
        "my black coffee grinder in order #W6948042",
        "I got the coffee grinder in order #W6948042 in black",
        "you sent the coffee grinder in order #W6948042 in black, not silver",
        # a value ruled out
        "the coffee grinder in order #W6948042 - not black",
        # a value said in another sentence than the item
        "about order #W6948042, the coffee grinder. black would be nice",
        # the item's own values only
        "the coffee grinder in order #W6948042 - silver, 400g",
    ],
)
def test_no_change_is_read_from_a_question_a_description_or_a_negation(
    tmp_path: Path, words: str
) -> None:
    with chat_scored_by(tmp_path, _nothing_read()) as chat:
        chat.say(GRETA)
        said = chat.say(words)
        assert "To confirm" not in said, said
        chat.say("yes")
        assert _changes(chat) == [], chat.replies
