"""Feature views: how a classifier sees texts (TF-IDF or sentence embeddings) and its head.

A view turns texts into two matrices: the input of its head, and unit-length rows whose dot
products are the cosine similarities used to find a text's nearest training example.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

import numpy as np
from numpy.typing import NDArray
from scipy import sparse  # type: ignore[import-untyped]

from deskpilot.nlu.intents._config import EmbeddingConfig, TfidfConfig
from deskpilot.nlu.intents._encoder import MiniLMEncoder, TextEncoder
from deskpilot.nlu.intents._heads import Head, LinearSvcHead, MlpHead
from deskpilot.nlu.intents._tfidf import TfidfFeaturizer


@dataclass(frozen=True)
class ViewData:
    """Features of a batch of texts for one view."""

    head_input: Any
    unit: Any

    def rows(self, index: NDArray[np.int64]) -> ViewData:
        """The rows at ``index`` (works for dense and sparse matrices alike)."""
        return ViewData(self.head_input[index], self.unit[index])


class Neighbours(Protocol):
    """Similarity of texts to the training examples, for out-of-scope detection."""

    def max_similarity(self, unit: Any) -> NDArray[np.float64]:
        """For each row of ``unit``, the best cosine similarity to the training data."""
        ...


class NearestExample:
    """Cosine similarity to the single nearest training example (dense unit rows)."""

    def __init__(self, unit: NDArray[np.float32]) -> None:
        self.unit = np.ascontiguousarray(unit, dtype=np.float32)

    def max_similarity(self, unit: Any) -> NDArray[np.float64]:
        """One matrix product over all stored examples."""
        if len(self.unit) == 0:
            return np.zeros(unit.shape[0])
        sims = np.asarray(unit, dtype=np.float32) @ self.unit.T
        return np.asarray(sims.max(axis=1), dtype=np.float64)


class NearestCentroid:
    """Cosine similarity to the nearest intent centroid (sparse rows, dense centroids).

    TF-IDF rows share common character n-grams with nearly every training text, so a sparse
    nearest-example search touches most of the data for each query; centroids cost one small
    product and keep one query well under a millisecond.
    """

    def __init__(self, unit: sparse.csr_matrix, y: NDArray[np.int64]) -> None:
        classes = np.unique(y)
        indicator = sparse.csr_matrix(
            (np.ones(len(y)), (np.searchsorted(classes, y), np.arange(len(y)))),
            shape=(len(classes), len(y)),
        )
        sums = np.asarray((indicator @ unit).todense(), dtype=np.float64)
        norms = np.maximum(np.linalg.norm(sums, axis=1, keepdims=True), 1e-12)
        self.centroids = np.ascontiguousarray((sums / norms).T, dtype=np.float32)

    def max_similarity(self, unit: Any) -> NDArray[np.float64]:
        """Sparse rows times the dense centroid matrix, best column per row."""
        if self.centroids.shape[1] == 0:
            return np.zeros(unit.shape[0])
        sims = np.asarray(unit @ self.centroids)
        return np.asarray(sims.max(axis=1), dtype=np.float64)


class View(Protocol):
    """Featurizer plus head factory for one way of seeing texts."""

    name: str
    # Whether a text's features (and so its head's scores) are the same read in a batch as
    # alone, bit for bit.
    reads_each_alone: bool
    # A view may also have ``reading_key(text) -> str``: texts with the same key have the same
    # features, bit for bit (``TfidfView``'s); the classifier then reads one of them for all.

    def prepare(self, texts: Sequence[str]) -> None:
        """Fit whatever the features learn without labels (vocabularies)."""
        ...

    def features(
        self, texts: Sequence[str], progress: Callable[[float], None] | None = None
    ) -> ViewData:
        """Features of ``texts``."""
        ...

    def query(self, texts: Sequence[str]) -> ViewData:
        """Features of texts to predict for (the rows ``features`` gives, maybe in a lighter
        form than training needs)."""
        ...

    def new_head(self, seed: int) -> Head:
        """A fresh, untrained head for these features."""
        ...

    def neighbours(self, data: ViewData, y: NDArray[np.int64]) -> Neighbours:
        """A similarity index over training rows ``data`` with classes ``y``."""
        ...


class TfidfView:
    """Word + character TF-IDF rows and a linear SVM."""

    name = "tfidf"
    # Each row is built from its own text and multiplied on its own (``SparseRows``).
    reads_each_alone = True

    def __init__(self, config: TfidfConfig) -> None:
        self.config = config
        self._featurizer = TfidfFeaturizer(config)

    def prepare(self, texts: Sequence[str]) -> None:
        """Learn the vocabularies and IDF weights."""
        self._featurizer.fit(texts)

    def features(
        self, texts: Sequence[str], progress: Callable[[float], None] | None = None
    ) -> ViewData:
        """The same unit-length sparse rows serve the SVM and the similarity."""
        matrix = self._featurizer.transform(texts)
        if progress is not None:
            progress(1.0)
        return ViewData(matrix, matrix)

    def query(self, texts: Sequence[str]) -> ViewData:
        """The same rows as ``features`` without a scipy matrix: their products with the SVM's
        weights and the centroids are scipy's, bit for bit, at a fraction of the cost."""
        rows = self._featurizer.rows(texts)
        return ViewData(rows, rows)

    @staticmethod
    def reading_key(text: str) -> str:
        """What of ``text`` its row is built from: its lower-cased words, in order. Both
        analyzers lower-case and split on white space (a word n-gram never spans it, a
        character n-gram stays within a word), so texts with the same key have the same row,
        whatever runs of spaces separate their words (an id blanked out leaves one) or
        capitals they are written with."""
        return " ".join(text.lower().split())

    def new_head(self, seed: int) -> Head:
        """A linear SVM with the configured C."""
        return LinearSvcHead(self.config.c, seed)

    def neighbours(self, data: ViewData, y: NDArray[np.int64]) -> Neighbours:
        """Intent centroids of the TF-IDF rows."""
        return NearestCentroid(data.unit, y)


