"""What the help center's language detector costs in memory, and what its cheaper mode misreads.

The help center detects a question's language among its articles' languages and the
workspace's (``knowledge/_answer.py``: ``language_detector``; the store's: English, Spanish,
French). This builds that detector in a fresh process for each mode, lingua's default (every
n-gram model, preloaded) and its low-accuracy mode (trigrams only), and reports the process's
resident memory before and after and its peak while building (``VmRSS``, ``VmHWM``); then
reads the English test texts of Banking77 and CLINC150 with each and counts those read as
another language (every one is English, so every other answer is a misreading).

    .venv/bin/python bench/nlu/language_detector.py [--datasets ../shared/datasets]
"""

from __future__ import annotations

import argparse
import csv
import json
import subprocess
import sys
from collections import Counter
from pathlib import Path

from deskpilot.nlu.language import LanguageConfig, LinguaLanguageDetector

LANGUAGES = ("en", "es", "fr")


def _status(key: str) -> int:
    """A /proc/self/status figure in MB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(key):
            return int(line.split()[1]) // 1024
    return 0


def measure(low: bool, texts: list[str]) -> dict[str, object]:
    """Build the detector in this process and read ``texts`` with it."""
    before = _status("VmRSS")
    config = LanguageConfig(languages=LANGUAGES, default="en", low_accuracy=low)
    detector = LinguaLanguageDetector(config)
    built = {"rss_before": before, "rss_after": _status("VmRSS"), "peak": _status("VmHWM")}
    read = Counter(detector.detect(t) for t in texts)
    return {**built, "texts": len(texts), "read_as": dict(read.most_common())}


def english_texts(datasets: Path) -> list[str]:
    """The test texts of Banking77 and CLINC150 (all English)."""
    texts: list[str] = []
    for name in ("banking77", "clinc150"):
        with (datasets / name / "test.csv").open(newline="") as f:
            rows = csv.reader(f)
            next(rows)
            texts.extend(row[0] for row in rows)
    return texts


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--datasets", type=Path, default=Path("../shared/datasets"))
    p.add_argument("--mode", choices=("default", "low"), help=argparse.SUPPRESS)
    args = p.parse_args()
    if not (args.datasets / "banking77" / "test.csv").is_file():
        sys.exit(f"error: no Banking77 test set under {args.datasets} (see --datasets)")
    texts = english_texts(args.datasets)
    if args.mode is not None:  # one measurement, in a fresh process
        print(json.dumps(measure(args.mode == "low", texts)))
        return
    print(f"languages {', '.join(LANGUAGES)}; {len(texts)} English test texts")
    for mode in ("default", "low"):
        out = subprocess.run(
            [sys.executable, __file__, "--datasets", str(args.datasets), "--mode", mode],
            check=True,
            capture_output=True,
            text=True,
        )
        r = json.loads(out.stdout)
        read_as = r["read_as"]
        other = r["texts"] - read_as.get("en", 0)
        print(
            f"{mode:8} RSS {r['rss_before']} -> {r['rss_after']} MB, peak {r['peak']} MB; "
            f"read as another language: {other} ({100 * other / r['texts']:.2f} %) {read_as}"
        )


if __name__ == "__main__":
    main()
