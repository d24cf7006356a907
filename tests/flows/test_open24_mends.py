"""A gap the probes of 2026-12-07 left open (docs/understanding.md, "Open 24"), on the
reference store: "how much would I get back if I returned the keyboard?" was held for review;
a what-if that names its request by its verb is answered at once.
"""

from __future__ import annotations

from pathlib import Path

from ..conftest import assert_passed, conversation_case, run_reference_cases


def test_a_what_if_naming_its_request_is_answered_not_held_for_review(tmp_path: Path) -> None:
    """ "how much would I get back if I returned the keyboard?" is read as a return at 0.45,
    between the bands: the order's details answered it only after a person's review. The
    request wondered about, named by its verb, makes the answer as sure as a sure reading."""
    # Yara Sanchez: delivered #W6015009 holds a mechanical keyboard at $231.58.
    turns = [
        "hi yara.sanchez4385@example.com. how much would I get back if I returned the keyboard?"
    ]
    expect = {
        "actions": [],
        "escalated": False,
        "replies_contain": ["231.58"],
        "replies_never": ["reviewing my answer"],
    }
    [result] = run_reference_cases([conversation_case("what if", turns, expect)], tmp_path).values()
    assert_passed(result)
