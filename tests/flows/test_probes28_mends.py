"""What probes28's first run found unread (docs/understanding.md, "Probes 28", 2026-12-07), on
the reference store:

- "the white glass bookshelf in my other order, can it be brown instead?" of a customer with a
  glass and a wood bookshelf in two pending orders was read as an address change (and written
  with the other order's address after "yes"): the values said right before a thing describe it
  as it is, so the wood bookshelf's order holds no such thing and the item change is grounded in
  one order only;
- "please cancel the first order" after a message described two orders cancelled the one
  described last; the ordinal now picks the order described in that place (`nth_described`);
- "My makeup kit arrived in the wrong tone, … Brand B instead of Brand A. Also I want to return
  the fleece jacket from my other delivery" returned the makeup kit (the options said of it won
  the return's order): the order the request's own sentence names leads.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from ..conftest import assert_passed, conversation_case, expected_write, run_reference_cases

# Lei Ahmed (credit card 3705): pending #W6724985 (bookshelf glass white 5 ft, water bottle) and
# #W9015076 (camera, water bottle, bookshelf wood white 5 ft), both to be changed still.
LEI = "hi, I'm lei.ahmed1696@example.com"


def _run(name: str, turns: list[str], actions: list[dict[str, Any]], tmp_path: Path) -> None:
    case = conversation_case(name, turns, {"actions": actions, "escalated": False})
    [result] = run_reference_cases([case], tmp_path).values()
    assert_passed(result)


@pytest.mark.parametrize(
    "asked",
    [
        "the white glass bookshelf in my other order, can it be brown instead? same glass and size",
        "one more thing, my white glass bookshelf: could it be brown instead?",
    ],
)
def test_values_before_a_thing_say_which_order_holds_it(asked: str, tmp_path: Path) -> None:
    brown = expected_write(
        "modify_pending_order_items",
        order_id="#W6724985",
        item_ids=["8895454203"],
        new_item_ids=["4894369688"],
        payment_method_id="credit_card_3593714",
    )
    _run("the glass bookshelf brown", [LEI, asked, "credit card", "yes"], [brown], tmp_path)


# Sofia Rossi (credit card 3357): pending #W5500815 (makeup kit, coffee maker, tablet, office
# chair), #W2818151 (to Jacksonville: luggage set 4-piece red hardshell …) and #W5918442.
SOFIA = "sofia.rossi2645@example.com."


@pytest.mark.parametrize(
    "told",
    [
        "I have an order with a tablet and an office chair that I bought by accident. The luggage"
        " in my Jacksonville order is too small. Please cancel the first order.",
        "I have an order with a tablet and an office chair that I bought by accident. The luggage"
        " in my Jacksonville order is fine though. Cancel the first one please.",
    ],
)
def test_the_first_order_is_the_first_the_message_described(told: str, tmp_path: Path) -> None:
    """Not the order described last ("cancel it" after a description is said of that one)."""
    cancel = expected_write(
        "cancel_pending_order", order_id="#W5500815", reason="ordered by mistake"
    )
    _run("the first order cancelled", [f"{SOFIA} {told}", "yes"], [cancel], tmp_path)


# Anya Patel (gift card $50, credit card 2340): delivered #W6131421 (makeup kit light
# professional Brand A) and #W6174054 (vacuum, fleece jacket XL navy, dumbbells).
ANYA = "anya.patel9309@example.com."


def test_a_return_is_of_the_order_its_own_sentence_names(tmp_path: Path) -> None:
    told = (
        "My makeup kit arrived in the wrong skin tone, it should be dark, and I'd like Brand B"
        " instead of Brand A, same professional kit. Also I'm moving and want to return the"
        " fleece jacket from my other delivery, to my gift card."
    )
    exchange = expected_write(
        "exchange_delivered_order_items",
        order_id="#W6131421",
        item_ids=["6509212169"],
        new_item_ids=["5012998807"],
        payment_method_id="credit_card_4142574",
    )
    back = expected_write(
        "return_delivered_order_items",
        order_id="#W6174054",
        item_ids=["8590708195"],
        payment_method_id="gift_card_6566420",
    )
    turns = [f"{ANYA} {told}", "yes", "credit card", "yes"]
    _run("the fleece jacket returned", turns, [back, exchange], tmp_path)


# Mei Ahmed (credit card 9375): delivered #W7553978 with two plastic plain skateboards, 28 and
# 34 inch (and a vacuum, a watch).
MEI = "mei.ahmed4901@example.com."


@pytest.mark.parametrize(
    "told",
    [
        "In my delivery I have two skateboards, the 34 inch plastic one I want to swap for a"
        " bamboo one, 28 inch, plain design like now.",
        "I received two skateboards. The 34 inch one I'd like to exchange for bamboo, 28 inch,"
        " still plain.",
    ],
)
def test_two_things_had_then_the_one_singled_out(told: str, tmp_path: Path) -> None:
    """Not both skateboards: the 28 inch one is what the other is wished to become."""
    swap = expected_write(
        "exchange_delivered_order_items",
        order_id="#W7553978",
        item_ids=["3098764622"],
        new_item_ids=["8176740019"],
        payment_method_id="credit_card_5902940",
    )
    _run("the 34 inch skateboard", [f"{MEI} {told}", "credit card", "yes"], [swap], tmp_path)


def test_the_order_holding_just_the_thing_named_stays_the_one_meant(tmp_path: Path) -> None:
    """A guard for the rule above: the request's own sentence names the kettle, which the
    order found by "just the glass tea kettle" holds (processed, so refused): no pending order
    holding a kettle too is proposed in its place."""
    asked = (
        "anya.garcia2061@example.com. please cancel my order with just the glass tea kettle in"
        " it, I ordered it by mistake."
    )
    _run("the processed kettle order", [asked, "yes"], [], tmp_path)
