"""Classifier heads: trained on a feature matrix, they give one raw score (logit) per class.

``LinearSvcHead`` (scikit-learn) serves sparse TF-IDF features; ``MlpHead`` (torch for training,
numpy for inference) serves dense sentence-embedding features. Logits are calibrated later.
"""

from __future__ import annotations

import math
from typing import Any, Protocol

import numpy as np
from numpy.typing import NDArray
from scipy import sparse  # type: ignore[import-untyped]
from scipy.special import erf  # type: ignore[import-untyped]

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]
Matrix = NDArray[np.float32] | sparse.csr_matrix

_ABSENT = -30.0  # logit for a class a fold never saw: effectively probability zero


class Head(Protocol):
    """A trainable map from features to one logit per class."""

    def fit(self, x: Any, y: IntArray, n_classes: int) -> None:
        """Train on rows ``x`` with class indices ``y`` in ``range(n_classes)``."""
        ...

    def logits(self, x: Any) -> FloatArray:
        """Raw scores, shape (rows, n_classes)."""
        ...


def _spread(scores: FloatArray, seen: IntArray, n_classes: int) -> FloatArray:
    """Place the scores of the classes a model saw into columns for all classes."""
    out = np.full((scores.shape[0], n_classes), _ABSENT, dtype=np.float64)
    out[:, seen] = scores
    return out


class LinearSvcHead:
    """A one-vs-rest linear SVM; its margins act as logits (temperature scaling fixes the scale)."""

    def __init__(self, c: float, seed: int) -> None:
        self.c = c
        self.seed = seed
        self._coef: NDArray[np.float32] | None = None
        self._bias: FloatArray | None = None
        self._seen: IntArray | None = None
        self._n_classes = 0

    def fit(self, x: Any, y: IntArray, n_classes: int) -> None:
        """Fit with scikit-learn's liblinear; one class present degenerates to a constant."""
        from sklearn.svm import LinearSVC  # type: ignore[import-untyped]

        seen = np.unique(y)
        self._n_classes = n_classes
        self._seen = seen
        if len(seen) == 1:
            self._coef = np.zeros((x.shape[1], 1), dtype=np.float32)
            self._bias = np.zeros(1)
            return
        model = LinearSVC(C=self.c, random_state=self.seed, max_iter=5000).fit(x, y)
        coef = np.asarray(model.coef_, dtype=np.float64)
        bias = np.asarray(model.intercept_, dtype=np.float64)
        if len(seen) == 2:  # scikit-learn keeps one hyperplane for two classes
            coef = np.vstack([-coef[0] / 2, coef[0] / 2])
            bias = np.array([-bias[0] / 2, bias[0] / 2])
        self._coef = np.ascontiguousarray(coef.T, dtype=np.float32)  # features x classes
        self._bias = bias

    def logits(self, x: Any) -> FloatArray:
        """Signed distances to each class's hyperplane."""
        assert self._coef is not None and self._bias is not None and self._seen is not None
        scores = np.asarray(x @ self._coef, dtype=np.float64) + self._bias
        return _spread(scores, self._seen, self._n_classes)


def _gelu(x: NDArray[np.float32]) -> NDArray[np.float32]:
    out: NDArray[np.float32] = (0.5 * x * (1.0 + erf(x / np.sqrt(2.0)))).astype(np.float32)
    return out


