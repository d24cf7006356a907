"""A city the request sends the order to names the customer's one address there ("ship my order
with the skillet and headphones to raleigh instead"), as "my Raleigh address" does; a city an
order was shipped to only describes that order (docs/understanding.md, "Probes 13")."""

from __future__ import annotations

import pytest

from .conftest import Chat

KIRA = "kira.delacroix7672@example.com"  # pending #W9886546 (Nashville); #W4450919 to Raleigh
RALEIGH = "7041 Foundry Row, Suite 699, Raleigh, NC 27631"


def test_a_city_the_request_ships_to_is_the_customers_address_there(chat: Chat) -> None:
    said = chat.say(
        f"{KIRA} is it possible to ship my order with the skillet and headphones to raleigh "
        "instead the address where my running shoes are going"
    )
    assert f"order #W9886546 to {RALEIGH}" in said, chat.replies
    chat.say("yes")
    assert chat.writes() == [
        (
            "modify_pending_order_address",
            {
                "order_id": "#W9886546",
                "address1": "7041 Foundry Row",
                "address2": "Suite 699",
                "city": "Raleigh",
                "country": "USA",
                "state": "NC",
                "zip": "27631",
            },
        )
    ], chat.replies


@pytest.mark.parametrize(
    "words",
    [
        "my order with the running shoes shipped to raleigh, ship the skillet order elsewhere",
        "please don't ship it to raleigh, send my skillet order somewhere else",
    ],
)
def test_a_city_said_otherwise_names_no_address(chat: Chat, words: str) -> None:
    said = chat.say(f"{KIRA}. {words}")
    assert "Foundry Row" not in said, chat.replies
