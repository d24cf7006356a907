"""A word read as one option's value says no other option's value spelled the same
(docs/understanding.md, "What is wanted does not say which thing it is", 2026-12-07).

Noah Patel's pending order holds a cycling helmet, size S, red, low ventilation. "Swap the
helmet for a medium, same color" proposed size M *and* medium ventilation: the one word
"medium" was read as the size the catalogue took it for and again as the ventilation spelled
the same, so the proposal changed the ventilation to a value nobody asked for, without a word
about it. No red M helmet keeps low ventilation; two are available (high, medium), so the
closest is offered with the other beside it. Each row stands beside its twin that says both.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from ..conftest import assert_passed, conversation_case, expected_write, run_reference_cases

NOAH = "noah.patel1792@example.com "


def _helmet(new_item_id: str) -> dict[str, Any]:
    return expected_write(
        "modify_pending_order_items",
        order_id="#W1845024",
        item_ids=["3358616356"],
        new_item_ids=[new_item_id],
        payment_method_id="paypal_3169710",
    )


ROWS: list[tuple[str, list[str], dict[str, Any], str]] = [
    (
        "one medium: the size only, the ventilation asked about",
        [NOAH + "swap the helmet in my order for a medium, same color", "paypal", "no"],
        {"actions": []},
        "There's no available Cycling Helmet with exactly those options",
    ),
    (
        "the offered one taken",
        [NOAH + "swap the helmet in my order for a medium, same color", "yes", "yes"],
        {"actions": [_helmet("8573379326")]},  # M, red, high: the closest, offered first
        "There's no available Cycling Helmet with exactly those options",
    ),
    (
        "two mediums: the size and the ventilation",
        [
            NOAH + "swap the helmet in my order for a medium with medium ventilation, still red",
            "paypal",
            "yes",
        ],
        {"actions": [_helmet("1719127154")]},  # M, red, medium
        "Which payment method",
    ),
]


@pytest.mark.parametrize(("name", "said", "expect", "first"), ROWS, ids=[r[0] for r in ROWS])
def test_one_word_says_one_option(
    tmp_path: Path, name: str, said: list[str], expect: dict[str, Any], first: str
) -> None:
    case = conversation_case(name, said, expect)
    [result] = run_reference_cases([case], tmp_path).values()
    assert_passed(result)
    reply = next(line.text for line in result.transcript if line.speaker == "deskpilot")
    assert reply.startswith(first), reply


# Anya Brown: delivered #W2922433 holds a pet bed, medium, fleece, grey (6857426243); no large
# fleece bed is available; 5109407456 is the small fleece grey one ($182.48, $14.05 back).
ANYA = "anya.brown8893@example.com "
PET_BED_SMALL = expected_write(
    "exchange_delivered_order_items",
    order_id="#W2922433",
    item_ids=["6857426243"],
    new_item_ids=["5109407456"],
    payment_method_id="credit_card_3414703",
)

EXCESS: list[tuple[str, list[str], dict[str, Any], str]] = [
    (
        # "small" after "too" says what is wrong with it; "large" is the wish, and none keeps
        # the fleece: the choices, never the small bed
        "too small, a large one",
        [
            ANYA + "the pet bed I got is too small for my dog, can I exchange it for a large one?",
            "I want to keep the fleece",
            "yes",
        ],
        {"actions": []},
        "There's no available Pet Bed with exactly those options",
    ),
    (
        "too big, a small one",
        [
            ANYA + "the pet bed I got is too big for my cat, can I exchange it for a small one?",
            "to my card",
            "yes",
        ],
        {"actions": [PET_BED_SMALL]},
        "",
    ),
]


@pytest.mark.parametrize(("name", "said", "expect", "first"), EXCESS, ids=[r[0] for r in EXCESS])
def test_a_value_said_as_what_is_wrong_is_no_wish(
    tmp_path: Path, name: str, said: list[str], expect: dict[str, Any], first: str
) -> None:
    case = conversation_case(name, said, expect)
    [result] = run_reference_cases([case], tmp_path).values()
    assert_passed(result)
    replies = [line.text for line in result.transcript if line.speaker == "deskpilot"]
    assert "→ small" not in replies[0] or expect["actions"], replies
    assert replies[0].startswith(first), replies


# Chen Lopez: delivered #W9360566 holds a cycling helmet M, blue, low ventilation; no blue L
# helmet is available, so the closest L ones are offered.
CHEN = "chen.lopez1681@example.com my helmet arrived and it's too small, "
LETTERS: list[tuple[str, str, str]] = [
    ("an L", CHEN + "can I get an L?", "The closest available one is L,"),
    ("to L", CHEN + "can you swap it to L?", "The closest available one is L,"),
    # nothing but the problem: what should change is asked
    ("no size said", CHEN + "can I swap it?", "What should change on the Cycling Helmet?"),
]


@pytest.mark.parametrize(("name", "said", "reply"), LETTERS, ids=[r[0] for r in LETTERS])
def test_a_one_letter_size_after_an_article(
    tmp_path: Path, name: str, said: str, reply: str
) -> None:
    case = conversation_case(name, [said], {"actions": []})
    [result] = run_reference_cases([case], tmp_path).values()
    assert_passed(result)
    first = next(line.text for line in result.transcript if line.speaker == "deskpilot")
    assert reply in first, first
