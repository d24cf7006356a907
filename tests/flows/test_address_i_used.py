""" "The address I used for my … order" takes that order's address for another order
(docs/understanding.md, "One way back, and the address I used", 2026-12-07).

Lei Anderson's pending #W6002467 ships to Fort Worth; her delivered boots order went to 420
Elm Street, Suite 609, Los Angeles. "Send my pending order to the LA address I used for my
boots order" took the boots order for the one to change, and said a delivered order can no
longer be changed. "I used for", "I used on", "I had for", "I had on" now join the words that
name the order an address is taken from (`resolvers.address_of`).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from ..conftest import assert_passed, conversation_case, expected_write, run_reference_cases

LEI = "lei.anderson3132@example.com "
LA = expected_write(
    "modify_pending_order_address",
    order_id="#W6002467",
    address1="420 Elm Street",
    address2="Suite 609",
    city="Los Angeles",
    state="CA",
    country="USA",
    zip="91395",
)

SAID = [
    "please send my pending order to the LA address I used for my boots order",
    "can you ship my pending order to the address I had on my hiking boots order?",
    "my pending order should go to the address I used on the order with the boots",
]


@pytest.mark.parametrize("said", SAID)
def test_the_address_i_used_for_an_order(tmp_path: Path, said: str) -> None:
    case = conversation_case(said, [LEI + said, "yes"], {"actions": [LA]})
    [result] = run_reference_cases([case], tmp_path).values()
    assert_passed(result)
