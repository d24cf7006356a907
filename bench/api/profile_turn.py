"""Where one chat turn's time goes: cProfile over the pipeline, in process.

Builds a runtime on a fresh temporary data directory (as ``deskpilot serve`` would), holds the
same conversations as ``run.py`` one at a time through ``Pipeline.do_receive_message``, and
prints: wall time per turn without the profiler, the SQL statements SQLite actually ran per
turn (with the BEGIN and COMMIT the driver issued), profiled time by area, and the most
expensive functions. The HTTP layer is not in this profile: cProfile sees only the calling
thread, and the app runs sync endpoints in worker threads; ``run.py`` reports the server's CPU
per bare request instead, which is that layer's cost.

    .venv/bin/python bench/api/profile_turn.py [--conversations N] [--save OUT.prof]
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import shutil
import statistics
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from _load import Customer, load_customers
from sqlalchemy import event

from deskpilot.runtime import Runtime, build_runtime
from deskpilot.settings import Settings

Turn = Callable[[str, str], object]
FuncKey = tuple[str, int, str]

_AREAS = (
    ("/deskpilot/store/", "deskpilot.store (repository, row codecs)"),
    ("/deskpilot/", "deskpilot (pipeline, NLU, decide, actions, templates)"),
    ("/sqlalchemy/", "SQLAlchemy Core (build, compile, cache key, results)"),
    ("/pydantic", "pydantic (action arguments)"),
    ("/json/", "json (stdlib)"),
    ("/celpy/", "CEL policies"),
    ("/cel", "CEL policies"),
)


def area_of(func: FuncKey) -> str:
    """The area a profiled function's own time is charged to."""
    filename, _, name = func
    if "sqlite3" in name:
        return "SQLite (C: execute, commit)"
    for marker, area in _AREAS:
        if marker in filename:
            return area
    return "other (stdlib, builtins)"


def time_by_area(stats: pstats.Stats) -> Counter[str]:
    """Own time per area; a C function's time is charged to the areas of its callers."""
    raw: dict[FuncKey, Any] = stats.stats  # type: ignore[attr-defined]
    areas: Counter[str] = Counter()
    for func, (_cc, _nc, tottime, _ct, callers) in raw.items():
        if func[0] != "~" or "sqlite3" in func[2] or not callers:
            areas[area_of(func)] += tottime
            continue
        share = sum(c[2] for c in callers.values()) or 1.0
        for caller, caller_stats in callers.items():
            areas[area_of(caller)] += tottime * caller_stats[2] / share
    return areas


@contextmanager
def sql_trace(runtime: Runtime) -> Iterator[Counter[str]]:
    """Count the statements SQLite runs (BEGIN and COMMIT too) on connections opened within."""
    counts: Counter[str] = Counter()

    def trace(statement: str) -> None:
        counts[statement.split(None, 1)[0].upper()] += 1

    def on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.set_trace_callback(trace)

    engine = runtime.db.engine
    runtime.db.dispose()  # every connection opened again, with the hook
    event.listen(engine, "connect", on_connect)
    try:
        yield counts
    finally:
        event.remove(engine, "connect", on_connect)
        runtime.db.dispose()


def pipeline_turns(runtime: Runtime) -> tuple[Callable[[], str], Turn]:
    """Open-conversation and turn functions calling the pipeline directly."""

    def start() -> str:
        return runtime.pipeline.do_start_conversation("api", None).id

    def turn(conversation_id: str, text: str) -> object:
        return runtime.pipeline.do_receive_message(conversation_id, text)

    return start, turn


def converse(
    customers: Sequence[Customer], first: int, count: int, start: Callable[[], str], turn: Turn
) -> list[float]:
    """Hold ``count`` conversations; the wall time of each turn in milliseconds."""
    times = []
    for i in range(first, first + count):
        customer = customers[i % len(customers)]
        conversation_id = start()
        for text in customer.script():
            began = time.perf_counter()
            turn(conversation_id, text)
            times.append((time.perf_counter() - began) * 1000)
    return times


def print_report(stats: pstats.Stats, turns: int, wall: list[float], sql: Counter[str]) -> None:
    """The figures per turn, the areas, and the top functions."""
    print(
        f"wall time per turn without profiler: p50 {statistics.median(wall):.2f} ms, "
        f"mean {statistics.fmean(wall):.2f} ms over {len(wall)} turns"
    )
    per_turn = ", ".join(f"{k} {v / turns:.1f}" for k, v in sql.most_common())
    print(f"SQL statements SQLite ran per turn (conversation opens included): {per_turn}")
    total: float = stats.total_tt  # type: ignore[attr-defined]
    print(f"\nprofiled time by area ({total / turns * 1000:.2f} ms per turn under cProfile):")
    for area, seconds in time_by_area(stats).most_common():
        print(f"  {seconds / total:6.1%}  {seconds / turns * 1000:6.2f} ms  {area}")
    print("\ndeskpilot functions by cumulative time per turn:")
    raw: dict[FuncKey, Any] = stats.stats  # type: ignore[attr-defined]
    ours = sorted(((v[3], k) for k, v in raw.items() if "/deskpilot/" in k[0]), key=lambda x: -x[0])
    for cumtime, (filename, line, name) in ours[:22]:
        where = filename.split("/deskpilot/", 1)[1]
        print(f"  {cumtime / turns * 1000:6.2f} ms  {name}  ({where}:{line})")
    print("\nfunctions by own time (top 15):")
    stats.sort_stats("tottime").print_stats(15)


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    """The command line."""
    p = argparse.ArgumentParser(description="Profile chat turns in process with cProfile.")
    p.add_argument("--conversations", type=int, default=100, help="profiled (4 turns each)")
    p.add_argument("--warmup", type=int, default=20, help="conversations before measuring")
    p.add_argument("--save", type=Path, help="also write the raw profile (pstats) here")
    return p.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    """Measure, profile and report."""
    args = parse_args(argv)
    data_dir = Path(tempfile.mkdtemp(prefix="deskpilot-profile-"))
    runtime = build_runtime(Settings(data_dir=data_dir, log_level="WARNING"))
    try:
        customers = load_customers(data_dir / "demo-store")
        start, turn = pipeline_turns(runtime)
        n = args.conversations
        converse(customers, 0, args.warmup, start, turn)
        wall = converse(customers, args.warmup, n, start, turn)
        with sql_trace(runtime) as sql:
            profile = cProfile.Profile()
            profile.enable()
            converse(customers, args.warmup + n, n, start, turn)
            profile.disable()
    finally:
        runtime.close()
        shutil.rmtree(data_dir, ignore_errors=True)
    stats = pstats.Stats(profile, stream=sys.stdout)
    if args.save is not None:
        stats.dump_stats(args.save)
    print(f"{n * 4} turns through the pipeline, one at a time\n")
    print_report(stats, n * 4, wall, sql)
    return 0


if __name__ == "__main__":
    sys.exit(main())
