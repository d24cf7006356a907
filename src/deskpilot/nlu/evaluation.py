"""Evaluating intent classifiers: accuracy, macro-F1, out-of-scope, calibration and speed.

Definitions follow Larson et al. (2019) for data with an out-of-scope label: a text's predicted
label is the out-of-scope label when the classifier says so, else its top intent; *in-scope
accuracy* is the share of in-scope texts given their right intent (a false out-of-scope verdict
counts as wrong); *OOS recall* is the share of out-of-scope texts flagged. Without an
out-of-scope label, the verdict is ignored and accuracy is plain top-1 accuracy.
"""

from __future__ import annotations

import random
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import numpy as np

from deskpilot.errors import NLUError
from deskpilot.nlu._protocols import IntentClassifier, IntentPrediction, ProgressCallback
from deskpilot.nlu.intents import (
    ClassifierConfig,
    ClassifierRegistry,
    Examples,
    OOSConfig,
    expected_calibration_error,
    train_classifier,
)


@dataclass(frozen=True)
class EvaluationReport:
    """The figures ``deskpilot nlu eval`` prints (``to_json`` for ``--json``)."""

    classifier: str
    train_examples: int
    test_examples: int
    intents: int
    accuracy: float
    macro_f1: float
    ece: float
    in_scope_accuracy: float | None
    oos_recall: float | None
    training_seconds: float
    from_cache: bool
    latency_p50_ms: float
    latency_p95_ms: float
    throughput_per_second: float

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready dict with rounded figures."""
        return {k: (round(v, 6) if isinstance(v, float) else v) for k, v in asdict(self).items()}

    def lines(self) -> list[str]:
        """Human-readable lines, one figure each."""
        out = [
            f"classifier          {self.classifier}",
            f"examples            {self.train_examples} train, {self.test_examples} test, "
            f"{self.intents} intents",
            f"accuracy            {self.accuracy:.2%}",
            f"macro-F1            {self.macro_f1:.2%}",
        ]
        if self.in_scope_accuracy is not None and self.oos_recall is not None:
            out += [
                f"in-scope accuracy   {self.in_scope_accuracy:.2%}",
                f"OOS recall          {self.oos_recall:.2%}",
            ]
        cached = " (loaded from cache)" if self.from_cache else ""
        out += [
            f"calibration ECE     {self.ece:.4f}",
            f"training time       {self.training_seconds:.1f} s{cached}",
            f"latency, one query  p50 {self.latency_p50_ms:.2f} ms, "
            f"p95 {self.latency_p95_ms:.2f} ms",
            f"throughput, batch   {self.throughput_per_second:.0f} texts/s",
        ]
        return out


def macro_f1(truth: Sequence[str], predicted: Sequence[str]) -> float:
    """Unweighted mean of per-label F1 over every label that occurs in truth or prediction."""
    tp: Counter[str] = Counter()
    fp: Counter[str] = Counter()
    fn: Counter[str] = Counter()
    for t, p in zip(truth, predicted, strict=True):
        if t == p:
            tp[t] += 1
        else:
            fp[p] += 1
            fn[t] += 1
    labels = set(truth) | set(predicted)
    scores = [
        2 * tp[x] / (2 * tp[x] + fp[x] + fn[x]) if tp[x] + fp[x] + fn[x] else 0.0 for x in labels
    ]
    return float(np.mean(scores)) if scores else 0.0


@dataclass(frozen=True)
class _Quality:
    accuracy: float
    macro_f1: float
    ece: float
    in_scope_accuracy: float | None
    oos_recall: float | None


def score_predictions(
    predictions: Sequence[IntentPrediction], labels: Sequence[str], oos_label: str | None
) -> _Quality:
    """Accuracy, macro-F1, calibration error and (with ``oos_label``) the OOS figures."""
    tops = [p.top.name if p.top is not None else "" for p in predictions]
    confidences = np.array([p.top.confidence if p.top is not None else 0.0 for p in predictions])
    if oos_label is None:
        correct = np.array([t == y for t, y in zip(tops, labels, strict=True)])
        return _Quality(
            accuracy=float(correct.mean()),
            macro_f1=macro_f1(labels, tops),
            ece=expected_calibration_error(confidences, correct),
            in_scope_accuracy=None,
            oos_recall=None,
        )
    guessed = [oos_label if p.out_of_scope else t for p, t in zip(predictions, tops, strict=True)]
    right = np.array([g == y for g, y in zip(guessed, labels, strict=True)])
    outside = np.array([y == oos_label for y in labels])
    inside = ~outside
    top_right = np.array([t == y for t, y in zip(tops, labels, strict=True)])
    return _Quality(
        accuracy=float(right.mean()),
        macro_f1=macro_f1(labels, guessed),
        ece=expected_calibration_error(confidences[inside], top_right[inside]),
        in_scope_accuracy=float(right[inside].mean()) if inside.any() else None,
        oos_recall=float(right[outside].mean()) if outside.any() else None,
    )


def measure_latency(
    classifier: IntentClassifier, texts: Sequence[str], *, queries: int = 200, seed: int = 0
) -> tuple[float, float]:
    """p50 and p95 milliseconds of ``classify`` on one text at a time (after a warm-up)."""
    rng = random.Random(seed)
    sample = [rng.choice(texts) for _ in range(queries)]
    for text in sample[:10]:
        classifier.classify([text])
    timings = []
    for text in sample:
        start = time.perf_counter()
        classifier.classify([text])
        timings.append((time.perf_counter() - start) * 1000.0)
    p50, p95 = np.percentile(timings, [50, 95])
    return float(p50), float(p95)


def evaluate(
    train: Examples,
    test: Examples,
    *,
    classifier: str = "tfidf",
    oos_label: str | None = None,
    config: ClassifierConfig | None = None,
    cache_dir: Path | None = None,
    progress: ProgressCallback | None = None,
    latency_queries: int = 200,
    registry: ClassifierRegistry | None = None,
) -> EvaluationReport:
    """Train (or load from ``cache_dir``) on ``train``, then measure on ``test``.

    Without ``oos_label`` the out-of-scope detector is switched off (there is nothing to detect).
    """
    if len(test) == 0:
        raise NLUError("expected test examples, found none")
    config = config or ClassifierConfig()
    oos = OOSConfig(label=oos_label) if oos_label else OOSConfig(label=None, method="none")
    config = config.model_copy(update={"oos": oos})
    trained = train_classifier(
        train.texts,
        train.labels,
        name=classifier,
        config=config,
        cache_dir=cache_dir,
        registry=registry,
        progress=progress,
    )
    model = trained.classifier
    start = time.perf_counter()
    predictions = model.classify(list(test.texts))
    throughput = len(test) / max(time.perf_counter() - start, 1e-9)
    quality = score_predictions(predictions, test.labels, oos_label)
    p50, p95 = measure_latency(model, test.texts, queries=latency_queries)
    return EvaluationReport(
        classifier=classifier,
        train_examples=len(train),
        test_examples=len(test),
        intents=len(model.intents),
        accuracy=quality.accuracy,
        macro_f1=quality.macro_f1,
        ece=quality.ece,
        in_scope_accuracy=quality.in_scope_accuracy,
        oos_recall=quality.oos_recall,
        training_seconds=trained.training_seconds,
        from_cache=trained.from_cache,
        latency_p50_ms=p50,
        latency_p95_ms=p95,
        throughput_per_second=throughput,
    )
