"""One case's SLA clock: targets in business time that pause while waiting on the customer.

A clock never reads the time and never writes anywhere: each state change takes the instant it
happened and returns the event records for the log. Business hours are implicit (closed time
simply does not count), so closing and opening a queue write no events.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

from deskpilot.errors import ConflictError, InputError
from deskpilot.handoff._clock import require_aware
from deskpilot.handoff._config import Priority, SlaPolicy
from deskpilot.handoff._hours import BusinessHours


class SlaEventType(StrEnum):
    """The SLA entries of the event log (the same strings belong in ``EventType``)."""

    STARTED = "sla_started"
    PAUSED = "sla_paused"
    RESUMED = "sla_resumed"
    STOPPED = "sla_stopped"
    WARNING = "sla_warning"
    BREACHED = "sla_breached"


class SlaTarget(StrEnum):
    """What an SLA clock measures."""

    FIRST_RESPONSE = "first_response"
    NEXT_RESPONSE = "next_response"
    RESOLUTION = "resolution"


class _Alert(StrEnum):
    WARNING = "warning"
    BREACH = "breach"


@dataclass(frozen=True)
class SlaEvent:
    """One event record for the log: ``at`` (also in ``data``) is when it happened; for a
    warning or breach, the instant the threshold was crossed."""

    type: SlaEventType
    case_id: str
    at: datetime
    data: dict[str, Any]

    @property
    def key(self) -> str:
        """Identifies the event for de-duplication: type, case, then target and cycle (or time)."""
        if "target" in self.data:
            return f"{self.type.value}:{self.case_id}:{self.data['target']}:{self.data['cycle']}"
        return f"{self.type.value}:{self.case_id}:{self.at.isoformat()}"


@dataclass(frozen=True)
class TargetStatus:
    """Where one target stands: business time used and left, and the projected breach."""

    target: SlaTarget
    cycle: int
    limit: timedelta
    elapsed: timedelta
    state: str
    breach_at: datetime | None

    @property
    def remaining(self) -> timedelta:
        """Business time left before the breach (negative once breached)."""
        return self.limit - self.elapsed


@dataclass
class _Run:
    """One run of one target: first response and resolution run once, next response per turn."""

    target: SlaTarget
    cycle: int
    limit: timedelta
    warn_at: timedelta | None
    started_at: datetime
    running_since: datetime | None
    banked: timedelta = timedelta(0)
    stopped_at: datetime | None = None
    crossed: dict[_Alert, datetime] = field(default_factory=dict)
    emitted: set[_Alert] = field(default_factory=set)

    def thresholds(self) -> dict[_Alert, timedelta]:
        found = {_Alert.BREACH: self.limit}
        if self.warn_at is not None:
            found[_Alert.WARNING] = self.warn_at
        return found

    def elapsed(self, hours: BusinessHours, now: datetime) -> timedelta:
        if self.running_since is None:
            return self.banked
        return self.banked + hours.business_time_between(self.running_since, now)

    def crossing(self, alert: _Alert, hours: BusinessHours) -> datetime | None:
        """When the threshold was or will be crossed if the clock keeps running; None if paused."""
        if alert in self.crossed:
            return self.crossed[alert]
        if self.running_since is None:
            return None
        needed = self.thresholds()[alert] - self.banked
        return hours.add_business_time(self.running_since, needed)

    def pause(self, hours: BusinessHours, at: datetime) -> None:
        if self.running_since is None:
            return
        for alert in self.thresholds():
            crossing = self.crossing(alert, hours)
            if crossing is not None and crossing <= at:
                self.crossed[alert] = crossing
        self.banked = self.elapsed(hours, at)
        self.running_since = None


class SlaClock:
    """The SLA targets of one case, driven by what happens to it.

    Targets come from the policy matched at start (by priority and tier) and do not change
    when the priority is raised later; raising the priority reorders the queue instead.
    """

    def __init__(
        self,
        case_id: str,
        *,
        queue: str,
        priority: Priority,
        tier: str,
        policy: SlaPolicy | None,
        hours: BusinessHours,
        supervisor: str | None = None,
    ) -> None:
        self.case_id = case_id
        self.queue = queue
        self.priority = priority
        self.tier = tier
        self.policy = policy
        self.hours = hours
        self.supervisor = supervisor
        self.waiting_on_customer = False
        self.resolved = False
        self._runs: dict[SlaTarget, _Run] = {}
        self._replied = False
        self._awaiting_agent = False
        self._last_change: datetime | None = None

    def start(self, at: datetime) -> list[SlaEvent]:
        """Start first response and resolution: the customer now waits for a person."""
        now = self._advance(at)
        self._awaiting_agent = True
        return [
            event
            for target in (SlaTarget.FIRST_RESPONSE, SlaTarget.RESOLUTION)
            if (event := self._start_run(target, now)) is not None
        ]

    def customer_message(self, at: datetime) -> list[SlaEvent]:
        """A customer wrote: resume if paused; after a reply, start the next-response clock."""
        now = self._advance(at)
        events = self._resume(now, reason="customer_message")
        if self._replied and not self._awaiting_agent:
            started = self._start_run(SlaTarget.NEXT_RESPONSE, now)
            events.extend([started] if started is not None else [])
        self._awaiting_agent = True
        return events

    def agent_reply(self, at: datetime) -> list[SlaEvent]:
        """An agent answered: the first-response or next-response clock stops."""
        now = self._advance(at)
        self._replied = True
        self._awaiting_agent = False
        targets = (SlaTarget.FIRST_RESPONSE, SlaTarget.NEXT_RESPONSE)
        return self._stop([t for t in targets if t in self._active()], now)

    def wait_on_customer(self, at: datetime) -> list[SlaEvent]:
        """The case waits for the customer: every running target pauses."""
        now = self._advance(at)
        if self.waiting_on_customer:
            return []
        self.waiting_on_customer = True
        active = self._active()
        for run in active.values():
            run.pause(self.hours, now)
        if not active:
            return []
        return [self._event(SlaEventType.PAUSED, now, reason="waiting_customer", targets=active)]

    def resume(self, at: datetime) -> list[SlaEvent]:
        """The case no longer waits for the customer (an agent took it back)."""
        return self._resume(self._advance(at), reason="resumed_by_agent")

    def resolve(self, at: datetime) -> list[SlaEvent]:
        """The case is resolved: every target stops, met or missed."""
        now = self._advance(at)
        events = self._stop(list(self._active()), now)
        self.resolved = True
        return events

    def due_events(self, now: datetime) -> list[SlaEvent]:
        """Warnings and breaches crossed by ``now`` and not yet marked as emitted."""
        moment = require_aware(now, "now")
        events: list[SlaEvent] = []
        for run in self._active().values():
            for alert in run.thresholds():
                crossing = None if alert in run.emitted else run.crossing(alert, self.hours)
                if crossing is not None and crossing <= moment:
                    events.append(self._alert(run, alert, crossing))
        return events

    def mark_emitted(self, event: SlaEvent) -> None:
        """Record that an alert is in the log; a breach with ``raise_priority`` raises it."""
        alert = {SlaEventType.WARNING: _Alert.WARNING, SlaEventType.BREACHED: _Alert.BREACH}
        if event.type not in alert or event.case_id != self.case_id:
            return
        run = self._runs.get(SlaTarget(event.data["target"]))
        if run is None or run.cycle != event.data["cycle"] or alert[event.type] in run.emitted:
            return
        run.emitted.add(alert[event.type])
        if "raise_priority_to" in event.data:
            self.priority = Priority(event.data["raise_priority_to"])

    def next_breach(self) -> datetime | None:
        """The earliest breach of an unstopped target: projected while it runs, the past instant
        once crossed; None when every target is stopped, or paused before its breach."""
        crossings = [run.crossing(_Alert.BREACH, self.hours) for run in self._active().values()]
        return min((c for c in crossings if c is not None), default=None)

    def status(self, now: datetime) -> list[TargetStatus]:
        """Every target's latest run, as of ``now``."""
        moment = require_aware(now, "now")
        found: list[TargetStatus] = []
        for run in (self._runs[t] for t in SlaTarget if t in self._runs):
            until = moment if run.stopped_at is None else run.stopped_at
            state = (
                "stopped"
                if run.stopped_at is not None
                else "paused"
                if run.running_since is None
                else "running"
            )
            found.append(
                TargetStatus(
                    target=run.target,
                    cycle=run.cycle,
                    limit=run.limit,
                    elapsed=run.elapsed(self.hours, until),
                    state=state,
                    breach_at=run.crossing(_Alert.BREACH, self.hours),
                )
            )
        return found

    def _advance(self, at: datetime) -> datetime:
        moment = require_aware(at, "at")
        if self.resolved:
            raise ConflictError(f"case {self.case_id} is resolved; its SLA clock has stopped")
        if self._last_change is not None and moment < self._last_change:
            raise InputError(
                f"SLA changes must come in time order: {moment.isoformat()} is before "
                f"{self._last_change.isoformat()}",
                case_id=self.case_id,
            )
        self._last_change = moment
        return moment

    def _active(self) -> dict[SlaTarget, _Run]:
        runs = (self._runs[t] for t in SlaTarget if t in self._runs)
        return {run.target: run for run in runs if run.stopped_at is None}

    def _start_run(self, target: SlaTarget, at: datetime) -> SlaEvent | None:
        limit = None if self.policy is None else self.policy.targets().get(target.value)
        if limit is None or self.policy is None:
            return None
        warn = self.policy.warn_before
        previous = self._runs.get(target)
        run = _Run(
            target=target,
            cycle=1 if previous is None else previous.cycle + 1,
            limit=limit,
            warn_at=None if warn is None else limit - warn,
            started_at=at,
            running_since=None if self.waiting_on_customer else at,
        )
        self._runs[target] = run
        breach = run.crossing(_Alert.BREACH, self.hours)
        return self._event(
            SlaEventType.STARTED,
            at,
            target=target.value,
            cycle=run.cycle,
            limit_seconds=limit.total_seconds(),
            breach_at=None if breach is None else breach.isoformat(),
            priority=self.priority.value,
            tier=self.tier,
        )

    def _resume(self, at: datetime, *, reason: str) -> list[SlaEvent]:
        if not self.waiting_on_customer:
            return []
        self.waiting_on_customer = False
        active = self._active()
        for run in active.values():
            run.running_since = at
        if not active:
            return []
        return [self._event(SlaEventType.RESUMED, at, reason=reason, targets=active)]

    def _stop(self, targets: list[SlaTarget], at: datetime) -> list[SlaEvent]:
        events: list[SlaEvent] = []
        for target in targets:
            run = self._runs[target]
            run.pause(self.hours, at)
            run.stopped_at = at
            events.append(
                self._event(
                    SlaEventType.STOPPED,
                    at,
                    target=target.value,
                    cycle=run.cycle,
                    met=run.banked <= run.limit,
                    elapsed_seconds=run.banked.total_seconds(),
                    limit_seconds=run.limit.total_seconds(),
                )
            )
        return events

    def _alert(self, run: _Run, alert: _Alert, crossing: datetime) -> SlaEvent:
        breach = run.crossing(_Alert.BREACH, self.hours)
        data: dict[str, Any] = {
            "target": run.target.value,
            "cycle": run.cycle,
            "limit_seconds": run.limit.total_seconds(),
            "breach_at": None if breach is None else breach.isoformat(),
            "priority": self.priority.value,
        }
        if alert is _Alert.WARNING:
            return self._event(SlaEventType.WARNING, crossing, **data)
        actions = () if self.policy is None else self.policy.on_breach
        data["actions"] = list(actions)
        if "raise_priority" in actions:
            data["raise_priority_to"] = self.priority.raised().value
        if "notify_supervisor" in actions:
            data["supervisor"] = self.supervisor
        return self._event(SlaEventType.BREACHED, crossing, **data)

    def _event(self, kind: SlaEventType, at: datetime, **data: Any) -> SlaEvent:
        if isinstance(data.get("targets"), dict):
            data["targets"] = [t.value for t in data["targets"]]
        base = {"queue": self.queue, "at": at.isoformat()}
        return SlaEvent(type=kind, case_id=self.case_id, at=at, data={**base, **data})
