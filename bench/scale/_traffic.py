"""The traffic: many customers of the demo store, each holding a conversation in the retail
workspace's own words, with think time between messages.

A conversation is ``turns`` messages (the conversation suites' mean, rounded): a question the
workspace's intents were trained with (``examples/retail/intents``) with the customer's email,
more questions about their orders and the shop, and a thanks to end. Every simulated customer
waits an exponentially distributed time (mean ``think_s``) before each message, so each
conversation's messages are a Poisson process while the system keeps up; with a short think
time and many conversations the system is saturated and the turns per second measured are its
capacity.
"""

from __future__ import annotations

import asyncio
import random
import re
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import yaml
from _load import Customer

REPO_ROOT = Path(__file__).resolve().parents[2]
WORKSPACE = REPO_ROOT / "examples" / "retail"
# The suites a conversation's length is read from (``deskpilot test`` cases).
SUITES = ("tests/conversations", "tests/devsuite")
# Questions that read (orders, products, policies): the load measures turns, and a confirmed
# write would change the demo store under every later conversation of the same customer.
ASKING = ("order_status", "product_info", "shipping_time", "return_policy", "account_details")
# ``[words](slot=value)``: the span annotation of an intent example.
_SPAN = re.compile(r"\[([^\]]*)\]\([^)]*\)")


@dataclass(frozen=True)
class Words:
    """The retail workspace's example phrasings, by intent."""

    asking: tuple[tuple[str, ...], ...]
    thanks: tuple[str, ...]


def load_words(workspace: Path = WORKSPACE) -> Words:
    """The example phrasings of the asking intents and of thanks, annotations removed."""
    examples: dict[str, list[str]] = {}
    for path in sorted((workspace / "intents").glob("*.yaml")):
        for intent in yaml.safe_load(path.read_text())["intents"]:
            phrasings = [_SPAN.sub(r"\1", str(e)) for e in intent.get("examples", [])]
            examples[intent["name"]] = phrasings
    missing = [name for name in (*ASKING, "thanks") if not examples.get(name)]
    if missing:
        raise SystemExit(f"error: {workspace}/intents has no examples for {', '.join(missing)}")
    return Words(tuple(tuple(examples[name]) for name in ASKING), tuple(examples["thanks"]))


def suite_turns(root: Path = REPO_ROOT) -> tuple[int, int]:
    """Conversations and customer turns in the conversation suites."""
    cases = turns = 0
    for folder in SUITES:
        for path in sorted((root / folder).glob("*.yaml")):
            for case in (yaml.safe_load(path.read_text()) or {}).get("cases", []):
                cases += 1
                turns += sum(1 for t in case.get("turns", []) if "customer" in t)
    return cases, turns


def script(customer: Customer, words: Words, turns: int, rng: random.Random) -> list[str]:
    """One customer's messages: a question with their email, more questions (about one of
    their orders, every other one), and a thanks."""
    messages = [f"{rng.choice(rng.choice(words.asking))}? My email is {customer.email}"]
    for i in range(max(0, turns - 2)):
        question = rng.choice(rng.choice(words.asking))
        if i % 2 == 0:
            question = f"{question}, order {rng.choice(customer.orders)}"
        messages.append(question)
    messages.append(rng.choice(words.thanks))
    return messages[:turns] if turns > 0 else []


@dataclass
class Tally:
    """What the measured window saw: latencies of answered turns, and the rest by kind."""

    latencies: list[float] = field(default_factory=list)
    queued: int = 0
    failed: int = 0
    first_failure: str | None = None
    conversations: int = 0
    sent_total: int = 0

    def fail(self, reason: str) -> None:
        """Count a failed request, keeping the first reason."""
        self.failed += 1
        if self.first_failure is None:
            self.first_failure = reason


@dataclass(frozen=True)
class Window:
    """The measured window on the ``time.perf_counter`` clock."""

    start: float
    end: float

    def counts(self, at: float) -> bool:
        """Whether a request sent at ``at`` is measured."""
        return self.start <= at < self.end

    def over(self) -> bool:
        """Whether sending should stop."""
        return time.perf_counter() >= self.end


async def _post(client: httpx.AsyncClient, path: str, body: dict[str, str]) -> httpx.Response | str:
    try:
        return await client.post(path, json=body)
    except httpx.HTTPError as exc:
        return type(exc).__name__


async def _conversation(
    client: httpx.AsyncClient,
    customers: Sequence[Customer],
    slot: int,
    words: Words,
    turns: int,
    think_s: float,
    window: Window,
    rng: random.Random,
    tally: Tally,
) -> None:
    """One customer after another in this slot, each holding a whole conversation."""
    index = slot
    while not window.over():
        customer = customers[index % len(customers)]
        index += 7919  # a prime: slots walk the customers in different orders
        await asyncio.sleep(rng.expovariate(1 / think_s))
        opened = await _post(client, "/v1/conversations", {"channel": "api"})
        if isinstance(opened, str) or opened.status_code != 201:
            if window.counts(time.perf_counter()):
                tally.fail(f"opening a conversation: {_reason(opened)}")
            continue
        if window.counts(time.perf_counter()):
            tally.conversations += 1
        path = f"/v1/conversations/{opened.json()['id']}/messages"
        for text in script(customer, words, turns, rng):
            await asyncio.sleep(rng.expovariate(1 / think_s))
            if window.over():
                return
            sent = time.perf_counter()
            response = await _post(client, path, {"text": text})
            elapsed = time.perf_counter() - sent
            tally.sent_total += 1
            if not window.counts(sent):
                continue
            if isinstance(response, str) or response.status_code not in (201, 202):
                tally.fail(_reason(response))
            elif response.status_code == 202:
                tally.queued += 1
            else:
                tally.latencies.append(elapsed)


def _reason(response: httpx.Response | str) -> str:
    return response if isinstance(response, str) else f"HTTP {response.status_code}"


async def hold_conversations(
    client: httpx.AsyncClient,
    customers: Sequence[Customer],
    words: Words,
    *,
    conversations: int,
    turns: int,
    think_s: float,
    window: Window,
    seed: int,
) -> Tally:
    """``conversations`` customers at once, until the window ends."""
    rng = random.Random(seed)
    tally = Tally()
    jobs = [
        _conversation(
            client, customers, i, words, turns, think_s, window, random.Random(rng.random()), tally
        )
        for i in range(conversations)
    ]
    await asyncio.gather(*jobs)
    return tally
