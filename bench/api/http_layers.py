"""What the server's HTTP layers cost a chat turn, apart from the pipeline and from any client.

``http_overhead.py`` compares a turn through the pipeline with the same turn through the app
over ``httpx``'s in-process transport: its difference holds the server's HTTP layers, but also
the ``httpx`` client's own work (building the request, reading and decoding a larger answer)
and the conversation openings. This script separates them. It builds a runtime on a fresh
temporary data directory, holds one real conversation through the app to record the
pipeline's answers, then replaces ``Pipeline.do_receive_message`` by a function handing those
recorded answers back, so a chat request costs everything but the turn itself: routing, body
parsing and validation, the dependencies, the thread-pool hop of the sync endpoint, the
answer's models and JSON, the middleware. It alternates, in rounds, the CPU time (every thread
of this process) per request of

* ``chat``: ``POST /v1/conversations/{id}/messages``, the ASGI app called directly (no client);
* ``ping``: ``GET /v1/ping`` the same way (the bare endpoint of ``run.py``);
* ``chat+httpx`` and ``ping+httpx``: the same two through ``httpx.ASGITransport``, as
  ``http_overhead.py`` sends them;

and prints the median of the rounds for each. Before that, it alternates real turns (``run.py``'s
conversations, openings included) through the pipeline alone and through the app called
directly: their difference is what the server's HTTP layers cost a real turn, the thread hop
with a turn's work included, without a client.

    .venv/bin/python bench/api/http_layers.py [--rounds 7] [--requests 300]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable, Sequence
from pathlib import Path
from typing import Any

import httpx
from _load import Customer, converse, load_customers

from deskpilot.api import create_app
from deskpilot.runtime import Runtime, build_runtime
from deskpilot.settings import Settings

Asgi = Callable[..., Awaitable[None]]


async def asgi_call(
    app: Asgi,
    method: str,
    path: str,
    body: object = None,
    headers: Sequence[tuple[bytes, bytes]] = (),
) -> tuple[int, bytes]:
    """One request to the ASGI ``app`` without a client or socket (``headers`` added to the
    usual ones): its status and body."""
    raw = b"" if body is None else json.dumps(body).encode()
    scope = {
        "type": "http",
        "asgi": {"version": "3.0", "spec_version": "2.3"},
        "http_version": "1.1",
        "method": method,
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "root_path": "",
        "headers": [
            (b"host", b"bench"),
            (b"content-type", b"application/json"),
            (b"content-length", str(len(raw)).encode()),
            *headers,
        ],
        "client": ("127.0.0.1", 50000),
        "server": ("127.0.0.1", 80),
        "state": {},
    }
    received = False
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        nonlocal received
        if received:  # the app asks again only to watch for a disconnect
            await asyncio.Event().wait()
        received = True
        return {"type": "http.request", "body": raw, "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    await app(scope, receive, send)
    return int(sent[0]["status"]), b"".join(m.get("body", b"") for m in sent[1:])


async def whole_turns(
    app: Asgi, runtime: Runtime, customers: Sequence[Customer], args: argparse.Namespace
) -> dict[str, list[float]]:
    """Real turns, alternated: through the pipeline alone, and through the app called directly
    (``run.py``'s conversations, ``args.conversations`` a round each)."""
    spent: dict[str, list[float]] = {"pipeline": [], "app": []}
    n = args.conversations
    for r in range(args.rounds + 1):  # the first round warms up
        first = r * 2 * n
        began = time.process_time()
        turns = converse(runtime, customers, first, n)
        pipeline_s = (time.process_time() - began) / turns
        began, turns = time.process_time(), 0
        for i in range(first + n, first + 2 * n):
            status, body = await asgi_call(app, "POST", "/v1/conversations", {"channel": "api"})
            path = f"/v1/conversations/{json.loads(body)['id']}/messages"
            for text in customers[i % len(customers)].script():
                status, body = await asgi_call(app, "POST", path, {"text": text})
                if status != 201:
                    raise SystemExit(f"error: a turn answered {status}: {body!r}")
                turns += 1
        if r:
            spent["pipeline"].append(pipeline_s)
            spent["app"].append((time.process_time() - began) / turns)
    return spent


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    """The command line."""
    p = argparse.ArgumentParser(description="CPU of the server's HTTP layers per chat request.")
    p.add_argument("--rounds", type=int, default=7, help="alternations of the four workloads")
    p.add_argument("--requests", type=int, default=300, help="per workload and round")
    p.add_argument("--conversations", type=int, default=25, help="real ones a round (4 turns)")
    return p.parse_args(argv)


async def measure(data_dir: Path, args: argparse.Namespace) -> None:
    """Record a conversation's answers, stub the pipeline with them, alternate the workloads."""
    settings = Settings(
        data_dir=data_dir, log_level="WARNING", messages_per_minute=0, opened_per_minute=0
    )
    runtime = build_runtime(settings)
    try:
        app = create_app(settings, runtime)
        app.state.runtime = runtime
        customers = load_customers(data_dir / "demo-store")
        whole = await whole_turns(app, runtime, customers, args)
        script = customers[0].script()
        status, body = await asgi_call(app, "POST", "/v1/conversations", {"channel": "api"})
        path = f"/v1/conversations/{json.loads(body)['id']}/messages"
        pipeline: Any = runtime.pipeline
        real, answers = pipeline.do_receive_message, []

        def recorded(*a: Any, **k: Any) -> Any:
            answers.append(real(*a, **k))
            return answers[-1]

        pipeline.do_receive_message = recorded
        for text in script:
            status, body = await asgi_call(app, "POST", path, {"text": text})
            if status != 201:
                raise SystemExit(f"error: a turn answered {status}: {body!r}")
        served = iter(range(1 << 62))
        pipeline.do_receive_message = lambda *a, **k: answers[next(served) % len(answers)]
        message = {"text": script[0]}
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://bench") as client:

            async def chat() -> None:
                await asgi_call(app, "POST", path, message)

            async def ping() -> None:
                await asgi_call(app, "GET", "/v1/ping")

            async def chat_httpx() -> None:
                (await client.post(path, json=message)).json()

            async def ping_httpx() -> None:
                (await client.get("/v1/ping")).json()

            workloads = {
                "chat": chat,
                "ping": ping,
                "chat+httpx": chat_httpx,
                "ping+httpx": ping_httpx,
            }
            spent: dict[str, list[float]] = {name: [] for name in workloads}
            for r in range(args.rounds + 1):  # the first round warms up
                for name, one in workloads.items():
                    began = time.process_time()
                    for _ in range(args.requests):
                        await one()
                    if r:
                        spent[name].append((time.process_time() - began) / args.requests)
    finally:
        runtime.close()
    print(
        f"CPU per turn, median of {args.rounds} rounds of {args.conversations * 4} turns "
        "(conversation openings included):"
    )
    for name, values in whole.items():
        print(f"  {name:12s} {statistics.median(values) * 1e3:6.2f} ms")
    print(
        f"CPU per request, median of {args.rounds} rounds of {args.requests} "
        "(the pipeline's turn replaced by recorded answers):"
    )
    for name, values in spent.items():
        print(f"  {name:12s} {statistics.median(values) * 1e6:6.0f} µs")


def main(argv: Sequence[str] | None = None) -> int:
    """Measure on a fresh data directory, then remove it."""
    args = parse_args(argv)
    data_dir = Path(tempfile.mkdtemp(prefix="deskpilot-http-layers-"))
    try:
        asyncio.run(measure(data_dir, args))
    finally:
        shutil.rmtree(data_dir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
