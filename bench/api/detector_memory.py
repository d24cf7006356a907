"""The help center's language detector alone: how much its build raises a process's peak and
what it holds after, loaded as ``LinguaLanguageDetector`` does (one language at a time) and as
it did before 2026-12-08 (lingua's builder over all the languages at once).

Each build runs in a fresh interpreter (lingua keeps its models for the whole process): the
peak (``VmHWM``) is reset through ``/proc/self/clear_refs`` just before the build, and both
figures are MB (10^6 bytes) over the process's ``VmRSS`` then. Linux only.

    .venv/bin/python bench/api/detector_memory.py [--runs 5] [--languages en es fr]
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
from collections.abc import Sequence

_CHILD = """
import json, sys
from pathlib import Path
from lingua import IsoCode639_1, Language, LanguageDetectorBuilder
from deskpilot.nlu.language import LanguageConfig, LinguaLanguageDetector, release_free_memory

def status(field):
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) * 1024 / 1e6
mode, codes = sys.argv[1], sys.argv[2:]
Path("/proc/self/clear_refs").write_text("5")
before = status("VmRSS")
if mode == "at-once":
    languages = [Language.from_iso_code_639_1(IsoCode639_1.from_str(c)) for c in codes]
    builder = LanguageDetectorBuilder.from_languages(*languages)
    detector = builder.with_preloaded_language_models().build()
    release_free_memory()
else:
    detector = LinguaLanguageDetector(LanguageConfig(languages=tuple(codes)))
print(json.dumps({"peak": status("VmHWM") - before, "held": status("VmRSS") - before}))
"""


def one(mode: str, languages: Sequence[str]) -> dict[str, float]:
    """One build in a fresh interpreter: its peak and held MB over the process before."""
    done = subprocess.run(
        [sys.executable, "-c", _CHILD, mode, *languages],
        capture_output=True,
        text=True,
        check=True,
    )
    figures: dict[str, float] = json.loads(done.stdout)
    return figures


def main(argv: Sequence[str] | None = None) -> int:
    """Alternate the two ways ``--runs`` times each and print every run and the ranges."""
    p = argparse.ArgumentParser(description="The language detector's peak and held memory.")
    p.add_argument("--runs", type=int, default=5)
    p.add_argument("--languages", nargs="+", default=["en", "es", "fr"])
    args = p.parse_args(argv)
    seen: dict[str, list[dict[str, float]]] = {"one-at-a-time": [], "at-once": []}
    for _ in range(args.runs):
        for mode, runs in seen.items():
            runs.append(one(mode, args.languages))
            print(f"  {mode}: peak +{runs[-1]['peak']:.1f} MB, held +{runs[-1]['held']:.1f} MB")
    for mode, runs in seen.items():
        peaks = [r["peak"] for r in runs]
        held = [r["held"] for r in runs]
        print(
            f"{mode}: peak +{min(peaks):.1f} to +{max(peaks):.1f} MB "
            f"(median {statistics.median(peaks):.1f}), held +{min(held):.1f} to "
            f"+{max(held):.1f} MB (median {statistics.median(held):.1f})"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
