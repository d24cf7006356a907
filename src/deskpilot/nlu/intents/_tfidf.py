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
# Words whose character n-gram counts a featurizer remembers (under a kilobyte each).
_WORDS_REMEMBERED = 2048


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
        grams: list[str] = []
        for word in self.words(text):
            grams += self.grams_of(word)
        return grams

    def words(self, text: str) -> list[str]:
        """The lower-cased words of ``text`` whose n-grams ``__call__`` gives, in order."""
        return _WHITE_SPACES.sub(" ", text.lower()).split()

    def grams_of(self, word: str) -> list[str]:
        """The n-grams of one word of ``words``: a text's are its words' in turn."""
        low, high = self.ngrams
        padded = f" {word} "
        grams: list[str] = []
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

    def __getstate__(self) -> dict[str, object]:
        # A saved model holds what a transform needs, not the words one process has read.
        return {k: v for k, v in self.__dict__.items() if k != "_by_word"}

    def _count(self, grams: list[str]) -> dict[int, int]:
        """Column → how many of ``grams`` fall in it, in the order the columns first occur.

        The n-grams are counted first (in C), then looked up once each; the vocabulary gives
        each n-gram its own column, so the order is the one counting the columns would give."""
        vocabulary = self.vocabulary
        counts: dict[int, int] = {}
        for gram, count in Counter(grams).items():
            column = vocabulary.get(gram)
            if column is not None:
                counts[column] = count
        return counts

    def _count_by_word(self, analyzer: CharNgrams, text: str) -> dict[int, int]:
        """``_count`` of a text's character n-grams, from its words' counts.

        Character n-grams stay within a word, so a text's counts are its words' added in
        order, and a column first occurs in the first word that holds it: the same counts in
        the same order. A word's counts are remembered (customers' words recur from message
        to message), up to ``_WORDS_REMEMBERED`` words, then started afresh."""
        memo: dict[str, tuple[tuple[int, ...], tuple[int, ...]]] | None
        memo = self.__dict__.get("_by_word")
        if memo is None or len(memo) >= _WORDS_REMEMBERED:
            # started afresh rather than trimmed: no thread iterates what another one changes
            memo = self.__dict__["_by_word"] = {}
        counts: dict[int, int] = {}
        for word in analyzer.words(text):
            found = memo.get(word)
            if found is None:
                own = self._count(analyzer.grams_of(word))
                found = memo[word] = (tuple(own), tuple(own.values()))
            for column, count in zip(*found, strict=True):
                counts[column] = counts.get(column, 0) + count
        return counts

    def row(self, text: str) -> tuple[list[int], list[float]]:
        analyzer = self.analyzer
        if isinstance(analyzer, CharNgrams):
            counts = self._count_by_word(analyzer, text)
        else:
            counts = self._count(analyzer(text))
        idf = self.idf
        columns = list(counts)
        values = [(1.0 + math.log(count)) * idf[column] for column, count in counts.items()]
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

    def _row(self, text: str) -> tuple[list[int], list[float]]:
        """One text's stacked, re-normalised row: its columns (unsorted) and values."""
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
        return row_columns, row_values

    def transform(self, texts: Sequence[str]) -> sparse.csr_matrix:
        """Stacked, re-normalised word and character TF-IDF rows."""
        indptr = [0]
        indices: list[int] = []
        data: list[float] = []
        for text in texts:
            row_columns, row_values = self._row(text)
            indices += row_columns
            data += row_values
            indptr.append(len(indices))
        matrix = sparse.csr_matrix(
            (np.array(data, dtype=np.float32), np.array(indices, dtype=np.int32), indptr),
            shape=(len(texts), self.width),
        )
        matrix.sort_indices()
        return matrix

    def rows(self, texts: Sequence[str]) -> SparseRows:
        """The rows ``transform`` gives, without building a scipy matrix: for a query."""
        out = []
        for text in texts:
            row_columns, row_values = self._row(text)
            columns = np.array(row_columns, dtype=np.intp)
            order = columns.argsort()  # the columns are distinct: any sort gives scipy's order
            out.append((columns[order], np.array(row_values, dtype=np.float32)[order]))
        return SparseRows(out, self.width)


class SparseRows:
    """A few sparse rows and their product with a dense matrix, as scipy computes it.

    scipy's CSR product adds ``value * weights[column]`` into each output row one stored entry
    after the other, in float32 for float32 operands; gathering the rows' weight rows, scaling
    them and reducing over the first axis performs the same float32 operations in the same order
    (numpy reduces a non-contiguous axis row after row, not pairwise), so the results are equal
    bit for bit (tests/nlu/test_intent_rows.py), at a fraction of building a CSR matrix for
    one text. Training keeps scipy's matrices (``transform``).
    """

    def __init__(self, rows: list[tuple[np.ndarray, np.ndarray]], width: int) -> None:
        self._rows = rows
        self.shape = (len(rows), width)

    def __matmul__(self, dense: np.ndarray) -> np.ndarray:
        out = np.zeros((len(self._rows), dense.shape[1]), dtype=np.result_type(np.float32, dense))
        for i, (columns, values) in enumerate(self._rows):
            if len(columns):
                np.add.reduce(dense[columns] * values[:, None], axis=0, out=out[i])
        return out
