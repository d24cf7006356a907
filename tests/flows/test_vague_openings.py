"""A kind of request said without what it is about ("I need to change something on one of my
orders", "there's a problem with an item I got", ``dialogue.vague_requests``): the kind is
asked about and kept, and the next message is read among its requests (docs/understanding.md,
"Vague openings kept for the next message", 2026-12-07), on the reference store."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from ..conftest import assert_passed, conversation_case, expected_write, run_reference_cases

# Yusuf Lee, PayPal only: delivered #W3631991 (750ml stainless steel blue water bottle, clock).
YUSUF = "hello, yusuf.lee4349@example.com here."
BOTTLE = expected_write(
    "exchange_delivered_order_items",
    order_id="#W3631991",
    item_ids=["7843064651"],
    new_item_ids=["7533802601"],
    payment_method_id="paypal_2785678",
)
# Olivia Smith, PayPal only: delivered #W3794101 (cycling helmet), pending #W1348609.
OLIVIA = "Hi, olivia.smith9157@example.com."
HELMET = expected_write(
    "return_delivered_order_items",
    order_id="#W3794101",
    item_ids=["3339188619"],
    payment_method_id="paypal_2076152",
)
# Daiki Jackson, gift card only: pending #W8306539 (black desk lamp, high, AC adapter).
DAIKI = "Hi, I'm daiki.jackson9202@example.com."
LAMP = expected_write(
    "modify_pending_order_items",
    order_id="#W8306539",
    item_ids=["7624783998"],
    new_item_ids=["1569765161"],
    payment_method_id="gift_card_9164233",
)
ASKED_CHANGE = "Which order, and what would you like to change?"
ASKED_PROBLEM = "Which item is it, and what is wrong with it?"


def _run(turns: list[str], expect: dict[str, Any], tmp_path: Path) -> None:
    case = conversation_case("vague opening", turns, {**expect, "escalated": False})
    [result] = run_reference_cases([case], tmp_path).values()
    assert_passed(result)


@pytest.mark.parametrize(
    ("turns", "expect"),
    [
        # the kind asked about, then the next message read under it (not as a product question)
        (
            [
                f"{YUSUF} there's a problem with an item I got",
                "the water bottle is too big. can I get the 500ml one in green instead, "
                "same stainless steel",
                "paypal",
                "yes",
            ],
            {"actions": [BOTTLE], "replies_contain": [ASKED_PROBLEM]},
        ),
        # read surely as an exchange, but it names neither the exchange nor the item: asked,
        # and "my money back" in the next message is a return
        (
            [
                f"{OLIVIA} something is not right with an item I received",
                "the cycling helmet doesn't fit at all, I'd just like my money back for it",
                "to my paypal",
                "yes",
            ],
            {"actions": [HELMET], "replies_contain": [ASKED_PROBLEM]},
        ),
        # a change said vaguely: asked which order and what, not "what can I help you with?"
        (
            [
                f"{DAIKI} I need to change something on one of my orders.",
                "the desk lamp. I'd like the silver one with low brightness instead, still with "
                "the AC adapter",
                "yes",
            ],
            {"actions": [LAMP], "replies_contain": [ASKED_CHANGE]},
        ),
        # the request named by its verb is no vague opening: it starts at once
        (
            [f"{OLIVIA} there's a problem with an item I got, I want to return it"],
            {"actions": [], "replies_never": [ASKED_PROBLEM]},
        ),
        # a thing named is what the request is about: no kind asked about
        (
            [f"{YUSUF} there's a problem with the water bottle I got"],
            {"actions": [], "replies_never": [ASKED_PROBLEM]},
        ),
    ],
)
def test_a_vague_opening_keeps_its_kind_for_the_next_message(
    turns: list[str], expect: dict[str, Any], tmp_path: Path
) -> None:
    _run(turns, expect, tmp_path)


# Lei Patel, Mastercard only: pending #W4172216 (toothbrush, skateboard, dumbbell set,
# headphones); Chen Lopez: pending #W1790752 (the keyboard alone).
LEI = "hey, lei.patel3765@example.com."
WHOLE_ONLY = "I can't cancel single items, only a whole order"
PROPOSED = "I'll cancel order"


@pytest.mark.parametrize(
    ("turns", "expect"),
    [
        # one thing of a pending order not wanted, the rest kept: never the whole order
        # proposed as if asked, and a yes to "tell me so; otherwise it stays" cancels nothing
        (
            [f"{LEI} the toothbrush is fine, but I don't need the skateboard anymore", "yes"],
            {"actions": [], "replies_contain": [WHOLE_ONLY], "replies_never": [PROPOSED]},
        ),
        (
            [f"{LEI} please cancel the skateboard, I no longer need it"],
            {"actions": [], "replies_contain": [WHOLE_ONLY], "replies_never": [PROPOSED]},
        ),
        # the order named by what it holds is the whole order, as before
        (
            [f"{LEI} please cancel my skateboard order, I no longer need it", "yes"],
            {
                "actions": [
                    expected_write(
                        "cancel_pending_order", order_id="#W4172216", reason="no longer needed"
                    )
                ]
            },
        ),
        # the one thing a one-item order holds is that order
        (
            ["hi, chen.lopez1681@example.com. I don't need the keyboard anymore", "yes"],
            {
                "actions": [
                    expected_write(
                        "cancel_pending_order", order_id="#W1790752", reason="no longer needed"
                    )
                ]
            },
        ),
    ],
)
def test_one_thing_of_a_pending_order_is_not_the_whole_order_proposed(
    turns: list[str], expect: dict[str, Any], tmp_path: Path
) -> None:
    _run(turns, expect, tmp_path)


# Noah Ito: pending #W4219264 (jigsaw puzzle, two wristwatches) and #W6729841 (air purifier,
# speaker), listed in that order by "Which order should I change?".
NOAH = "hi, noah.ito4296@example.com. I want to change an item in one of my pending orders"


@pytest.mark.parametrize(
    ("answer", "expect"),
    [
        # the order picked by its place: its items are asked about openly, none read from the
        # words describing the order in the list
        ("the first one", {"replies_contain": ["Which items should change?"]}),
        ("the second one", {"replies_contain": ["Which items should change?"]}),
    ],
)
def test_an_order_picked_by_its_place_names_none_of_its_items(
    answer: str, expect: dict[str, Any], tmp_path: Path
) -> None:
    _run([NOAH, answer], {**expect, "actions": [], "replies_never": ["Did you mean"]}, tmp_path)
