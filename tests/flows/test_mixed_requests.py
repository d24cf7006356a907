"""Requests of different kinds in one message each run in turn, none dropped without a word
(docs/understanding.md, "Requests of different kinds in one message", 2026-12-10): an item
change and, "separately", a change of the same order's payment are each proposed and confirmed,
the payment first (an order's items change once, and lock it); a payment change the store
refuses is said with its reason and the item change goes on; and a payment method named for one
request is not taken for the other ("pay the difference with X" is the item change's)."""

from __future__ import annotations

import pytest

from deskpilot.domain import IntentScore
from deskpilot.nlu.understander import NluUnderstander
from deskpilot.workspace import load_workspace

from ..conftest import RETAIL_WORKSPACE
from .conftest import Chat

# Elena Haddad: pending #W3793881 (a wireless mouse, claw bluetooth graphite, paid with the Visa
# ending 0648); a gift card with $75.67. The dual-mode mouse is 5856732681 ($14.98 more).
ELENA = "Hi, elena.haddad4807@example.com."
ORDER, OLD, NEW = "#W3793881", "7691524601", "5856732681"
VISA, GIFT = "credit_card_8717345", "gift_card_9338349"
ITEM = f"On order {ORDER} I'd like the wireless mouse in dual mode instead"


def _items(pay: str) -> tuple[str, dict[str, object]]:
    args = {"order_id": ORDER, "item_ids": [OLD], "new_item_ids": [NEW], "payment_method_id": pay}
    return ("modify_pending_order_items", args)


PAYMENT = ("modify_pending_order_payment", {"order_id": ORDER, "payment_method_id": GIFT})


def test_an_item_change_and_a_separate_payment_change_each_run_payment_first(chat: Chat) -> None:
    said = chat.say(
        f"{ELENA} {ITEM}, and separately please switch the payment of that order to my gift card."
    )
    assert "pay order #W3793881 with your gift card" in said, chat.replies
    said = chat.say("yes")
    # The gift card was named for the order's payment: the difference of the item change is
    # asked for, not paid with it unasked.
    assert "Which payment method should pay" in said, chat.replies
    said = chat.say("the gift card")
    assert "Wireless Mouse" in said and "gift card" in said, chat.replies
    chat.say("yes")
    assert chat.writes() == [PAYMENT, _items(GIFT)], chat.replies


def test_a_payment_change_the_store_refuses_is_said_and_the_item_change_goes_on(
    chat: Chat,
) -> None:
    said = chat.say(
        f"{ELENA} {ITEM}, and separately please switch the payment of that order to my visa."
    )
    assert "already paid with your Visa" in said, chat.replies
    assert "Wireless Mouse" in said or "Which payment method" in said, chat.replies


WORDS = load_workspace(RETAIL_WORKSPACE).vocabulary.requests


def _sure(text: str) -> list[IntentScore]:
    if "payment" in text:
        return [IntentScore("modify_order_payment", 0.95)]
    if "instead" in text:
        return [IntentScore("modify_order_items", 0.9)]
    return [IntentScore("modify_order_payment", 0.6), IntentScore("modify_order_items", 0.3)]


@pytest.mark.parametrize("opening", ["and separately please", "and in addition please", "also"])
def test_a_request_said_to_start_anew_is_not_led_into_by_the_words_before_it(
    opening: str,
) -> None:
    message = f"{ITEM}, {opening} switch the payment of that order to my gift card."
    parts = NluUnderstander(_sure, requests=WORDS).understand(message, None).parts
    assert parts[-1][0] == "modify_order_payment", parts
    assert "wireless mouse" in parts[0][1] and parts[0][0] != "modify_order_payment", parts
