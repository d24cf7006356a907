"""Texts the intent classifier reads alike share one reading.

The TF-IDF classifier builds a text's row from its lower-cased words only (``TfidfView``'s
``reading_key``): messages that differ in an order number, an email (both blanked out before
the classifier reads them), the runs of spaces between words or capitals get the same reading,
bit for bit. The scorer keeps readings by that key besides by text, so a message worded like
one read a moment ago, for another order, is not read again."""

from __future__ import annotations

import random
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest

from deskpilot.nlu.entities import entity_forms, record_finders
from deskpilot.nlu.intents import train_classifier
from deskpilot.nlu.understander import ClassifierIntentScorer
from deskpilot.workspace import load_workspace

from ..conftest import RETAIL_WORKSPACE

WORKSPACE = load_workspace(RETAIL_WORKSPACE)


@pytest.fixture(scope="module")
def classifier(tmp_path_factory: pytest.TempPathFactory) -> Any:
    """The retail workspace's intent classifier, as ``ClassifierIntentScorer.train`` builds it."""
    texts = [e for intent in WORKSPACE.intents for e in intent.examples]
    labels = [intent.name for intent in WORKSPACE.intents for _ in intent.examples]
    cache: Path = tmp_path_factory.mktemp("intent-model")
    return train_classifier(texts, labels, name="tfidf", cache_dir=cache).classifier


class _Counting:
    """The classifier, counting the texts ``classify`` is given."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner
        self.read: list[str] = []
        self.reads_each_alone = inner.reads_each_alone
        if hasattr(inner, "reading_key"):
            self.reading_key = inner.reading_key

    def classify(self, texts: Sequence[str]) -> list[Any]:
        self.read.extend(texts)
        return list(self.inner.classify(texts))


def _scorer(classifier: Any) -> ClassifierIntentScorer:
    words = WORKSPACE.vocabulary
    return ClassifierIntentScorer(classifier, record_finders(words.records), entity_forms(words))


ALIKE = [
    ("where is my order #W1234567?", "where is my order #W7654321?"),
    (
        "Hi, where is my order #W2378156? My email is ann.lee@example.com",
        "Hi, where is my order #W9931144? My email is bo@example.org",
    ),
    ("cancel order W5555555 please", "Cancel   order W1111111   PLEASE"),
    ("I want to return the shoes", "i want to return\tthe shoes "),
]


@pytest.mark.parametrize(("first", "second"), ALIKE)
def test_texts_read_alike_are_read_once_with_the_same_reading(
    classifier: Any, first: str, second: str
) -> None:
    counting = _Counting(classifier)
    scorer = _scorer(counting)
    assert scorer(first)
    read = len(counting.read)
    kept = scorer(second)
    assert len(counting.read) == read  # not read again
    assert kept == _scorer(classifier)(second)  # the reading a scorer of its own gives


def test_a_message_and_its_parts_read_together_share_readings_with_ones_read_alike(
    classifier: Any,
) -> None:
    counting = _Counting(classifier)
    scorer = _scorer(counting)
    first = ["where is my order #W1234567?", "and my email is a@b.com", "thanks a lot"]
    scorer.read_together(first)
    read = len(counting.read)
    second = ["where is my order #W7654321?", "and my email is c@d.org", "a new question"]
    scorer.read_together(second)
    assert counting.read[read:] == ["a new question"]
    fresh = _scorer(classifier)
    for text in second:
        assert scorer(text) == fresh(text)
        assert scorer.out_of_scope(text, []) == fresh.out_of_scope(text, [])


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("where is my order", "where is my orders"),
        ("cancel it", "cancel it!"),  # punctuation is a character n-gram of its word
        ("re-turn", "re turn"),
    ],
)
def test_texts_with_other_words_are_read_each(classifier: Any, first: str, second: str) -> None:
    counting = _Counting(classifier)
    scorer = _scorer(counting)
    scorer(first)
    scorer(second)
    assert len(counting.read) == 2


def test_texts_with_the_same_key_have_equal_readings_bit_for_bit(classifier: Any) -> None:
    """Random texts of the workspace's own words, spaced and capitalised at random: each
    reads exactly as the same words written plainly."""
    rng = random.Random(17)
    words = sorted({w for i in WORKSPACE.intents for e in i.examples for w in e.split()})
    spaces = [" ", "  ", "\t", " \n ", "   "]
    for _ in range(60):
        chosen = [rng.choice(words) for _ in range(rng.randint(1, 9))]
        plain = " ".join(chosen).lower()
        varied = rng.choice(["", " "]) + "".join(
            (w.upper() if rng.random() < 0.3 else w) + rng.choice(spaces) for w in chosen
        )
        assert classifier.reading_key(varied) == classifier.reading_key(plain)
        assert classifier.classify([varied]) == classifier.classify([plain])
