"""Dense re-ranking of BM25's best articles, measured (docs/knowledge.md, "Dense re-ranking").

The index finds the ``--depth`` best articles as it does (coverage plus BM25 share, one passage
each); the bundled all-MiniLM-L6-v2 (the ``embeddings`` extra) encodes the question and those
passages (each passage once, kept), and the articles are re-ranked by their lexical rank plus
``lambda`` times the cosine (an ``einsum`` over unit vectors). The answerability stays the
passage's lexical coverage, so only which article answers can change. Prints ``kb eval``'s
figures for each lambda (0: the index alone).

    PYTHONPATH=src .venv/bin/python bench/knowledge/rerank.py --lambdas 0,0.5,1 --depth 10 \\
        tests/knowledge/questions.yaml tests/knowledge/heldout.yaml
"""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path

import numpy as np

from deskpilot.components import knowledge_base
from deskpilot.knowledge import (
    Hit,
    KnowledgeBase,
    KnowledgeIndex,
    evaluate,
    load_articles,
    load_questions,
    load_synonyms,
)
from deskpilot.nlu.intents import MiniLMEncoder
from deskpilot.workspace import load_workspace

ROOT = Path(__file__).resolve().parents[2]
SHOWN = ("recall_at_1", "recall_at_3", "mrr", "answer_rate", "right_article", "declined")


class DenseReranker:
    """A ``Retriever``: the index's best ``depth`` articles re-ranked by lexical rank plus
    ``weight`` times the cosine between the question and the passage."""

    def __init__(self, index: KnowledgeIndex, encoder: MiniLMEncoder, weight: float, depth: int):
        self.index = index
        self.encoder = encoder
        self.weight = weight
        self.depth = depth
        self._vectors: dict[str, np.ndarray] = {}

    def _encoded(self, texts: list[str]) -> np.ndarray:
        new = [t for t in dict.fromkeys(texts) if t not in self._vectors]
        if new:
            self._vectors.update(zip(new, self.encoder.encode(new).sentence, strict=True))
        return np.stack([self._vectors[t] for t in texts])

    def search(
        self, question: str, *, k: int = 5, audience: str = "customers", on: date | None = None
    ) -> list[Hit]:
        hits = self.index.search(question, k=max(k, self.depth), audience=audience, on=on)
        if len(hits) < 2 or self.weight == 0:
            return hits[:k]
        top = max(h.score for h in hits) or 1.0
        query = self.encoder.encode([question]).sentence[0]
        passages = self._encoded([f"{h.title}. {h.heading}. {h.text}" for h in hits])
        cosine = np.einsum("ij,j->i", passages, query)
        lexical = [h.coverage + h.score / top for h in hits]
        order = sorted(range(len(hits)), key=lambda i: -(lexical[i] + self.weight * cosine[i]))
        return [hits[i] for i in order][:k]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("questions", type=Path, nargs="+")
    parser.add_argument("--lambdas", default="0,0.5,1")
    parser.add_argument("--depth", type=int, default=10)
    args = parser.parse_args()
    ws = load_workspace(ROOT / "examples" / "retail")
    index = KnowledgeIndex(None, synonyms=load_synonyms(ws))
    index.do_index(load_articles(ws))
    encoder = MiniLMEncoder()
    plain = knowledge_base(ws, index)
    for weight in (float(x) for x in args.lambdas.split(",")):
        reranker = DenseReranker(index, encoder, weight, args.depth)
        kb = KnowledgeBase(
            reranker, today=plain.today, language=plain.language, detector=plain.detector
        )
        for path in args.questions:
            figures = vars(evaluate(kb, load_questions(path)))
            shown = "  ".join(f"{name} {figures[name]:.3f}" for name in SHOWN)
            print(f"lambda {weight:g}  {path.name}: {shown}", flush=True)


if __name__ == "__main__":
    main()
