"""Gaps earlier probes left open (docs/understanding.md, "Open 25", 2026-12-07), on the
reference store:

- "W8770097 and W5183325 can both be cancelled, not needed anymore. and W3913498 I placed by
  accident, cancel that as well": three orders named in two sentences, each asking, were asked
  about as one ("which order?") and two were dropped; each sentence's orders are now cancelled,
  each with its own sentence's reason.
- "i don't like the capsule espresso machine i got": the negation of "don't like" reached
  "got", and the audit handed the exchange to a person (the machine "is not the one you got");
  a negated verb's reach stops at the thing it governs.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from ..conftest import assert_passed, conversation_case, expected_write, run_reference_cases


def _run(name: str, turns: list[str], actions: list[dict[str, Any]], tmp_path: Path) -> None:
    case = conversation_case(name, turns, {"actions": actions, "escalated": False})
    [result] = run_reference_cases([case], tmp_path).values()
    assert_passed(result)


# Ivan Santos (email): pending #W8770097 (office chair), #W5183325 (bulb, keyboard) and
# #W3913498 (smart watch, camera, skateboard).
IVAN = "hi, ivan.santos3158@example.com here."


def _cancelled(order_id: str, reason: str) -> dict[str, Any]:
    return expected_write("cancel_pending_order", order_id=order_id, reason=reason)


@pytest.mark.parametrize(
    "asked",
    [
        "W8770097 and W5183325 should be cancelled, I don't need them anymore. also W3913498"
        " was a mistake, cancel it too",
        "#W8770097 and #W5183325 can both be cancelled, not needed anymore. and #W3913498 I"
        " placed by accident, cancel that as well please",
    ],
)
def test_orders_named_in_sentences_of_their_own_are_each_cancelled(
    asked: str, tmp_path: Path
) -> None:
    _run(
        "three ids, two sentences",
        [f"{IVAN} {asked}", "yes", "yes", "yes"],
        [
            _cancelled("#W8770097", "no longer needed"),
            _cancelled("#W5183325", "no longer needed"),
            _cancelled("#W3913498", "ordered by mistake"),
        ],
        tmp_path,
    )


def test_an_order_named_without_asking_is_not_cancelled(tmp_path: Path) -> None:
    """Control: an order named in a sentence that does not ask is only the customer's story."""
    _run(
        "one of two named",
        [f"{IVAN} I have W8770097 and W5183325. please cancel W5183325, no longer needed", "yes"],
        [_cancelled("#W5183325", "no longer needed")],
        tmp_path,
    )


# Liam Nguyen (zip 95184): a gift card and PayPal. Delivered #W3919881 holds a capsule espresso
# machine, 19 bar, 1L (the 15 bar 1L manual one exists).
@pytest.mark.parametrize(
    "told",
    [
        "i don't like the capsule espresso machine i got, the pods are a pain. can i switch to a"
        " manual one? 15 bar, same size",
        "i really don't like the capsule espresso machine i received. i want to exchange it for"
        " a manual one with 15 bar, same size",
    ],
)
def test_a_negated_verb_does_not_rule_out_what_they_have(told: str, tmp_path: Path) -> None:
    """ "don't like" does not reach "got": the machine they got is the one exchanged, not one
    ruled out (which handed the exchange to a person)."""
    _run(
        "don't like the one i got",
        [f"liam nguyen 95184. {told}", "paypal", "yes"],
        [
            expected_write(
                "exchange_delivered_order_items",
                order_id="#W3919881",
                item_ids=["6200867091"],
                new_item_ids=["3714494375"],
                payment_method_id="paypal_3226997",
            )
        ],
        tmp_path,
    )
