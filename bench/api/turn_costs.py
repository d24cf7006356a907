"""What one chat turn costs the store and the CPU, in counts that hold on a busy machine.

Builds a runtime on a fresh temporary data directory (as ``deskpilot serve`` would) and holds
``run.py``'s conversations one at a time through ``Pipeline.do_receive_message``. Prints, per
turn (conversation openings not included): the CPU time (``time.process_time``, a pass without
tracing), the commits and statements SQLite ran (by kind; ``--`` lines are statements run by
triggers), and the pages written to the write-ahead log (from its size, automatic checkpoints
turned off while counting). ``--statements`` also lists every distinct statement with its count;
SQLite's trace names a statement again when a trigger program of it starts, so a message
INSERT (its full-text trigger) shows about three times.

    .venv/bin/python bench/api/turn_costs.py [--conversations 100] [--statements]
"""

from __future__ import annotations

import argparse
import re
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from functools import partial
from pathlib import Path
from typing import Any

from _load import Customer, load_customers
from sqlalchemy import event

from deskpilot.runtime import Runtime, build_runtime
from deskpilot.settings import Settings

_LITERAL = re.compile(r"'(?:[^']|'')*'")
_NUMBER = re.compile(r"\b\d+(?:\.\d+)?\b")
_WAL_HEADER = 32
_FRAME_HEADER = 24


def turns_of(
    runtime: Runtime,
    customers: Sequence[Customer],
    first: int,
    count: int,
    around: Callable[[Callable[[], object]], None],
) -> int:
    """Hold ``count`` conversations, each turn called through ``around``; the turns held."""
    pipeline = runtime.pipeline
    turns = 0
    for i in range(first, first + count):
        customer = customers[i % len(customers)]
        conversation_id = pipeline.do_start_conversation("api", None).id
        for text in customer.script():
            around(partial(pipeline.do_receive_message, conversation_id, text))
            turns += 1
    return turns


def cpu_ms(runtime: Runtime, customers: Sequence[Customer], first: int, count: int) -> list[float]:
    """The CPU milliseconds of each turn of ``count`` conversations."""
    spent: list[float] = []

    def around(turn: Callable[[], object]) -> None:
        began = time.process_time()
        turn()
        spent.append((time.process_time() - began) * 1000)

    turns_of(runtime, customers, first, count, around)
    return spent


@contextmanager
def traced(runtime: Runtime, statements: Counter[str]) -> Iterator[None]:
    """Count the statements SQLite runs on connections opened within; no autocheckpoint."""

    def trace(statement: str) -> None:
        shape = _NUMBER.sub("?", _LITERAL.sub("?", " ".join(statement.split())))
        statements[shape[:120]] += 1

    def on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.execute("PRAGMA wal_autocheckpoint=0")
        dbapi_connection.set_trace_callback(trace)

    engine = runtime.db.engine
    runtime.db.dispose()  # every connection opened again, with the hook
    event.listen(engine, "connect", on_connect)
    try:
        yield
    finally:
        event.remove(engine, "connect", on_connect)
        runtime.db.dispose()


def wal_pages(database: Path, page_size: int) -> int:
    """The frames the write-ahead log holds now (it only grows without checkpoints)."""
    wal = database.with_name(database.name + "-wal")
    size = wal.stat().st_size if wal.exists() else 0
    return max(0, size - _WAL_HEADER) // (page_size + _FRAME_HEADER)


def database_of(runtime: Runtime) -> Path:
    """The SQLite file of the runtime's database."""
    url = runtime.db.engine.url
    assert url.get_backend_name() == "sqlite" and url.database
    return Path(url.database)


def counted(
    runtime: Runtime, customers: Sequence[Customer], first: int, count: int
) -> tuple[int, Counter[str], int]:
    """Turns held, the statements run in them, and the log pages they wrote."""
    database = database_of(runtime)
    with sqlite3.connect(database) as raw:
        raw.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        page_size = int(raw.execute("PRAGMA page_size").fetchone()[0])
    statements: Counter[str] = Counter()
    pages = 0

    def around(turn: Callable[[], object]) -> None:
        nonlocal pages
        before = wal_pages(database, page_size)
        turn()
        pages += wal_pages(database, page_size) - before

    in_turns: Counter[str] = Counter()

    def around_counting(turn: Callable[[], object]) -> None:
        before = statements.copy()
        around(turn)
        in_turns.update(statements - before)

    with traced(runtime, statements):
        turns = turns_of(runtime, customers, first, count, around_counting)
    return turns, in_turns, pages


def report(cpu: list[float], turns: int, statements: Counter[str], pages: int, full: bool) -> None:
    """Print the figures per turn."""
    print(
        f"CPU per turn: mean {statistics.fmean(cpu):.2f} ms, median {statistics.median(cpu):.2f} "
        f"ms over {len(cpu)} turns"
    )
    kinds: Counter[str] = Counter()
    for text, n in statements.items():
        kinds[text.split(None, 1)[0].upper()] += n
    per_turn = ", ".join(f"{k} {v / turns:.2f}" for k, v in kinds.most_common())
    print(f"statements per turn: {per_turn}")
    print(f"WAL pages written per turn: {pages / turns:.1f}")
    if full:
        for text, n in statements.most_common():
            print(f"  {n / turns:5.2f}  {text}")


def main(argv: Sequence[str] | None = None) -> int:
    """Measure on a fresh data directory and print the figures per turn."""
    p = argparse.ArgumentParser(description="Commits, statements, WAL pages, CPU per chat turn.")
    p.add_argument("--conversations", type=int, default=100, help="measured (4 turns each)")
    p.add_argument("--warmup", type=int, default=20, help="conversations before measuring")
    p.add_argument("--statements", action="store_true", help="list every distinct statement")
    args = p.parse_args(argv)
    data_dir = Path(tempfile.mkdtemp(prefix="deskpilot-costs-"))
    runtime = build_runtime(Settings(data_dir=data_dir, log_level="WARNING"))
    try:
        customers = load_customers(data_dir / "demo-store")
        n = args.conversations
        cpu_ms(runtime, customers, 0, args.warmup)
        cpu = cpu_ms(runtime, customers, args.warmup, n)
        turns, statements, pages = counted(runtime, customers, args.warmup + n, n)
    finally:
        runtime.close()
        shutil.rmtree(data_dir, ignore_errors=True)
    report(cpu, turns, statements, pages, args.statements)
    return 0


if __name__ == "__main__":
    sys.exit(main())
