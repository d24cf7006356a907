"""A write nobody asked for, found by probes18 (docs/understanding.md, "Probes 18",
2026-12-11): "no, not the one in the pending order - the one I already received", said to an
exchange's proposal, moved the request onto the pending order holding the same product (an item
change there, the redirect of an exchange before shipping). An order in a state the customer
rules out, beside the state they say, is never the one meant."""

from __future__ import annotations

from typing import Any

import pytest

from ..conftest import assert_passed, conversation_case, run_reference_cases

# Isabella Sanchez: pending #W4386313 (a black 10-hour speaker, not water resistant), delivered
# #W1713682 (a green 10-hour water-resistant speaker); PayPal only.
SPEAKER = (
    "Hi, isabella.sanchez6218@example.com. I'd like to exchange my bluetooth speaker for a "
    "blue one. PayPal."
)
NOTHING = {"actions": [], "escalated": False}
CASES = [
    conversation_case(
        "not the one in the pending order - the one I already received",
        [SPEAKER, "no, not the one in the pending order - the one I already received", "yes"],
        NOTHING,
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
