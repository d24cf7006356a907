"""Duplicate detection against open cases, with thresholds justified by labelled pairs."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from deskpilot.domain import CaseId
from deskpilot.nlu.duplicates import (
    DuplicateConfig,
    OpenCase,
    SimilarityDuplicateDetector,
    text_similarity,
)
from deskpilot.nlu.entities import record_finders
from deskpilot.workspace import load_workspace

from ..conftest import RETAIL_WORKSPACE

RECORDS = record_finders(load_workspace(RETAIL_WORKSPACE).vocabulary.records)
DETECTOR = SimilarityDuplicateDetector(records=RECORDS)

# (new message, text of an open case, is the new message a repeat of that case's request)
PAIRS: list[tuple[str, str, bool]] = [
    (
        "Where is my order? It still hasn't arrived",
        "My order hasn't arrived yet, where is it?",
        True,
    ),
    (
        "I want to return the blue shirt, it's too small",
        "How do I return a shirt that is too small?",
        True,
    ),
    ("Please cancel my order #W1000001", "I need to cancel order #W1000001", True),
    (
        "Refund still not received for the headphones",
        "I haven't received my refund for the headphones I returned",
        True,
    ),
    ("The keyboard arrived broken", "my keyboard came damaged, some keys don't work", True),
    ("any update on my refund??", "Where is my refund? I returned the item two weeks ago", True),
    ("I was charged twice for order #W1000001", "double charge on my order #W1000001", True),
    (
        "wrong item in #W1000001, got a black tee instead of white",
        "Order #W1000001: I received the wrong shirt color",
        True,
    ),
    (
        "refund for order #W1000001 please",
        "I returned order #W1000001 two weeks ago, where's my money?",
        True,
    ),
    (
        "my package says delivered but I never got it",
        "Tracking shows delivered but there's no package at my door",
        True,
    ),
    ("cancel my order pls", "Hi, I'd like to cancel my recent order", True),
    ("I need to change the shipping address", "Can I change my shipping address?", True),
    ("my headphones stopped working after a week", "The headphones I bought stopped working", True),
    ("Where is my order #W1000001?", "Where is my order #W2000002?", False),
    ("I want to return the keyboard", "Can I change my email address?", False),
    ("Cancel my order #W1000001", "What's the status of order #W1000001?", False),
    ("How do I reset my password?", "My headphones stopped working", False),
    ("I need an invoice for my purchase", "Where is my refund?", False),
    ("Do you ship to Canada?", "Where is my order?", False),
    ("Thanks, that's all!", "I want to return the shirt", False),
    ("The water bottle leaks", "The keyboard arrived broken", False),
    (
        "Change the shirt in order #W1000001 to size XL",
        "Return the keyboard from order #W1000001",
        False,
    ),
    ("I want to return the shirt", "I want to exchange the shirt for a bigger size", False),
    ("Is the thermostat compatible with Alexa?", "My thermostat won't turn on", False),
    ("Can I pay with a gift card?", "I want to use a different credit card for my order", False),
]


def _verdict(new: str, case_text: str) -> bool:
    case = OpenCase(CaseId("case_1"), (case_text,))
    return DETECTOR.find_duplicate(new, [case]) is not None


def test_duplicate_thresholds_separate_the_labelled_pairs() -> None:
    # Scores measured when the thresholds were set: non-duplicates without a shared order reach at
    # most 0.48, caught duplicates start at 0.57, so similar_threshold = 0.52 sits between them;
    # with a shared order the non-duplicates reach 0.23 and duplicates 0.24, 0.50, 0.62, 1.0, so
    # same_record_threshold = 0.3 errs towards keeping cases apart. A false merge hides a request;
    # a missed duplicate only costs a second thread. Result: no false merges, 3 of 13 missed.
    false_merges = [(n, o) for n, o, dup in PAIRS if not dup and _verdict(n, o)]
    missed = [(n, o) for n, o, dup in PAIRS if dup and not _verdict(n, o)]
    assert false_merges == []
    assert len(missed) <= 3, missed


def test_duplicate_detector_joins_same_order_same_intent_and_splits_different_intents() -> None:
    refund = OpenCase(
        CaseId("c"), ("I returned it two weeks ago",), frozenset({"#W1000001"}), "refund"
    )
    assert DETECTOR.find_duplicate("money back for #W1000001?", [refund], intent="refund") == "c"
    assert DETECTOR.find_duplicate("I returned it two weeks ago", [refund], intent="cancel") is None


def test_duplicate_detector_never_joins_different_orders() -> None:
    case = OpenCase(CaseId("case_1"), ("Where is my order #W2000002?",), frozenset({"#W2000002"}))
    assert DETECTOR.find_duplicate("Where is my order #W1000001?", [case]) is None


def test_duplicate_detector_uses_given_order_ids_and_picks_the_best_case() -> None:
    cases = [
        OpenCase(CaseId("case_keyboard"), ("the keyboard arrived broken",)),
        OpenCase(CaseId("case_refund"), ("refund please",), frozenset({"#W1000001"})),
    ]
    found = DETECTOR.find_duplicate("any news about the refund?", cases, record_ids=["#W1000001"])
    assert found == CaseId("case_refund")
    ranked = DETECTOR.rank("my keyboard arrived broken", cases)
    assert [c.case_id for c in ranked] == [CaseId("case_keyboard")]
    assert ranked[0].reason == "similar_text"


def test_duplicate_detector_returns_none_without_open_cases() -> None:
    assert DETECTOR.find_duplicate("where is my order?", []) is None


def test_duplicate_config_bounds_and_forbids_unknown_fields() -> None:
    strict = SimilarityDuplicateDetector(DuplicateConfig(similar_threshold=0.95), RECORDS)
    case = OpenCase(CaseId("c"), ("How do I return a shirt that is too small?",))
    new = "I want to return the blue shirt, it's too small"
    assert DETECTOR.find_duplicate(new, [case]) == CaseId("c")
    assert strict.find_duplicate(new, [case]) is None
    with pytest.raises(ValidationError):
        DuplicateConfig(similar_threshold=1.5)
    with pytest.raises(ValidationError):
        DuplicateConfig(threshold=0.5)  # type: ignore[call-arg]


@given(st.text(max_size=120), st.text(max_size=120))
def test_property_text_similarity_is_bounded_and_symmetric(a: str, b: str) -> None:
    ab, ba = text_similarity(a, b), text_similarity(b, a)
    assert 0.0 <= ab <= 1.0
    assert ab == pytest.approx(ba)


@given(st.text(alphabet="abcdefghijklmnopqrstuvwxyz ", min_size=1, max_size=120))
def test_property_a_message_duplicates_its_own_case(text: str) -> None:
    case = OpenCase(CaseId("c"), (text,))
    # The records' names ("order") are no evidence: a message of nothing else matches nothing.
    names = {f"{w}{s}" for r in RECORDS for w in r.words for s in ("", "s")}
    said = " ".join(w for w in text.split() if w not in names)
    expected = CaseId("c") if text_similarity(said, said) > 0 else None
    assert DETECTOR.find_duplicate(text, [case]) == expected
