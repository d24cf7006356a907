"""Writes nobody asked for, found by probes17 (docs/understanding.md, "Probes 17", 2026-12-10):
an order described after a setting-apart word ("all my pending orders except the one with the
vacuum") is never a target; a number joined to a measure ("the 2-litre kettle") counts no
items; and an item of the order that a sentence of the message names with a value, left out of
the words a request queued behind another reads, is said back instead of silently dropped from
a change that can be made only once."""

from __future__ import annotations

from typing import Any

import pytest

from ..conftest import conversation_case, run_reference_cases


def _cancel(order: str) -> dict[str, Any]:
    return {
        "name": "cancel_pending_order",
        "args": {"order_id": order, "reason": "no longer needed"},
    }


def _kettle_to_glass(items: list[str], new: list[str]) -> dict[str, Any]:
    """The item change of Sophia Garcia's Houston order, paid with her Visa."""
    return {
        "name": "modify_pending_order_items",
        "args": {
            "order_id": "#W4958652",
            "item_ids": items,
            "new_item_ids": new,
            "payment_method_id": "credit_card_9467292",
        },
    }


# Raj Lopez: pending #W3502364 (bottle, skateboard, boots), #W7162915 (t-shirt, vacuum),
# #W5107138 (boots, hose, lamp, grill, backpack).
# Sophia Garcia: pending #W4958652 (Houston: a ceramic 1 liter and a stainless steel 2 liters
# tea kettle, a helmet, a chair, a thermostat) and #W6447372 (laptop; Charlotte).
CASES = [
    conversation_case(
        # Chen Silva: delivered #W3069600 holds a skateboard, an e-reader, a tablet and a
        # makeup kit; the items listed first are what is set apart, not their order
        "everything apart from two items, of the order described after them",
        [
            "chen.silva2698@example.com. Please return everything apart from the e-reader and "
            "the tablet from the order with the skateboard. Refund to the credit card.",
            "yes",
        ],
        {
            "actions": [
                {
                    "name": "return_delivered_order_items",
                    "args": {
                        "order_id": "#W3069600",
                        "item_ids": ["4545791457", "5012998807"],
                        "payment_method_id": "credit_card_1565124",
                    },
                }
            ],
            "escalated": False,
        },
    ),
    conversation_case(
        "all pending orders except the one with the t-shirt",
        [
            "raj.lopez2997@example.com - I'd like to cancel all my pending orders except the "
            "one with the t-shirt. I no longer need the others.",
            "yes",
            "yes",
            "yes",
        ],
        {"actions": [_cancel("#W3502364"), _cancel("#W5107138")], "escalated": False},
    ),
    conversation_case(
        "all pending orders apart from my order with the vacuum cleaner",
        [
            "Hi, raj.lopez2997@example.com. Cancel all of my pending orders apart from my order "
            "with the vacuum cleaner, please; they are no longer needed.",
            "yes",
            "yes",
            "yes",
        ],
        {"actions": [_cancel("#W3502364"), _cancel("#W5107138")], "escalated": False},
    ),
    conversation_case(
        # the 1-litre ceramic one and the 2-liter steel one: "2-litre" is the second as it is
        # now (2026-12-11; before, the flow asked which kettle)
        "the 2-litre kettle is one of two kettles, not both",
        [
            "Sophia Garcia, 28212. In my Houston order, the 2-litre kettle should be glass "
            "instead. Visa for the difference.",
            "yes",
            "yes",
        ],
        {"actions": [_kettle_to_glass(["1906487464"], ["7292993796"])]},
    ),
    conversation_case(
        # the kettle's sentence joins the item change queued behind the address change
        # (2026-12-11; before, it was said back and handed to a person)
        "the kettle's sentence joins the item change queued behind the address",
        [
            "Sophia Garcia, 28212. Please send my Houston order to the same address as my "
            "laptop order. Also in that Houston order: the cycling helmet should be a small blue "
            "one with low ventilation; the big 2-litre steel kettle for the stove should be "
            "glass instead. Visa for the difference.",
            "yes",
            "yes",
            "yes",
        ],
        {
            "actions": [
                {
                    "name": "modify_pending_order_address",
                    "args": {
                        "order_id": "#W4958652",
                        "address1": "536 Cedar Street",
                        "address2": "Suite 916",
                        "city": "Charlotte",
                        "country": "USA",
                        "state": "NC",
                        "zip": "28212",
                    },
                },
                _kettle_to_glass(["1665571435", "1906487464"], ["5886093635", "7292993796"]),
            ]
        },
    ),
]


@pytest.fixture(scope="module")
def results(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    return run_reference_cases(CASES, tmp_path_factory.mktemp("apart"))


@pytest.mark.parametrize("name", [c["name"] for c in CASES])
def test_no_write_beyond_what_was_asked(results: dict[str, Any], name: str) -> None:
    result = results[name]
    said = [line.text for line in result.transcript]
    assert result.passed, (result.failures, said)
