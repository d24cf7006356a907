"""The hand-off desk's scheduler: SLA alerts, then queue housekeeping, each tick.

``deskpilot serve`` runs one in its process (the embedded default). ``deskpilot scheduler``
runs one holding a ``Lease``: however many scheduler processes run, only the lease's holder
ticks, and it rebuilds the clocks from the log first, since the API processes changed them.
"""

from __future__ import annotations

import logging
import threading

from deskpilot.handoff._desk import HandoffDesk
from deskpilot.handoff._lease import Lease
from deskpilot.handoff._scheduler import SlaScheduler
from deskpilot.handoff._sla import SlaEvent

logger = logging.getLogger(__name__)


class HandoffScheduler(SlaScheduler):
    """``SlaScheduler`` whose tick also routes hand-offs that were never routed and gives
    waiting cases to agents (a queue that just opened, an agent who came back).

    Ticks never overlap, so an alert is emitted once even when a test ticks by hand while
    the thread runs. With a ``lease``, a tick does nothing unless this process holds it.
    """

    def __init__(
        self, desk: HandoffDesk, *, interval: float = 30.0, lease: Lease | None = None
    ) -> None:
        super().__init__(desk.tracker, desk.clock, desk.do_record_sla_alerts, interval=interval)
        self.desk = desk
        self.lease = lease
        self.active = lease is None
        self._tick_lock = threading.Lock()

    def tick(self) -> list[SlaEvent]:
        """Emit due SLA alerts (those due while no scheduler ran too), then route and assign
        what waits."""
        with self._tick_lock:
            if not self._hold_lease():
                return []
            emitted = super().tick()
            self.desk.do_route_unrouted_cases()
            self.desk.do_assign_waiting_cases()
            return emitted

    def stop(self, timeout: float = 5.0) -> None:
        """Stop ticking and give the lease up, for a standing-by scheduler to take."""
        super().stop(timeout)
        if self.lease is not None:
            self.lease.release()
            self.active = False

    def _hold_lease(self) -> bool:
        if self.lease is None:
            return True
        held = self.lease.acquire()
        if held != self.active:
            self.active = held
            if held:
                logger.info("scheduler active: this process now runs the SLA timers")
            else:
                logger.warning("scheduler standing by: another process holds the lease")
        if held:
            self.desk.reload_clocks()
        return held
