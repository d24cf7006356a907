"""The load: simulated customers chatting, and the bare endpoint, at a number of conversations.

One asyncio event loop in one process drives every simulated conversation over one keep-alive
connection pool, so the client uses at most one core of the two the server also needs.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import shutil
import tempfile
import time
from collections.abc import Awaitable, Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

import httpx
from _server import BenchError, CpuUse

if TYPE_CHECKING:
    from deskpilot.runtime import Runtime

REQUEST_TIMEOUT_S = 30.0


@dataclass(frozen=True)
class Customer:
    """A demo-store customer: the email they give and their orders."""

    email: str
    orders: tuple[str, ...]

    def script(self) -> tuple[str, ...]:
        """Their messages in one conversation: ask, thank, ask about another order, thank."""
        first = self.orders[0]
        other = self.orders[1] if len(self.orders) > 1 else first
        return (
            f"Hi, where is my order {first}? My email is {self.email}",
            "thanks",
            f"where is order {other} ?",
            "thanks",
        )


@dataclass(frozen=True)
class LoadPlan:
    """How long and how much to measure at each level."""

    levels: tuple[int, ...]
    duration_s: float
    warmup_s: float
    max_requests: int


@dataclass
class Samples:
    """Latencies (seconds) and failures of one workload at one level."""

    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    first_error: str | None = None
    conversations: int = 0

    def fail(self, reason: str) -> None:
        """Count one failure, keeping the first reason to show."""
        self.errors += 1
        if self.first_error is None:
            self.first_error = reason


@dataclass(frozen=True)
class Figures:
    """The summary of one workload at one level (CPU as a share of one core)."""

    requests: int
    errors: int
    seconds: float
    throughput: float
    p50_ms: float
    p99_ms: float
    max_ms: float
    client_cpu: float
    server_cpu: float | None
    server_cpu_ms_per_request: float | None
    other_cpu: float | None
    conversations: int
    first_error: str | None


@dataclass(frozen=True)
class Level:
    """Both workloads at one number of concurrent conversations."""

    concurrency: int
    bare: Figures
    chat: Figures

    @property
    def ratio(self) -> float:
        """Chat throughput as a share of the bare endpoint's throughput."""
        return self.chat.throughput / self.bare.throughput if self.bare.throughput else 0.0

    @property
    def cpu_ratio(self) -> float | None:
        """Server CPU per ping over server CPU per chat turn: the ratio were the server the limit.

        The measured ratio also reflects the client, which may limit the bare endpoint first.
        """
        bare, chat = self.bare.server_cpu_ms_per_request, self.chat.server_cpu_ms_per_request
        return bare / chat if bare is not None and chat else None


class Budget:
    """Ends a workload at a deadline or after a number of requests, whichever comes first."""

    def __init__(self, seconds: float, max_requests: int | None) -> None:
        self.deadline = time.perf_counter() + seconds
        self.remaining = max_requests

    def take(self) -> bool:
        """Whether one more request may be sent (and count it)."""
        if time.perf_counter() >= self.deadline:
            return False
        if self.remaining is None:
            return True
        if self.remaining <= 0:
            return False
        self.remaining -= 1
        return True


def load_customers(store: Path) -> list[Customer]:
    """Customers from the demo store's users.json; only those with 2+ orders when there are any."""
    try:
        users = json.loads((store / "users.json").read_text())
    except (OSError, ValueError) as exc:
        raise BenchError(f"cannot read the demo store's customers from {store}/users.json") from exc
    customers = [
        Customer(str(u["email"]), tuple(str(o) for o in u["orders"]))
        for u in users.values()
        if u.get("orders")
    ]
    if not customers:
        raise BenchError(f"{store}/users.json has no customer with an order")
    several = [c for c in customers if len(c.orders) > 1]
    return several or customers


@contextmanager
def demo_runtime(name: str) -> Iterator[tuple[Runtime, list[Customer]]]:
    """A runtime over the demo store on a fresh temporary data directory (warnings only in the
    log, no rate limits), with the store's customers; closed and removed after."""
    from deskpilot.runtime import build_runtime
    from deskpilot.settings import Settings

    data_dir = Path(tempfile.mkdtemp(prefix=f"deskpilot-{name}-"))
    settings = Settings(
        data_dir=data_dir, log_level="WARNING", messages_per_minute=0, opened_per_minute=0
    )
    runtime = build_runtime(settings)
    try:
        yield runtime, load_customers(data_dir / "demo-store")
    finally:
        runtime.close()
        shutil.rmtree(data_dir, ignore_errors=True)


async def timed(samples: Samples | None, send: Callable[[], Awaitable[httpx.Response]]) -> Any:
    """Send one request and return its JSON body; record its latency, or count it as failed."""
    start = time.perf_counter()
    try:
        response = await send()
    except httpx.HTTPError as exc:
        if samples is not None:
            samples.fail(type(exc).__name__)
        return None
    elapsed = time.perf_counter() - start
    if response.status_code not in (200, 201):
        if samples is not None:
            samples.fail(f"HTTP {response.status_code}")
        return None
    if samples is not None:
        samples.latencies.append(elapsed)
    return response.json()


async def bare_worker(client: httpx.AsyncClient, budget: Budget, samples: Samples | None) -> None:
    """Call the bare endpoint back to back until the budget is spent."""
    ping = partial(client.get, "/v1/ping")
    while budget.take():
        await timed(samples, ping)


