"""Writes nobody asked for, found beside probes18 (docs/understanding.md, "Probes 18",
2026-12-11): a number that opens a message's list ("Two things: …") counts neither the product
named after its colon ("two tea kettles") nor the items of an order (an order is counted only
after a word that describes it: "the order with five items")."""

from __future__ import annotations

from typing import Any

import pytest

from ..conftest import assert_passed, conversation_case, run_reference_cases

CASES = [
    # Sophia Garcia: pending #W4958652 (Houston) holds two tea kettles; which one is not said.
    conversation_case(
        "two things: the tea kettle is one kettle of two, not both",
        [
            "Sophia Garcia, 28212. Two things: the tea kettle in my Houston order should be "
            "glass instead. Visa for the difference.",
            "yes",
            "yes",
        ],
        {"actions": []},
    ),
    # Evelyn Lopez: pending #W3007862 (grill, running shoes: two items) and #W1890669 (a blue
    # cycling helmet); delivered #W1355800 (a black cycling helmet).
    conversation_case(
        "two things: my pending order is not the one with two items",
        [
            "Hi, evelyn.lopez6910@example.com. Two things: please cancel my pending order, I "
            "ordered it by mistake. Also, can you tell me my account's address?",
            "yes",
            "yes",
        ],
        {"actions": []},
    ),
]


@pytest.fixture(scope="module")
def results(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    return run_reference_cases(CASES, tmp_path_factory.mktemp("counted"))


@pytest.mark.parametrize("name", [c["name"] for c in CASES])
def test_a_count_opening_a_list_counts_nothing_named_after_it(
    results: dict[str, Any], name: str
) -> None:
    assert_passed(results[name])