class MlpHead:
    """One hidden layer (GELU, dropout), trained with AdamW, one-cycle LR and label smoothing.

    Training runs in torch in a forked RNG (the caller's random state is untouched); the
    weights are then kept as numpy arrays, so prediction does not pay torch's per-call overhead
    and a pickled head carries no torch objects.
    """

    def __init__(
        self,
        *,
        hidden_size: int,
        dropout: float,
        input_dropout: float,
        epochs: int,
        batch_size: int,
        learning_rate: float,
        weight_decay: float,
        label_smoothing: float,
        seed: int,
        input_scale: float = 10.0,
    ) -> None:
        self.hidden_size = hidden_size
        self.dropout = dropout
        self.input_dropout = input_dropout
        self.epochs = epochs
        self.batch_size = batch_size
        self.learning_rate = learning_rate
        self.weight_decay = weight_decay
        self.label_smoothing = label_smoothing
        self.seed = seed
        self.input_scale = input_scale
        self._layers: list[tuple[NDArray[np.float32], NDArray[np.float32]]] = []
        self._seen: IntArray | None = None
        self._n_classes = 0

    def fit(self, x: Any, y: IntArray, n_classes: int) -> None:
        """Train on dense features; classes are re-indexed to those present."""
        import torch
        from torch import nn

        from deskpilot.nlu.intents._threads import torch_threads

        seen, local = np.unique(y, return_inverse=True)
        self._seen = seen
        self._n_classes = n_classes
        with torch_threads(), torch.random.fork_rng(devices=[]):
            torch.manual_seed(self.seed)
            inputs = torch.tensor(np.asarray(x) * self.input_scale, dtype=torch.float32)
            targets = torch.tensor(local, dtype=torch.long)
            width = inputs.shape[1]
            modules: list[nn.Module] = [nn.Dropout(self.input_dropout)]
            if self.hidden_size:
                modules += [nn.Linear(width, self.hidden_size), nn.GELU(), nn.Dropout(self.dropout)]
                width = self.hidden_size
            modules.append(nn.Linear(width, len(seen)))
            net = nn.Sequential(*modules)
            self._train(net, inputs, targets)
        self._layers = [
            (m.weight.detach().numpy().T.copy(), m.bias.detach().numpy().copy())
            for m in net
            if isinstance(m, nn.Linear)
        ]

    def _train(self, net: Any, inputs: Any, targets: Any) -> None:
        """Mini-batch AdamW with a one-cycle learning rate (warm-up 30 %, cosine decay).

        Written out rather than taken from ``torch.optim``: its first step imports torch's
        compiler stack, which costs seconds per process and buys nothing for a model this size.
        """
        import torch

        n = len(inputs)
        steps = self.epochs * ((n + self.batch_size - 1) // self.batch_size)
        warmup = max(1, int(0.3 * steps))
        params = [p for p in net.parameters() if p.requires_grad]
        first = [torch.zeros_like(p) for p in params]
        second = [torch.zeros_like(p) for p in params]
        beta1, beta2, eps = 0.9, 0.999, 1e-8
        loss_fn = torch.nn.CrossEntropyLoss(label_smoothing=self.label_smoothing)
        net.train()
        step = 0
        for _ in range(self.epochs):
            order = torch.randperm(n)
            for start in range(0, n, self.batch_size):
                batch = order[start : start + self.batch_size]
                net.zero_grad(set_to_none=True)
                loss_fn(net(inputs[batch]), targets[batch]).backward()
                step += 1
                if step <= warmup:
                    lr = self.learning_rate * (0.04 + 0.96 * step / warmup)
                else:
                    progress = (step - warmup) / max(1, steps - warmup)
                    lr = self.learning_rate * 0.5 * (1 + math.cos(math.pi * progress))
                with torch.no_grad():
                    for p, m, v in zip(params, first, second, strict=True):
                        p.mul_(1 - lr * self.weight_decay)
                        m.mul_(beta1).add_(p.grad, alpha=1 - beta1)
                        v.mul_(beta2).addcmul_(p.grad, p.grad, value=1 - beta2)
                        m_hat = m / (1 - beta1**step)
                        v_hat = v / (1 - beta2**step)
                        p.addcdiv_(m_hat, v_hat.sqrt_().add_(eps), value=-lr)

    def logits(self, x: Any) -> FloatArray:
        """Forward pass in numpy (dropout off)."""
        assert self._seen is not None
        h = np.asarray(x, dtype=np.float32) * np.float32(self.input_scale)
        for i, (weight, bias) in enumerate(self._layers):
            h = (h @ weight + bias).astype(np.float32)
            if i < len(self._layers) - 1:
                h = _gelu(h)
        return _spread(h.astype(np.float64), self._seen, self._n_classes)
