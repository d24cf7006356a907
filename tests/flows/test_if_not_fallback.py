""" "Is it shipped? If not, cancel it" asks for the cancellation: "if" just before a negator
opens a fallback, not a refusal (`dialogue.not_asking.fallback`; docs/understanding.md, "A
fallback is no refusal, a number alone as an answer, and both orders listed", 2026-12-07).

"if not cancel it" was read as "not cancel": every mention of the verb negated, so no request
started, and the customer got "What can I help you with?" with the cancellation lost. Mei
Martin's puzzle order #W3288665 is processed: the cancellation is refused, saying why. Daiki
Muller's kettle order #W7822344 is pending: the cancellation is proposed.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from ..conftest import assert_passed, conversation_case, expected_write, run_reference_cases

MEI = "mei.martin4637@example.com"
DAIKI = "daiki.muller6278@example.com"
KETTLE = expected_write("cancel_pending_order", order_id="#W7822344", reason="ordered by mistake")

CASES = [
    # (who, said, expected writes, some reply contains)
    (MEI, "the puzzle order - is it shipped? if not cancel it, bought by mistake", [], "can't be"),
    (
        MEI,
        "has the puzzle order shipped? if not then cancel it, ordered by mistake",
        [],
        "can't be",
    ),
    (
        DAIKI,
        "the kettle order, is it shipped yet? if not cancel it. ordered by mistake",
        [KETTLE],
        "",
    ),
    (
        DAIKI,
        "has my kettle order gone out? if not, cancel it please, bought it by mistake",
        [KETTLE],
        "",
    ),
]


@pytest.mark.parametrize(("who", "said", "writes", "says"), CASES)
def test_if_not_opens_a_fallback(
    tmp_path: Path, who: str, said: str, writes: list[dict[str, object]], says: str
) -> None:
    expect: dict[str, object] = {"actions": writes, "escalated": False}
    if says:
        expect["replies_contain"] = [says]
    turns = [who, said] + (["yes"] if writes else [])
    [result] = run_reference_cases([conversation_case(said, turns, expect)], tmp_path).values()
    assert_passed(result)
