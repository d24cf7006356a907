"""What a delivered item came with only points at its order ("the hoodie I received (it came
together with my water bottle)"), and a method said before "for all of it" ("My Amex for all of
it") says how everything is paid, not that every item is meant: the one item described is
exchanged, nothing else (docs/understanding.md, "Probes 13")."""

from __future__ import annotations

from .conftest import Chat

FELIX = "felix.okafor9017@example.com"  # delivered #W3635766: a hoodie and a water bottle
HOODIE, NAVY = "9948174261", "9688667509"  # XS black cotton fleece, XS navy cotton fleece


def test_an_item_a_delivered_one_came_with_is_not_exchanged_with_it(chat: Chat) -> None:
    said = chat.say(
        f"Hello, {FELIX}. The hoodie I received (it came together with my water bottle) is "
        "black in XS. I want it exchanged for a navy one, same XS and cotton fleece.\n\n"
        "My Amex for all of it."
    )
    assert "Water Bottle" not in said, chat.replies
    chat.say("yes")
    assert chat.writes() == [
        (
            "exchange_delivered_order_items",
            {
                "order_id": "#W3635766",
                "item_ids": [HOODIE],
                "new_item_ids": [NAVY],
                "payment_method_id": "credit_card_2583156",
            },
        )
    ], chat.replies
