"""What the HTTP layers add to a chat turn, in CPU time, without the network or other processes.

On a machine shared with other work, the server CPU per request that ``run.py`` reads from
/proc moves by a millisecond from run to run, more than the HTTP layers cost. This script
takes the noise out as far as one process can: it builds a runtime on a fresh temporary data
directory, then alternates, in rounds, the same conversations (``run.py``'s script) held

* through the pipeline directly (``Pipeline.do_receive_message``), and
* through the app's HTTP stack in process (``httpx`` over ``ASGITransport``: FastAPI, the
  middleware, the dependencies, the thread pool, validation and JSON, with no socket),

and ``GET /v1/ping`` the same way. It reports the process's CPU time (every thread) per turn
for each, the median over the rounds; the difference is the HTTP layers' cost of a turn (the
in-process client included, which ping shows on its own).

    .venv/bin/python bench/api/http_overhead.py [--rounds 7] [--conversations 25]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import time
from collections.abc import Sequence

import httpx
from _load import Customer, converse, demo_runtime

from deskpilot.api import create_app
from deskpilot.runtime import Runtime


def pipeline_cpu(runtime: Runtime, customers: Sequence[Customer], first: int, n: int) -> float:
    """CPU seconds per turn of ``n`` conversations through the pipeline."""
    began = time.process_time()
    turns = converse(runtime, customers, first, n)
    return (time.process_time() - began) / turns


async def http_cpu(
    client: httpx.AsyncClient, customers: Sequence[Customer], first: int, n: int
) -> float:
    """CPU seconds per turn of ``n`` conversations through the HTTP stack."""
    began, turns = time.process_time(), 0
    for i in range(first, first + n):
        opened = await client.post("/v1/conversations", json={"channel": "api"})
        path = f"/v1/conversations/{opened.json()['id']}/messages"
        for text in customers[i % len(customers)].script():
            reply = await client.post(path, json={"text": text})
            if reply.status_code != 201:
                raise SystemExit(f"error: a turn answered {reply.status_code}: {reply.text}")
            reply.json()
            turns += 1
    return (time.process_time() - began) / turns


async def ping_cpu(client: httpx.AsyncClient, n: int) -> float:
    """CPU seconds per ``GET /v1/ping`` through the HTTP stack."""
    began = time.process_time()
    for _ in range(n):
        (await client.get("/v1/ping")).json()
    return (time.process_time() - began) / n


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    """The command line."""
    p = argparse.ArgumentParser(description="CPU per chat turn: pipeline alone vs through HTTP.")
    p.add_argument("--rounds", type=int, default=7, help="alternations of the three workloads")
    p.add_argument("--conversations", type=int, default=25, help="per round (4 turns each)")
    return p.parse_args(argv)


async def measure(
    runtime: Runtime, customers: Sequence[Customer], args: argparse.Namespace
) -> None:
    """Alternate the workloads and print the medians."""
    app = create_app(runtime.settings, runtime)
    app.state.runtime = runtime
    n = args.conversations
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://bench") as client:
        await http_cpu(client, customers, 0, 10)
        pipeline_cpu(runtime, customers, 10, 10)
        await ping_cpu(client, 200)
        direct, http, ping = [], [], []
        for r in range(args.rounds):
            first = 20 + r * 2 * n
            direct.append(pipeline_cpu(runtime, customers, first, n))
            http.append(await http_cpu(client, customers, first + n, n))
            ping.append(await ping_cpu(client, n * 4))
    d, h, p = (statistics.median(x) * 1000 for x in (direct, http, ping))
    print(
        f"CPU per turn, median of {args.rounds} rounds of {n * 4} turns "
        f"(conversation openings included):\n"
        f"  pipeline alone        {d:.2f} ms\n"
        f"  through HTTP          {h:.2f} ms\n"
        f"  HTTP layers' share    {h - d:.2f} ms\n"
        f"  GET /v1/ping          {p:.2f} ms (the same stack around an empty endpoint)"
    )


def main(argv: Sequence[str] | None = None) -> int:
    """Build a runtime on a fresh data directory, measure, clean up."""
    args = parse_args(argv)
    with demo_runtime("http-overhead") as (runtime, customers):
        asyncio.run(measure(runtime, customers, args))
    return 0


if __name__ == "__main__":
    sys.exit(main())
