"""The request just carried out, asked again without its verb for another thing (docs/
understanding.md, "The same request again, said without its verb", 2026-12-07).

Once a return was done, "and the t-shirt too, that one to my gift card" was read as an item
change ("What should change on the T-Shirt?"), and "and from my other order the office chair
and the action camera" as a product question; once an order was cancelled, "same for the grill
one please" was read as an item change. A message naming no request by a verb that says a word
of ``dialogue.again`` closing a clause, or opens with one of ``dialogue.again_openers``, now asks
for the request last carried out again, for the subject it names, when that subject passes the
request's checks and no write of it was made for it. In the message that asks for a request, a
clause after ", and" closed by such a word ("please cancel my san jose order, and the one going
to san francisco as well") names another subject of it: the request waits its turn for that one
too. A message that states something of what it names (``dialogue.again_not``: "the grill one is
fine too") asks for nothing again.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from ..conftest import assert_passed, conversation_case, expected_write, run_reference_cases

CHEN = "hello, chen.anderson4495@example.com. "
RAJ = "Raj Lopez, zip 76195. "


def _return(order_id: str, items: list[str], method: str) -> dict[str, Any]:
    return expected_write(
        "return_delivered_order_items", order_id=order_id, item_ids=items, payment_method_id=method
    )


def _cancel(order_id: str) -> dict[str, Any]:
    return expected_write("cancel_pending_order", order_id=order_id, reason="no longer needed")


BOTTLE = _return("#W1701126", ["7918497119"], "credit_card_9389219")
SHIRT = _return("#W5332101", ["1176194968"], "gift_card_3434432")
SKATEBOARD = _cancel("#W3502364")
GRILL = _cancel("#W5107138")


def _cancel_by_mistake(order_id: str) -> dict[str, Any]:
    return expected_write("cancel_pending_order", order_id=order_id, reason="ordered by mistake")


ROWS: list[tuple[str, list[str], dict[str, Any]]] = [
    (
        "the t-shirt as well, after a return",
        [
            CHEN + "please return the water bottle from my thermostat order to my credit card",
            "yes",
            "and the t-shirt as well. gift card for that one",
            "yes",
        ],
        {"actions": [BOTTLE, SHIRT]},
    ),
    (
        "also the t-shirt from the other order, after a return",
        [
            CHEN + "please return the water bottle from my thermostat order to my credit card",
            "yes",
            "also the t-shirt from my other order, that one to my gift card",
            "yes",
        ],
        {"actions": [BOTTLE, SHIRT]},
    ),
    (
        "same with the grill order, after a cancellation",
        [
            RAJ + "please cancel the skateboard order, I no longer need it",
            "yes",
            "same with the grill order",
            "no longer needed",
            "yes",
        ],
        {"actions": [SKATEBOARD, GRILL]},
    ),
    (
        "the grill one too, after a cancellation",
        [
            RAJ + "please cancel the skateboard order, I no longer need it",
            "yes",
            "ok thanks. the one with the grill too please",
            "no longer needed",
            "yes",
        ],
        {"actions": [SKATEBOARD, GRILL]},
    ),
    # in the same message, a clause closed by "too" / "as well"
    (
        "the one with the keyboards as well, in the same message",
        [
            "hi, emma.kovacs5723@example.com. I ordered some things by mistake. cancel the order "
            "with the vacuum and the headphones please, and the one with the keyboards as well",
            "yes",
            "yes",
        ],
        {"actions": [_cancel_by_mistake("#W7109609"), _cancel_by_mistake("#W6554908")]},
    ),
    (
        "the one with the grill too, in the same message, the reason after it",
        [
            RAJ + "cancel the order with the skateboard and the water bottle, and the one with "
            "the grill too. I don't need them anymore",
            "yes",
            "yes",
        ],
        {"actions": [SKATEBOARD, GRILL]},
    ),
    # the clause names the order the request is for: one request
    (
        "the water bottle too, of the same order",
        [
            RAJ + "cancel the order with the skateboard, and the water bottle too. I don't need "
            "them anymore",
            "yes",
            "yes",
        ],
        {"actions": [SKATEBOARD]},
    ),
    # a statement of what it names asks for nothing again
    (
        "the grill one is fine too",
        [
            RAJ + "please cancel the skateboard order, I no longer need it",
            "yes",
            "and the grill one is fine too",
            "yes",
            "yes",
        ],
        {"actions": [SKATEBOARD]},
    ),
]


@pytest.mark.parametrize(("name", "said", "expect"), ROWS, ids=[row[0] for row in ROWS])
def test_the_same_request_asked_again(
    tmp_path: Path, name: str, said: list[str], expect: dict[str, Any]
) -> None:
    case = conversation_case(name, said, expect)
    [result] = run_reference_cases([case], tmp_path).values()
    assert_passed(result)
