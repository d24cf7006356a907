"""The think-time load: many open conversations, each sending a message every few seconds.

A person reads the reply, thinks, types: each simulated conversation waits an exponentially
distributed time (mean ``think_s``, so each conversation's messages are a Poisson process while
the server keeps up) after each reply before sending its next message. ``N`` such conversations
offer about ``N / think_s`` turns per second. Unlike the closed loop of ``_load.py``, the
server is not driven as fast as it answers: the latency measured is what a customer waits for
at that offered load.

Every conversation's first message also comes after an exponential wait, so the arrivals are
steady from the start (memoryless). The measured window begins after the warm-up; a turn counts
in it when it was sent within the window. CPU is read at the window's two ends.
"""

from __future__ import annotations

import asyncio
import random
import time
from collections.abc import Sequence
from dataclasses import dataclass
from functools import partial

import httpx
from _load import Customer, Figures, Samples, summarize, timed
from _server import CpuUse


@dataclass(frozen=True)
class ThinkPlan:
    """How many conversations, how long they think, and how long to measure."""

    conversations: int
    think_s: float
    duration_s: float
    warmup_s: float
    seed: int = 15


@dataclass(frozen=True)
class ThinkLevel:
    """The figures of the think-time workload at one number of open conversations."""

    conversations: int
    think_s: float
    offered_per_s: float
    chat: Figures


class _Window:
    """The measured window: which sends count, and when to stop sending."""

    def __init__(self, warmup_s: float, duration_s: float) -> None:
        now = time.perf_counter()
        self.start = now + warmup_s
        self.end = self.start + duration_s

    def counts(self, sent_at: float) -> bool:
        return self.start <= sent_at < self.end

    def over(self) -> bool:
        return time.perf_counter() >= self.end


async def _conversation(
    client: httpx.AsyncClient,
    customers: Sequence[Customer],
    first: int,
    step: int,
    plan: ThinkPlan,
    window: _Window,
    rng: random.Random,
    samples: Samples,
) -> None:
    """One customer after another in this slot: think, send, read the reply, think again."""
    index = first
    open_conversation = partial(client.post, "/v1/conversations", json={"channel": "api"})
    while not window.over():
        customer = customers[index % len(customers)]
        index += step
        opened = await timed(None, open_conversation)
        if opened is None:
            if window.counts(time.perf_counter()):
                samples.fail("opening a conversation failed")
            await asyncio.sleep(rng.expovariate(1 / plan.think_s))
            continue
        if window.counts(time.perf_counter()):
            samples.conversations += 1
        path = f"/v1/conversations/{opened['id']}/messages"
        for text in customer.script():
            await asyncio.sleep(rng.expovariate(1 / plan.think_s))
            if window.over():
                return
            counted = window.counts(time.perf_counter())
            target = samples if counted else None
            reply = await timed(target, partial(client.post, path, json={"text": text}))
            if reply is not None and not reply.get("replies") and counted:
                samples.fail("a turn came back without replies")


async def _cpu_over(window: _Window, pid: int | None) -> tuple[CpuUse, float]:
    """The CPU used during the window and its length in seconds."""
    await asyncio.sleep(max(0.0, window.start - time.perf_counter()))
    before = CpuUse.now(pid)
    began = time.perf_counter()
    await asyncio.sleep(max(0.0, window.end - time.perf_counter()))
    return CpuUse.now(pid).since(before), time.perf_counter() - began


async def run_think(
    client: httpx.AsyncClient, plan: ThinkPlan, customers: Sequence[Customer], pid: int | None
) -> ThinkLevel:
    """Hold ``plan.conversations`` conversations with think time; measure the window."""
    rng = random.Random(plan.seed)
    window = _Window(plan.warmup_s, plan.duration_s)
    samples = Samples()
    n = plan.conversations
    jobs = [
        _conversation(client, customers, i, n, plan, window, random.Random(rng.random()), samples)
        for i in range(n)
    ]
    cpu_job = asyncio.ensure_future(_cpu_over(window, pid))
    await asyncio.gather(*jobs)
    cpu, seconds = await cpu_job
    figures = summarize(samples, seconds, cpu)
    return ThinkLevel(n, plan.think_s, n / plan.think_s, figures)
