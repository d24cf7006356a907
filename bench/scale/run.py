"""Scale-out under realistic traffic: turns/s, latency and CPU per turn of the embedded
``deskpilot serve`` and of ``deskpilot serve`` with 1, 2 and 4 ``deskpilot worker`` processes,
in one run on this machine.

Each topology is started fresh (``_topology.py``): the embedded one on SQLite; the scale-out
ones on a new PostgreSQL database and a new Redis key prefix (dropped afterwards), with
``DESKPILOT_TURNS=worker``. Each is driven by customers of the demo store holding
conversations in the retail workspace's own words (``_traffic.py``) in two phases:

- **capacity**: many conversations with a short think time, more than the system can answer:
  the turns/s measured is what it can do;
- **steady**: conversations with a person's think time, a load it keeps up with: the latency
  is what a customer waits.

For each phase: turns/s, p50/p99 latency, the CPU of the API process and of the workers (from
/proc) per turn, the load generator's own CPU (this process) and the rest of the machine's
(PostgreSQL, Redis, and whatever else runs). For each topology: the database's growth per turn
and, during the steady phase, Redis's memory under the topology's prefix per conversation in
flight. Then the sizing of a business with ``--sizing-conversations`` conversations a day from
those measures.

    .venv/bin/python bench/scale/run.py [--quick] [--workers 1,2,4] [--json OUT]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import os
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager
from dataclasses import asdict, dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "api"))

from _load import Customer, load_customers, open_client, parse_counts, percentile  # noqa: E402
from _server import BenchError, machine, machine_busy_seconds  # noqa: E402
from _topology import (  # noqa: E402
    Running,
    Services,
    check_redis,
    embedded,
    redis_memory,
    scaled_out,
    storage,
)
from _traffic import Tally, Window, Words, hold_conversations, load_words, suite_turns  # noqa: E402

# The sizing's assumptions, printed with it.
PEAK_HOUR_SHARE = 0.10  # the busiest hour carries 10 % of the day's conversations
TARGET_UTILISATION = 0.6  # cores sized so the peak uses 60 % of them
CONVERSATION_MINUTES = 5.0  # a conversation is in flight this long (people type slowly)
# The live bus's stream: capped (about 1,000 events) whatever the traffic, so counted once.
LIVE_STREAM = "live"


@dataclass(frozen=True)
class Phase:
    """One workload on one topology: its figures over the measured window."""

    name: str
    conversations: int
    think_s: float
    seconds: float
    turns: int
    queued: int
    failed: int
    first_failure: str | None
    turns_per_s: float
    p50_ms: float
    p99_ms: float
    server_cpu_s: float
    workers_cpu_s: float
    cpu_ms_per_turn: float
    loadgen_cores: float
    deskpilot_cores: float
    other_cores: float
    redis_bytes: int | None
    redis_keys: dict[str, int] | None

    @property
    def redis_live_bytes(self) -> int | None:
        """The live bus's capped stream's share of ``redis_bytes``."""
        return None if self.redis_keys is None else self.redis_keys.get(LIVE_STREAM, 0)

    @property
    def redis_per_conversation(self) -> float | None:
        """Redis bytes per conversation in flight, the capped live stream set apart: the
        turns queued and in hand (Celery's list and ``unacked`` hash), Kombu's bindings."""
        if self.redis_bytes is None or self.redis_live_bytes is None:
            return None
        return (self.redis_bytes - self.redis_live_bytes) / self.conversations


@dataclass(frozen=True)
class Result:
    """One topology: its phases and its database's growth."""

    topology: str
    workers: int
    phases: list[Phase]
    db_bytes_per_turn: float | None
    db_turns: int

    def phase(self, name: str) -> Phase | None:
        """The phase of that name, if it ran."""
        return next((p for p in self.phases if p.name == name), None)


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    """The command line."""
    from deskpilot.settings import Settings

    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    p.add_argument("--workers", type=parse_counts, default=(1, 2, 4), help="worker counts")
    p.add_argument("--no-embedded", action="store_true", help="skip the embedded topology")
    p.add_argument("--quick", action="store_true", help="short phases (about 2 minutes in all)")
    p.add_argument("--duration", type=float, help="measured seconds per phase (default 15)")
    p.add_argument("--warmup", type=float, help="unmeasured seconds before each phase (4)")
    p.add_argument("--capacity-conversations", type=int, default=40)
    p.add_argument("--capacity-think", type=float, default=0.2, help="mean seconds")
    p.add_argument("--steady-conversations", type=int, default=60)
    p.add_argument("--steady-think", type=float, default=3.0, help="mean seconds")
    p.add_argument(
        "--postgres",
        default=Settings().postgres_test_url,
        help="a PostgreSQL database URL allowed to CREATE DATABASE (one per topology)",
    )
    p.add_argument(
        "--redis",
        default="redis://127.0.0.1:6379/13",
        help="Redis for the scale-out topologies (a database number of the bench's own; keys "
        "under a new prefix per topology, deleted after)",
    )
    p.add_argument("--sizing-conversations", type=int, default=100_000, help="a day")
    p.add_argument("--json", type=Path, metavar="OUT", help="also write the results as JSON")
    p.add_argument("--keep-data", action="store_true", help="keep the data folder (logs)")
    args = p.parse_args(argv)
    args.duration = args.duration or (6.0 if args.quick else 15.0)
    args.warmup = args.warmup if args.warmup is not None else (2.0 if args.quick else 4.0)
    if args.duration <= 0 or args.warmup < 0:
        p.error("--duration must be positive and --warmup not negative")
    if min(args.capacity_think, args.steady_think) <= 0:
        p.error("think times must be positive")
    return args


def uptime() -> str:
    """``uptime``'s line: the machine's load when the figures were taken."""
    done = subprocess.run(["uptime"], capture_output=True, text=True, check=False)
    return done.stdout.strip() or f"load average {os.getloadavg()}"


async def _redis_peak(running: Running, window: Window) -> tuple[int, dict[str, int]] | None:
    """The most Redis held under the topology's prefix, sampled every second of the window."""
    if running.redis_url is None or running.redis_prefix is None:
        return None
    await asyncio.sleep(max(0.0, window.start - time.perf_counter()))
    best: tuple[int, dict[str, int]] = (0, {})
    while not window.over():
        keys = await asyncio.to_thread(redis_memory, running.redis_url, running.redis_prefix)
        total = sum(keys.values())
        if total > best[0]:
            best = (total, keys)
        await asyncio.sleep(1.0)
    return best


async def _cpu_over(running: Running, window: Window) -> tuple[float, float, float, float, float]:
    """Seconds of the window, and CPU seconds in it: API process, workers, this process, the
    whole machine."""
    await asyncio.sleep(max(0.0, window.start - time.perf_counter()))
    server0, workers0 = running.cpu_seconds()
    own0, machine0, began = time.process_time(), machine_busy_seconds(), time.perf_counter()
    await asyncio.sleep(max(0.0, window.end - time.perf_counter()))
    server1, workers1 = running.cpu_seconds()
    own1, machine1 = time.process_time(), machine_busy_seconds()
    return (
        time.perf_counter() - began,
        server1 - server0,
        workers1 - workers0,
        own1 - own0,
        machine1 - machine0,
    )


async def run_phase(
    running: Running,
    customers: Sequence[Customer],
    words: Words,
    turns: int,
    name: str,
    conversations: int,
    think_s: float,
    args: argparse.Namespace,
) -> Phase:
    """Hold the conversations through the warm-up and the measured window."""
    now = time.perf_counter()
    window = Window(now + args.warmup, now + args.warmup + args.duration)
    async with open_client(running.url, conversations) as client:
        traffic = hold_conversations(
            client,
            customers,
            words,
            conversations=conversations,
            turns=turns,
            think_s=think_s,
            window=window,
            seed=15,
        )
        tally, cpu, peak = await asyncio.gather(
            traffic, _cpu_over(running, window), _redis_peak(running, window)
        )
    return _phase(name, conversations, think_s, tally, cpu, peak)


def _phase(
    name: str,
    conversations: int,
    think_s: float,
    tally: Tally,
    cpu: tuple[float, float, float, float, float],
    peak: tuple[int, dict[str, int]] | None,
) -> Phase:
    seconds, server, workers, own, busy = cpu
    ordered = sorted(tally.latencies)
    answered = len(ordered)
    return Phase(
        name=name,
        conversations=conversations,
        think_s=think_s,
        seconds=seconds,
        turns=answered,
        queued=tally.queued,
        failed=tally.failed,
        first_failure=tally.first_failure,
        turns_per_s=answered / seconds,
        p50_ms=percentile(ordered, 0.5),
        p99_ms=percentile(ordered, 0.99),
        server_cpu_s=server,
        workers_cpu_s=workers,
        cpu_ms_per_turn=(server + workers) / answered * 1000 if answered else math.nan,
        loadgen_cores=own / seconds,
        deskpilot_cores=(server + workers) / seconds,
        other_cores=max(0.0, busy - own - server - workers) / seconds,
        redis_bytes=None if peak is None else peak[0],
        redis_keys=None if peak is None else peak[1],
    )


def measure(
    topology: AbstractContextManager[Running],
    workers: int,
    customers: Sequence[Customer],
    words: Words,
    turns: int,
    args: argparse.Namespace,
) -> Result:
    """Start a topology, run both phases on it, read its database's growth, stop it."""
    with topology as running:
        print(f"{running.name}: started (pids {running.pids})", flush=True)
        before = storage(running)
        phases = []
        for name, conversations, think in (
            ("capacity", args.capacity_conversations, args.capacity_think),
            ("steady", args.steady_conversations, args.steady_think),
        ):
            phase = asyncio.run(
                run_phase(running, customers, words, turns, name, conversations, think, args)
            )
            print(f"  {phase_line(phase)}", flush=True)
            phases.append(phase)
        time.sleep(1.0)
        after = storage(running)
    grown = after.turns - before.turns
    per_turn = (after.bytes - before.bytes) / grown if grown > 0 else None
    return Result(running.name, workers, phases, per_turn, grown)


def phase_line(p: Phase) -> str:
    """One progress line."""
    line = (
        f"{p.name}: {p.turns_per_s:.1f} turns/s, p50 {p.p50_ms:.0f} ms, p99 {p.p99_ms:.0f} ms, "
        f"{p.cpu_ms_per_turn:.1f} ms CPU/turn, load generator {p.loadgen_cores:.0%} of a core"
    )
    if p.queued or p.failed:
        line += f", {p.queued} answered 202, {p.failed} failed ({p.first_failure})"
    return line


def table(results: Sequence[Result]) -> str:
    """Every phase of every topology as a Markdown table."""
    rows = [
        "| topology | phase | conv. | think s | turns | turns/s | p50 ms | p99 ms | 202 | failed "
        "| API CPU s | workers CPU s | CPU ms/turn | load gen. cores | DeskPilot cores "
        "| other cores |",
        "|" + "---|" * 16,
    ]
    for r in results:
        for p in r.phases:
            rows.append(
                f"| {r.topology} | {p.name} | {p.conversations} | {p.think_s:g} | {p.turns} "
                f"| {p.turns_per_s:.1f} | {p.p50_ms:.0f} | {p.p99_ms:.0f} | {p.queued} "
                f"| {p.failed} | {p.server_cpu_s:.1f} | {p.workers_cpu_s:.1f} "
                f"| {p.cpu_ms_per_turn:.1f} | {p.loadgen_cores:.2f} | {p.deskpilot_cores:.2f} "
                f"| {p.other_cores:.2f} |"
            )
    return "\n".join(rows)


def storage_table(results: Sequence[Result]) -> str:
    """Database growth per turn and Redis memory per conversation in flight."""
    rows = [
        "| topology | turns stored | DB bytes/turn | Redis bytes (steady, peak) "
        "| of which the live stream (capped) | other Redis bytes/conversation in flight "
        "| biggest Redis keys |",
        "|---|---|---|---|---|---|---|",
    ]
    for r in results:
        steady = r.phase("steady")
        redis = live = per = keys = "n/a"
        if steady is not None and steady.redis_bytes is not None:
            redis = f"{steady.redis_bytes:,}"
            live = f"{steady.redis_live_bytes:,}"
            per = f"{steady.redis_per_conversation:,.0f}"
            top = sorted((steady.redis_keys or {}).items(), key=lambda kv: -kv[1])[:3]
            keys = ", ".join(f"`{k}` {v:,}" for k, v in top)
        db = "n/a" if r.db_bytes_per_turn is None else f"{r.db_bytes_per_turn:,.0f}"
        rows.append(f"| {r.topology} | {r.db_turns} | {db} | {redis} | {live} | {per} | {keys} |")
    return "\n".join(rows)


def scaling(results: Sequence[Result], nproc: int) -> list[str]:
    """The 2-workers-over-1 target, raw and with the load generator's CPU set aside."""
    by_workers = {r.workers: r.phase("capacity") for r in results if r.workers}
    one, two = by_workers.get(1), by_workers.get(2)
    if one is None or two is None or not one.turns_per_s:
        return []
    raw = two.turns_per_s / one.turns_per_s
    # Were the load generator on another machine, its cores would go to DeskPilot: the
    # capacity scaled by the cores left to DeskPilot with it and without it.
    adjusted = [p.turns_per_s * nproc / max(0.1, nproc - p.loadgen_cores) for p in (one, two)]
    ratio = adjusted[1] / adjusted[0]
    verdict = "met" if ratio >= 1.6 else "not met"
    return [
        f"2 workers / 1 worker, capacity: {raw:.2f}x measured; {ratio:.2f}x with the load "
        f"generator's CPU set aside ({one.loadgen_cores:.2f} and {two.loadgen_cores:.2f} of a "
        f"core): target 1.6x {verdict}.",
        f"Cores busy at capacity with 1 worker: DeskPilot {one.deskpilot_cores:.2f}, load "
        f"generator {one.loadgen_cores:.2f}, other {one.other_cores:.2f}; with 2: "
        f"{two.deskpilot_cores:.2f}, {two.loadgen_cores:.2f}, {two.other_cores:.2f} "
        f"(of {nproc}).",
    ]


@dataclass(frozen=True)
class Sizing:
    """What a business with ``conversations`` a day needs, from the measures."""

    conversations_per_day: int
    turns_per_conversation: float
    peak_turns_per_s: float
    cpu_ms_per_turn: float
    cores: int
    worker_processes: int
    db_gb_per_month: float
    in_flight: int
    redis_live_mb: float
    redis_mb: float

    def lines(self) -> list[str]:
        """The calculation, step by step."""
        day = self.conversations_per_day * self.turns_per_conversation
        return [
            f"{self.conversations_per_day:,} conversations/day x {self.turns_per_conversation:.2f}"
            f" turns (the suites' mean) = {day:,.0f} turns/day",
            f"peak hour = {PEAK_HOUR_SHARE:.0%} of the day: {self.peak_turns_per_s:.1f} turns/s "
            f"(a peak factor of {PEAK_HOUR_SHARE * 24:.1f} over the day's mean)",
            f"CPU: {self.peak_turns_per_s:.1f} turns/s x {self.cpu_ms_per_turn:.1f} ms "
            f"(API + workers per turn) = {self.peak_turns_per_s * self.cpu_ms_per_turn / 1000:.2f}"
            f" cores at peak; at {TARGET_UTILISATION:.0%} utilisation: {self.cores} core(s), "
            f"{self.worker_processes} worker process(es) (one core each) besides the API "
            "processes",
            f"database: {day * 30:,.0f} turns/month x bytes/turn = {self.db_gb_per_month:.1f} GB "
            "a month (before PostgreSQL's own overhead and backups; retention sweeps bound it)",
            f"Redis: the live stream (capped) {self.redis_live_mb:.2f} MB + {self.in_flight} "
            f"conversations in flight at peak (Little: arrivals x {CONVERSATION_MINUTES:g} min) "
            f"x bytes/conversation = {self.redis_mb:.1f} MB",
        ]


def sizing(results: Sequence[Result], conversations: int, turns_per_conv: float) -> Sizing | None:
    """The sizing from the scale-out topology with the most workers measured (CPU, bytes) and
    its Redis memory per conversation in flight."""
    scaled = [r for r in results if r.workers]
    if not scaled:
        return None
    best = max(scaled, key=lambda r: r.workers)
    capacity, steady = best.phase("capacity"), best.phase("steady")
    if capacity is None or steady is None or best.db_bytes_per_turn is None:
        return None
    cpu_ms = max(capacity.cpu_ms_per_turn, steady.cpu_ms_per_turn)
    peak = conversations * turns_per_conv * PEAK_HOUR_SHARE / 3600
    cores = math.ceil(peak * cpu_ms / 1000 / TARGET_UTILISATION)
    workers_share = capacity.workers_cpu_s / (capacity.server_cpu_s + capacity.workers_cpu_s)
    in_flight = math.ceil(conversations * PEAK_HOUR_SHARE / 3600 * CONVERSATION_MINUTES * 60)
    redis_per = steady.redis_per_conversation or 0.0
    live_mb = (steady.redis_live_bytes or 0) / 1e6
    return Sizing(
        conversations,
        turns_per_conv,
        peak,
        cpu_ms,
        cores,
        max(1, math.ceil(cores * workers_share)),
        conversations * turns_per_conv * 30 * best.db_bytes_per_turn / 1e9,
        in_flight,
        live_mb,
        live_mb + in_flight * redis_per / 1e6,
    )


def topologies(
    args: argparse.Namespace, data_dir: Path
) -> Iterator[tuple[int, AbstractContextManager[Running]]]:
    """The topologies to measure, in order: embedded first, then the worker counts."""
    if not args.no_embedded:
        yield 0, embedded(data_dir)
    services = Services(args.postgres, args.redis)
    for count in args.workers:
        yield count, scaled_out(data_dir, services, count)


def main(argv: Sequence[str] | None = None) -> int:
    """Run every topology; a failure is one line on stderr and a non-zero exit code."""
    args = parse_args(argv)
    info = machine()
    load_before = uptime()
    cases, suite_total = suite_turns()
    turns_per_conv = suite_total / cases if cases else 3.0
    turns = max(2, round(turns_per_conv))
    words = load_words()
    data_dir = Path(tempfile.mkdtemp(prefix="deskpilot-bench-scale-"))
    print(f"uptime before: {load_before}", flush=True)
    print(
        f"{cases} suite conversations, {turns_per_conv:.2f} customer turns each: every "
        f"simulated conversation sends {turns} messages",
        flush=True,
    )
    results: list[Result] = []
    try:
        check_redis(args.redis)
        customers = _customers(data_dir)
        for workers, topology in topologies(args, data_dir):
            results.append(measure(topology, workers, customers, words, turns, args))
    except BenchError as exc:
        print(f"error: {exc} (data kept in {data_dir})", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("error: interrupted", file=sys.stderr)
        return 130
    load_after = uptime()
    if not args.keep_data:
        shutil.rmtree(data_dir, ignore_errors=True)
    print(
        f"\ncode {info['code']}; {info['nproc']} CPUs ({info['cpu_model']}), shared by the "
        "load generator, DeskPilot, PostgreSQL, Redis and whatever else runs.\n"
        f"uptime before: {load_before}\nuptime after:  {load_after}\n"
    )
    print(table(results))
    print()
    print(storage_table(results))
    print()
    print("\n".join(scaling(results, info["nproc"])))
    plan = sizing(results, args.sizing_conversations, turns_per_conv)
    if plan is not None:
        print()
        print("\n".join(plan.lines()))
    if args.json is not None:
        doc = {
            "command": shlex.join(["python", *sys.argv]),
            "machine": info,
            "uptime_before": load_before,
            "uptime_after": load_after,
            "turns_per_conversation": turns_per_conv,
            "results": [asdict(r) for r in results],
            "sizing": None if plan is None else asdict(plan),
        }
        args.json.write_text(json.dumps(doc, indent=2) + "\n")
    return 0


def _customers(data_dir: Path) -> list[Customer]:
    """The demo store's customers, generated here where every process will find it."""
    from deskpilot.domains.retail import generate_store, write_store

    store = data_dir / "demo-store"
    write_store(store, generate_store())
    return load_customers(store)


if __name__ == "__main__":
    sys.exit(main())
