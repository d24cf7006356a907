"""A request and, in the same message, another thing it must not touch ("cancel my pending
order, but don't cancel my order with the bookshelf") is the request with that thing set
apart, not the request taken back (docs/understanding.md, "Not this one: an exception, not a
withdrawal", 2026-12-07).

The last clause naming the request's verb was negated, so the whole message read as asked and
taken back: "I haven't changed anything". Now a negated clause that names a thing of its own
(an order's number, an entry of the catalogue the asking words do not name) is an exception:
the request starts, and the order described after the negated verb is set apart from it.
"don't cancel it" names nothing of its own and still takes the request back.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from ..conftest import assert_passed, conversation_case, expected_write, run_reference_cases

TAYLOR = "yusuf.taylor6118@example.com here. "  # pending: #W2702727 bookshelf, #W8268610 lamp
LOPEZ = "mason.lopez2966@example.com. "  # pending: #W9222585 smart watch …, #W3130816 bookshelf
HARPER = "hi, harper.johansson4006@example.com. "


def _cancel(order_id: str, reason: str) -> dict[str, Any]:
    return expected_write("cancel_pending_order", order_id=order_id, reason=reason)


ROWS: list[tuple[str, list[str], list[dict[str, Any]]]] = [
    (
        "but don't cancel my order with the bookshelf",
        [
            TAYLOR + "cancel my pending order please, no longer needed - but don't cancel my "
            "order with the bookshelf",
            "yes",
        ],
        [_cancel("#W8268610", "no longer needed")],
    ),
    (
        "do not cancel the bookshelf order though",
        [
            TAYLOR + "please cancel my pending order as it's no longer needed, do not cancel the "
            "bookshelf order though",
            "yes",
        ],
        [_cancel("#W8268610", "no longer needed")],
    ),
    (
        "dont cancel the one with the bookshelf",
        [
            LOPEZ + "please cancel my pending order, I ordered by mistake, but dont cancel the "
            "one with the bookshelf",
            "yes",
        ],
        [_cancel("#W9222585", "ordered by mistake")],
    ),
    (
        "the order named, another one excepted",
        [
            HARPER + "please cancel my order with the garden hose, but don't cancel my order "
            "with the backpack and laptop",
            "I ordered by mistake",
            "yes",
        ],
        [_cancel("#W3282177", "ordered by mistake")],
    ),
    # names nothing of its own: the request is taken back, nothing is written
    (
        "actually no, don't cancel it",
        [TAYLOR + "cancel my order with the desk lamp. actually no, don't cancel it", "yes"],
        [],
    ),
]


@pytest.mark.parametrize(("name", "said", "actions"), ROWS, ids=[row[0] for row in ROWS])
def test_a_negated_other_thing_is_an_exception(
    tmp_path: Path, name: str, said: list[str], actions: list[dict[str, Any]]
) -> None:
    case = conversation_case(name, said, {"actions": actions, "escalated": False})
    [result] = run_reference_cases([case], tmp_path).values()
    assert_passed(result)