async def chat_worker(
    client: httpx.AsyncClient,
    budget: Budget,
    samples: Samples | None,
    customers: Sequence[Customer],
    first: int,
    step: int,
) -> None:
    """Hold conversation after conversation, each as the next demo customer of this worker.

    Opening a conversation is a request of the budget but not a chat turn: only the message
    posts are timed.
    """
    index = first
    open_conversation = partial(client.post, "/v1/conversations", json={"channel": "api"})
    while budget.take():
        customer = customers[index % len(customers)]
        index += step
        opening = Samples()  # not timed: only its failure's reason is kept
        opened = await timed(opening, open_conversation)
        if opened is None:
            if samples is not None:
                samples.fail(f"opening a conversation failed: {opening.first_error}")
            continue
        if samples is not None:
            samples.conversations += 1
        path = f"/v1/conversations/{opened['id']}/messages"
        for text in customer.script():
            if not budget.take():
                return
            reply = await timed(samples, partial(client.post, path, json={"text": text}))
            if reply is not None and not reply.get("replies") and samples is not None:
                samples.fail("a turn came back without replies")


async def run_workload(
    client: httpx.AsyncClient,
    kind: str,
    concurrency: int,
    budget: Budget,
    samples: Samples | None,
    customers: Sequence[Customer],
) -> None:
    """Run ``concurrency`` simulated clients of ``kind`` (bare or chat) until the budget ends."""
    if kind == "bare":
        jobs = [bare_worker(client, budget, samples) for _ in range(concurrency)]
    else:
        jobs = [
            chat_worker(client, budget, samples, customers, i, concurrency)
            for i in range(concurrency)
        ]
    await asyncio.gather(*jobs)


def converse(runtime: Runtime, customers: Sequence[Customer], first: int, count: int) -> int:
    """Hold ``count`` conversations through ``runtime``'s pipeline in process, one after the
    other, from the ``first``-th customer's script on; the number of turns."""
    turns = 0
    for i in range(first, first + count):
        conversation = runtime.pipeline.do_start_conversation("api", None).id
        for text in customers[i % len(customers)].script():
            runtime.pipeline.do_receive_message(conversation, text)
            turns += 1
    return turns


def percentile(ordered: Sequence[float], q: float) -> float:
    """The nearest-rank ``q`` quantile of sorted seconds, in milliseconds (NaN when empty)."""
    if not ordered:
        return float("nan")
    rank = max(1, min(len(ordered), math.ceil(q * len(ordered))))
    return ordered[rank - 1] * 1000


def summarize(samples: Samples, seconds: float, cpu: CpuUse) -> Figures:
    """Percentiles, throughput and CPU shares of one measured workload."""
    ordered = sorted(samples.latencies)
    other = cpu.other
    return Figures(
        requests=len(ordered),
        errors=samples.errors,
        seconds=seconds,
        throughput=len(ordered) / seconds,
        p50_ms=percentile(ordered, 0.50),
        p99_ms=percentile(ordered, 0.99),
        max_ms=percentile(ordered, 1.0),
        client_cpu=cpu.client / seconds,
        server_cpu=None if cpu.server is None else cpu.server / seconds,
        server_cpu_ms_per_request=(
            None if cpu.server is None or not ordered else cpu.server / len(ordered) * 1000
        ),
        other_cpu=None if other is None else other / seconds,
        conversations=samples.conversations,
        first_error=samples.first_error,
    )


async def measure(
    client: httpx.AsyncClient,
    kind: str,
    concurrency: int,
    plan: LoadPlan,
    customers: Sequence[Customer],
    pid: int | None,
) -> Figures:
    """Warm up, then measure one workload at one level with the CPU it took."""
    await run_workload(client, kind, concurrency, Budget(plan.warmup_s, None), None, customers)
    samples = Samples()
    budget = Budget(plan.duration_s, plan.max_requests)
    before = CpuUse.now(pid)
    started = time.perf_counter()
    await run_workload(client, kind, concurrency, budget, samples, customers)
    seconds = time.perf_counter() - started
    return summarize(samples, seconds, CpuUse.now(pid).since(before))


def open_client(url: str, connections: int) -> httpx.AsyncClient:
    """The load's keep-alive connection pool to ``url``, ``connections`` wide."""
    limits = httpx.Limits(max_connections=connections, max_keepalive_connections=connections)
    return httpx.AsyncClient(
        base_url=url, limits=limits, timeout=REQUEST_TIMEOUT_S, trust_env=False
    )


async def run_levels(
    client: httpx.AsyncClient,
    plan: LoadPlan,
    customers: Sequence[Customer],
    pid: int | None,
    on_level: Callable[[Level], None],
) -> list[Level]:
    """Every level: the bare endpoint, then chat turns, over the client's connection pool."""
    levels: list[Level] = []
    for concurrency in plan.levels:
        bare = await measure(client, "bare", concurrency, plan, customers, pid)
        chat = await measure(client, "chat", concurrency, plan, customers, pid)
        levels.append(Level(concurrency, bare, chat))
        on_level(levels[-1])
    return levels


def parse_counts(text: str) -> tuple[int, ...]:
    """``"1,10,50"`` → ``(1, 10, 50)``: conversations, workers, any positive counts."""
    try:
        counts = tuple(int(part) for part in text.split(",") if part.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected numbers like 1,10,50; got {text!r}") from None
    if not counts or min(counts) < 1:
        raise argparse.ArgumentTypeError(f"expected positive numbers like 1,10,50; got {text!r}")
    return counts
