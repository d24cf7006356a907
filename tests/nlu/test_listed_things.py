"""The number or letter of a thing a customer lists, opening a part of a message: a thing asked
about in its own right, read without its number ("(4) The running shoes" counts no four shoes)."""

from __future__ import annotations

import pytest

from deskpilot.nlu import listed, unlisted

CASES = [
    # (part, listed, the part without its number or letter)
    (
        "(2) The order with the running shoes: pay it with the visa",
        True,
        "The order with the running shoes: pay it with the visa",
    ),
    ("2) the bottle in green", True, "the bottle in green"),
    ("b) the t-shirt: in red", True, "the t-shirt: in red"),
    ("  (C) That same order must go to Dallas", True, "That same order must go to Dallas"),
    ("- 12) the kettle", True, "the kettle"),
    # not a listed thing: a number not closed by ")", three digits, no space after, mid-text
    ("2 of the bottles in green", False, "2 of the bottles in green"),
    ("(123) the kettle", False, "(123) the kettle"),
    ("a)the kettle", False, "a)the kettle"),
    ("the kettle (2) in black", False, "the kettle (2) in black"),
    ("ab) the kettle", False, "ab) the kettle"),
]


@pytest.mark.parametrize(("part", "is_listed", "rest"), CASES, ids=[c[0] for c in CASES])
def test_a_listed_thing_is_known_by_its_opening_number_or_letter(
    part: str, is_listed: bool, rest: str
) -> None:
    assert listed(part) is is_listed
    assert unlisted(part) == rest
