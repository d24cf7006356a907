"""A payment method said inside one thing of a numbered list ("1) the chair …, my amex 2) the
shoes …, my gift card") pays that thing's change, not the one before it: each listed thing is
said apart, as a sentence is, when the method beside a proposal's items is looked for
(docs/understanding.md, "Probes 13")."""

from __future__ import annotations

from .conftest import Chat

KIRA = "kira.abbott3651@example.com"  # pending #W6013302: a desk chair; #W8441771: trail shoes
AMEX = "credit_card_1839447"
GIFT_CARD = "gift_card_9793218"


def test_a_method_said_in_a_numbered_thing_pays_that_things_change(chat: Chat) -> None:
    chat.say(
        f"hello, {KIRA}. I need two changes to orders that haven't shipped: 1) the desk chair "
        "with the grey frame -> white frame, keep the leather seat and 4D armrests, pay with "
        "my amex 2) the trail running shoes size 7 black -> size 10 in orange, otherwise same, "
        "pay the difference with my gift card"
    )
    chat.say("yes")
    chat.say("yes")
    paid = {args["order_id"]: args["payment_method_id"] for _, args in chat.writes()}
    assert paid == {"#W6013302": AMEX, "#W8441771": GIFT_CARD}, chat.replies
