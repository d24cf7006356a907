"""Requests said in words the engine was not tuned on (tests/devsuite/probes19.yaml): a return
asked by its verb beside words that lean the whole message towards a change, a yes said on a
condition, a name said beside the zip in a message that pastes an order summary, and "I'll keep
it then" while the engine asks which order (docs/understanding.md, 2026-12-12)."""

from __future__ import annotations

import pytest

from deskpilot.testing import CaseResult

from ..conftest import (
    assert_passed,
    conversation_case,
    expected_write,
    run_reference_cases,
)

RETURN_PUZZLE = expected_write(
    "return_delivered_order_items",
    order_id="#W3638028",
    item_ids=["4572024853"],
    payment_method_id="gift_card_1725971",
)
PURIFIER = expected_write(
    "exchange_delivered_order_items",
    order_id="#W6797115",
    item_ids=["8302289002"],
    new_item_ids=["9534205511"],
    payment_method_id="gift_card_5979071",
)
PURIFIER_ASK = (
    "hello, aarav.gonzalez9269@example.com. the air purifier I received - I'd like to exchange "
    "it for the ionic filter version with smart sensors instead of night mode. same large room "
    "size. refund or charge the gift card"
)
PUZZLE_ADDRESS = expected_write(
    "modify_pending_order_address",
    order_id="#W5356919",
    address1="870 Oak Street",
    address2="Suite 766",
    city="San Jose",
    country="USA",
    state="CA",
    zip="95161",
)

CASES = [
    # the return is asked by its verb; "The camera stays" leans the whole message to a change
    conversation_case(
        "return by its verb, the camera stays",
        [
            "Hallo, James Li, 10083. I want to return one of the two things in my order with "
            "the security camera - the jigsaw puzzle. The camera stays.",
            "the gift card",
            "yes",
        ],
        {"actions": [RETURN_PUZZLE], "escalated": False},
    ),
    # a yes on a condition is asked again: the next yes writes, no yes writes nothing
    conversation_case(
        "a conditional yes, then a yes",
        [PURIFIER_ASK, "yes, as long as I don't have to pay more", "yes"],
        {"actions": [PURIFIER], "escalated": False},
    ),
    conversation_case(
        "a conditional yes alone",
        [PURIFIER_ASK, "ok if it's the same price"],
        {"actions": [], "escalated": False},
    ),
    # the name beside the zip, not the capitalised words of a pasted summary
    conversation_case(
        "the name beside the zip in a pasted summary",
        [
            'james lee 95161. pending order: "Jigsaw Puzzle - 1000 pieces, art, expert - '
            '$45.90 - ships to 303 Elm Avenue, Los Angeles". need it shipped to 870 Oak Street, '
            "Suite 766, San Jose, CA 95161 instead",
            "ya",
        ],
        {"actions": [PUZZLE_ADDRESS], "escalated": False},
    ),
    # asked which order, the customer keeps the thing: nothing done, nobody handed the case
    conversation_case(
        "I'll keep it then, at the order question",
        [
            "hi, chen.johnson3889@example.com. just a question: if I returned the jigsaw "
            "puzzle I received, how much would I get back?",
            "ok. nope, I'll keep it then, thanks",
            "yes",
        ],
        {"actions": [], "escalated": False},
    ),
]


@pytest.fixture(scope="module")
def results(tmp_path_factory: pytest.TempPathFactory) -> dict[str, CaseResult]:
    return run_reference_cases(CASES, tmp_path_factory.mktemp("other_words"))


def test_a_return_asked_by_its_verb_leads(results: dict[str, CaseResult]) -> None:
    assert_passed(results["return by its verb, the camera stays"])


def test_a_yes_on_a_condition_is_asked_again(results: dict[str, CaseResult]) -> None:
    assert_passed(results["a conditional yes, then a yes"])
    assert_passed(results["a conditional yes alone"])


def test_the_name_beside_the_zip_is_tried_first(results: dict[str, CaseResult]) -> None:
    assert_passed(results["the name beside the zip in a pasted summary"])


def test_keeping_the_thing_withdraws_the_question(results: dict[str, CaseResult]) -> None:
    assert_passed(results["I'll keep it then, at the order question"])
