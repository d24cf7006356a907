"""The SLA clocks of every open hand-off, shared by request handlers and the scheduler."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from datetime import datetime

from deskpilot.errors import ConflictError, NotFoundError
from deskpilot.handoff._clock import require_aware
from deskpilot.handoff._config import Priority, RoutingConfig
from deskpilot.handoff._hours import BusinessHours
from deskpilot.handoff._sla import SlaClock, SlaEvent, SlaEventType, TargetStatus

_ALERT_ORDER = {SlaEventType.WARNING: 0, SlaEventType.BREACHED: 1}


class SlaTracker:
    """One ``SlaClock`` per open case, behind a lock.

    Every method that changes a clock takes the instant of the change and returns the event
    records to append to the log. ``due_events`` only reports; ``mark_emitted`` records that
    the alerts reached the log, so an alert whose append failed is reported again next time.
    """

    def __init__(self, config: RoutingConfig) -> None:
        self.config = config
        self._clocks: dict[str, SlaClock] = {}
        self._hours: dict[str, BusinessHours] = {}
        self._lock = threading.RLock()

    def open_case(
        self, case_id: str, *, queue: str, priority: Priority, tier: str = "", at: datetime
    ) -> list[SlaEvent]:
        """Start the clocks of a case handed off to ``queue`` (policy by priority and tier)."""
        spec = self.config.queue(queue)
        with self._lock:
            if case_id in self._clocks:
                raise ConflictError(f"case {case_id} already has an SLA clock", case_id=case_id)
            hours = self._hours.get(queue)
            if hours is None:
                hours = self._hours[queue] = BusinessHours.for_queue(spec)
            clock = SlaClock(
                case_id,
                queue=queue,
                priority=priority,
                tier=tier,
                policy=self.config.sla_policy(priority, tier),
                hours=hours,
                supervisor=spec.supervisor,
            )
            events = clock.start(at)
            self._clocks[case_id] = clock
            return events

    def customer_message(self, case_id: str, at: datetime) -> list[SlaEvent]:
        """The customer wrote (resumes a paused case; starts the next-response clock)."""
        return self._change(case_id, lambda clock: clock.customer_message(at))

    def agent_reply(self, case_id: str, at: datetime) -> list[SlaEvent]:
        """An agent replied (stops the first- or next-response clock)."""
        return self._change(case_id, lambda clock: clock.agent_reply(at))

    def wait_on_customer(self, case_id: str, at: datetime) -> list[SlaEvent]:
        """The case now waits for the customer (its clocks pause)."""
        return self._change(case_id, lambda clock: clock.wait_on_customer(at))

    def resume(self, case_id: str, at: datetime) -> list[SlaEvent]:
        """The case stops waiting for the customer without a message from them."""
        return self._change(case_id, lambda clock: clock.resume(at))

    def resolve(self, case_id: str, at: datetime) -> list[SlaEvent]:
        """The case is resolved: its clocks stop and the tracker forgets it."""
        with self._lock:
            events = self._clock(case_id).resolve(at)
            del self._clocks[case_id]
            return events

    def due_events(self, now: datetime) -> list[SlaEvent]:
        """Warnings and breaches crossed by ``now`` and not yet marked emitted, oldest first."""
        moment = require_aware(now, "now")
        with self._lock:
            events = [e for clock in self._clocks.values() for e in clock.due_events(moment)]
        return sorted(
            events,
            key=lambda e: (e.at, e.case_id, _ALERT_ORDER.get(e.type, 2), e.data.get("target", "")),
        )

    def mark_emitted(self, events: Iterable[SlaEvent]) -> None:
        """Record that these alerts are in the log, so they are not reported again."""
        with self._lock:
            for event in events:
                clock = self._clocks.get(event.case_id)
                if clock is not None:
                    clock.mark_emitted(event)

    def next_breach(self, case_id: str) -> datetime | None:
        """The case's nearest breach, for ordering its queue (None while paused before it)."""
        with self._lock:
            return self._clock(case_id).next_breach()

    def status(self, case_id: str, now: datetime) -> list[TargetStatus]:
        """Where each target of the case stands at ``now``."""
        with self._lock:
            return self._clock(case_id).status(now)

    def priority(self, case_id: str) -> Priority:
        """The case's priority as the tracker knows it (raised by marked breaches)."""
        with self._lock:
            return self._clock(case_id).priority

    def set_priority(self, case_id: str, priority: Priority) -> None:
        """Follow a priority change made elsewhere; the SLA targets stay as they started."""
        with self._lock:
            self._clock(case_id).priority = priority

    def forget(self, case_id: str | None = None) -> None:
        """Drop a case's clocks (every case's without one), to rebuild them from the log
        that another process wrote to."""
        with self._lock:
            if case_id is None:
                self._clocks.clear()
            else:
                self._clocks.pop(case_id, None)

    def case_ids(self) -> list[str]:
        """The cases with a running or paused clock."""
        with self._lock:
            return sorted(self._clocks)

    def _clock(self, case_id: str) -> SlaClock:
        clock = self._clocks.get(case_id)
        if clock is None:
            raise NotFoundError(f"case {case_id} has no SLA clock", case_id=case_id)
        return clock

    def _change(self, case_id: str, change: Callable[[SlaClock], list[SlaEvent]]) -> list[SlaEvent]:
        with self._lock:
            return change(self._clock(case_id))
