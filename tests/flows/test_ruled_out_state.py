"""A write nobody asked for, found by probes18 (docs/understanding.md, "Probes 18",
2026-12-11): "no, not the one in the pending order - the one I already received", said to an
exchange's proposal, moved the request onto the pending order holding the same product (an item
change there, the redirect of an exchange before shipping). An order in a state the customer
rules out, beside the state they say, is never the one meant. And when the proposal already was
the one received, that "no" rules out only the other one: the proposal stands, said so, and is
asked again for a yes of its own (docs/understanding.md, "(2026-12-12)")."""

from __future__ import annotations

from typing import Any

import pytest

from ..conftest import assert_passed, conversation_case, expected_write, run_reference_cases

# Isabella Sanchez: pending #W4386313 (a black 10-hour speaker, not water resistant), delivered
# #W1713682 (a green 10-hour water-resistant speaker); PayPal only.
SPEAKER = (
    "Hi, isabella.sanchez6218@example.com. I'd like to exchange my bluetooth speaker for a "
    "blue one. PayPal."
)
NOTHING = {"actions": [], "escalated": False}
# The proposal made first: the received green speaker for the blue one.
RECEIVED = expected_write(
    "exchange_delivered_order_items",
    order_id="#W1713682",
    item_ids=["5967152432"],
    new_item_ids=["4716977452"],
    payment_method_id="paypal_8516781",
)
CASES = [
    conversation_case(
        "not the one in the pending order - the one I already received",
        [SPEAKER, "no, not the one in the pending order - the one I already received", "yes"],
        {"actions": [RECEIVED], "escalated": False},
    ),
    conversation_case(
        "the one I received, not the one from my pending order",
        [SPEAKER, "no, the one I received, not the one from my pending order", "yes"],
        NOTHING,
    ),
]


@pytest.fixture(scope="module")
def results(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    return run_reference_cases(CASES, tmp_path_factory.mktemp("ruled_out_state"))


@pytest.mark.parametrize("name", [c["name"] for c in CASES])
def test_ruled_out_state_is_never_the_target(results: dict[str, Any], name: str) -> None:
    assert_passed(results[name])


def test_no_to_the_other_one_keeps_the_proposal_and_says_so(results: dict[str, Any]) -> None:
    said = [line.text for line in results[CASES[0]["name"]].transcript]
    assert said[3] == "That's the one I proposed already — nothing else is changed."
    assert said[4] == said[1]  # the very proposal, asked again
