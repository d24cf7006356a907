"""A request said in a long message among who the customer is and their story: a part whose
story pulls its reading below sure still asks what its wish after a comma asks surely ("…, I
want to give it back"), proposed and written only after a yes (the cues of who the customer is
and the indirect question: tests/nlu/test_long_message_reading.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from deskpilot.domain import IntentScore

from .conftest import chat_scored_by, yes_or_no

ROSA = "rosa.zimmerman7282@example.com"  # delivered #W3379951: a rain jacket (L, forest green)


def _story_pulls(text: str) -> list[IntentScore]:
    """A story around a wish read below sure, the wish alone surely a return."""
    said = text.strip().lower()
    if (answer := yes_or_no(said)) is not None:
        return answer
    if said.startswith("i want to give it back"):
        return [IntentScore("return_items", 0.9), IntentScore("exchange_items", 0.05)]
    if said.startswith("the rain jacket"):
        return [IntentScore("return_items", 0.46), IntentScore("account_details", 0.08)]
    if said.startswith("is possible"):
        return [IntentScore("order_status", 0.35), IntentScore("product_info", 0.32)]
    return [IntentScore("account_details", 0.24), IntentScore("greeting", 0.15)]


def test_a_wish_after_a_comma_read_surely_asks_though_its_story_reads_unsurely(
    tmp_path: Path,
) -> None:
    with chat_scored_by(tmp_path, _story_pulls) as chat:
        chat.say(
            f"Hello, my email is {ROSA}. The rain jacket which arrive to me, it is too warm "
            "for me, I want to give it back and have the money again on the card I paid with. "
            "Is possible?"
        )
        said = " ".join(chat.replies)
        if "Shall I go ahead" not in said:
            said = chat.say("the original payment method")
        assert "return" in said and "#W3379951" in said and "Shall I go ahead" in said, said
        assert chat.writes() == []
        chat.say("yes")
        assert [(name, args["order_id"]) for name, args in chat.writes()] == [
            ("return_delivered_order_items", "#W3379951")
        ], chat.replies


GRETA = "greta.guerrero5203@example.com"  # pending #W6948042: a grinder (15, 400g, silver)
GRINDER, BLACK = "6828126464", "6049566053"  # the same grinder, black
BLACK_GRINDER = [
    (
        "modify_pending_order_items",
        {
            "order_id": "#W6948042",
            "item_ids": [GRINDER],
            "new_item_ids": [BLACK],
            "payment_method_id": "gift_card_5035507",
        },
    )
]


def _pleasantly_vague(text: str) -> list[IntentScore]:
    """A long story read as nothing sure: its last request likely a purchase, which nothing
    here writes."""
    said = text.strip().lower()
    if (answer := yes_or_no(said)) is not None:
        return answer
    if said.startswith("please charge"):
        return [IntentScore("place_order", 0.65), IntentScore("return_items", 0.14)]
    return [IntentScore("order_status", 0.28), IntentScore("exchange_items", 0.26)]


def test_a_change_asked_in_a_question_inside_a_long_story_is_read_from_the_records(
    tmp_path: Path,
) -> None:
    # "could it be …?" asks for the change; "is going to clash" is the story before "I'd like";
    # the likely reading (a purchase) writes nothing, so the records read the words.
    with chat_scored_by(tmp_path, _pleasantly_vague) as chat:
        said = chat.say(
            f"Hi, so this is a bit of a long one, sorry. My email is {GRETA}. A while ago I "
            "ordered a coffee grinder for the kitchen, and the order hasn't shipped yet, which "
            "is lucky, because we repainted the kitchen; the silver grinder is going to clash, "
            "so I'd like it in black instead, could it be black rather than silver? Please "
            "charge or refund any difference through my gift card. Thanks a lot!"
        )
        assert "To confirm, on order #W6948042 I'll change: Burr Coffee Grinder" in said, said
        assert chat.writes() == []
        chat.say("yes")
        assert chat.writes() == BLACK_GRINDER, chat.replies


def _story_reads_address(text: str) -> list[IntentScore]:
    """The question after a story read likely as an address change, with no address in it."""
    said = text.strip().lower()
    if (answer := yes_or_no(said)) is not None:
        return answer
    if said.startswith("could it be"):
        return [IntentScore("modify_order_address", 0.36), IntentScore("exchange_items", 0.25)]
    if said.startswith("i just"):
        return [IntentScore("order_status", 0.76), IntentScore("modify_order_items", 0.14)]
    return [IntentScore("modify_order_items", 0.32), IntentScore("modify_order_address", 0.26)]


def test_a_likely_request_whose_words_hold_nothing_of_it_gives_way_to_the_records(
    tmp_path: Path,
) -> None:
    with chat_scored_by(tmp_path, _story_reads_address) as chat:
        said = chat.say(
            f"Hi, {GRETA}. I just repainted my kitchen, so the silver coffee grinder in my "
            "pending order won't match - could it be a black one instead? Same size."
        )
        assert "address" not in said, said
        assert "To confirm, on order #W6948042 I'll change: Burr Coffee Grinder" in said, said
        chat.say("yes")
        assert chat.writes() == BLACK_GRINDER, chat.replies


def _nothing_read(text: str) -> list[IntentScore]:
    said = text.strip().lower()
    if (answer := yes_or_no(said)) is not None:
        return answer
    return [IntentScore("modify_order_address", 0.28), IntentScore("exchange_items", 0.26)]


@pytest.mark.parametrize(
    ("words", "proposed"),
    [
        # a word of wanting, and what follows it is the wish, not what the item is
        ("the coffee grinder in order #W6948042 should have a black finish, not silver", True),
        ("the coffee grinder in order #W6948042 is silver, so I'd like it in black", True),
        ("the coffee grinder in order #W6948042 - could it be black instead?", True),
        # what the item is, and a question about it, ask for nothing
        ("the coffee grinder in order #W6948042 is black", False),
        ("is the coffee grinder in order #W6948042 available in black?", False),
    ],
)
def test_a_wish_is_read_after_a_word_of_wanting_or_in_a_question_asking_for_it(
    tmp_path: Path, words: str, proposed: bool
) -> None:
    with chat_scored_by(tmp_path, _nothing_read) as chat:
        chat.say(GRETA)
        said = chat.say(words)
        assert ("I'll change: Burr Coffee Grinder" in said) is proposed, said
        chat.say("yes")
        assert chat.writes() == (BLACK_GRINDER if proposed else []), chat.replies
