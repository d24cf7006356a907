"""A payment change said beside another request, read too unsurely to start on its own, runs
when the customer's records ground what its words move: an order of theirs off the method it
was paid with onto another of theirs ("(2) The order with the shoes: I paid with PayPal but I
would like the Mastercard to be charged instead"). When the records do not agree, it is only
named back, never done (docs/understanding.md, "Payment changes said among other requests")."""

from __future__ import annotations

import pytest

from .conftest import Chat

PABLO = "pablo.carvalho3501@example.com"
# Pablo's pending orders: #W1083416 (skillet, grinder; paid with the Mastercard) and #W2332556
# (headphones, toothbrush, …; paid with the Visa).
VISA, MASTERCARD = "credit_card_5039666", "credit_card_4046335"
CANCEL = "(1) The order with the cast iron skillet - I ordered that by mistake, please cancel it."
CANCELLED = ("cancel_pending_order", {"order_id": "#W1083416", "reason": "ordered by mistake"})


@pytest.mark.parametrize(
    "moved",
    [
        "(2) The order with the headphones and the toothbrush: I paid with my Visa but I would "
        "like the Mastercard to be charged instead.",
        "(2) The order with the headphones: I paid with the Visa, but I would like my Mastercard "
        "to be charged instead.",
        "(2) The order with the headphones and the toothbrush: the payment should come off the "
        "visa and go onto my mastercard.",
    ],
)
def test_a_payment_moved_off_the_method_the_records_hold_is_changed(chat: Chat, moved: str) -> None:
    chat.say(f"Hello, {PABLO}. {CANCEL} {moved}")
    said = chat.say("yes")
    assert "pay order #W2332556 with your Mastercard" in said, chat.replies
    chat.say("yes")
    assert chat.writes() == [
        CANCELLED,
        (
            "modify_pending_order_payment",
            {"order_id": "#W2332556", "payment_method_id": MASTERCARD},
        ),
    ], chat.replies


def test_a_payment_moved_off_a_method_the_order_was_not_paid_with_is_only_named_back(
    chat: Chat,
) -> None:
    # The headphones' order was paid with the Visa, not the Mastercard: the words and the
    # records disagree, so nothing is proposed for it.
    chat.say(
        f"Hello, {PABLO}. {CANCEL} (2) The order with the headphones and the toothbrush: I paid "
        "with my Mastercard but I would like the Visa to be charged instead."
    )
    said = chat.say("yes")
    assert "pay order" not in said, chat.replies
    chat.say("yes")
    assert chat.writes() == [CANCELLED], chat.replies
