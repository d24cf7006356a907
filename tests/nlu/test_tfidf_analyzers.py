"""The TF-IDF featurizer's analyzers give scikit-learn's n-grams, and a fitted featurizer holds
nothing of scikit-learn (a process loading a trained model never imports it)."""

from __future__ import annotations

import pickle

from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.feature_extraction.text import TfidfVectorizer  # type: ignore[import-untyped]

from deskpilot.nlu.intents import TfidfConfig
from deskpilot.nlu.intents._tfidf import CharNgrams, TfidfFeaturizer, WordNgrams

# Words, spaces of every kind, punctuation, accents, digits and underscores.
TEXTS = st.lists(
    st.sampled_from([*"aAbéÉçñ1_ -'.,!?\t\n\u00a0\u2003ßİ", "ab", "xyz", "  "]), max_size=30
).map("".join)
RANGES = st.tuples(st.integers(1, 4), st.integers(0, 3)).map(lambda r: (r[0], r[0] + r[1]))


@settings(max_examples=300, deadline=None)
@given(text=TEXTS, ngrams=RANGES)
def test_word_ngrams_are_scikit_learns(text: str, ngrams: tuple[int, int]) -> None:
    theirs = TfidfVectorizer(ngram_range=ngrams).build_analyzer()
    assert WordNgrams(ngrams)(text) == theirs(text)


@settings(max_examples=300, deadline=None)
@given(text=TEXTS, ngrams=RANGES)
def test_char_ngrams_are_scikit_learns_char_wb(text: str, ngrams: tuple[int, int]) -> None:
    theirs = TfidfVectorizer(analyzer="char_wb", ngram_range=ngrams).build_analyzer()
    assert CharNgrams(ngrams)(text) == theirs(text)


def test_fitted_featurizer_holds_nothing_of_scikit_learn() -> None:
    featurizer = TfidfFeaturizer(TfidfConfig())
    featurizer.fit(["where is my order", "cancel my order please", "refund the blender"] * 2)
    assert b"sklearn" not in pickle.dumps(featurizer)
    assert featurizer.transform(["cancel the order"]).nnz > 0
