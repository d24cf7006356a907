"""TF-IDF features over word n-grams and character n-grams (within word boundaries).

Words carry the vocabulary of an intent; character n-grams carry misspellings, inflections and
compounds ("refund", "refunded", "refnd"). scikit-learn learns the vocabularies and IDF weights;
``transform`` then computes the same sublinear TF-IDF rows itself, because scikit-learn's input
validation costs about a millisecond per call, half the latency budget of one query. The n-grams
come from this module's analyzers (scikit-learn's ``word`` and ``char_wb`` ones, n-gram for
n-gram), so a fitted featurizer holds nothing of scikit-learn: a process that loads a trained
model never imports it (about 74 MB of a server's memory, docs/performance.md). Each block
is L2-normalised and the stacked row normalised again, so dot products are cosine similarities.
Rows are float32 like the weights they meet: a float64 row would make scipy convert the whole
weight matrix on every product (1.4 ms of a one-query prediction on Banking77).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
from scipy import sparse  # type: ignore[import-untyped]

from deskpilot.nlu.intents._config import TfidfConfig

# scikit-learn's default token pattern (words of two characters or more) and its white-space run.
_TOKEN = re.compile(r"(?u)\b\w\w+\b")
_WHITE_SPACES = re.compile(r"\s\s+")


@dataclass(frozen=True)
class WordNgrams:
    """Lower-cased words of two characters or more and their n-grams (n in ``ngrams``), as
    scikit-learn's ``analyzer="word"`` gives them."""

    ngrams: tuple[int, int]

    def __call__(self, text: str) -> list[str]:
        words = _TOKEN.findall(text.lower())
        low, high = self.ngrams
        grams = list(words) if low == 1 else []
        for n in range(max(low, 2), min(high, len(words)) + 1):
            grams += [" ".join(words[i : i + n]) for i in range(len(words) - n + 1)]
        return grams


@dataclass(frozen=True)
class CharNgrams:
    """Character n-grams (n in ``ngrams``) within each lower-cased word padded with a space, as
    scikit-learn's ``analyzer="char_wb"`` gives them: a word shorter than n counts once."""

    ngrams: tuple[int, int]

    def __call__(self, text: str) -> list[str]:
        low, high = self.ngrams
        grams: list[str] = []
        for word in _WHITE_SPACES.sub(" ", text.lower()).split():
            padded = f" {word} "
            for n in range(low, high + 1):
                grams += [padded[i : i + n] for i in range(max(len(padded) - n, 0) + 1)]
                if len(padded) <= n:
                    break
        return grams


class _Block:
    """One fitted vectorizer reduced to what a transform needs: analyzer, vocabulary, IDF."""

    def __init__(
        self, analyzer: Callable[[str], list[str]], vocabulary: dict[str, int], idf: np.ndarray
    ) -> None:
        self.analyzer = analyzer
        self.vocabulary = vocabulary
        # A list of Python floats: indexing a numpy array one element at a time, as a row does
        # for each of its n-grams, costs several times as much.
        self.idf: list[float] = idf.astype(np.float64).tolist()

    def row(self, text: str) -> tuple[list[int], list[float]]:
        counts = Counter(self.vocabulary[g] for g in self.analyzer(text) if g in self.vocabulary)
        columns = list(counts)
        idf = self.idf
        values = [(1.0 + math.log(counts[c])) * idf[c] for c in columns]
        norm = math.sqrt(sum(v * v for v in values))
        if norm > 0:
            values = [v / norm for v in values]
        return columns, values


class TfidfFeaturizer:
    """Fitted on training texts; turns any texts into unit-length sparse rows."""

    def __init__(self, config: TfidfConfig) -> None:
        self.config = config
        self._blocks: list[_Block] = []
        self.width = 0

    def fit(self, texts: Sequence[str]) -> None:
        """Learn vocabularies and IDF weights with scikit-learn."""
        from sklearn.feature_extraction.text import (  # type: ignore[import-untyped]
            TfidfVectorizer,
        )

        min_df = self.config.char_min_df
        if min_df > 1 and len(texts) < 2 * min_df:
            min_df = 1  # too few texts for a document-frequency cut: keep every n-gram
        analyzers: list[tuple[Callable[[str], list[str]], int]] = [
            (WordNgrams(self.config.word_ngrams), 1),
            (CharNgrams(self.config.char_ngrams), min_df),
        ]
        self._blocks = []
        for analyzer, least in analyzers:
            vectorizer = TfidfVectorizer(analyzer=analyzer, min_df=least, sublinear_tf=True)
            vectorizer.fit(texts)
            vocabulary = {str(k): int(v) for k, v in vectorizer.vocabulary_.items()}
            self._blocks.append(_Block(analyzer, vocabulary, vectorizer.idf_))
        self.width = sum(len(b.vocabulary) for b in self._blocks)

    def transform(self, texts: Sequence[str]) -> sparse.csr_matrix:
        """Stacked, re-normalised word and character TF-IDF rows."""
        indptr = [0]
        indices: list[int] = []
        data: list[float] = []
        for text in texts:
            row_columns: list[int] = []
            row_values: list[float] = []
            offset = 0
            for block in self._blocks:
                columns, values = block.row(text)
                row_columns += [c + offset for c in columns]
                row_values += values
                offset += len(block.vocabulary)
            norm = math.sqrt(sum(v * v for v in row_values))
            if norm > 0:
                row_values = [v / norm for v in row_values]
            indices += row_columns
            data += row_values
            indptr.append(len(indices))
        matrix = sparse.csr_matrix(
            (np.array(data, dtype=np.float32), np.array(indices, dtype=np.int32), indptr),
            shape=(len(texts), self.width),
        )
        matrix.sort_indices()
        return matrix
