"""Intent classification on Banking77 and CLINC150: DeskPilot's classifiers beside two references.

Reads ``../shared/datasets/{banking77,clinc150}/{train,test}.csv`` (relative to the repository
root), trains every system on ``train.csv`` and measures it on ``test.csv`` with the same code as
``deskpilot nlu eval``: accuracy, macro-F1, in-scope accuracy and OOS recall (CLINC150, label
``oos``), calibration error, training time, single-query latency and batch throughput.

Systems: DeskPilot ``tfidf``, ``embedding`` and ``ensemble``; a plain TF-IDF + LinearSVC; spaCy's
``textcat`` (blank English pipeline, exclusive classes, at most 5 epochs or 240 s of training).
The references treat ``oos`` as one more class, as Larson et al. did.

    .venv/bin/python bench/nlu/run.py [--json OUT] [--datasets banking77,clinc150]
                                      [--systems tfidf,embedding,ensemble,svc,spacy]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import time
from collections.abc import Sequence
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
DATASETS = ROOT.parent / "shared" / "datasets"
sys.path.insert(0, str(HERE))

from _baselines import PlainSvcClassifier, SpacyTextcatClassifier  # noqa: E402

from deskpilot.errors import DeskpilotError  # noqa: E402
from deskpilot.nlu.evaluation import EvaluationReport, evaluate  # noqa: E402
from deskpilot.nlu.intents import default_registry, read_examples  # noqa: E402

OOS_LABEL = {"banking77": None, "clinc150": "oos"}
SYSTEMS = {
    "tfidf": "DeskPilot tfidf",
    "embedding": "DeskPilot embedding",
    "ensemble": "DeskPilot ensemble",
    "svc": "TF-IDF + LinearSVC (reference)",
    "spacy": "spaCy textcat (reference)",
}


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    """Datasets and systems to run, and where to write JSON."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--json", type=Path, help="Also write the figures as JSON here.")
    parser.add_argument("--datasets", default="banking77,clinc150")
    parser.add_argument("--systems", default=",".join(SYSTEMS))
    args = parser.parse_args(argv)
    args.datasets = [d for d in args.datasets.split(",") if d]
    args.systems = [s for s in args.systems.split(",") if s]
    for name in args.datasets:
        if name not in OOS_LABEL:
            parser.error(f"unknown dataset {name!r}; expected some of: {', '.join(OOS_LABEL)}")
    for name in args.systems:
        if name not in SYSTEMS:
            parser.error(f"unknown system {name!r}; expected some of: {', '.join(SYSTEMS)}")
    return args


def registry() -> object:
    """DeskPilot's registry plus the two references under their benchmark names."""
    reg = default_registry()
    reg.register("svc", PlainSvcClassifier)
    reg.register("spacy", SpacyTextcatClassifier)
    return reg


def row(dataset: str, system: str, r: EvaluationReport) -> str:
    """One Markdown table row of the figures."""

    def pct(x: float | None) -> str:
        return "–" if x is None else f"{100 * x:.1f}"

    return (
        f"| {dataset} | {SYSTEMS[system]} | {pct(r.accuracy)} | {pct(r.macro_f1)} | "
        f"{pct(r.in_scope_accuracy)} | {pct(r.oos_recall)} | {r.ece:.3f} | "
        f"{r.training_seconds:.0f} | {r.latency_p50_ms:.1f} / {r.latency_p95_ms:.1f} | "
        f"{r.throughput_per_second:.0f} |"
    )


HEADER = (
    "| dataset | system | accuracy | macro-F1 | in-scope acc | OOS recall | ECE | train s "
    "| latency p50 / p95 ms | texts/s |\n|---|---|---|---|---|---|---|---|---|---|"
)


def main(argv: Sequence[str] | None = None) -> int:
    """Run every system on every dataset; print the table; exit 2 when the data is missing."""
    args = parse_args(argv)
    missing = [
        DATASETS / d / f
        for d in args.datasets
        for f in ("train.csv", "test.csv")
        if not (DATASETS / d / f).is_file()
    ]
    if missing:
        print(
            f"error: the benchmark needs the shared datasets; not found: "
            f"{', '.join(str(m) for m in missing)}",
            file=sys.stderr,
        )
        return 2
    reg = registry()
    results = []
    lines = [HEADER]
    for dataset in args.datasets:
        train = read_examples(DATASETS / dataset / "train.csv")
        test = read_examples(DATASETS / dataset / "test.csv")
        for system in args.systems:
            print(f"{dataset}: {SYSTEMS[system]} ...", file=sys.stderr, flush=True)
            started = time.perf_counter()
            try:
                report = evaluate(
                    train,
                    test,
                    classifier=system,
                    oos_label=OOS_LABEL[dataset],
                    registry=reg,  # type: ignore[arg-type]
                )
            except DeskpilotError as exc:
                print(f"  skipped: {exc.message}", file=sys.stderr)
                continue
            took = time.perf_counter() - started
            lines.append(row(dataset, system, report))
            print(f"  {lines[-1]}  ({took:.0f} s in all)", file=sys.stderr, flush=True)
            results.append({"dataset": dataset, "system": system, **report.to_json()})
    print("\n".join(lines))
    if args.json:
        machine = {
            "python": platform.python_version(),
            "cpu_count": os.cpu_count(),
            "platform": platform.platform(),
            "load_average_1min": os.getloadavg()[0],
        }
        args.json.write_text(json.dumps({"machine": machine, "results": results}, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
