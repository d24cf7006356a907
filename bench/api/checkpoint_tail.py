"""What SQLite's checkpoints add to a chat turn's wall time, by where they run.

SQLite copies its write-ahead log back into the database file (a checkpoint) when a commit
leaves the log over ``wal_autocheckpoint`` pages, inside that ``COMMIT``: the turn that
commits waits on the disk, and under ``deskpilot serve`` every other turn waits for the
process's transaction lock behind it. ``Database`` leaves it to a thread of its own instead
(``store/_checkpoints.py``). This script builds a runtime on a fresh temporary data directory
and holds ``run.py``'s conversations through the pipeline, one turn after another, in blocks
that alternate between the two ways: **commit** (the thread stopped, SQLite's default of 1000
pages on the connection) and **thread** (as shipped). It prints each way's wall time a turn at
the median, p95, p99 and the largest: a checkpoint shows as the tail.

    .venv/bin/python bench/api/checkpoint_tail.py [--rounds 6] [--conversations 40]
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence

from _load import demo_runtime, percentile

from deskpilot.runtime import Runtime
from deskpilot.store._checkpoints import BACKSTOP_PAGES, WalCheckpointer


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    """The command line."""
    p = argparse.ArgumentParser(description="SQLite checkpoints in a chat turn's wall time.")
    p.add_argument("--rounds", type=int, default=6, help="blocks of each way")
    p.add_argument("--conversations", type=int, default=40, help="a block's (4 turns each)")
    return p.parse_args(argv)


def set_way(runtime: Runtime, way: str) -> None:
    """Checkpoints in the committing turn (``commit``) or in their thread (``thread``)."""
    db = runtime.db
    if db._checkpoints is not None:
        db._checkpoints.stop()
        db._checkpoints = None
    pages = 1000 if way == "commit" else BACKSTOP_PAGES
    with db.transaction() as repo:
        repo.c.exec_driver_sql(f"PRAGMA wal_autocheckpoint={pages}")
    if way == "thread":
        db._checkpoints = WalCheckpointer(db.engine)


def main(argv: Sequence[str] | None = None) -> int:
    """Alternate the two ways in blocks of conversations, print each one's tail."""
    args = parse_args(argv)
    walls: dict[str, list[float]] = {"commit": [], "thread": []}
    with demo_runtime("checkpoint-tail") as (runtime, customers):
        n = 0
        for _ in range(args.rounds):
            for way, times in walls.items():
                set_way(runtime, way)
                for _ in range(args.conversations):
                    pipeline = runtime.pipeline
                    conversation = pipeline.do_start_conversation("api", None).id
                    for text in customers[n % len(customers)].script():
                        start = time.perf_counter()
                        pipeline.do_receive_message(conversation, text)
                        times.append(time.perf_counter() - start)
                    n += 1
    print("way     turns   p50 ms   p95 ms   p99 ms   max ms")
    for way, times in walls.items():
        ordered = sorted(times)
        print(
            f"{way:<7} {len(ordered):>5} "
            + " ".join(f"{percentile(ordered, q):>8.1f}" for q in (0.5, 0.95, 0.99))
            + f" {ordered[-1] * 1000:>8.1f}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
