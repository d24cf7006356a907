"""The intent classifiers: views with heads, calibrated by cross-validation, with OOS detection.

Training (``fit``) runs in three steps:

1. **Cross-validation.** The examples are split into ``calibration_folds`` stratified folds; each
   fold's heads are trained on the other folds and score the fold. For the ``combined`` OOS method
   some intents are also left out of each fold's training altogether ("held-out intents"), so
   their examples show what an unseen intent scores like.
2. **Calibration.** Each view's held-out logits get a temperature; the ensemble adds the
   calibrated log-probabilities with its weights and gets one more temperature. The OOS detector
   is fitted on the same held-out scores.
3. **Final fit.** The heads are trained again on every example.

The three public classes differ only in the views they combine.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import ClassVar

import numpy as np
from numpy.typing import NDArray

from deskpilot.domain import IntentScore
from deskpilot.errors import NLUError
from deskpilot.nlu._protocols import IntentPrediction, ProgressCallback
from deskpilot.nlu.intents._calibration import fit_temperature, log_softmax, softmax
from deskpilot.nlu.intents._config import ClassifierConfig
from deskpilot.nlu.intents._data import check_training_examples
from deskpilot.nlu.intents._encoder import TextEncoder
from deskpilot.nlu.intents._heads import Head
from deskpilot.nlu.intents._oos import OOSDetector, Signals
from deskpilot.nlu.intents._threads import limited_threads
from deskpilot.nlu.intents._views import EmbeddingView, Neighbours, TfidfView, View, ViewData

logger = logging.getLogger(__name__)

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]
BoolArray = NDArray[np.bool_]


def _assign_folds(y: IntArray, n_folds: int, rng: np.random.Generator) -> IntArray:
    """Stratified fold ids: each class's rows dealt round-robin from a random start."""
    folds = np.zeros(len(y), dtype=np.int64)
    for label in np.unique(y):
        rows = rng.permutation(np.flatnonzero(y == label))
        folds[rows] = (np.arange(len(rows)) + rng.integers(n_folds)) % n_folds
    return folds


def _held_out_groups(
    n_intents: int, n_folds: int, share: float, rng: np.random.Generator
) -> IntArray:
    """For each intent, the fold whose training leaves it out (-1: none)."""
    group = round(share * n_intents)
    groups = np.full(n_intents, -1, dtype=np.int64)
    if group < 1 or n_intents - group < 2 or group * n_folds > n_intents:
        return groups
    order = rng.permutation(n_intents)
    for fold in range(n_folds):
        groups[order[fold * group : (fold + 1) * group]] = fold
    return groups


