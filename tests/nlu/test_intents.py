"""The intent classifier API on small fixture data: ranking, calibration, OOS, cache, errors."""

from __future__ import annotations

import random
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest

from deskpilot.errors import NLUError
from deskpilot.nlu import IntentClassifier, IntentPrediction
from deskpilot.nlu.intents import (
    ClassifierConfig,
    ClassifierRegistry,
    OOSConfig,
    TfidfConfig,
    TfidfIntentClassifier,
    default_registry,
    expected_calibration_error,
    fit_temperature,
    load_classifier,
    read_examples,
    train_classifier,
)

FIXTURES = Path(__file__).parent / "fixtures"
TRAIN = read_examples(FIXTURES / "intents_train.csv")
TEST = read_examples(FIXTURES / "intents_test.csv")
INTENTS = ("cancel_order", "change_address", "refund_request", "track_order")


@pytest.fixture(scope="module")
def tfidf() -> TfidfIntentClassifier:
    classifier = TfidfIntentClassifier()
    classifier.fit(TRAIN.texts, TRAIN.labels)
    return classifier


def _guesses(predictions: Sequence[IntentPrediction]) -> list[str]:
    return ["oos" if p.out_of_scope else p.intents[0].name for p in predictions]


def test_tfidf_classifier_learns_fixture_intents(tfidf: TfidfIntentClassifier) -> None:
    assert isinstance(tfidf, IntentClassifier)
    assert tfidf.intents == INTENTS  # the oos label is not an intent
    in_scope = [(t, y) for t, y in zip(TEST.texts, TEST.labels, strict=True) if y != "oos"]
    ranked = tfidf.predict([t for t, _ in in_scope])
    right = sum(r[0].name == y for r, (_, y) in zip(ranked, in_scope, strict=True))
    assert right / len(in_scope) >= 0.85


def test_tfidf_classifier_ranks_every_intent_best_first(tfidf: TfidfIntentClassifier) -> None:
    for ranking in tfidf.predict(["where is my parcel", "please refund me"]):
        assert sorted(s.name for s in ranking) == list(INTENTS)
        confidences = [s.confidence for s in ranking]
        assert confidences == sorted(confidences, reverse=True)
        assert all(0.0 <= c <= 1.0 for c in confidences)
        assert sum(confidences) <= 1.0 + 1e-9  # the rest is the out-of-scope share
    assert tfidf.predict(["where is my parcel"])[0][0].name == "track_order"


def test_tfidf_classifier_reads_each_text_of_a_call_as_alone(tfidf: TfidfIntentClassifier) -> None:
    # The understanding reads a message and its parts in one call: each reading, the
    # out-of-scope score included, is the one the text gets alone, bit for bit.
    assert tfidf.reads_each_alone
    texts = list(TEST.texts)
    alone = [tfidf.classify([t])[0] for t in texts]
    together = [p for i in range(0, len(texts), 5) for p in tfidf.classify(texts[i : i + 5])]
    assert together == alone


def test_tfidf_classifier_flags_out_of_scope_fixture_texts(tfidf: TfidfIntentClassifier) -> None:
    guesses = _guesses(tfidf.classify(TEST.texts))
    outside = [g for g, y in zip(guesses, TEST.labels, strict=True) if y == "oos"]
    inside = [(g, y) for g, y in zip(guesses, TEST.labels, strict=True) if y != "oos"]
    assert sum(g == "oos" for g in outside) / len(outside) >= 0.6
    assert sum(g == y for g, y in inside) / len(inside) >= 0.85


@pytest.mark.parametrize("method", ["probability", "per_intent", "neighbours", "combined"])
def test_oos_methods_each_separate_fixture_oos(method: str) -> None:
    config = ClassifierConfig(oos=OOSConfig(method=method))  # type: ignore[arg-type]
    classifier = TfidfIntentClassifier(config)
    classifier.fit(TRAIN.texts, TRAIN.labels)
    predictions = classifier.classify(TEST.texts)
    oos_scores = [p.oos_score for p, y in zip(predictions, TEST.labels, strict=True) if y == "oos"]
    in_scores = [p.oos_score for p, y in zip(predictions, TEST.labels, strict=True) if y != "oos"]
    assert np.mean(oos_scores) > np.mean(in_scores)
    assert any(p.out_of_scope for p in predictions)


def test_oos_method_none_never_flags() -> None:
    classifier = TfidfIntentClassifier(ClassifierConfig(oos=OOSConfig(method="none")))
    classifier.fit(TRAIN.texts, TRAIN.labels)
    assert not any(p.out_of_scope for p in classifier.classify(TEST.texts))


def test_classifier_without_oos_rows_still_detects_oos_from_held_out_intents() -> None:
    rows = [(t, y) for t, y in zip(TRAIN.texts, TRAIN.labels, strict=True) if y != "oos"]
    config = ClassifierConfig(oos=OOSConfig(label=None, holdout_intents=0.25))
    classifier = TfidfIntentClassifier(config)
    classifier.fit([t for t, _ in rows], [y for _, y in rows])
    assert classifier.calibration_report["held_out_oos_rows"] > 0
    scores = {p.oos_score for p in classifier.classify(TEST.texts)}
    assert len(scores) > 1


def test_fit_temperature_repairs_overconfident_logits() -> None:
    rng = np.random.default_rng(0)
    targets = rng.integers(0, 5, size=4000)
    logits = rng.normal(size=(4000, 5))
    logits[np.arange(4000), targets] += 1.5  # right about 60 % of the time
    overconfident = logits * 6.0
    temperature = fit_temperature(overconfident, targets)
    assert temperature > 3.0

    def ece(z: np.ndarray) -> float:
        p = np.exp(z - z.max(1, keepdims=True))
        p /= p.sum(1, keepdims=True)
        return expected_calibration_error(p.max(1), p.argmax(1) == targets)

    assert ece(overconfident / temperature) < 0.03 < ece(overconfident)


