"""Once a request is carried out, "and the one with the wall clock too, same reason" asks for
that request again for another thing (docs/understanding.md, "The same request again, once
one is done", 2026-12-07).

Harper Johansson cancels her order with the garden hose (#W3282177, which holds a wall clock
too); her other pending order with a wall clock is #W4720269. The follow-up was read as an
item change or an exchange ("Which items should change?"). Now "too" (``dialogue.more``) once
a request is done, with words saying the request holds again (``dialogue.same_again``), asks
for it again, as "too" did beside a yes; a message naming another request by its verb keeps
its own. The reason is asked again: a
cancellation's reason is never reused on its own.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from ..conftest import assert_passed, conversation_case, expected_write, run_reference_cases

FIRST = [
    "hi, harper.johansson4006@example.com. please cancel my order with the garden hose, "
    "I ordered it by mistake",
    "yes",
]
HOSE = expected_write("cancel_pending_order", order_id="#W3282177", reason="ordered by mistake")
CLOCK = expected_write("cancel_pending_order", order_id="#W4720269", reason="ordered by mistake")

ROWS: list[tuple[str, list[str], list[dict[str, Any]]]] = [
    (
        "the wall clock too, same reason",
        ["and the one with the wall clock too, same reason", "ordered by mistake", "yes"],
        [HOSE, CLOCK],
    ),
    (
        "the laptop and backpack too",
        ["and the one with the laptop and the backpack too, same reason", "by mistake", "yes"],
        [HOSE, CLOCK],
    ),
    (
        "the wall clock one as well",
        ["the order with the wall clock as well please, same thing", "ordered by mistake", "yes"],
        [HOSE, CLOCK],
    ),
]


@pytest.mark.parametrize(("name", "said", "actions"), ROWS, ids=[row[0] for row in ROWS])
def test_the_same_request_again_once_done(
    tmp_path: Path, name: str, said: list[str], actions: list[dict[str, Any]]
) -> None:
    case = conversation_case(name, [*FIRST, *said], {"actions": actions, "escalated": False})
    [result] = run_reference_cases([case], tmp_path).values()
    assert_passed(result)
