"""What probes31's first run found unread (docs/understanding.md, "Probes 31", 2026-12-07), on
the reference store:

- "the same address as my Houston order": an order of theirs named by the city it goes to,
  after a word of likeness, gives its address.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from ..conftest import assert_passed, conversation_case, expected_write, run_reference_cases

# Lei Li: pending #W5166363 (laptop, to San Francisco), pending #W3414433 and #W3189752 (to 604
# Pine Lane, Suite 907, Phoenix, AZ 85033).
LEI_LI = "hi, lei.li8350@example.com."
PHOENIX = {
    "order_id": "#W5166363",
    "address1": "604 Pine Lane",
    "address2": "Suite 907",
    "city": "Phoenix",
    "country": "USA",
    "state": "AZ",
    "zip": "85033",
}


def _run(name: str, turns: list[str], actions: list[dict[str, Any]], tmp_path: Path) -> None:
    case = conversation_case(name, turns, {"actions": actions, "escalated": False})
    [result] = run_reference_cases([case], tmp_path).values()
    assert_passed(result)


@pytest.mark.parametrize(
    "said",
    [
        "my laptop order should go to the same address as my Phoenix order",
        "please send the laptop order to the same place as the phoenix order",
    ],
)
def test_the_address_of_an_order_named_by_its_city(said: str, tmp_path: Path) -> None:
    _run(
        "the same address as my <city> order",
        [f"{LEI_LI} {said}", "yes"],
        [expected_write("modify_pending_order_address", **PHOENIX)],
        tmp_path,
    )


# Emma Kovacs: pending #W7109609 (to San Jose), #W6554908 (to San Francisco), #W3618959 (to San
# Diego); a cancelled order to San Jose.
EMMA = "hello, emma.kovacs5723@example.com."


def test_two_orders_listed_by_where_each_goes(tmp_path: Path) -> None:
    _run(
        "the one going to A and the one going to B",
        [
            f"{EMMA} please cancel the order going to San Diego and the one going to San "
            "Francisco, I no longer need them",
            "yes",
            "yes",
        ],
        [
            expected_write("cancel_pending_order", order_id="#W3618959", reason="no longer needed"),
            expected_write("cancel_pending_order", order_id="#W6554908", reason="no longer needed"),
        ],
        tmp_path,
    )


def test_an_order_set_apart_by_where_it_goes_is_no_target(tmp_path: Path) -> None:
    _run(
        "the one going to A, not the one going to B",
        [
            f"{EMMA} please cancel the order going to San Diego, not the one going to San "
            "Francisco, I no longer need it",
            "yes",
            "yes",
        ],
        [expected_write("cancel_pending_order", order_id="#W3618959", reason="no longer needed")],
        tmp_path,
    )
