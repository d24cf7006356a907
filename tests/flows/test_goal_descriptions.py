"""Requests kept when a customer's goal is described in other words (docs/understanding.md,
"Goal descriptions: second person, counted requests, a story's state word", 2026-12-12), on
the reference store:

- "you want …" asks for something as "I want …" does (a goal described in the second person);
- a state word with an object of its own ("you have just got an induction cooktop") says
  nothing of the items the sentence names, while "the kettle I got a week ago" still does;
- a piece cut after "and" whose verb points back ("… and put it on my Mastercard") goes on
  with the request before it, and a numbered thing is never another request's detail;
- "First, … Second, …" counts out two requests of one kind, and "two exchanges" asks for each
  order the parts name: the second order's description is not the first's.
"""

from __future__ import annotations

from typing import Any

import pytest

from ..conftest import assert_passed, conversation_case, expected_write, run_reference_cases

# Fatima Li: pending #W8005719 (skateboard, espresso machine), pending #W3510092 (gaming mouse,
# laptop 13-inch i5 16GB 512GB space grey, paid with the Visa ending 1373).
FATIMA = (
    "Your name is Fatima Li and your email is fatima.li1185@example.com. You no longer need "
    "your pending order with the skateboard and espresso machine; cancel it. For your other "
    "pending order, with the gaming mouse and laptop, you want to pay with PayPal instead of "
    "your Visa. In that order you also want the laptop upgraded to an i7 processor with 32GB of "
    "RAM, in black (same screen and storage); pay that difference with your Visa."
)
FATIMA_WRITES = [
    expected_write("cancel_pending_order", order_id="#W8005719", reason="no longer needed"),
    expected_write(
        "modify_pending_order_payment", order_id="#W3510092", payment_method_id="paypal_6366157"
    ),
    expected_write(
        "modify_pending_order_items",
        order_id="#W3510092",
        item_ids=["6056040996"],
        new_item_ids=["1657832319"],
        payment_method_id="credit_card_2713802",
    ),
]

# Ivan Santos: pending #W5801125 holds a 1.5 liter glass tea kettle for a gas stove.
IVAN = "Your name is Ivan Santos and your email is ivan.santos5925@example.com."
KETTLE_ASKED = (
    "I'd like to change the Tea Kettle to ceramic, for induction stovetops in order #W5801125, "
    "paying any difference with PayPal."
)
KETTLE = expected_write(
    "modify_pending_order_items",
    order_id="#W5801125",
    item_ids=["9647374798"],
    new_item_ids=["3312883418"],
    payment_method_id="paypal_5543657",
)

# Lucas Martin: #W9318778 (pending: bicycle, keyboard, wall clock, two air purifiers; paid by
# gift card); Mastercard credit_card_7862034 (9536).
LUCAS = (
    "Hi, lucas.martin5733@example.com. Two things about my order with the bicycle that hasn't "
    "shipped yet:\n1) please take the payment off the gift card and put it on my Mastercard "
    "ending 9536\n2) the bicycle: I'd like the large frame in red instead of the medium black "
    "one. Still a mountain bike. Mastercard for any difference."
)
LUCAS_WRITES = [
    expected_write(
        "modify_pending_order_payment",
        order_id="#W9318778",
        payment_method_id="credit_card_7862034",
    ),
    expected_write(
        "modify_pending_order_items",
        order_id="#W9318778",
        item_ids=["2143041831"],
        new_item_ids=["5606522780"],
        payment_method_id="credit_card_7862034",
    ),
]

# Mei Ahmed: delivered #W3239882 (a light Brand A professional makeup kit), delivered
# #W7553978 (two plain plastic skateboards, 28 and 34 inch); Mastercard credit_card_5902940.
MEI = (
    "Your name is Mei Ahmed and your email is mei.ahmed4901@example.com. You have two exchanges "
    "to make. First, the professional makeup kit you received is Brand A for light skin; you "
    "want the Brand C professional kit for dark skin instead. Second, from the order with two "
    "skateboards, exchange the plain 34 inch plastic one for a plain bamboo one of 28 inches. "
    "Use your Mastercard for any differences."
)
MEI_WRITES = [
    expected_write(
        "exchange_delivered_order_items",
        order_id="#W3239882",
        item_ids=["6509212169"],
        new_item_ids=["1763705424"],
        payment_method_id="credit_card_5902940",
    ),
    expected_write(
        "exchange_delivered_order_items",
        order_id="#W7553978",
        item_ids=["3098764622"],
        new_item_ids=["8176740019"],
        payment_method_id="credit_card_5902940",
    ),
]

CASES = [
    conversation_case(
        "second person: a cancellation, a payment change and an item change",
        [FATIMA, "yes", "yes", "yes"],
        {"actions": FATIMA_WRITES, "escalated": False},
    ),
    conversation_case(
        "a story's state word with an object of its own",
        [
            f"{IVAN} You ordered a glass tea kettle for a gas stove, but you have just got an "
            "induction cooktop. Pay any difference with PayPal.",
            KETTLE_ASKED,
            "yes",
        ],
        {"actions": [KETTLE], "escalated": False},
    ),
    conversation_case(
        "a state word said of the kettle still stops a pending order",
        [
            f"{IVAN} The glass tea kettle you got a week ago is for a gas stove. Pay any "
            "difference with PayPal.",
            KETTLE_ASKED,
            "yes",
        ],
        {"actions": [], "escalated": True},
    ),
    conversation_case(
        "the payment moved off and put on a card, numbered before an item change",
        [LUCAS, "yes, that first one is right", "yes", "yes"],
        {"actions": LUCAS_WRITES, "escalated": False},
    ),
    conversation_case(
        "two exchanges counted out, the second order described",
        [MEI, "yes", "The Skateboard (34 inch).", "yes"],
        {"actions": MEI_WRITES, "escalated": False},
    ),
]


@pytest.fixture(scope="module")
def results(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    return run_reference_cases(CASES, tmp_path_factory.mktemp("goal_descriptions"))


@pytest.mark.parametrize("name", [c["name"] for c in CASES])
def test_goal_description_requests_are_kept(results: dict[str, Any], name: str) -> None:
    assert_passed(results[name])
