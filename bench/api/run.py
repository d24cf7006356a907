"""Chat-turn latency, throughput and server memory of ``deskpilot serve``.

By default the script starts its own ``deskpilot serve`` (as ``make run`` does) on a free
loopback port with a fresh temporary data directory, so the figures describe exactly that
server. At each number of concurrent conversations it measures the bare endpoint
(``GET /v1/ping``) and then realistic chat turns (``POST /v1/conversations/{id}/messages``) on
the same server, and reports chat throughput as a share of the bare throughput, and the
server's resident memory before and after the load. Then it holds the think-time workload
(``_think.py``): ``--think-conversations`` open conversations (200), each sending its next
message an exponential ``--think-time`` (mean 2 s) after the previous reply, and reports the
turns' latency at that offered load. With ``--url`` it measures a running server instead;
memory is then reported only when ``--pid`` names the server process.

    .venv/bin/python bench/api/run.py [--json OUT] [--duration SECONDS] [--url URL]
        [--think-conversations N] [--think-time SECONDS] [--think-duration SECONDS]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import shlex
import sys
from collections.abc import Sequence
from pathlib import Path

from _load import Level, LoadPlan, load_customers, open_client, parse_counts, run_levels
from _report import Memory, document, level_line, table, think_line, think_table, verdicts
from _server import BenchError, machine, memory_mb, own_server, wait_ready
from _think import ThinkLevel, ThinkPlan, run_think


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    """The command line."""
    p = argparse.ArgumentParser(
        description="Chat-turn latency, throughput and memory of deskpilot serve."
    )
    p.add_argument("--json", type=Path, metavar="OUT", help="also write the results as JSON")
    p.add_argument(
        "--duration", type=float, default=10.0, help="measured seconds per workload and level"
    )
    p.add_argument(
        "--warmup", type=float, default=2.0, help="unmeasured seconds before each workload"
    )
    p.add_argument(
        "--max-requests", type=int, default=20000, help="request cap per workload and level"
    )
    p.add_argument(
        "--levels", type=parse_counts, default=(1, 10, 50), help="concurrent conversations"
    )
    p.add_argument(
        "--think-conversations",
        type=int,
        default=200,
        help="open conversations of the think-time workload (0: skip it)",
    )
    p.add_argument(
        "--think-time",
        type=float,
        default=2.0,
        help="mean seconds between a reply and the next message",
    )
    p.add_argument(
        "--think-duration",
        type=float,
        default=20.0,
        help="measured seconds of the think-time workload",
    )
    p.add_argument("--url", help="measure this running server instead of starting one")
    p.add_argument("--pid", type=int, help="with --url: the server's process id, for its memory")
    p.add_argument(
        "--store",
        type=Path,
        help="with --url: the server's store folder (default: the one settings point to)",
    )
    p.add_argument("--keep-data", action="store_true", help="keep the temporary data directory")
    args = p.parse_args(argv)
    if args.duration <= 0 or args.warmup < 0 or args.max_requests < 1:
        p.error("--duration and --max-requests must be positive and --warmup not negative")
    if args.think_conversations < 0 or args.think_time <= 0 or args.think_duration <= 0:
        p.error(
            "--think-time and --think-duration must be positive, --think-conversations not negative"
        )
    if args.url is None and (args.pid is not None or args.store is not None):
        p.error("--pid and --store go with --url (the script knows its own server)")
    return args


def default_store() -> Path:
    """The store a ``deskpilot serve`` started from this environment serves."""
    from deskpilot.settings import get_settings

    return get_settings().effective_store


def bench(
    url: str, pid: int | None, store: Path, plan: LoadPlan, think: ThinkPlan | None
) -> tuple[list[Level], ThinkLevel | None, Memory | None]:
    """Measure every closed-loop level, then the think-time workload, against ``url``, and the
    server's memory when ``pid`` is known."""
    customers = load_customers(store)
    before = memory_mb(pid) if pid is not None else None

    def progress(level: Level) -> None:
        print(f"  {level_line(level)}", flush=True)

    async def both() -> tuple[list[Level], ThinkLevel | None]:
        width = max(*plan.levels, think.conversations if think else 0)
        async with open_client(url, width) as client:
            levels = await run_levels(client, plan, customers, pid, progress)
            if think is None:
                return levels, None
            thought = await run_think(client, think, customers, pid)
            print(f"  {think_line(thought)}", flush=True)
            return levels, thought

    levels, thought = asyncio.run(both())
    memory = None
    if pid is not None and before is not None:
        memory = Memory(before, memory_mb(pid), memory_mb(pid, "VmHWM"))
    return levels, thought, memory


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark; a failure is one line on stderr and a non-zero exit code."""
    args = parse_args(argv)
    plan = LoadPlan(args.levels, args.duration, args.warmup, args.max_requests)
    think = None
    if args.think_conversations:
        think = ThinkPlan(
            args.think_conversations, args.think_time, args.think_duration, args.warmup
        )
    info = machine()
    try:
        if args.url is not None:
            url = args.url.rstrip("/")
            wait_ready(url)
            server = {"url": url, "pid": args.pid, "started_by_script": False}
            levels, thought, memory = bench(
                url, args.pid, args.store or default_store(), plan, think
            )
        else:
            with own_server(args.keep_data) as own:
                print(f"started deskpilot serve (pid {own.pid}) on {own.url}", flush=True)
                server = {"url": own.url, "pid": own.pid, "started_by_script": True}
                levels, thought, memory = bench(
                    own.url, own.pid, own.data_dir / "demo-store", plan, think
                )
    except BenchError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("error: interrupted", file=sys.stderr)
        return 130
    print(
        f"\ncode {info['code']}; {info['nproc']} CPUs ({info['cpu_model']}), Python "
        f"{info['python']}, shared by client, server and other work.\n"
        "CPU columns: share of one core in the measured window; other = "
        f"every other process on the machine (all cores = {info['nproc'] * 100}%).\n"
    )
    print(table(levels))
    if thought is not None:
        print()
        print(think_table(thought))
    print()
    print("\n".join(verdicts(levels, thought, memory)))
    if args.json is not None:
        command = shlex.join(["python", *sys.argv])
        doc = document(command, info, plan, think, server, levels, thought, memory)
        args.json.write_text(json.dumps(doc, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