class EmbeddingView:
    """Frozen sentence-embedding features and an MLP head."""

    name = "embedding"
    # A batch is padded to its longest text: the products' shapes, so their rounding, differ.
    reads_each_alone = False

    def __init__(self, config: EmbeddingConfig, encoder: TextEncoder | None = None) -> None:
        self.config = config
        self.encoder: TextEncoder = encoder or MiniLMEncoder(
            layers=config.layers,
            use_cls=config.use_cls,
            precision=config.precision,
            max_length=config.max_length,
        )

    def prepare(self, texts: Sequence[str]) -> None:
        """Nothing to learn without labels: the encoder is frozen."""

    def features(
        self, texts: Sequence[str], progress: Callable[[float], None] | None = None
    ) -> ViewData:
        """Layer features for the head, the model's sentence embedding for similarity."""
        encoded = self.encoder.encode(texts, progress=progress)
        return ViewData(encoded.features, encoded.sentence)

    def query(self, texts: Sequence[str]) -> ViewData:
        """As ``features``."""
        return self.features(texts)

    def new_head(self, seed: int) -> Head:
        """An MLP configured from ``EmbeddingConfig``."""
        c = self.config
        return MlpHead(
            hidden_size=c.hidden_size,
            dropout=c.dropout,
            input_dropout=c.input_dropout,
            epochs=c.epochs,
            batch_size=c.batch_size,
            learning_rate=c.learning_rate,
            weight_decay=c.weight_decay,
            label_smoothing=c.label_smoothing,
            seed=seed,
        )

    def neighbours(self, data: ViewData, y: NDArray[np.int64]) -> Neighbours:
        """Every training example's sentence embedding."""
        return NearestExample(data.unit)
