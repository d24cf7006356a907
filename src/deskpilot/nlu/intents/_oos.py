"""Out-of-scope detection, fitted on cross-validated (held-out) scores of the training examples.

Every detector turns per-text signals into one ``oos_score`` and compares it with a threshold
placed so that a chosen share of held-out *in-scope* examples stays in scope
(``OOSConfig.in_scope_recall``). The signals:

- ``top``: the calibrated confidence of the best in-scope intent;
- ``margin``: how far the best intent is ahead of the second;
- ``oos_prob``: the probability of the out-of-scope class, when the data has such rows;
- ``similarity``: cosine similarity to the nearest in-scope training example.

``probability`` thresholds ``top`` once for all intents; ``per_intent`` thresholds it per predicted
intent (shrunk toward the global threshold when an intent has few examples); ``neighbours``
thresholds ``similarity``; ``combined`` fits a logistic regression over all signals, taught by
the out-of-scope rows of the data and by *held-out intents*: in each cross-validation fold some
intents are left out of training altogether, so their examples show what an intent the model has
never seen looks like.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from deskpilot.nlu.intents._config import OOSConfig

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]

_SHRINK = 20.0  # pseudo-count pulling a per-intent threshold toward the global one


@dataclass(frozen=True)
class Signals:
    """OOS signals for a batch of texts; ``predicted`` is the best in-scope intent's index."""

    top: FloatArray
    margin: FloatArray
    oos_prob: FloatArray
    similarity: FloatArray
    predicted: IntArray

    def subset(self, mask: NDArray[np.bool_]) -> Signals:
        """The rows where ``mask`` holds."""
        return Signals(
            self.top[mask],
            self.margin[mask],
            self.oos_prob[mask],
            self.similarity[mask],
            self.predicted[mask],
        )


def _features(s: Signals) -> FloatArray:
    eps = 1e-6
    top = np.clip(s.top, eps, 1 - eps)
    oos = np.clip(s.oos_prob, eps, 1 - eps)
    return np.column_stack(
        [np.log(top / (1 - top)), s.margin, np.log(oos / (1 - oos)), s.similarity]
    )


class OOSDetector:
    """Scores how likely texts are out of scope and decides with a fitted threshold."""

    def __init__(self, config: OOSConfig, n_intents: int) -> None:
        self.config = config
        self.n_intents = n_intents
        self.threshold = np.inf
        self._per_intent: FloatArray | None = None
        self._weights: FloatArray | None = None
        self._bias = 0.0
        self._mean: FloatArray | None = None
        self._scale: FloatArray | None = None

    def score(self, s: Signals) -> FloatArray:
        """Larger means more likely out of scope; comparable with ``threshold``."""
        method = self.config.method
        if method in ("probability", "per_intent", "none"):
            raw = 1.0 - s.top
        elif method == "neighbours":
            raw = 1.0 - s.similarity
        else:
            assert self._weights is not None and self._mean is not None and self._scale is not None
            z = (_features(s) - self._mean) / self._scale @ self._weights + self._bias
            raw = 1.0 / (1.0 + np.exp(-z))
        if method == "per_intent" and self._per_intent is not None:
            # Shift so one threshold (0) applies: positive means past the intent's own bar.
            return np.asarray(raw - self._per_intent[s.predicted], dtype=np.float64)
        return np.asarray(raw, dtype=np.float64)

    def decide(self, s: Signals) -> tuple[FloatArray, NDArray[np.bool_]]:
        """Scores and verdicts (True = out of scope), each text's score the one it gets read
        alone: the logistic's matrix product over several rows may round a row's score
        otherwise (by 1e-17), and a text's verdict does not depend on what it is read with."""
        n = len(s.top)
        if n <= 1:
            scores = self.score(s)
        else:
            rows = np.arange(n)
            scores = np.concatenate([self.score(s.subset(rows == i)) for i in range(n)])
        return scores, scores > self.threshold

    def fit(self, in_scope: Signals, correct: NDArray[np.bool_], outside: Signals) -> None:
        """Fit from held-out in-scope signals (and whether their top intent was right) and
        held-out out-of-scope signals (OOS rows and held-out intents; may be empty)."""
        method = self.config.method
        if method == "none" or len(in_scope.top) == 0:
            self.threshold = np.inf
            return
        if method == "combined":
            self._fit_logistic(in_scope, outside)
        quantile = self.config.in_scope_recall
        if method == "per_intent":
            self._fit_per_intent(in_scope, correct, quantile)
            self.threshold = 0.0
            return
        self.threshold = float(np.quantile(self.score(in_scope), quantile))

    def _fit_per_intent(
        self, in_scope: Signals, correct: NDArray[np.bool_], quantile: float
    ) -> None:
        raw = 1.0 - in_scope.top
        overall = float(np.quantile(raw, quantile))
        bars = np.full(self.n_intents, overall)
        for intent in range(self.n_intents):
            mine = raw[(in_scope.predicted == intent) & correct]
            if len(mine):
                own = float(np.quantile(mine, quantile))
                bars[intent] = (len(mine) * own + _SHRINK * overall) / (len(mine) + _SHRINK)
        self._per_intent = bars

    def _fit_logistic(self, in_scope: Signals, outside: Signals) -> None:
        from sklearn.linear_model import LogisticRegression  # type: ignore[import-untyped]

        x_in, x_out = _features(in_scope), _features(outside)
        if len(x_out) == 0:
            # Nothing to learn the direction from: fall back to top confidence and similarity.
            self._mean = np.zeros(4)
            self._scale = np.ones(4)
            self._weights = np.array([-1.0, 0.0, 0.0, -4.0])
            return
        x = np.vstack([x_in, x_out])
        y = np.concatenate([np.zeros(len(x_in)), np.ones(len(x_out))])
        self._mean = x.mean(axis=0)
        self._scale = np.maximum(x.std(axis=0), 1e-6)
        model = LogisticRegression(C=1.0, class_weight="balanced", max_iter=1000)
        model.fit((x - self._mean) / self._scale, y)
        self._weights = np.asarray(model.coef_[0], dtype=np.float64)
        self._bias = float(model.intercept_[0])
