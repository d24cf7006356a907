"""Latency of a knowledge answer with a large help center (docs/performance.md, "Knowledge").

Generates ``--articles`` synthetic articles (three sections each, words drawn from a fixed
vocabulary with a fixed seed) next to the store's own, indexes them in a fresh SQLite file,
then times ``KnowledgeBase.answer`` on the questions of tests/knowledge/questions.yaml, each
asked ``--rounds`` times. Prints p50, p95 and p99 in milliseconds, and the indexing time.
``--hybrid``: fused with the bundled sentence encoder (the ``embeddings`` extra); the passages
are encoded before timing starts (``encode_seconds``, with the language detector's set-up).

    PYTHONPATH=src .venv/bin/python bench/knowledge/run.py --articles 1000 [--hybrid]
    PYTHONPATH=src .venv/bin/python bench/knowledge/run.py --articles 1000 \
        --postgres postgresql+psycopg://postgres@127.0.0.1:5432/kbbench   # an empty database
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import statistics
import tempfile
import time
from pathlib import Path

from deskpilot.components import knowledge_base
from deskpilot.knowledge import (
    HelpCenterIndex,
    KnowledgeIndex,
    PostgresKnowledgeIndex,
    Synonyms,
    load_articles,
    load_questions,
    load_synonyms,
)
from deskpilot.workspace import load_workspace

ROOT = Path(__file__).resolve().parents[2]
_WORD_TEXT = """
delivery parcel courier label warehouse refund invoice receipt voucher balance account
password profile address payment card wallet exchange return warranty repair battery
screen cable charger blender kettle lamp chair desk shelf jacket boots socks shirt size
colour material cotton leather steel glass wood assembly manual guide install setup
cleaning storage travel season holiday weekend morning evening quick simple careful
broken missing late early cheap premium gift bundle subscription newsletter privacy
"""
WORDS = _WORD_TEXT.split()


def _article(rng: random.Random, n: int) -> str:
    title = " ".join(rng.sample(WORDS, 3)).capitalize()
    tags = ", ".join(rng.sample(WORDS, 3))
    sections = []
    for s in range(3):
        heading = " ".join(rng.sample(WORDS, 4)).capitalize()
        body = ". ".join(" ".join(rng.choices(WORDS, k=12)).capitalize() for _ in range(4))
        sections.append(f"## {heading} {s}\n{body}.\n")
    return f'---\ntitle: "{title} {n}"\ntags: [{tags}]\n---\n\n' + "\n".join(sections)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--no-synonyms", action="store_true", help="without synonyms.yaml")
    parser.add_argument(
        "--postgres",
        default=None,
        help="index in this (empty) PostgreSQL database instead of SQLite FTS5",
    )
    parser.add_argument(
        "--hybrid", action="store_true", help="fused with the sentence encoder (embeddings extra)"
    )
    parser.add_argument("--json", type=Path, default=None, help="also write the figures here")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    with tempfile.TemporaryDirectory() as tmp:
        ws_dir = Path(shutil.copytree(ROOT / "examples" / "retail", Path(tmp) / "retail"))
        own = len(list((ws_dir / "knowledge").glob("*.md")))
        for n in range(max(args.articles - own, 0)):
            (ws_dir / "knowledge" / f"synthetic-{n:05d}.md").write_text(_article(rng, n))
        ws = load_workspace(ws_dir)
        articles = load_articles(ws)
        synonyms = Synonyms() if args.no_synonyms else load_synonyms(ws)
        index: HelpCenterIndex
        if args.postgres:
            index = PostgresKnowledgeIndex(args.postgres, synonyms=synonyms)
        else:
            index = KnowledgeIndex(Path(tmp) / "knowledge.sqlite3", synonyms=synonyms)
        start = time.perf_counter()
        index.do_index(articles)
        indexed = time.perf_counter() - start
        start = time.perf_counter()
        # As the service builds it: language detection included, the passages encoded here.
        kb = knowledge_base(ws, index, hybrid=args.hybrid, articles=articles)
        encoded = time.perf_counter() - start
        questions = load_questions(ROOT / "tests" / "knowledge" / "questions.yaml")
        times = []
        for _ in range(args.rounds):
            for q in questions:
                t0 = time.perf_counter()
                kb.answer(q.question)
                times.append((time.perf_counter() - t0) * 1000)
        index.close()
    cuts = statistics.quantiles(times, n=100)
    figures = {
        "index": "postgres" if args.postgres else "sqlite",
        "articles": len(articles),
        "passages": sum(len(a.passages) for a in articles),
        "answers": len(times),
        "index_seconds": round(indexed, 2),
        "retrieval": "hybrid" if args.hybrid else "lexical",
        "encode_seconds": round(encoded, 2),
        "p50_ms": round(statistics.median(times), 2),
        "p95_ms": round(cuts[94], 2),
        "p99_ms": round(cuts[98], 2),
    }
    print(json.dumps(figures))
    if args.json is not None:
        args.json.write_text(json.dumps(figures, indent=2) + "\n")


if __name__ == "__main__":
    main()
