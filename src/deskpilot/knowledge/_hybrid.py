"""Hybrid retrieval: BM25 from the index and dense similarity from a sentence encoder, fused by
reciprocal rank (RRF).

The encoder is the one the understanding already bundles (all-MiniLM-L6-v2 from the
``embeddings`` extra, never downloaded). Every passage is encoded once, when the retriever is
built over the index as it is then (build another after indexing again); a question is encoded
when asked. The answerability of a passage stays lexical (its ``coverage``, computed by the
index), so the threshold means the same with either retriever. See docs/knowledge.md ("Hybrid
retrieval") for what it changes and what it costs.
"""

from __future__ import annotations

from datetime import date

import numpy as np
from numpy.typing import NDArray

from deskpilot.knowledge._index import Hit, KnowledgeIndex
from deskpilot.nlu.intents import TextEncoder

# The constant of reciprocal rank fusion (1 / (RRF_K + rank)): the usual 60, not tuned.
RRF_K = 60
# How many articles each ranking brings to the fusion.
DEPTH = 10


class HybridRetriever:
    """A ``Retriever``: the index's BM25 ranking and the encoder's cosine ranking of the same
    passages, fused by reciprocal rank, best article first."""

    def __init__(self, index: KnowledgeIndex, encoder: TextEncoder) -> None:
        self.index = index
        self.encoder = encoder
        self._passages = index.passages()
        texts = [f"{h.title}. {h.heading}. {h.text}" for h in self._passages]
        self._vectors: NDArray[np.float32] = (
            encoder.encode(texts).sentence if texts else np.zeros((0, 384), dtype=np.float32)
        )
        self._readable: dict[tuple[str, date | None], set[str]] = {}

    def search(
        self, question: str, *, k: int = 5, audience: str = "customers", on: date | None = None
    ) -> list[Hit]:
        """The ``k`` best passages for ``question`` (at most one per article), best first."""
        terms = self.index.terms(question)
        lexical = self.index.rank(terms, k=DEPTH, audience=audience, on=on)
        dense = self._dense(question, audience, on)
        fused: dict[str, float] = {}
        best: dict[str, Hit] = {}
        for ranking in (lexical, dense):
            for rank, hit in enumerate(ranking, start=1):
                fused[hit.slug] = fused.get(hit.slug, 0.0) + 1.0 / (RRF_K + rank)
                best.setdefault(hit.slug, hit)
        order = sorted(fused, key=lambda slug: -fused[slug])[:k]
        return self.index.score(terms, [best[slug] for slug in order])

    def _dense(self, question: str, audience: str, on: date | None) -> list[Hit]:
        """The passages most like ``question`` by cosine, the best one per article, for the
        ``DEPTH`` articles ``audience`` may read on ``on``."""
        if not self._passages or not question.strip():
            return []
        key = (audience, on)
        if key not in self._readable:  # the day's articles; the passages are fixed
            self._readable[key] = self.index.readable(audience=audience, on=on)
        allowed = self._readable[key]
        query = self.encoder.encode([question]).sentence[0]
        # einsum, not ``@``: a BLAS call here starts BLAS threads that fight the encoder's torch
        # threads for the cores (measured: 12 ms for both with einsum, 37 ms with ``@``).
        similarity = np.einsum("ij,j->i", self._vectors, query)
        found: dict[str, Hit] = {}
        for order in (self._nearest(similarity, DEPTH * 8), np.argsort(-similarity)):
            for i in order:
                hit = self._passages[int(i)]
                if hit.slug in allowed and hit.slug not in found:
                    found[hit.slug] = hit
                    if len(found) == DEPTH:
                        return list(found.values())
        return list(found.values())

    @staticmethod
    def _nearest(similarity: NDArray[np.float32], n: int) -> NDArray[np.intp]:
        """The ``n`` most similar passages, most similar first (all, when fewer)."""
        if n >= len(similarity):
            return np.argsort(-similarity)
        top = np.argpartition(-similarity, n)[:n]
        return top[np.argsort(-similarity[top])]
