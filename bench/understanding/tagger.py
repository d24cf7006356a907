"""The span tagger measured by cross-validation over a workspace's examples.

The examples the tagger learns from (``slots.yaml``, and every intent example: marked, or
saying where no kind's value is) are cut into ``--folds`` folds; for each, the tagger is
trained on the others and tags the held-out fold. A span counts as found when its kind and
words are exactly those marked (a span marked where none is, in any example, counts against
precision); a value counts when the tagger taught the same one. The overlapping figures count
a span found when it shares a word with the marked one, of the same kind: what a resolver
needs. Entities come from the workspace's record ids and the store's demo catalogue (unless
``--no-catalogue``), as in the pipeline.

    .venv/bin/python bench/understanding/tagger.py [--workspace examples/retail] [--folds 5]
        [--repeats 3] [--no-catalogue] [--json]
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import time
from collections import Counter
from pathlib import Path
from typing import Any

from deskpilot.domains.retail import CatalogueEntityMatcher, generate_store
from deskpilot.domains.retail._matcher import CatalogueMatcherConfig
from deskpilot.nlu.entities import entity_forms, record_finders
from deskpilot.nlu.understander import NluUnderstander
from deskpilot.workspace import MarkedText, Workspace, load_workspace

ROOT = Path(__file__).resolve().parents[2]


def _reader(ws: Workspace, train: list[MarkedText], catalogue: Any) -> NluUnderstander:
    return NluUnderstander(
        lambda _text: [],
        records=record_finders(ws.vocabulary.records),
        forms=entity_forms(ws.vocabulary),
        extractors=[catalogue] if catalogue is not None else [],
        requests=ws.vocabulary.requests,
        marked=train,
        choices=ws.vocabulary.choices,
    )


def measure(ws: Workspace, folds: int, catalogue: Any, repeats: int = 3) -> dict[str, Any]:
    """Span precision, recall and F1, value accuracy and tagging time, over ``folds`` folds,
    repeated ``repeats`` times with other shuffles (the examples are few: one cut varies)."""
    counts: Counter[str] = Counter()
    per_kind: dict[str, Counter[str]] = {}
    times: list[float] = []
    splits = []
    for seed in range(repeats):
        examples = list(ws.span_examples())
        random.Random(seed).shuffle(examples)
        splits += [
            (examples[k::folds], [e for i, e in enumerate(examples) if i % folds != k])
            for k in range(folds)
        ]
    for test, train in splits:
        reader = _reader(ws, train, catalogue)
        for example in test:
            started = time.perf_counter()
            found = reader.understand(example.text, None).marks
            times.append(time.perf_counter() - started)
            gold = {(m.kind, example.said(m)): m.value for m in example.marks}
            got = {(m.type, m.text): m.value for m in found}
            # Overlap: the same kind on words that share at least one with the marked ones.
            spans = [(m.kind, m.start, m.end) for m in example.marks]
            counts["overlap_hit"] += sum(
                any(k == f.type and s < f.end and f.start < e for f in found) for k, s, e in spans
            )
            counts["overlap_found"] += sum(
                any(k == f.type and s < f.end and f.start < e for k, s, e in spans) for f in found
            )
            for key, value in gold.items():
                kind = per_kind.setdefault(key[0], Counter())
                kind["gold"] += 1
                counts["gold"] += 1
                if key in got:
                    kind["hit"] += 1
                    counts["hit"] += 1
                    if value is not None:
                        counts["valued"] += 1
                        counts["value_right"] += got[key] == value
            for key in got:
                per_kind.setdefault(key[0], Counter())["found"] += 1
                counts["found"] += 1
    precision = counts["hit"] / counts["found"] if counts["found"] else 0.0
    recall = counts["hit"] / counts["gold"] if counts["gold"] else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "examples": len(ws.span_examples()),
        "marked": sum(1 for e in ws.span_examples() if e.marks),
        "folds": folds,
        "repeats": repeats,
        "spans": sum(len(e.marks) for e in ws.span_examples()),
        "precision": round(precision, 3),
        "recall": round(recall, 3),
        "f1": round(f1, 3),
        "overlap_precision": round(counts["overlap_found"] / counts["found"], 3)
        if counts["found"]
        else 0.0,
        "overlap_recall": round(counts["overlap_hit"] / counts["gold"], 3)
        if counts["gold"]
        else 0.0,
        "value_accuracy": round(counts["value_right"] / counts["valued"], 3)
        if counts["valued"]
        else None,
        "per_kind": {
            kind: {
                "spans": c["gold"] // repeats,
                "recall": round(c["hit"] / c["gold"], 3) if c["gold"] else None,
                "precision": round(c["hit"] / c["found"], 3) if c["found"] else None,
            }
            for kind, c in sorted(per_kind.items())
        },
        "tag_ms_p50": round(statistics.median(times) * 1000, 2) if times else None,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workspace", type=Path, default=ROOT / "examples" / "retail")
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--no-catalogue", action="store_true", help="no catalogue entities")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    ws = load_workspace(args.workspace)
    catalogue = (
        None
        if args.no_catalogue
        else CatalogueEntityMatcher(
            generate_store()["products"], CatalogueMatcherConfig.from_vocabulary(ws.vocabulary)
        )
    )
    result = measure(ws, args.folds, catalogue, args.repeats)
    if args.json:
        print(json.dumps(result, indent=2))
        return
    print(
        f"{result['examples']} examples ({result['marked']} marked, {result['spans']} spans), "
        f"{args.folds} folds × {args.repeats}: "
        f"precision {result['precision']:.3f}, recall {result['recall']:.3f}, "
        f"F1 {result['f1']:.3f}; overlapping: precision {result['overlap_precision']:.3f}, "
        f"recall {result['overlap_recall']:.3f}; value accuracy {result['value_accuracy']}, "
        f"tagging p50 {result['tag_ms_p50']} ms"
    )
    for kind, c in result["per_kind"].items():
        print(f"  {kind}: {c['spans']} spans, precision {c['precision']}, recall {c['recall']}")


if __name__ == "__main__":
    main()
