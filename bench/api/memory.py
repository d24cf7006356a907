"""Resident memory of a freshly started ``deskpilot serve``, without load.

Starts the server as ``run.py`` does (``deskpilot serve`` on a free loopback port, a fresh
temporary data directory, from the repository root), waits ``--wait`` seconds after it first
answers ``GET /v1/ping``, and reads /proc about it: resident memory (``VmRSS``, and its
anonymous and file-backed parts), the peak so far (``VmHWM``), and which of the large
libraries the process has mapped (lingua's language models, scikit-learn, torch). Runs
``--runs`` servers one after the other and prints each and the median: the figure moves by
10-20 MB between starts of the same code (how the heap was cut up while loading).

    .venv/bin/python bench/api/memory.py [--runs N] [--wait SECONDS] [--json OUT]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

from _server import BenchError, machine, memory_mb, own_server

# Libraries worth naming when the process holds them, by a path part of their shared objects.
LIBRARIES = {"lingua": "/lingua/", "scikit-learn": "/sklearn/", "torch": "/torch/"}


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    """The command line."""
    p = argparse.ArgumentParser(description="Resident memory of a fresh deskpilot serve.")
    p.add_argument("--runs", type=int, default=3, help="servers started one after the other")
    p.add_argument(
        "--wait", type=float, default=25.0, help="seconds after the first answer to read"
    )
    p.add_argument("--json", type=Path, metavar="OUT", help="also write the results as JSON")
    args = p.parse_args(argv)
    if args.runs < 1:
        p.error("--runs must be at least 1")
    return args


def mapped_libraries(pid: int) -> list[str]:
    """Which of ``LIBRARIES`` the process has mapped."""
    try:
        maps = Path(f"/proc/{pid}/maps").read_text()
    except OSError as exc:
        raise BenchError(f"cannot read /proc/{pid}/maps: {exc.strerror}") from exc
    return [name for name, part in LIBRARIES.items() if part in maps]


@dataclass(frozen=True)
class Reading:
    """One server's memory in MB (10^6 bytes), and the large libraries it holds."""

    rss_mb: float
    anon_mb: float
    file_mb: float
    peak_mb: float
    libraries: list[str]

    def line(self) -> str:
        """The reading as one line."""
        holds = ", ".join(self.libraries) or "none of " + ", ".join(LIBRARIES)
        return (
            f"RSS {self.rss_mb:.1f} MB (anonymous {self.anon_mb:.1f}, file {self.file_mb:.1f}), "
            f"peak {self.peak_mb:.1f} MB; holds {holds}"
        )


def one_run(wait: float) -> Reading:
    """Start a server, wait, read its memory, stop it."""
    with own_server(keep_data=False) as server:
        time.sleep(wait)
        pid = server.pid
        return Reading(
            rss_mb=memory_mb(pid),
            anon_mb=memory_mb(pid, "RssAnon"),
            file_mb=memory_mb(pid, "RssFile"),
            peak_mb=memory_mb(pid, "VmHWM"),
            libraries=mapped_libraries(pid),
        )


def main(argv: Sequence[str] | None = None) -> int:
    """Measure, print, optionally write JSON; 1 on a failed start."""
    args = parse_args(argv)
    info = machine()
    print(
        f"code {info['code']}, load average {os.getloadavg()[0]:.2f} at start, "
        f"{args.runs} run(s), read {args.wait:.0f} s after the server first answered",
        flush=True,
    )
    runs = []
    try:
        for number in range(1, args.runs + 1):
            run = one_run(args.wait)
            runs.append(run)
            print(f"  run {number}: {run.line()}", flush=True)
    except BenchError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    median = statistics.median(r.rss_mb for r in runs)
    print(f"median RSS {median:.1f} MB; load average {os.getloadavg()[0]:.2f} at the end")
    if args.json is not None:
        doc = {
            "machine": info,
            "wait_seconds": args.wait,
            "runs": [asdict(r) for r in runs],
            "median_rss_mb": median,
        }
        args.json.write_text(json.dumps(doc, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
