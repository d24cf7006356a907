"""What probes17 left open, and an order named only to be kept (docs/understanding.md,
"Probes 17, the rest", 2026-12-11): an order named by its id and kept as it is ("#W1 is fine,
I'm keeping it", "don't touch #W1") is no target of a request that names none, nor is the one
id of a message when the request's own words do not point back at it ("that order"); a thing kept by
a clause of its own ("the tablet, I'm happy with it") is not the one changed; a part no request
claimed that reads alone as another request of the same family, about other things, waits its
turn ("Firstly, … the espresso machine …. Secondly, … exchange the tablet …"); "the order which
contained a tablet" only points at the order; a shouted detail in a sentence of its own
("… Still a mountain bike. MASTERCARD.") joins the change queued behind another."""

from __future__ import annotations

from typing import Any

import pytest

from ..conftest import assert_passed, conversation_case, expected_write, run_reference_cases

# Yusuf Khan: pending #W1787190 (bottle, perfume, laptop, headphones) and #W3579467 (kettle).
_CANCEL_KETTLE_ORDER = expected_write(
    "cancel_pending_order", order_id="#W3579467", reason="ordered by mistake"
)

CASES = [
    conversation_case(
        "an order named as fine is not the one cancelled",
        [
            "Hi, yusuf.khan7390@example.com. Order #W1787190 is fine, I'm keeping it. Please "
            "cancel my pending order, I ordered it by mistake.",
            "yes",
        ],
        {"actions": [_CANCEL_KETTLE_ORDER], "escalated": False},
    ),
    conversation_case(
        "an order not to be touched is not the one cancelled",
        [
            "yusuf.khan7390@example.com. Don't touch #W1787190. Cancel my pending order "
            "because I ordered it by mistake.",
            "yes",
        ],
        {"actions": [_CANCEL_KETTLE_ORDER], "escalated": False},
    ),
    conversation_case(
        # Emma Smith: pending #W2417020 (laptop) and #W3614011 (camera, purifier, sneakers).
        # The payment's own words point at no order, nor back at the one the message names:
        # which of two pending orders is asked, not guessed.
        "the one order id of a message is not taken by a request that does not point back",
        [
            "Hi, emma.smith3991@example.com. Please switch the payment of my pending order to "
            "my paypal, and separately send order #W2417020 to 12 Oak Street, Austin, TX 78701.",
            "yes",
        ],
        {"actions": []},
    ),
    conversation_case(
        # Harper Ito: delivered #W5673917 (cycling helmet S blue high, tablet)
        "the tablet she is happy with is not the item exchanged",
        [
            "harper.ito2682@example.com. Order #W5673917: the tablet, I'm happy with it. The "
            "helmet I'd like to exchange for the small black one with medium ventilation. "
            "PayPal for any difference.",
            "yes",
        ],
        {
            "actions": [
                expected_write(
                    "exchange_delivered_order_items",
                    order_id="#W5673917",
                    item_ids=["1676105083"],
                    new_item_ids=["5537798301"],
                    payment_method_id="paypal_1053133",
                )
            ],
            "escalated": False,
        },
    ),
    conversation_case(
        # Mei Ahmed: pending #W2598324 (camera, espresso machine), delivered #W3239882 (tablet)
        "a letter's first request, read alone, waits beside the exchange it opens with",
        [
            "Dear team, my email address is mei.ahmed4901@example.com. Firstly, in my pending "
            "order with the digital camera, I would like the espresso machine changed to the 1L "
            "capsule version, keeping the 19 bar pressure. Secondly, from my delivered order "
            "with the e-reader, I wish to exchange the silver tablet for the black 7-inch one "
            "with 128GB. Please charge any difference to my Mastercard. Regards, Mei",
            "yes",
            "yes",
        ],
        {
            "actions": [
                expected_write(
                    "exchange_delivered_order_items",
                    order_id="#W3239882",
                    item_ids=["2106335193"],
                    new_item_ids=["4913411651"],
                    payment_method_id="credit_card_5902940",
                ),
                expected_write(
                    "modify_pending_order_items",
                    order_id="#W2598324",
                    item_ids=["3379843752"],
                    new_item_ids=["6200867091"],
                    payment_method_id="credit_card_5902940",
                ),
            ],
            "escalated": False,
        },
    ),
    conversation_case(
        # Raj Kovacs: delivered #W8455874 (e-reader, skateboard, tablet)
        "the tablet the order contained only points at the order",
        [
            "Hello, I am Raj Kovacs, zip 19104. From my delivered order which contained a "
            "tablet, I would like to exchange the e-reader for the 8-inch model with Wi-Fi only "
            "and 8GB. Gift card for any difference.",
            "yes",
        ],
        {
            "actions": [
                expected_write(
                    "exchange_delivered_order_items",
                    order_id="#W8455874",
                    item_ids=["4273929280"],
                    new_item_ids=["9494281769"],
                    payment_method_id="gift_card_7032928",
                )
            ],
            "escalated": False,
        },
    ),
    conversation_case(
        # Sophia Martin: pending #W1603792 (bicycle large red mountain); luggage order in Houston
        "a shouted card in a sentence of its own pays the queued item change",
        [
            "Sophia Martin, zip 77034. The order with my BICYCLE should go to the SAME address "
            "as my LUGGAGE order!!! ALSO the bike needs a MEDIUM frame in BLACK, not large red. "
            "It stays a mountain bike. MASTERCARD.",
            "yes",
            "yes",
        ],
        {
            "actions": [
                expected_write(
                    "modify_pending_order_address",
                    order_id="#W1603792",
                    address1="592 Elm Avenue",
                    address2="Suite 978",
                    city="Houston",
                    state="TX",
                    country="USA",
                    zip="77242",
                ),
                expected_write(
                    "modify_pending_order_items",
                    order_id="#W1603792",
                    item_ids=["5606522780"],
                    new_item_ids=["2143041831"],
                    payment_method_id="credit_card_5694100",
                ),
            ],
            "escalated": False,
        },
    ),
]


@pytest.fixture(scope="module")
def results(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    return run_reference_cases(CASES, tmp_path_factory.mktemp("kept"))


@pytest.mark.parametrize("name", [c["name"] for c in CASES])
def test_kept_orders_and_parts_read_alone(results: dict[str, Any], name: str) -> None:
    assert_passed(results[name])
