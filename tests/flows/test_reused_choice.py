"""A choice a request was given is reused by the next request only once a write carried it out
("card for the difference" holds for the next change too): a request turned down, or waiting
behind another, lends its payment method to no other request."""

from __future__ import annotations

from .conftest import DEMO, Chat

CUSTOMER = "pablo.kowalski6832@example.com"  # two cards and a gift card
DESK = "#W8058857"  # delivered, paid with one card: a standing desk
JACKET = "#W4831856"  # delivered, paid with the other card: a rain jacket
GIFT_CARD = "gift_card_4066981"


def _first_return(chat: Chat) -> None:
    assert GIFT_CARD in DEMO["users"]["pablo_kowalski_6832"]["payment_methods"]
    chat.say(CUSTOMER)
    first = chat.say(f"I'd like to return the rain jacket from order {JACKET}, to my gift card.")
    assert "going to your gift card" in first and "(yes/no)" in first, first


def test_the_method_of_a_request_turned_down_is_not_taken_for_the_next(chat: Chat) -> None:
    _first_return(chat)
    chat.say("no, leave it, I'll keep it")
    second = chat.say(f"Please return the standing desk from order {DESK}.")
    assert "Where should the refund go?" in second and "(yes/no)" not in second, second
    assert chat.writes() == []


def test_the_method_of_a_request_carried_out_holds_for_the_next(chat: Chat) -> None:
    _first_return(chat)
    chat.say("yes")
    second = chat.say(f"Please return the standing desk from order {DESK}.")
    assert "going to your gift card" in second and "(yes/no)" in second, second
