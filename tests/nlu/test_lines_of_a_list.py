"""A list written one thing a line ("- wall clock: …", "2. the kettle …") is cut at its lines;
a line that asks only by naming a thing of the customer's before a colon ("the kettle I bought
for my mum: glass, 1 liter") says how that thing ought to be, never a question such as an
order's status (docs/understanding.md, 2026-12-12)."""

from __future__ import annotations

from collections.abc import Sequence

from deskpilot.domain import IntentScore
from deskpilot.nlu._segments import Segmenter
from deskpilot.nlu.understander import NluUnderstander
from deskpilot.workspace import load_workspace

from ..conftest import RETAIL_WORKSPACE

WORKSPACE = load_workspace(RETAIL_WORKSPACE)
SEGMENTER = Segmenter(WORKSPACE.vocabulary.requests)
KETTLE = "the kettle I bought for my mum: glass, 1 liter, for a gas stove"
LISTED = (
    "I have a pending order that needs a few fixes:\n"
    "1. ship it to my home address instead\n"
    f"2. {KETTLE}\n"
    "3. the helmet: size L, black"
)


def test_a_list_one_thing_a_line_is_cut_at_its_lines() -> None:
    assert SEGMENTER.segments(LISTED) == [
        "I have a pending order that needs a few fixes",
        "ship it to my home address instead",
        KETTLE,
        "the helmet: size L, black",
    ]
    bullets = "Here's what I need:\n- wall clock: 10 inches\n* phone: black, 128GB"
    assert SEGMENTER.segments(bullets) == [
        "Here's what I need",
        "wall clock: 10 inches",
        "phone: black, 128GB",
    ]

    # "1) …" on its own line keeps its number: a listed thing, asked about in its own right
    # (``listed``), which the cut at the line must not drop.
    numbered = "Two things:\n1) take the payment off the gift card\n2) the bicycle: large, red"
    assert SEGMENTER.segments(numbered) == [
        "Two things",
        "1) take the payment off the gift card",
        "2) the bicycle: large, red",
    ]


def _status_pull(text: str) -> Sequence[IntentScore]:
    """The classifier as it reads the kettle's line: an order's status, surely."""
    if text == KETTLE:
        return [IntentScore("order_status", 0.8), IntentScore("modify_order_items", 0.1)]
    if text.startswith("ship it"):
        return [IntentScore("modify_order_address", 0.9)]
    return [IntentScore("modify_order_address", 0.6), IntentScore("modify_order_items", 0.2)]


def _understander(questions: Sequence[str]) -> NluUnderstander:
    return NluUnderstander(
        _status_pull,
        requests=WORKSPACE.vocabulary.requests,
        review_threshold=0.34,
        part_threshold=0.75,
        questions=questions,
    )


def test_a_thing_named_before_a_colon_asks_no_question() -> None:
    parts = dict(
        (piece, name)
        for name, piece in _understander(["order_status"]).understand(LISTED, None).parts
    )
    assert parts[KETTLE] == ""
    assert parts["ship it to my home address instead"] == "modify_order_address"
    # without the questions named, the line is read as the classifier reads it
    plain = dict((p, n) for n, p in _understander([]).understand(LISTED, None).parts)
    assert plain[KETTLE] == "order_status"
