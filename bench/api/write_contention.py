"""How often concurrent chat turns collide on SQLite's write lock, and what it does to latency.

Runs the same conversations as ``run.py`` from N threads straight through the pipeline (no
HTTP), as the server's thread pool does. With the server's own settings it reports latency;
with ``--busy-timeout-ms 0`` SQLite answers "database is locked" at once instead of sleeping
and retrying, so the failures count the collisions that would otherwise have waited.

    .venv/bin/python bench/api/write_contention.py [--threads 10] [--busy-timeout-ms 0]
"""

from __future__ import annotations

import argparse
import logging
import shutil
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from _load import Customer, load_customers, percentile
from sqlalchemy import event

from deskpilot.runtime import Runtime, build_runtime
from deskpilot.settings import Settings


class Tally:
    """Latencies and failures shared by the worker threads."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.latencies: list[float] = []
        self.failures: Counter[str] = Counter()

    def failed(self, call: str, exc: BaseException) -> None:
        """Count a failed call by what it was and its innermost cause."""
        root = exc
        while root.__cause__ is not None:
            root = root.__cause__
        with self.lock:
            self.failures[f"{call}: {type(root).__name__}: {str(root)[:40]}"] += 1

    def failed_turns(self) -> int:
        """How many turns (not conversation openings) failed."""
        return sum(n for key, n in self.failures.items() if key.startswith("turn:"))


def set_busy_timeout(runtime: Runtime, millis: int) -> None:
    """Make new connections wait at most ``millis`` for SQLite's write lock."""

    def on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.execute(f"PRAGMA busy_timeout={int(millis)}")

    runtime.db.dispose()
    event.listen(runtime.db.engine, "connect", on_connect)


def worker(
    runtime: Runtime, customers: Sequence[Customer], first: int, step: int, until: float, t: Tally
) -> None:
    """Hold conversations until ``until``, timing each turn."""
    index = first
    while time.perf_counter() < until:
        customer = customers[index % len(customers)]
        index += step
        try:
            conversation = runtime.pipeline.do_start_conversation("api", None)
        except Exception as exc:
            t.failed("open", exc)
            continue
        for text in customer.script():
            began = time.perf_counter()
            try:
                runtime.pipeline.do_receive_message(conversation.id, text)
            except Exception as exc:
                t.failed("turn", exc)
                continue
            with t.lock:
                t.latencies.append(time.perf_counter() - began)


def run(runtime: Runtime, customers: Sequence[Customer], threads: int, seconds: float) -> Tally:
    """Run ``threads`` workers for ``seconds``."""
    tally = Tally()
    until = time.perf_counter() + seconds
    pool = [
        threading.Thread(target=worker, args=(runtime, customers, i, threads, until, tally))
        for i in range(threads)
    ]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    return tally


def main(argv: Sequence[str] | None = None) -> int:
    """Warm up, measure, print one line of figures and the failures by cause."""
    p = argparse.ArgumentParser(description="Write-lock collisions of concurrent chat turns.")
    p.add_argument("--threads", type=int, default=10)
    p.add_argument("--duration", type=float, default=8.0)
    p.add_argument("--busy-timeout-ms", type=int, help="override the server's busy timeout")
    args = p.parse_args(argv)
    logging.disable(logging.CRITICAL)  # failed turns are expected here and counted below
    data_dir = Path(tempfile.mkdtemp(prefix="deskpilot-contention-"))
    runtime = build_runtime(Settings(data_dir=data_dir, log_level="WARNING"))
    try:
        if args.busy_timeout_ms is not None:
            set_busy_timeout(runtime, args.busy_timeout_ms)
        customers = load_customers(data_dir / "demo-store")
        run(runtime, customers, args.threads, 2.0)
        began = time.perf_counter()
        tally = run(runtime, customers, args.threads, args.duration)
        seconds = time.perf_counter() - began
    finally:
        runtime.close()
        shutil.rmtree(data_dir, ignore_errors=True)
    ordered = sorted(tally.latencies)
    busy = "server's" if args.busy_timeout_ms is None else f"{args.busy_timeout_ms} ms"
    print(
        f"{args.threads} threads, busy timeout {busy}: {len(ordered) / seconds:.0f} turns/s, "
        f"p50 {percentile(ordered, 0.5):.1f} ms, p99 {percentile(ordered, 0.99):.1f} ms, "
        f"max {percentile(ordered, 1.0):.1f} ms; {len(ordered)} turns done, "
        f"{tally.failed_turns()} turns failed"
    )
    for cause, count in tally.failures.most_common(5):
        print(f"  {count:6d}  {cause}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
