"""Chat-turn latency, throughput and server memory of ``deskpilot serve``.

By default the script starts its own ``deskpilot serve`` (as ``make run`` does) on a free
loopback port with a fresh temporary data directory, so the figures describe exactly that
server. At each number of concurrent conversations it measures the bare endpoint
(``GET /v1/ping``) and then realistic chat turns (``POST /v1/conversations/{id}/messages``) on
the same server, and reports chat throughput as a share of the bare throughput, and the
server's resident memory before and after the load. With ``--url`` it measures a running
server instead; memory is then reported only when ``--pid`` names the server process.

    .venv/bin/python bench/api/run.py [--json OUT] [--duration SECONDS] [--url URL]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import shlex
import sys
from collections.abc import Sequence
from pathlib import Path

from _load import Level, LoadPlan, load_customers, run_levels
from _report import Memory, document, level_line, table, verdicts
from _server import BenchError, machine, memory_mb, own_server, wait_ready


def parse_levels(text: str) -> tuple[int, ...]:
    """``"1,10,50"`` → ``(1, 10, 50)``."""
    try:
        levels = tuple(int(part) for part in text.split(",") if part.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected numbers like 1,10,50; got {text!r}") from None
    if not levels or min(levels) < 1:
        raise argparse.ArgumentTypeError(f"expected positive numbers like 1,10,50; got {text!r}")
    return levels


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
        "--levels", type=parse_levels, default=(1, 10, 50), help="concurrent conversations"
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
    if args.url is None and (args.pid is not None or args.store is not None):
        p.error("--pid and --store go with --url (the script knows its own server)")
    return args


def default_store() -> Path:
    """The store a ``deskpilot serve`` started from this environment serves."""
    from deskpilot.settings import get_settings

    return get_settings().effective_store


def bench(
    url: str, pid: int | None, store: Path, plan: LoadPlan
) -> tuple[list[Level], Memory | None]:
    """Measure every level against ``url``, and the server's memory when ``pid`` is known."""
    customers = load_customers(store)
    before = memory_mb(pid) if pid is not None else None

    def progress(level: Level) -> None:
        print(f"  {level_line(level)}", flush=True)

    levels = asyncio.run(run_levels(url, plan, customers, pid, progress))
    memory = None
    if pid is not None and before is not None:
        memory = Memory(before, memory_mb(pid), memory_mb(pid, "VmHWM"))
    return levels, memory


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark; a failure is one line on stderr and a non-zero exit code."""
    args = parse_args(argv)
    plan = LoadPlan(args.levels, args.duration, args.warmup, args.max_requests)
    info = machine()
    try:
        if args.url is not None:
            url = args.url.rstrip("/")
            wait_ready(url)
            server = {"url": url, "pid": args.pid, "started_by_script": False}
            levels, memory = bench(url, args.pid, args.store or default_store(), plan)
        else:
            with own_server(args.keep_data) as own:
                print(f"started deskpilot serve (pid {own.pid}) on {own.url}", flush=True)
                server = {"url": own.url, "pid": own.pid, "started_by_script": True}
                levels, memory = bench(own.url, own.pid, own.data_dir / "demo-store", plan)
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
    print()
    print("\n".join(verdicts(levels, memory)))
    if args.json is not None:
        command = shlex.join(["python", *sys.argv])
        doc = document(command, info, plan, server, levels, memory)
        args.json.write_text(json.dumps(doc, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