class CalibratedIntentClassifier:
    """Shared implementation of the registered classifiers; subclasses choose the views."""

    kind: ClassVar[str] = "base"

    def __init__(self, config: ClassifierConfig, views: Sequence[tuple[View, float]]) -> None:
        if not views or sum(w for _, w in views) <= 0:
            raise NLUError("expected at least one view with a positive weight, found none")
        self.config = config
        self._views = [(v, w) for v, w in views if w > 0]
        self._heads: list[Head] = []
        self._temperatures: list[float] = []
        self._final_temperature = 1.0
        self._classes: list[str] = []
        self._n_intents = 0
        self._neighbours: Neighbours | None = None
        self._oos = OOSDetector(config.oos, 0)
        self.calibration_report: dict[str, float] = {}

    @property
    def intents(self) -> tuple[str, ...]:
        """The in-scope intents learned by ``fit``, sorted."""
        return tuple(self._classes[: self._n_intents])

    @property
    def reads_each_alone(self) -> bool:
        """Whether ``classify`` reads each text of a call exactly as it would alone (every
        view's features of a text are its own), so texts may be read together."""
        return all(view.reads_each_alone for view, _ in self._views)

    def reading_key(self, text: str) -> str | None:
        """A key that texts ``classify`` reads exactly alike share (their readings are equal,
        bit for bit), or None when a view cannot tell one (``reading_key`` of every view)."""
        keys = []
        for view, _ in self._views:
            key = getattr(view, "reading_key", None)
            if key is None:
                return None
            keys.append(key(text))
        return "\x00".join(keys)

    @property
    def _similarity_view(self) -> int:
        return int(np.argmax([w for _, w in self._views]))

    def fit(
        self,
        texts: Sequence[str],
        labels: Sequence[str],
        *,
        progress: ProgressCallback | None = None,
    ) -> None:
        """Cross-validate, calibrate, fit the OOS detector, then train on all examples."""
        with limited_threads():
            self._fit(texts, labels, progress or (lambda _step, _done: None))

    def _fit(self, texts: Sequence[str], labels: Sequence[str], report: ProgressCallback) -> None:
        oos_label = self.config.oos.label
        intents = check_training_examples(texts, labels, oos_label)
        pairs = sorted(zip(labels, texts, strict=True))  # order-independent training
        ordered_texts = [t for _, t in pairs]
        is_oos = np.array([label == oos_label for label, _ in pairs], dtype=bool)
        with_oos_class = bool(is_oos.any()) and self.config.oos.oos_class
        self._classes = intents + ([str(oos_label)] if with_oos_class else [])
        self._n_intents = len(intents)
        index = {name: i for i, name in enumerate(self._classes)}
        y = np.array([index.get(label, -1) for label, _ in pairs], dtype=np.int64)

        data = self._featurize(ordered_texts, report)
        oof, similarity, pseudo = self._cross_validate(data, y, is_oos, report)
        self._calibrate(oof, y, pseudo)
        self._fit_oos(oof, similarity, y, is_oos, pseudo)
        report("final fit", 0.85)
        self._fit_final(data, y, is_oos)
        report("done", 1.0)

    def _fit_final(self, data: list[ViewData], y: IntArray, is_oos: BoolArray) -> None:
        """Train each view's head on every example, and index the in-scope ones for similarity."""
        trainable = np.flatnonzero(y >= 0)
        self._heads = []
        for (view, _), view_data in zip(self._views, data, strict=True):
            head = view.new_head(self.config.seed)
            head.fit(view_data.rows(trainable).head_input, y[trainable], len(self._classes))
            self._heads.append(head)
        known = np.flatnonzero(~is_oos)
        sim_view = self._similarity_view
        self._neighbours = self._views[sim_view][0].neighbours(data[sim_view].rows(known), y[known])

    def _featurize(self, texts: list[str], report: ProgressCallback) -> list[ViewData]:
        data: list[ViewData] = []
        share = 0.3 / len(self._views)
        for i, (view, _) in enumerate(self._views):
            view.prepare(texts)

            def step(done: float, i: int = i) -> None:
                report(f"features ({self._views[i][0].name})", share * (i + done))

            data.append(view.features(texts, progress=step))
        return data

    def _cross_validate(
        self, data: list[ViewData], y: IntArray, is_oos: BoolArray, report: ProgressCallback
    ) -> tuple[list[FloatArray], FloatArray, BoolArray]:
        """Held-out logits per view, nearest-neighbour similarity, which rows were pseudo-OOS."""
        cfg = self.config
        rng = np.random.default_rng(cfg.seed)
        n_folds = cfg.calibration_folds
        folds = _assign_folds(np.where(is_oos, -1, y), n_folds, rng)
        share = cfg.oos.holdout_intents if cfg.oos.method == "combined" else 0.0
        groups = _held_out_groups(self._n_intents, n_folds, share, rng)
        in_scope = (y >= 0) & (y < self._n_intents)
        row_group = np.where(in_scope, groups[np.clip(y, 0, self._n_intents - 1)], -1)
        pseudo = row_group == folds
        n_classes = len(self._classes)
        oof = [np.zeros((len(y), n_classes)) for _ in self._views]
        similarity = np.zeros(len(y))
        sim_view = self._similarity_view
        for fold in range(n_folds):
            report(f"cross-validation {fold + 1}/{n_folds}", 0.3 + 0.55 * fold / n_folds)
            held = np.flatnonzero(folds == fold)
            train = np.flatnonzero((folds != fold) & (row_group != fold) & (y >= 0))
            for v, (view, _) in enumerate(self._views):
                head = view.new_head(cfg.seed)
                head.fit(data[v].rows(train).head_input, y[train], n_classes)
                oof[v][held] = head.logits(data[v].rows(held).head_input)
            known = train[~is_oos[train]]
            index = self._views[sim_view][0].neighbours(data[sim_view].rows(known), y[known])
            similarity[held] = index.max_similarity(data[sim_view].rows(held).unit)
        return oof, similarity, pseudo

    def _combine(self, logits: Sequence[FloatArray]) -> FloatArray:
        weights = [w for _, w in self._views]
        total = sum(weights)
        return sum(
            (w / total) * log_softmax(z / t)
            for z, w, t in zip(logits, weights, self._temperatures, strict=True)
        )  # type: ignore[return-value]

    def _calibrate(self, oof: list[FloatArray], y: IntArray, pseudo: BoolArray) -> None:
        rows = (y >= 0) & ~pseudo
        targets = y[rows]
        self._temperatures = [fit_temperature(z[rows], targets) for z in oof]
        combined = self._combine(oof)
        self._final_temperature = fit_temperature(combined[rows], targets)
        logger.debug("temperatures %s, final %.3f", self._temperatures, self._final_temperature)

    def _signals(self, combined: FloatArray, similarity: FloatArray) -> tuple[FloatArray, Signals]:
        probs = softmax(combined / self._final_temperature)
        in_scope = probs[:, : self._n_intents]
        ranked = np.sort(in_scope, axis=1)
        top = ranked[:, -1]
        second = ranked[:, -2] if in_scope.shape[1] > 1 else np.zeros(len(top))
        oos_prob = (
            probs[:, self._n_intents]
            if len(self._classes) > self._n_intents
            else np.zeros(len(top))
        )
        signals = Signals(
            top=top,
            margin=top - second,
            oos_prob=oos_prob,
            similarity=similarity,
            predicted=np.argmax(in_scope, axis=1).astype(np.int64),
        )
        return in_scope, signals

    def _fit_oos(
        self,
        oof: list[FloatArray],
        similarity: FloatArray,
        y: IntArray,
        is_oos: BoolArray,
        pseudo: BoolArray,
    ) -> None:
        _, signals = self._signals(self._combine(oof), similarity)
        in_scope = ~is_oos & ~pseudo
        correct = signals.predicted == y
        self._oos = OOSDetector(self.config.oos, self._n_intents)
        outside = is_oos | pseudo
        self._oos.fit(signals.subset(in_scope), correct[in_scope], signals.subset(outside))
        self.calibration_report = {
            "held_out_accuracy": float(correct[in_scope].mean()),
            "oos_threshold": float(self._oos.threshold),
            "held_out_oos_rows": float(outside.sum()),
        }

    def _predict_arrays(self, texts: Sequence[str]) -> tuple[FloatArray, Signals]:
        if not self._heads:
            raise NLUError("expected a trained classifier, found one that was never fitted")
        logits = []
        sims = np.zeros(len(texts))
        for v, ((view, _), head) in enumerate(zip(self._views, self._heads, strict=True)):
            data = view.query(texts)
            logits.append(head.logits(data.head_input))
            if v == self._similarity_view and self._neighbours is not None:
                sims = self._neighbours.max_similarity(data.unit)
        return self._signals(self._combine(logits), sims)

    def predict(self, texts: Sequence[str]) -> list[list[IntentScore]]:
        """Ranked in-scope intents with calibrated confidences, for each text."""
        return [list(p.intents) for p in self.classify(texts)]

    def classify(self, texts: Sequence[str]) -> list[IntentPrediction]:
        """Ranked intents plus the out-of-scope verdict, for each text."""
        if isinstance(texts, str):
            raise NLUError("expected a sequence of texts, found a single string")
        if len(texts) == 0:
            return []
        with limited_threads():
            probs, signals = self._predict_arrays(texts)
            scores, verdicts = self._oos.decide(signals)
        names = self.intents
        out = []
        for row, score, verdict in zip(probs, scores, verdicts, strict=True):
            # Python's floats and ints, indexed a fifth as dearly as numpy's one at a time
            values = row.tolist()
            order = np.argsort(-row, kind="stable").tolist()
            ranked = tuple(IntentScore(names[i], values[i]) for i in order)
            out.append(IntentPrediction(ranked, bool(verdict), float(score)))
        return out


