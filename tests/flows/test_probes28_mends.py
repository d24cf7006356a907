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


# Sofia Rossi (credit card 3357): pending #W5500815 (makeup kit, coffee maker, tablet, office
# chair), #W2818151 (to Jacksonville: luggage set 4-piece red hardshell …) and #W5918442.
SOFIA = "sofia.rossi2645@example.com."


@pytest.mark.parametrize(
    "told",
    [
        "I have an order with a tablet and an office chair that I bought by accident. The luggage"
        " in my Jacksonville order is too small. Please cancel the first order.",
        "I have an order with a tablet and an office chair that I bought by accident. The luggage"
        " in my Jacksonville order is fine though. Cancel the first one please.",
    ],
)
def test_the_first_order_is_the_first_the_message_described(told: str, tmp_path: Path) -> None:
    """Not the order described last ("cancel it" after a description is said of that one)."""
    cancel = expected_write(
        "cancel_pending_order", order_id="#W5500815", reason="ordered by mistake"
    )
    _run("the first order cancelled", [f"{SOFIA} {told}", "yes"], [cancel], tmp_path)
