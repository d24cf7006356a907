""" "Cancel my order with the wristwatch and also the one with the smartphone" lists two orders:
"also" after "and" no longer hides the second one (docs/understanding.md, "A fallback is no
refusal, a number alone as an answer, and both orders listed", 2026-12-07).

Daiki Khan's pending #W8461477 holds the wristwatch and #W5875596 the smartphone. With "and
also" the message was read as about one order not yet known, and the customer was asked
which order, between exactly the two they had described.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from ..conftest import assert_passed, conversation_case, expected_write, run_reference_cases

WATCH = expected_write("cancel_pending_order", order_id="#W8461477", reason="ordered by mistake")
PHONE = expected_write("cancel_pending_order", order_id="#W5875596", reason="ordered by mistake")

SAID = [
    "Daiki Khan 28279. please cancel my order with the wristwatch and also the one with the"
    " smartphone. both were mistakes",
    "daiki.khan2146@example.com cancel the wristwatch order and also my smartphone order,"
    " ordered them by mistake",
    "daiki.khan2146@example.com please cancel my order with the wristwatch and the one with the"
    " smartphone, ordered by mistake",
]


@pytest.mark.parametrize("said", SAID)
def test_and_also_lists_another_order(tmp_path: Path, said: str) -> None:
    case = conversation_case(said, [said, "yes", "yes"], {"actions": [WATCH, PHONE]})
    [result] = run_reference_cases([case], tmp_path).values()
    assert_passed(result)