class TfidfIntentClassifier(CalibratedIntentClassifier):
    """Word and character TF-IDF with a linear SVM: fast, small, no extra dependency."""

    kind = "tfidf"

    def __init__(self, config: ClassifierConfig | None = None) -> None:
        config = config or ClassifierConfig()
        super().__init__(config, [(TfidfView(config.tfidf), 1.0)])


class EmbeddingIntentClassifier(CalibratedIntentClassifier):
    """Frozen all-MiniLM-L6-v2 features with an MLP head (the ``embeddings`` extra)."""

    kind = "embedding"

    def __init__(
        self, config: ClassifierConfig | None = None, *, encoder: TextEncoder | None = None
    ) -> None:
        config = config or ClassifierConfig()
        super().__init__(config, [(EmbeddingView(config.embedding, encoder), 1.0)])


class EnsembleIntentClassifier(CalibratedIntentClassifier):
    """TF-IDF and embedding heads, their calibrated log-probabilities averaged with weights."""

    kind = "ensemble"

    def __init__(
        self, config: ClassifierConfig | None = None, *, encoder: TextEncoder | None = None
    ) -> None:
        config = config or ClassifierConfig()
        super().__init__(
            config,
            [
                (TfidfView(config.tfidf), config.tfidf_weight),
                (EmbeddingView(config.embedding, encoder), 1.0 - config.tfidf_weight),
            ],
        )
