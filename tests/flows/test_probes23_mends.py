"""What probes23's first run found unread (docs/understanding.md, "Probes 23", 2026-12-07), on
the reference store:

- "the one with the bike helmet and the wristwatch": "bike" named a bicycle no order holds
  beside the helmet, and the order was not told apart; a product's name written right before
  another's now only says what the second one is for (a compound's modifier);
- "the 31 inch one with a plain deck": "plain", an everyday word, was read only near "design";
  an everyday value right before its product's name or a word of one of its options' names
  ("deck" of "deck material") is now read.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from ..conftest import assert_passed, conversation_case, expected_write, run_reference_cases

# Fatima Johnson, PayPal and a $99 gift card: pending #W5199551 (boots, action camera, kettle,
# cycling helmet S black medium, wristwatch silicone black) and #W8665881 (speaker, smart watch,
# dumbbells, espresso machine, action camera).
FATIMA = "hey, fatima.johnson2300@example.com."
HELMET_AND_WATCH = expected_write(
    "modify_pending_order_items",
    order_id="#W5199551",
    item_ids=["5537798301", "1994478369"],
    new_item_ids=["3358616356", "2407258246"],
    payment_method_id="paypal_5364164",
)
# Noah Sanchez, gift card ($31): delivered #W7293142 (boots, pet bed, RGB clicky full size
# keyboard, bamboo 34 inch custom skateboard, earbuds).
NOAH = "hey, noah.sanchez7461@example.com here."
SKATEBOARD = expected_write(
    "exchange_delivered_order_items",
    order_id="#W7293142",
    item_ids=["6956751343"],
    new_item_ids=["4293355847"],
    payment_method_id="gift_card_9909795",
)
# Ava Kovacs, Mastercard and PayPal: delivered #W6344370 (a plastic 28 inch plain skateboard).
AVA = "hello, ava.kovacs4827@example.com."
BAMBOO = expected_write(
    "exchange_delivered_order_items",
    order_id="#W6344370",
    item_ids=["4545791457"],
    new_item_ids=["6956751343"],
    payment_method_id="paypal_7443913",
)


def _run(name: str, turns: list[str], actions: list[dict[str, Any]], tmp_path: Path) -> None:
    case = conversation_case(name, turns, {"actions": actions, "escalated": False})
    [result] = run_reference_cases([case], tmp_path).values()
    assert_passed(result)


@pytest.mark.parametrize(
    "answer",
    [
        "the one with the bike helmet and the wristwatch. the helmet should be red with low "
        "ventilation instead, same size. and the watch with a metal strap and a white dial",
        "it's the order with my bike helmet and wristwatch: the helmet in red, low ventilation, "
        "same size, and the watch with a white dial and a metal strap",
    ],
)
def test_a_product_named_before_another_only_says_what_it_is_for(
    answer: str, tmp_path: Path
) -> None:
    _run(
        "the bike helmet's order",
        [f"{FATIMA} i need to change some items in a pending order", answer, "paypal", "yes"],
        [HELMET_AND_WATCH],
        tmp_path,
    )


@pytest.mark.parametrize(
    ("turns", "actions"),
    [
        (
            [
                f"{NOAH} the skateboard from my order with the pet bed is too long, can i get "
                "the 31 inch one with a plain deck instead, still bamboo",
                "gift card",
                "yes",
            ],
            [SKATEBOARD],
        ),
        (
            [
                f"{NOAH} please exchange the skateboard i got, it's too long: the 31 inch with a "
                "plain deck, bamboo like now",
                "gift card",
                "yes",
            ],
            [SKATEBOARD],
        ),
        (
            [
                f"{AVA} i'd like to exchange my son's skateboard for a bamboo one with a custom "
                "deck, 34 inch",
                "paypal",
                "yes",
            ],
            [BAMBOO],
        ),
    ],
)
def test_an_everyday_value_before_its_products_noun_is_read(
    turns: list[str], actions: list[dict[str, Any]], tmp_path: Path
) -> None:
    _run("a plain deck", turns, actions, tmp_path)
