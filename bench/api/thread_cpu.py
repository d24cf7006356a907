"""Which of ``deskpilot serve``'s threads spend a chat turn's CPU.

``run.py`` reads the server's CPU per turn for the whole process; this script splits it by
thread, from ``/proc/PID/task/*/stat``: it starts its own ``deskpilot serve`` (fresh temporary
data directory, as ``run.py`` does), holds ``run.py``'s conversations through it one at a time
(``httpx``, no think time), and prints each thread's user and system CPU per turn (conversation
openings included), without and then with ``--pings`` bare requests afterwards. The event loop's
thread holds uvicorn, the middleware and the lanes; a worker of the thread pool runs the turn
(the pipeline); ``sqlite-checkpoints`` copies the write-ahead log back.

    .venv/bin/python bench/api/thread_cpu.py [--conversations 100] [--pings 2000]
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

import httpx
from _load import Customer, load_customers
from _server import own_server

Ticks = dict[str, tuple[str, int, int]]


def threads_of(pid: int) -> Ticks:
    """Each thread's name, user and system ticks so far, by thread id."""
    found: Ticks = {}
    for tid in os.listdir(f"/proc/{pid}/task"):
        try:
            stat = Path(f"/proc/{pid}/task/{tid}/stat").read_text()
            name = Path(f"/proc/{pid}/task/{tid}/comm").read_text().strip()
        except OSError:
            continue  # the thread ended
        fields = stat[stat.rindex(")") + 2 :].split()
        found[tid] = (name, int(fields[11]), int(fields[12]))
    return found


def converse(client: httpx.Client, customers: Sequence[Customer], first: int, count: int) -> int:
    """Hold ``count`` conversations through the API; the number of turns."""
    turns = 0
    for i in range(first, first + count):
        opened = client.post("/v1/conversations", json={"channel": "api"})
        opened.raise_for_status()
        path = f"/v1/conversations/{opened.json()['id']}/messages"
        for text in customers[i % len(customers)].script():
            client.post(path, json={"text": text}).raise_for_status()
            turns += 1
    return turns


def report(title: str, before: Ticks, after: Ticks, per: int, pid: int) -> None:
    """CPU ms per ``per`` requests, thread by thread, busiest first (Python does not name its
    threads for the system: the main one, ``pid`` itself, is the event loop's)."""
    tick_ms = 1000 / os.sysconf("SC_CLK_TCK")
    rows = []
    for tid, (name, user, system) in after.items():
        _, user0, system0 = before.get(tid, (name, 0, 0))
        if user - user0 or system - system0:
            rows.append(
                (user - user0 + system - system0, tid, name, user - user0, system - system0)
            )
    total = sum(r[0] for r in rows) * tick_ms / per
    print(f"{title}: {total:.2f} ms of server CPU each")
    for busy, tid, name, user, system in sorted(rows, reverse=True):
        print(
            f"  {busy * tick_ms / per:6.2f} ms  (user {user * tick_ms / per:.2f}, "
            f"system {system * tick_ms / per:.2f})  thread {tid} "
            + ("(main: the event loop)" if tid == str(pid) else name)
        )


def main(argv: Sequence[str] | None = None) -> int:
    """Serve, drive, report."""
    p = argparse.ArgumentParser(description="Server CPU per chat turn, by thread.")
    p.add_argument("--conversations", type=int, default=100, help="measured (4 turns each)")
    p.add_argument("--warmup", type=int, default=10, help="conversations before measuring")
    p.add_argument("--pings", type=int, default=2000, help="bare requests measured after")
    args = p.parse_args(argv)
    with own_server(keep_data=False) as server:
        customers = load_customers(server.data_dir / "demo-store")
        with httpx.Client(base_url=server.url, timeout=30) as client:
            converse(client, customers, 0, args.warmup)
            before = threads_of(server.pid)
            turns = converse(client, customers, args.warmup, args.conversations)
            after = threads_of(server.pid)
            report(f"{turns} chat turns (openings included)", before, after, turns, server.pid)
            if args.pings:
                for _ in range(args.pings):
                    client.get("/v1/ping").raise_for_status()
                report(f"{args.pings} pings", after, threads_of(server.pid), args.pings, server.pid)
    return 0


if __name__ == "__main__":
    sys.exit(main())
