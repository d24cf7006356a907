"""A change of mind at the confirmation ("on second thought keep it blue, just the 10 inch"):
the proposal is revised to what the customer now wants, and the value they asked for first and
then kept as it is no longer stands against the revised proposal; nothing is written as first
proposed (docs/understanding.md, "A change of mind at the confirmation")."""

from __future__ import annotations

import pytest

from .conftest import Chat

HIRO = "hiro.dubois1174@example.com"  # pending #W9077095: a skillet, 8 inch, enameled blue
ASK = "The skillet in my pending order: I'd like the 12 inch one in enameled red. PayPal."
TEN_BLUE = (
    "modify_pending_order_items",
    {
        "order_id": "#W9077095",
        "item_ids": ["4524715771"],
        "new_item_ids": ["8272466320"],
        "payment_method_id": "paypal_1774280",
    },
)


@pytest.mark.parametrize(
    "revised",
    [
        "Hmm, wait - on second thought keep it enameled blue. Just the 10 inch.",
        "Actually, keep the enameled blue finish, and make it 10 inch.",
    ],
)
def test_a_value_kept_at_the_confirmation_revises_the_proposal(chat: Chat, revised: str) -> None:
    chat.say(HIRO)
    said = chat.say(ASK)
    assert "12 inch, enameled red" in said, chat.replies
    said = chat.say(revised)
    assert "10 inch, enameled blue" in said and "Shall I go ahead" in said, chat.replies
    assert chat.writes() == []
    chat.say("yes")
    assert chat.writes() == [TEN_BLUE], chat.replies


def test_a_value_asked_for_again_after_kept_still_stands(chat: Chat) -> None:
    chat.say(HIRO)
    chat.say(ASK)
    chat.say("Hmm, keep it enameled blue. No wait, enameled red after all, and 10 inch.")
    chat.say("yes")
    assert all(w[1]["new_item_ids"] != ["8272466320"] for w in chat.writes()), chat.replies
