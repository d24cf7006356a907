"""Reference classifiers for the benchmark, behind DeskPilot's ``IntentClassifier`` Protocol.

- ``PlainSvcClassifier``: word + character TF-IDF with a linear SVM, no calibration; the
  out-of-scope label (when the data has one) is just another class, as in Larson et al.
- ``SpacyTextcatClassifier``: spaCy's ``textcat`` (exclusive classes, its default architecture)
  trained from a blank English pipeline for a few epochs, stopped at a time budget.

Both are measured by the same code as DeskPilot's classifiers.
"""

from __future__ import annotations

import random
import sys
import time
from collections.abc import Sequence

import numpy as np

from deskpilot.domain import IntentScore
from deskpilot.nlu import IntentPrediction, ProgressCallback
from deskpilot.nlu.intents import ClassifierConfig


def _softmax(z: np.ndarray) -> np.ndarray:
    e = np.exp(z - z.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


class _RankingBase:
    """Turns a probability matrix over labels into ranked predictions; OOS = top is the label."""

    def __init__(self, config: ClassifierConfig) -> None:
        self.oos_label = config.oos.label
        self.labels: list[str] = []

    @property
    def intents(self) -> tuple[str, ...]:
        return tuple(x for x in self.labels if x != self.oos_label)

    def _probabilities(self, texts: Sequence[str]) -> np.ndarray:
        raise NotImplementedError

    def predict(self, texts: Sequence[str]) -> list[list[IntentScore]]:
        return [list(p.intents) for p in self.classify(texts)]

    def classify(self, texts: Sequence[str]) -> list[IntentPrediction]:
        probs = self._probabilities(texts)
        out = []
        for row in probs:
            order = np.argsort(-row)
            best = self.labels[order[0]]
            ranked = tuple(
                IntentScore(self.labels[i], float(row[i]))
                for i in order
                if self.labels[i] != self.oos_label
            )
            is_oos = best == self.oos_label
            out.append(IntentPrediction(ranked, is_oos, float(is_oos)))
        return out


class PlainSvcClassifier(_RankingBase):
    """TF-IDF (words 1-2, char_wb 2-5) + LinearSVC(C=1); softmax of margins for ranking only."""

    def fit(
        self,
        texts: Sequence[str],
        labels: Sequence[str],
        *,
        progress: ProgressCallback | None = None,
    ) -> None:
        from scipy import sparse
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.svm import LinearSVC

        self._words = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True).fit(texts)
        self._chars = TfidfVectorizer(
            analyzer="char_wb", ngram_range=(2, 5), min_df=2, sublinear_tf=True
        ).fit(texts)
        self._stack = sparse.hstack
        self._svm = LinearSVC(C=1.0).fit(self._features(texts), list(labels))
        self.labels = [str(x) for x in self._svm.classes_]

    def _features(self, texts: Sequence[str]) -> object:
        return self._stack(
            [self._words.transform(texts), self._chars.transform(texts)], format="csr"
        )

    def _probabilities(self, texts: Sequence[str]) -> np.ndarray:
        return _softmax(np.asarray(self._svm.decision_function(self._features(texts))))


class SpacyTextcatClassifier(_RankingBase):
    """spaCy ``textcat`` from ``spacy.blank("en")``, default model, at most ``max_epochs`` epochs
    or ``time_budget`` seconds of training, whichever ends first (checked after each epoch)."""

    max_epochs = 5
    time_budget = 240.0

    def fit(
        self,
        texts: Sequence[str],
        labels: Sequence[str],
        *,
        progress: ProgressCallback | None = None,
    ) -> None:
        import spacy
        from spacy.training import Example
        from spacy.util import minibatch

        self.labels = sorted(set(labels))
        nlp = spacy.blank("en")
        textcat = nlp.add_pipe("textcat")
        for label in self.labels:
            textcat.add_label(label)
        examples = [
            Example.from_dict(nlp.make_doc(t), {"cats": {x: float(x == y) for x in self.labels}})
            for t, y in zip(texts, labels, strict=True)
        ]
        optimizer = nlp.initialize(lambda: examples)
        rng = random.Random(0)
        start = time.perf_counter()
        self.epochs_run = 0
        for _ in range(self.max_epochs):
            rng.shuffle(examples)
            for batch in minibatch(examples, size=32):
                nlp.update(batch, sgd=optimizer)
            self.epochs_run += 1
            if time.perf_counter() - start > self.time_budget:
                break
        print(
            f"  spaCy textcat: {self.epochs_run} epochs in {time.perf_counter() - start:.0f} s",
            file=sys.stderr,
        )
        self._nlp = nlp

    def _probabilities(self, texts: Sequence[str]) -> np.ndarray:
        rows = [[doc.cats[x] for x in self.labels] for doc in self._nlp.pipe(texts)]
        return np.asarray(rows, dtype=np.float64)
