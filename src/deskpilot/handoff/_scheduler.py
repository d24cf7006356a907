"""The in-process SLA scheduler: a thread that asks the tracker for due alerts every interval."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from types import TracebackType

from deskpilot.errors import ConflictError, InputError
from deskpilot.handoff._clock import Clock
from deskpilot.handoff._sla import SlaEvent
from deskpilot.handoff._tracker import SlaTracker

logger = logging.getLogger(__name__)

EmitEvents = Callable[[list[SlaEvent]], None]


class SlaScheduler:
    """Runs ``tick`` every ``interval`` seconds on a daemon thread until stopped.

    ``emit`` receives the due warnings and breaches (append them to the log, run the breach
    actions); only when it returns are they marked emitted, so a failed append is retried on the
    next tick. Tests call ``tick()`` directly with a ``ManualClock`` instead of starting the thread.
    """

    def __init__(
        self,
        tracker: SlaTracker,
        clock: Clock,
        emit: EmitEvents,
        *,
        interval: float = 30.0,
    ) -> None:
        if interval <= 0:
            raise InputError(f"interval must be positive seconds, got {interval}", field="interval")
        self.tracker = tracker
        self.clock = clock
        self.interval = interval
        self._emit = emit
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def tick(self) -> list[SlaEvent]:
        """Emit the alerts due now and mark them emitted; returns what was emitted."""
        events = self.tracker.due_events(self.clock.now())
        if events:
            self._emit(events)
            self.tracker.mark_emitted(events)
        return events

    @property
    def running(self) -> bool:
        """Whether the background thread is alive."""
        return self._thread is not None and self._thread.is_alive()

    def start(self) -> None:
        """Start ticking on a daemon thread (the first tick runs at once)."""
        if self.running:
            raise ConflictError("the SLA scheduler is already running")
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="deskpilot-sla", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 5.0) -> None:
        """Ask the thread to stop and wait up to ``timeout`` seconds for it."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None

    def __enter__(self) -> SlaScheduler:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                emitted = self.tick()
            except Exception:
                # The loop must outlive a failed append; unmarked alerts come back next tick.
                logger.exception("SLA tick failed; due alerts will be retried")
            else:
                if emitted:
                    logger.debug("SLA tick emitted %s alerts", len(emitted))
            self._stop.wait(self.interval)
