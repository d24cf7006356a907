"""What probes28's first run found unread (docs/understanding.md, "Probes 28", 2026-12-07), on
the reference store:

- "the white glass bookshelf in my other order, can it be brown instead?" of a customer with a
  glass and a wood bookshelf in two pending orders was read as an address change (and written
  with the other order's address after "yes"): the values said right before a thing describe it
  as it is, so the wood bookshelf's order holds no such thing and the item change is grounded in
  one order only.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from ..conftest import assert_passed, conversation_case, expected_write, run_reference_cases

# Lei Ahmed (credit card 3705): pending #W6724985 (bookshelf glass white 5 ft, water bottle) and
# #W9015076 (camera, water bottle, bookshelf wood white 5 ft), both to be changed still.
LEI = "hi, I'm lei.ahmed1696@example.com"


def _run(name: str, turns: list[str], actions: list[dict[str, Any]], tmp_path: Path) -> None:
    case = conversation_case(name, turns, {"actions": actions, "escalated": False})
    [result] = run_reference_cases([case], tmp_path).values()
    assert_passed(result)


@pytest.mark.parametrize(
    "asked",
    [
        "the white glass bookshelf in my other order, can it be brown instead? same glass and size",
        "one more thing, my white glass bookshelf: could it be brown instead?",
    ],
)
def test_values_before_a_thing_say_which_order_holds_it(asked: str, tmp_path: Path) -> None:
    brown = expected_write(
        "modify_pending_order_items",
        order_id="#W6724985",
        item_ids=["8895454203"],
        new_item_ids=["4894369688"],
        payment_method_id="credit_card_3593714",
    )
    _run("the glass bookshelf brown", [LEI, asked, "credit card", "yes"], [brown], tmp_path)
