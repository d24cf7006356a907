"""The hand-off desk's in-process scheduler: SLA alerts, then queue housekeeping, each tick."""

from __future__ import annotations

import threading

from deskpilot.handoff._desk import HandoffDesk
from deskpilot.handoff._scheduler import SlaScheduler
from deskpilot.handoff._sla import SlaEvent


class HandoffScheduler(SlaScheduler):
    """``SlaScheduler`` whose tick also routes hand-offs that were never routed and gives
    waiting cases to agents (a queue that just opened, an agent who came back).

    Ticks never overlap, so an alert is emitted once even when a test ticks by hand while
    the thread runs.
    """

    def __init__(self, desk: HandoffDesk, *, interval: float = 30.0) -> None:
        super().__init__(desk.tracker, desk.clock, desk.do_record_sla_alerts, interval=interval)
        self.desk = desk
        self._tick_lock = threading.Lock()

    def tick(self) -> list[SlaEvent]:
        """Emit due SLA alerts, then route and assign what waits."""
        with self._tick_lock:
            emitted = super().tick()
            self.desk.do_route_unrouted_cases()
            self.desk.do_assign_waiting_cases()
            return emitted
