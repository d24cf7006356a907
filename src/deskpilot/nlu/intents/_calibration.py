"""Confidence calibration: temperature scaling fitted on held-out scores, and its measurement.

Temperature scaling (Guo et al., 2017) divides a model's logits by one number ``T`` chosen to
minimise the negative log-likelihood of held-out labels. It keeps the ranking and fixes the
over- or under-confidence that margins (SVM) and label smoothing (MLP) leave behind, so that
"0.9" means right about nine times in ten.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]


def log_softmax(logits: FloatArray) -> FloatArray:
    """Row-wise log-softmax, stable for large logits."""
    shifted = logits - logits.max(axis=1, keepdims=True)
    out: FloatArray = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    return out


def softmax(logits: FloatArray) -> FloatArray:
    """Row-wise softmax."""
    return np.exp(log_softmax(logits))


def _nll(logits: FloatArray, targets: IntArray, temperature: float) -> float:
    logp = log_softmax(logits / temperature)
    return float(-logp[np.arange(len(targets)), targets].mean())


def fit_temperature(logits: FloatArray, targets: IntArray) -> float:
    """The temperature minimising held-out NLL: a coarse log-grid, then a golden-section refine."""
    if len(targets) == 0:
        return 1.0
    grid = np.exp(np.linspace(np.log(1e-3), np.log(1e3), 61))
    losses = [_nll(logits, targets, float(t)) for t in grid]
    best = int(np.argmin(losses))
    lo = np.log(grid[max(best - 1, 0)])
    hi = np.log(grid[min(best + 1, len(grid) - 1)])
    ratio = (np.sqrt(5.0) - 1.0) / 2.0
    a, b = hi - ratio * (hi - lo), lo + ratio * (hi - lo)
    for _ in range(40):
        if _nll(logits, targets, float(np.exp(a))) < _nll(logits, targets, float(np.exp(b))):
            hi = b
        else:
            lo = a
        a, b = hi - ratio * (hi - lo), lo + ratio * (hi - lo)
    return float(np.exp((lo + hi) / 2.0))


def expected_calibration_error(
    confidences: FloatArray, correct: NDArray[np.bool_], bins: int = 15
) -> float:
    """ECE: the bin-weighted gap between confidence and accuracy, over equal-width bins."""
    if len(confidences) == 0:
        return 0.0
    edges = np.linspace(0.0, 1.0, bins + 1)
    which = np.clip(np.digitize(confidences, edges[1:-1], right=True), 0, bins - 1)
    total = 0.0
    for b in range(bins):
        mask = which == b
        if mask.any():
            gap = abs(float(confidences[mask].mean()) - float(correct[mask].mean()))
            total += gap * float(mask.mean())
    return total
