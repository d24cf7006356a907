"""Prometheus metrics at ``/metrics``.

Two kinds. Turn latency is measured in this process, around the requests that take a turn.
The business counts (hand-offs, actions by outcome, SLA alerts) and the queues' depth are read
from the database, the record every process writes to: each API process reports the same
deployment-wide figures, so aggregate them with ``max``, not ``sum`` (``docs/deploy.md``). The
counters read only the events appended since the previous scrape.
"""

from __future__ import annotations

import json
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from typing import Any

from prometheus_client import CollectorRegistry, Histogram, generate_latest
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily
from prometheus_client.registry import Collector
from sqlalchemy import bindparam, text
from starlette.types import ASGIApp, Receive, Scope, Send

from deskpilot.domain import AssignmentState, EventType
from deskpilot.store import Database

CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"

# The app's database, once its runtime is built (the metrics are made with the app, before).
DatabaseOf = Callable[[], Database]

# The routes that take a turn of a conversation, by channel.
TURN_ROUTES = {
    "/v1/widget/messages": "widget",
    "/v1/conversations/{conversation_id}/messages": "api",
}
TURN_BUCKETS = (0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)

_COUNTED = (
    EventType.HANDOFF,
    EventType.ACTION_RESULT,
    EventType.SLA_WARNING,
    EventType.SLA_BREACHED,
)
_NEW_EVENTS = text(
    "SELECT id, type, data FROM events WHERE id > :after AND type IN :types ORDER BY id"
).bindparams(bindparam("types", expanding=True))


class Metrics:
    """The registry of one app: its turn timer and the collectors over the database."""

    def __init__(self, db: DatabaseOf) -> None:
        self.registry = CollectorRegistry()
        self.turn_seconds = Histogram(
            "deskpilot_turn_seconds",
            "Time to take one turn of a conversation (the request, reply included).",
            ["channel"],
            buckets=TURN_BUCKETS,
            registry=self.registry,
        )
        self.registry.register(_LogCounts(db))
        self.registry.register(_QueueDepth(db))

    def exposition(self) -> bytes:
        """The metrics in Prometheus' text format."""
        return generate_latest(self.registry)


class _LogCounts(Collector):
    """Counters of events in the log, brought up to date at each scrape."""

    def __init__(self, db: DatabaseOf) -> None:
        self._db = db
        self._after = 0
        self._counts: Counter[tuple[str, str]] = Counter()
        self._lock = threading.Lock()

    def collect(self) -> Iterator[CounterMetricFamily]:
        """The counters, after reading what was appended since the last scrape."""
        with self._lock:
            self._catch_up()
            counts = dict(self._counts)
        handoffs = CounterMetricFamily(
            "deskpilot_handoffs", "Cases handed off to people.", labels=[]
        )
        handoffs.add_metric([], counts.get((EventType.HANDOFF.value, ""), 0))
        actions = CounterMetricFamily(
            "deskpilot_actions", "Action calls by outcome.", labels=["outcome"]
        )
        alerts = CounterMetricFamily(
            "deskpilot_sla_alerts", "SLA warnings and breaches.", labels=["alert", "target"]
        )
        for (kind, label), n in sorted(counts.items()):
            if kind == EventType.ACTION_RESULT.value:
                actions.add_metric([label], n)
            elif kind in (EventType.SLA_WARNING.value, EventType.SLA_BREACHED.value):
                alerts.add_metric([kind.removeprefix("sla_"), label], n)
        yield from (handoffs, actions, alerts)

    def _catch_up(self) -> None:
        types = [t.value for t in _COUNTED]
        with self._db().transaction() as repo:
            rows = repo.c.execute(_NEW_EVENTS, {"after": self._after, "types": types}).all()
        for event_id, kind, data in rows:
            self._counts[(kind, _label(kind, _as_dict(data)))] += 1
            self._after = max(self._after, int(event_id))


def _as_dict(data: Any) -> dict[str, Any]:
    if isinstance(data, str):
        try:
            data = json.loads(data)
        except ValueError:
            return {}
    return data if isinstance(data, dict) else {}


def _label(kind: str, data: dict[str, Any]) -> str:
    """The label an event is counted under: an action's outcome, an alert's target."""
    if kind == EventType.ACTION_RESULT.value:
        return str(data.get("status", "unknown"))
    if kind in (EventType.SLA_WARNING.value, EventType.SLA_BREACHED.value):
        return str(data.get("target", "unknown"))
    return ""


class _QueueDepth(Collector):
    """Handed-off cases waiting for a person and held by one, per queue."""

    def __init__(self, db: DatabaseOf) -> None:
        self._db = db

    def collect(self) -> Iterator[GaugeMetricFamily]:
        """The open assignments, counted by queue and state."""
        with self._db().transaction() as repo:
            open_ = repo.list_assignments()
        depth = GaugeMetricFamily(
            "deskpilot_queue_cases",
            "Handed-off cases not yet resolved, by queue and state (waiting or assigned).",
            labels=["queue", "state"],
        )
        counted = Counter((a.queue, a.state.value) for a in open_)
        for state in (AssignmentState.WAITING.value, AssignmentState.ASSIGNED.value):
            counted.update({(q, state): 0 for q, _ in counted})
        for (queue, state), n in sorted(counted.items()):
            depth.add_metric([queue, state], n)
        yield depth


class TurnTimer:
    """ASGI middleware timing the requests of ``TURN_ROUTES`` into ``metrics``."""

    def __init__(self, app: ASGIApp, metrics: Metrics) -> None:
        self.app = app
        self.metrics = metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope.get("method") != "POST":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        try:
            await self.app(scope, receive, send)
        finally:
            route = getattr(scope.get("route"), "path", None)
            channel = TURN_ROUTES.get(route) if isinstance(route, str) else None
            if channel is not None:
                self.metrics.turn_seconds.labels(channel).observe(time.perf_counter() - started)
