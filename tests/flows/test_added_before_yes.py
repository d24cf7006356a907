"""More of the same request on the same order, said while its proposal waits for a yes: it joins
the proposal, which is made again, and is never confirmed as it stood (an order is exchanged
once, so the first item alone would leave the second without a way to be exchanged)."""

from __future__ import annotations

import pytest

from .conftest import DEMO, Chat

PAIR = "#W2221912"  # delivered: gold polarized acetate sunglasses and a black XXL hoodie
HOODIE, SUNGLASSES = "9236767995", "9369122881"
NAVY_HOODIE, BLACK_SUNGLASSES = "5076742842", "1287796009"


def _proposed(chat: Chat) -> str:
    chat.say(DEMO["users"][DEMO["orders"][PAIR]["user_id"]]["email"])
    proposal = chat.say(f"I'd like to exchange the hoodie in order {PAIR} for a navy one.")
    assert "Hoodie (XXL, black, cotton fleece) → XXL, navy" in proposal
    assert "Sunglasses" not in proposal
    return proposal


@pytest.mark.parametrize(
    "added",
    [
        "sure - and the sunglasses too, both in one exchange",
        "yes, and please add the sunglasses to this exchange",
        "go ahead. also the sunglasses",
    ],
)
def test_a_yes_with_another_item_of_the_same_order_is_no_yes_to_the_first_alone(
    chat: Chat, added: str
) -> None:
    _proposed(chat)
    asked = chat.say(added)
    assert chat.writes() == []
    assert "What should change on the Sunglasses" in asked
    again = chat.say("black acetate non-polarized please")
    assert "Hoodie (XXL, black, cotton fleece) → XXL, navy" in again
    assert "Sunglasses (acetate, polarized, gold) → acetate, non-polarized, black" in again
    chat.say("yes")
    assert chat.writes() == [
        (
            "exchange_delivered_order_items",
            {
                "order_id": PAIR,
                "item_ids": [HOODIE, SUNGLASSES],
                "new_item_ids": [NAVY_HOODIE, BLACK_SUNGLASSES],
                "payment_method_id": "gift_card_9793218",
            },
        )
    ]


def test_a_yes_with_the_other_items_change_makes_the_proposal_again_with_both(chat: Chat) -> None:
    _proposed(chat)
    again = chat.say("yes, and the sunglasses too, in black acetate non-polarized please")
    assert chat.writes() == []
    assert "Hoodie (XXL, black, cotton fleece) → XXL, navy" in again
    assert "Sunglasses (acetate, polarized, gold) → acetate, non-polarized, black" in again


def test_a_go_ahead_with_the_other_items_change_in_words_of_its_own_is_no_yes(chat: Chat) -> None:
    # Its "too" is "too shiny", in a sentence naming no product of the order: what the rest
    # of the message says adds the sunglasses to the proposal.
    _proposed(chat)
    again = chat.say(
        "ok, go ahead - and the sunglasses in that same order, in black acetate non-polarized "
        "please. they're way too shiny for me as they are."
    )
    assert chat.writes() == []
    assert "Hoodie (XXL, black, cotton fleece) → XXL, navy" in again
    assert "Sunglasses (acetate, polarized, gold) → acetate, non-polarized, black" in again


def test_the_exact_same_item_again_is_asked_for_beside_another_items_change(chat: Chat) -> None:
    chat.say(DEMO["users"][DEMO["orders"][PAIR]["user_id"]]["email"])
    proposal = chat.say(
        f"I'd like to exchange two things from order {PAIR}: the hoodie's zipper broke, I just "
        "want the exact same hoodie again. And the sunglasses to black acetate non-polarized."
    )
    assert "Hoodie (XXL, black, cotton fleece) → XXL, black, cotton fleece" in proposal
    assert "Sunglasses (acetate, polarized, gold) → acetate, non-polarized, black" in proposal
