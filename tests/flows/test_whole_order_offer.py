"""A whole order offered after a single item could not be cancelled is taken up on a yes, also
when the cancellation was itself offered instead of a return (docs/understanding.md, "The whole
order, offered after an offer", 2026-12-07).

Before: "return the ceramic kettle" of a pending order got "I can cancel it instead", the yes
got "I can't cancel single items … I can cancel the whole order — just say yes", and the next
yes was not understood: the reply promised an offer the engine never made, because the words
that named the kettle asked for a return, not a cancellation.
"""

from __future__ import annotations

from pathlib import Path

from ..conftest import assert_passed, run_reference_cases

# Mia Gonzalez: pending #W8991836 holds two tea kettles (one ceramic), a speaker, a smartphone
# and a makeup kit.
CANCEL = {
    "name": "cancel_pending_order",
    "args": {"order_id": "#W8991836", "reason": "no longer needed"},
}


def test_the_whole_order_offered_after_a_return_is_cancelled_on_yes(tmp_path: Path) -> None:
    turns = [
        "mia.gonzalez7079@example.com. I'd like to return the ceramic kettle",
        "yes",  # "I can cancel it instead"
        "yes",  # "… I can cancel the whole order — just say yes"
        "no longer needed",
        "yes",
    ]
    case = {
        "name": "whole order after a return",
        "turns": [{"customer": t} for t in turns],
        "expect": {"actions": [CANCEL], "escalated": False},
    }
    [result] = run_reference_cases([case], tmp_path).values()
    assert_passed(result)
    # the yes to the whole order goes on with it, at once: its reason is asked next
    lines = [(line.speaker, line.text) for line in result.transcript]
    third_yes = [i for i, (who, _) in enumerate(lines) if who == "customer"][2]
    assert "reason for cancelling" in lines[third_yes + 1][1]


def test_a_no_to_the_whole_order_leaves_it(tmp_path: Path) -> None:
    turns = [
        "mia.gonzalez7079@example.com. I'd like to return the ceramic kettle",
        "yes",
        "no, keep the order",
        "yes",
    ]
    case = {
        "name": "whole order declined",
        "turns": [{"customer": t} for t in turns],
        "expect": {"actions": [], "escalated": False},
    }
    [result] = run_reference_cases([case], tmp_path).values()
    assert_passed(result)


def test_no_yes_is_invited_when_nothing_is_offered(tmp_path: Path) -> None:
    # Words that name the item without asking for a cancellation ("I don't need the speaker
    # anymore but I'll keep it") offer nothing: before, the reply said "just say yes", and the
    # yes was then not understood.
    turns = [
        "mia.gonzalez7079@example.com. I don't need the speaker anymore but I'll keep it, just "
        "wanted to ask if the order has shipped",
        "yes",
    ]
    case = {
        "name": "nothing offered",
        "turns": [{"customer": t} for t in turns],
        "expect": {"actions": [], "escalated": False},
    }
    [result] = run_reference_cases([case], tmp_path).values()
    assert_passed(result)
    first = next(line.text for line in result.transcript if line.speaker == "deskpilot")
    assert "only a whole order" in first
    assert "just say yes" not in first
