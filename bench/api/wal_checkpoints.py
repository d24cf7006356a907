"""What a SQLite WAL checkpoint costs, and how often chat turns pay for one.

SQLite copies its write-ahead log back into the database file (a checkpoint) when a commit
leaves the log over ``wal_autocheckpoint`` pages (1000 by default): the committing thread does
it, inside its ``COMMIT``, so in ``deskpilot serve`` it runs on a request's path and under the
``Database`` lock every SQLite transaction of the process takes turns on. This script builds a
runtime on a fresh temporary data directory, stops the store's checkpoint thread
(``store/_checkpoints.py``) and turns automatic checkpoints off on the held
connection, holds ``run.py``'s conversations through the pipeline, and after every
``--conversations`` of them (4 turns each) runs the checkpoint SQLite would have run
(``PRAGMA wal_checkpoint(PASSIVE)``), timing it in wall and CPU time. It prints the log pages a
turn writes, so how many turns lie between two automatic checkpoints, and the checkpoint's
median and largest wall time: its wall time minus its CPU time is waiting on the disk (the
``fsync`` of the log and of the database file).

    .venv/bin/python bench/api/wal_checkpoints.py [--conversations 6] [--rounds 12]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Sequence
from typing import Any

from _load import converse, demo_runtime


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    """The command line."""
    p = argparse.ArgumentParser(description="SQLite WAL checkpoints between chat turns.")
    p.add_argument(
        "--conversations", type=int, default=6, help="between checkpoints (6: ~1000 pages)"
    )
    p.add_argument("--rounds", type=int, default=12, help="checkpoints measured")
    return p.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    """Hold conversations, checkpoint between blocks of them, print the figures."""
    args = parse_args(argv)
    with demo_runtime("wal-checkpoints") as (runtime, customers):
        converse(runtime, customers, 0, 5)  # warm up
        if runtime.db._checkpoints is not None:  # the store's own checkpoint thread
            runtime.db._checkpoints.stop()
        with runtime.db.transaction() as repo:
            repo.c.exec_driver_sql("PRAGMA wal_autocheckpoint=0")
        held: Any = runtime.db._connection().connection.driver_connection
        held.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        walls, cpus, pages, turns = [], [], [], 0
        for r in range(args.rounds):
            turns += converse(runtime, customers, 5 + r * args.conversations, args.conversations)
            wall, cpu = time.perf_counter(), time.process_time()
            _, frames, _ = held.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
            walls.append(time.perf_counter() - wall)
            cpus.append(time.process_time() - cpu)
            pages.append(frames)
    per_turn = sum(pages) / turns
    print(
        f"{per_turn:.1f} log pages a turn (an automatic checkpoint every "
        f"{1000 / per_turn:.0f} turns at the default 1000 pages)\n"
        f"checkpoint of {statistics.median(pages):.0f} pages ({args.conversations * 4} turns): "
        f"wall median {statistics.median(walls) * 1e3:.1f} ms, largest "
        f"{max(walls) * 1e3:.1f} ms; CPU median {statistics.median(cpus) * 1e3:.2f} ms"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
