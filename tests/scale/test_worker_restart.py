"""A Celery worker stopped by an error its consumer did not expect ("Unrecoverable error",
which a broker going away at the wrong moment can cause) is started again by
``deskpilot worker`` rather than leaving the deployment one worker short; a stop that was
asked for ends it, and errors repeated too often end it for its supervisor."""

from __future__ import annotations

import logging
import signal
from collections.abc import Iterator

import pytest
from celery import bootsteps
from celery.exceptions import WorkerShutdown

from deskpilot.settings import Settings
from deskpilot.worker import celery_app, keep_consuming
from tests.scale.conftest import REDIS_URL

# The worker runs inside the test process, as root on CI machines (Celery warns of it).
pytestmark = pytest.mark.filterwarnings("ignore::celery.exceptions.SecurityWarning")

SIGNALS = [signal.SIGTERM, signal.SIGINT, signal.SIGQUIT, signal.SIGHUP, signal.SIGUSR1]


@pytest.fixture(autouse=True)
def _signal_handlers_kept() -> Iterator[None]:
    """The worker installs its signal handlers in the test process: put pytest's back."""
    kept = {s: signal.getsignal(s) for s in SIGNALS}
    yield
    for number, handler in kept.items():
        signal.signal(number, handler)


def _worker_starts(prefix: str, breaks: int) -> tuple[list[int | None], object]:
    """A real worker's ``start`` whose consumer fails ``breaks`` times once connected to the
    broker, then stops as if it were asked to; the exit codes of its runs."""
    app = celery_app(Settings(redis_url=REDIS_URL, redis_prefix=prefix, turns="worker"))
    codes: list[int | None] = []

    class Breaks(bootsteps.StartStopStep):
        requires = ("celery.worker.consumer.connection:Connection",)

        def start(self, c: object) -> None:
            if len(codes) < breaks:
                raise RuntimeError("the broker client was left broken")
            raise WorkerShutdown(0)

    app.steps["consumer"].add(Breaks)

    def start() -> int | None:
        worker = app.Worker(
            pool="threads",
            concurrency=1,
            without_heartbeat=True,
            without_mingle=True,
            without_gossip=True,
            quiet=True,
        )
        worker.start()
        codes.append(worker.exitcode)
        return worker.exitcode

    return codes, start


def test_a_worker_stopped_by_an_unexpected_error_is_started_again(
    redis_prefix: str, caplog: pytest.LogCaptureFixture
) -> None:
    codes, start = _worker_starts(redis_prefix, breaks=2)
    with caplog.at_level(logging.WARNING, logger="deskpilot.worker._celery"):
        assert keep_consuming(start, pause=0) == 0  # type: ignore[arg-type]
    assert codes[:2] == [1, 1] and len(codes) == 3, "Celery stopped it twice; it ran a third time"
    assert "starting it again (2 of 5)" in caplog.text


def test_errors_repeated_too_often_end_the_worker_for_its_supervisor(
    redis_prefix: str, caplog: pytest.LogCaptureFixture
) -> None:
    codes, start = _worker_starts(redis_prefix, breaks=10)
    with caplog.at_level(logging.ERROR, logger="deskpilot.worker._celery"):
        assert keep_consuming(start, restarts=2, pause=0) == 1  # type: ignore[arg-type]
    assert codes == [1, 1, 1]
    assert "3 times within 600 s" in caplog.text
