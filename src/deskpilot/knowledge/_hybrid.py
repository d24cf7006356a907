"""Hybrid retrieval (opt-in, ``knowledge: {retrieval: hybrid}``): the index's lexical ranking
and the sentence encoder's cosine ranking of the same passages, fused by reciprocal rank (RRF).

The encoder is the one the understanding already bundles (all-MiniLM-L6-v2 from the
``embeddings`` extra, never downloaded). Passages are encoded when the retriever is built (once
per index build, an article's vectors kept by its digest so that building again encodes only
what changed); a question is encoded when asked. The dense side stays in this process on either
index (SQLite FTS5 or PostgreSQL full-text: pgvector is not used). The answerability of a passage
stays lexical (its ``coverage``, computed by the index), so the threshold means the same with
either retrieval; an article only the encoder found has no lexical coverage (0). See
docs/knowledge.md ("Hybrid retrieval").
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime

import numpy as np
from numpy.typing import NDArray

from deskpilot.knowledge._answer import Retriever
from deskpilot.knowledge._articles import Article
from deskpilot.knowledge._index import Hit
from deskpilot.nlu.intents import TextEncoder

# The constant of reciprocal rank fusion (1 / (RRF_K + rank)): the usual 60, not tuned.
RRF_K = 60
# How many articles each ranking brings to the fusion.
DEPTH = 10


@dataclass(frozen=True)
class _Encoded:
    """The passages of one article, and their unit-length sentence embeddings (one row each)."""

    article: Article
    vectors: NDArray[np.float32]


class PassageVectors:
    """The encoder's vectors of the help center's passages, kept by article digest: ``update``
    encodes only the articles new or changed since the last call."""

    def __init__(self, encoder: TextEncoder) -> None:
        self.encoder = encoder
        self._by_digest: dict[str, _Encoded] = {}

    def update(self, articles: Sequence[Article]) -> list[_Encoded]:
        """The encoded ``articles``, encoding those not yet seen (in one batch)."""
        new = [a for a in articles if a.digest not in self._by_digest and a.passages]
        texts = [f"{a.title}. {p.heading}. {p.text}" for a in new for p in a.passages]
        if texts:
            vectors = self.encoder.encode(texts).sentence
            at = 0
            for a in new:
                end = at + len(a.passages)
                self._by_digest[a.digest] = _Encoded(a, vectors[at:end])
                at = end
        keep = {a.digest for a in articles}
        self._by_digest = {d: e for d, e in self._by_digest.items() if d in keep}
        return [self._by_digest[a.digest] for a in articles if a.digest in self._by_digest]


class HybridRetriever:
    """A ``Retriever``: ``lexical``'s ranking (the index) and the encoder's cosine ranking of
    ``articles``' passages, fused by reciprocal rank, best article first."""

    def __init__(
        self, lexical: Retriever, articles: Sequence[Article], vectors: PassageVectors
    ) -> None:
        self.lexical = lexical
        self.encoder = vectors.encoder
        encoded = vectors.update(articles)
        self._articles = [e.article for e in encoded]
        self._owner = np.array(
            [i for i, e in enumerate(encoded) for _ in e.article.passages], dtype=np.intp
        )
        self._passage = [i for e in encoded for i in range(len(e.article.passages))]
        self._vectors: NDArray[np.float32] = (
            np.vstack([e.vectors for e in encoded]).astype(np.float32)
            if encoded
            else np.zeros((0, 0), dtype=np.float32)
        )

    def search(
        self, question: str, *, k: int = 5, audience: str = "customers", on: date | None = None
    ) -> list[Hit]:
        """The ``k`` best passages for ``question`` (at most one per article), best first."""
        lexical = self.lexical.search(question, k=DEPTH, audience=audience, on=on)
        dense = self._dense(question, audience, on or datetime.now(UTC).date())
        known = lexical[0].known if lexical else 0.0
        fused: dict[str, float] = {}
        best: dict[str, Hit] = {}
        for hits in (lexical, [self._hit(i, known) for i in dense]):
            for rank, hit in enumerate(hits, start=1):
                fused[hit.slug] = fused.get(hit.slug, 0.0) + 1.0 / (RRF_K + rank)
                best.setdefault(hit.slug, hit)  # the lexical passage and coverage first
        order = sorted(fused, key=lambda slug: -fused[slug])[:k]
        return [best[slug] for slug in order]

    def _dense(self, question: str, audience: str, day: date) -> list[int]:
        """The passages most like ``question`` by cosine, the best one per article, for the
        ``DEPTH`` articles ``audience`` may read on ``day``."""
        if not len(self._vectors) or not question.strip():
            return []
        query = self.encoder.encode([question]).sentence[0]
        # einsum, not ``@``: a BLAS call here starts BLAS threads that fight the encoder's torch
        # threads for the cores (measured in f34d5b2: 12 ms for both with einsum, 37 with ``@``).
        similarity = np.einsum("ij,j->i", self._vectors, query)
        found: dict[int, int] = {}
        for i in np.argsort(-similarity, kind="stable"):
            owner = int(self._owner[i])
            if owner in found or not self._readable(self._articles[owner], audience, day):
                continue
            found[owner] = int(i)
            if len(found) == DEPTH:
                break
        return list(found.values())

    @staticmethod
    def _readable(article: Article, audience: str, day: date) -> bool:
        """Whether ``audience`` may read ``article`` on ``day``, as the index decides."""
        return (audience == "agents" or article.meta.audience == audience) and article.valid_on(day)

    def _hit(self, i: int, known: float) -> Hit:
        """Passage ``i`` as a hit with no lexical score or coverage."""
        article = self._articles[int(self._owner[i])]
        passage = article.passages[self._passage[i]]
        meta = article.meta
        return Hit(
            article.slug,
            article.title,
            article.link,
            passage.heading,
            passage.text,
            0.0,
            0.0,
            known,
            meta.audience,
            meta.language,
        )
