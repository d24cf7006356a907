"""An item change said beside another request with no word of asking ("… send my order with
the skillet to … And that skillet: 10 inch, enameled blue"), or read as the very change the
records ground: its part is queued as the change the customer's records ground it as, with the
details said apart ("Visa for any difference"), and runs where the customer said it; each
proposal asks for its own yes (docs/understanding.md, "Requests lost in long messages: parts
the records ground beside a request", 2026-12-08)."""

from __future__ import annotations

from .conftest import Chat

PABLO = "pablo.carvalho3501@example.com"  # pending #W1083416 (skillet, grinder), #W2332556
SHIP = "Please send my order with the skillet to 12 Oak Street, Austin, TX 78701."
NEW_ADDRESS = {
    "order_id": "#W1083416",
    "address1": "12 Oak Street",
    "address2": "",
    "city": "Austin",
    "state": "TX",
    "country": "USA",
    "zip": "78701",
}


def _actions(chat: Chat) -> list[str]:
    return [action for action, _ in chat.writes()]


def test_an_item_change_said_after_its_orders_address_change_is_proposed_after_it(
    chat: Chat,
) -> None:
    said = chat.say(f"{PABLO}. {SHIP} And that skillet: 10 inch, enameled blue. Mastercard.")
    assert "shipping address of order #W1083416" in said, said
    said = chat.say("yes")
    assert "Cast Iron Skillet (12 inch, enameled red) → 10 inch, enameled blue" in said, said
    assert "Mastercard" in said, said
    chat.say("yes")
    assert chat.writes() == [
        ("modify_pending_order_address", NEW_ADDRESS),
        (
            "modify_pending_order_items",
            {
                "order_id": "#W1083416",
                "item_ids": ["8038741435"],
                "new_item_ids": ["8272466320"],
                "payment_method_id": "credit_card_4046335",
            },
        ),
    ]


def test_an_item_change_of_another_order_said_first_runs_first(chat: Chat) -> None:
    said = chat.say(
        f"{PABLO}. The headphones in my other order should be bluetooth in sand, same on-ear. "
        f"{SHIP} Visa for any difference."
    )
    assert "Headphones (on-ear, wired, white) → on-ear, bluetooth, sand" in said, said
    assert _actions(chat) == []
    said = chat.say("yes")
    assert "shipping address of order #W1083416" in said, said
    chat.say("yes")
    assert chat.writes() == [
        (
            "modify_pending_order_items",
            {
                "order_id": "#W2332556",
                "item_ids": ["5167612220"],
                "new_item_ids": ["8885393363"],
                "payment_method_id": "credit_card_5039666",
            },
        ),
        ("modify_pending_order_address", NEW_ADDRESS),
    ]


def test_a_no_to_the_item_change_beside_writes_only_the_address(chat: Chat) -> None:
    chat.say(f"{PABLO}. {SHIP} And that skillet: 10 inch, enameled blue. Mastercard.")
    chat.say("yes")
    said = chat.say("no")
    assert "10 inch" not in said, said
    assert chat.writes() == [("modify_pending_order_address", NEW_ADDRESS)]


def test_an_item_described_beside_the_address_change_is_no_request(chat: Chat) -> None:
    chat.say(f"{PABLO}. {SHIP} The skillet I got is a 10 inch one, by the way.")
    said = chat.say("yes")
    assert "Cast Iron Skillet" not in said, said
    chat.say("yes")
    assert _actions(chat) == ["modify_pending_order_address"]


def test_another_item_said_to_be_fine_as_it_is_is_no_request(chat: Chat) -> None:
    # "the black one I already have" says what the grinder is, though black is another value
    # of the grinder in the order whose address changes
    chat.say(f"{PABLO}. {SHIP} My other grinder, the black one I already have, is fine.")
    said = chat.say("yes")
    assert "Burr Coffee Grinder" not in said, said
    chat.say("yes")
    assert _actions(chat) == ["modify_pending_order_address"]
