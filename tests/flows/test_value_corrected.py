"""A correction between two values of one slot inside a message ("Refund to my gift card -
actually no, put it on PayPal"): the value after it is the one used, and the request stays the
one the message asks for — the correction changes a detail, not which request it is. Two values
of the slot with no correction between them are still asked about (docs/understanding.md,
"Corrections of a detail inside one message")."""

from __future__ import annotations

import pytest

from .conftest import Chat

HIRO = "hiro.dubois1174@example.com"  # pending #W9077095: a skillet, 8 inch, enameled blue
ASK = "the skillet in order #W9077095 should be 10 inch, same enameled blue finish."
PAYPAL, MASTERCARD = "paypal_1774280", "credit_card_7513451"


def _change(method: str) -> tuple[str, dict[str, object]]:
    return (
        "modify_pending_order_items",
        {
            "order_id": "#W9077095",
            "item_ids": ["4524715771"],
            "new_item_ids": ["8272466320"],
            "payment_method_id": method,
        },
    )


@pytest.mark.parametrize(
    ("payment", "method"),
    [
        ("Charge my mastercard - actually no, put it on PayPal.", PAYPAL),
        ("Put it on PayPal, no wait, my mastercard.", MASTERCARD),
        ("Charge it to PayPal. Sorry, I meant my mastercard.", MASTERCARD),
        ("Charge my mastercard, or rather PayPal.", PAYPAL),
    ],
)
def test_a_value_corrected_inside_the_message_is_the_one_used(
    chat: Chat, payment: str, method: str
) -> None:
    chat.say(HIRO)
    said = chat.say(f"{ASK} {payment}")
    assert "To confirm, on order #W9077095 I'll change: Cast Iron Skillet" in said, chat.replies
    assert chat.writes() == []
    chat.say("yes")
    assert chat.writes() == [_change(method)], chat.replies


def test_two_values_with_no_correction_between_them_are_asked_about(chat: Chat) -> None:
    chat.say(HIRO)
    said = chat.say(f"{ASK} Charge my mastercard. Put it on PayPal.")
    assert "Which payment method" in said or "can't tell" in said, chat.replies
    assert chat.writes() == []
