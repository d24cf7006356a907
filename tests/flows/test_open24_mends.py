"""Gaps the probes of 2026-12-07 left open (docs/understanding.md, "Open 24"), on the
reference store:

- "the bookshelf i ordered is glass, can it be wood instead?" was read as nothing: "wood", an
  everyday value, is read when set against the item's own value of its option in its sentence,
  and a question naming both is a wish (``WishedVariant._set_against``);
- "my lamp order hasn't shipped yet right? can you make the lamp silver instead of white" was
  held for review as a status answer: pieces none of which reads as a request are read against
  the records of the customer named in the message, and the change is proposed;
- "how much would I get back if I returned the keyboard?" was held for review: a what-if that
  names its request by its verb is answered at once.
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


# Lucas Johnson, a card and a gift card: delivered #W7016806 (paid with the gift card) holds a
# glass, brown, 5 ft bookshelf (4894369688); the wood, brown, 5 ft one is 2244749153.
LUCAS = "hi lucas.johnson1683@example.com."
# Fatima Muller, PayPal: pending #W2040365 holds a white, medium, USB desk lamp (8384507844);
# the only silver one keeping the rest is 5370728469.
FATIMA = "hi fatima.muller6448@example.com."


@pytest.mark.parametrize(
    "asked",
    [
        "the bookshelf i ordered is glass, can it be wood instead?",
        "the bookshelf i ordered is glass, any chance it could come in wood instead?",
    ],
)
def test_an_everyday_value_set_against_the_items_own_is_a_wish(asked: str, tmp_path: Path) -> None:
    """ "wood" is an everyday word, read as a value only near its option's name; set against
    the bookshelf's own material ("glass") in its sentence it is the wished one, and a question
    naming both is asked as a request."""
    exchange = expected_write(
        "exchange_delivered_order_items",
        order_id="#W7016806",
        item_ids=["4894369688"],
        new_item_ids=["2244749153"],
        payment_method_id="gift_card_1870765",
    )
    _run("bookshelf to wood", [f"{LUCAS} {asked}", "yes"], [exchange], tmp_path)


def test_a_question_naming_another_value_alone_asks_for_no_change(tmp_path: Path) -> None:
    """A control: "do you sell the bookshelf in wood?" sets no value against the item's own;
    it is answered, and nothing is proposed."""
    _run("bookshelf asked about", [f"{LUCAS} do you sell the bookshelf in wood?"], [], tmp_path)


def test_a_status_question_beside_a_change_gets_the_change_proposed(tmp_path: Path) -> None:
    """The two sentences are read as no request each and the whole as a status question: the
    customer, said in the message, is verified and the records read the change in it."""
    change = expected_write(
        "modify_pending_order_items",
        order_id="#W2040365",
        item_ids=["8384507844"],
        new_item_ids=["5370728469"],
        payment_method_id="paypal_5541158",
    )
    turns = [
        f"{FATIMA} my lamp order hasn't shipped yet right? can you make the lamp silver instead"
        " of white",
        "paypal",
        "yes",
    ]
    _run("status and change", turns, [change], tmp_path)


def test_a_what_if_naming_its_request_is_answered_not_held_for_review(tmp_path: Path) -> None:
    """ "how much would I get back if I returned the keyboard?" is read as a return at 0.45,
    between the bands: the order's details answered it only after a person's review. The
    request wondered about, named by its verb, makes the answer as sure as a sure reading."""
    # Yara Sanchez: delivered #W6015009 holds a mechanical keyboard at $231.58.
    turns = [
        "hi yara.sanchez4385@example.com. how much would I get back if I returned the keyboard?"
    ]
    expect = {
        "actions": [],
        "escalated": False,
        "replies_contain": ["231.58"],
        "replies_never": ["reviewing my answer"],
    }
    [result] = run_reference_cases([conversation_case("what if", turns, expect)], tmp_path).values()
    assert_passed(result)