def test_classifier_confidence_tracks_held_out_accuracy(tfidf: TfidfIntentClassifier) -> None:
    in_scope = [(t, y) for t, y in zip(TEST.texts, TEST.labels, strict=True) if y != "oos"]
    ranked = tfidf.predict([t for t, _ in in_scope])
    confidence = np.mean([r[0].confidence for r in ranked])
    accuracy = np.mean([r[0].name == y for r, (_, y) in zip(ranked, in_scope, strict=True)])
    assert abs(confidence - accuracy) < 0.3


def test_registry_unknown_name_lists_valid_names() -> None:
    with pytest.raises(NLUError, match="expected one of: embedding, ensemble, tfidf"):
        default_registry().create("bert")


def test_registry_refuses_a_name_twice() -> None:
    registry = ClassifierRegistry()
    registry.register("tfidf", TfidfIntentClassifier)
    with pytest.raises(NLUError, match="already registered"):
        registry.register("tfidf", TfidfIntentClassifier)


def test_fit_with_one_intent_only_says_what_was_found() -> None:
    with pytest.raises(NLUError, match=r"at least 2 intents.*found 1: track_order"):
        TfidfIntentClassifier().fit(
            ["where is it", "has it shipped", "hello"], ["track_order"] * 2 + ["oos"]
        )


def test_fit_with_mismatched_lengths_is_refused() -> None:
    with pytest.raises(NLUError, match="one label per text"):
        TfidfIntentClassifier().fit(["a", "b", "c"], ["x", "y"])


def test_classify_before_fit_or_with_a_bare_string_is_refused(tfidf: TfidfIntentClassifier) -> None:
    with pytest.raises(NLUError, match="never fitted"):
        TfidfIntentClassifier().classify(["hello"])
    with pytest.raises(NLUError, match="single string"):
        tfidf.classify("where is my order")  # type: ignore[arg-type]
    assert tfidf.classify([]) == []


class _CountingTfidf(TfidfIntentClassifier):
    fits = 0

    def fit(self, *args: object, **kwargs: object) -> None:  # type: ignore[override]
        type(self).fits += 1
        super().fit(*args, **kwargs)  # type: ignore[arg-type]


def test_train_classifier_caches_by_examples_and_config(tmp_path: Path) -> None:
    registry = ClassifierRegistry()
    registry.register("counting", _CountingTfidf)
    _CountingTfidf.fits = 0
    first = train_classifier(
        TRAIN.texts, TRAIN.labels, name="counting", cache_dir=tmp_path, registry=registry
    )
    assert not first.from_cache and _CountingTfidf.fits == 1
    assert first.path is not None and first.path.is_file()

    shuffled = list(zip(TRAIN.texts, TRAIN.labels, strict=True))
    random.Random(3).shuffle(shuffled)
    second = train_classifier(
        [t for t, _ in shuffled],
        [y for _, y in shuffled],
        name="counting",
        cache_dir=tmp_path,
        registry=registry,
    )
    assert second.from_cache and _CountingTfidf.fits == 1  # same examples: no refit
    assert second.key == first.key
    assert second.classifier.predict(["where is my parcel"]) == first.classifier.predict(
        ["where is my parcel"]
    )

    changed = ClassifierConfig(tfidf=TfidfConfig(c=0.5))
    third = train_classifier(
        TRAIN.texts,
        TRAIN.labels,
        name="counting",
        config=changed,
        cache_dir=tmp_path,
        registry=registry,
    )
    assert not third.from_cache and _CountingTfidf.fits == 2
    fourth = train_classifier(
        (*TRAIN.texts, "where did my box go"),
        (*TRAIN.labels, "track_order"),
        name="counting",
        cache_dir=tmp_path,
        registry=registry,
    )
    assert not fourth.from_cache and _CountingTfidf.fits == 3


def test_stored_model_loads_and_predicts_the_same(tmp_path: Path) -> None:
    trained = train_classifier(TRAIN.texts, TRAIN.labels, cache_dir=tmp_path)
    assert trained.path is not None
    loaded = load_classifier(trained.path)
    assert loaded.classify(TEST.texts) == trained.classifier.classify(TEST.texts)


def test_load_classifier_rejects_other_files(tmp_path: Path) -> None:
    bogus = tmp_path / "model.pkl"
    bogus.write_bytes(b"not a pickle")
    with pytest.raises(NLUError, match="expected a DeskPilot intent model"):
        load_classifier(bogus)
    with pytest.raises(NLUError, match="no such file"):
        load_classifier(tmp_path / "missing.pkl")


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("empty.csv", "expected a header row 'text,label' and examples, found an empty file"),
        ("missing_column.csv", "expected columns 'text' and 'label'.*found 'utterance', 'intent'"),
        ("not_utf8.csv", "expected UTF-8 text, found byte 0xe9 on line 3"),
        ("nothing_here.csv", "found no such file"),
    ],
)
def test_read_examples_bad_files_say_what_was_expected(name: str, message: str) -> None:
    with pytest.raises(NLUError, match=message):
        read_examples(FIXTURES / name)


def test_docs_python_examples_run(monkeypatch: pytest.MonkeyPatch) -> None:
    from deskpilot.settings import PROJECT_ROOT

    text = (PROJECT_ROOT / "docs" / "nlu.md").read_text(encoding="utf-8")
    blocks = [b.split("```", 1)[0] for b in text.split("```python\n")[1:]]
    assert blocks, "docs/nlu.md has no python example"
    monkeypatch.chdir(PROJECT_ROOT)
    for block in blocks:
        exec(compile(block, "docs/nlu.md", "exec"), {})
