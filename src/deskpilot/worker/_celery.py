"""The Celery side of queued turns.

A turn is queued as its conversation and message ids only: the message itself is already
committed. The settings make a turn survive its worker: the task is acknowledged after it ran
(``acks_late``), a worker that dies or stalls hands it back (``reject_on_worker_lost``, and the
broker's visibility timeout, ``turn_lease_seconds``), and each worker holds one turn per thread
(``prefetch 1``). A turn delivered twice does nothing twice: ``Pipeline.take_turn`` answers
under the conversation's turn lock only what is still unanswered, and writes carry their
idempotency keys.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any

from celery import Celery
from celery.signals import worker_shutting_down
from kombu.transport import TRANSPORT_ALIASES
from kombu.transport import redis as kombu_redis

from deskpilot.errors import InputError, StoreError
from deskpilot.pipeline import Pipeline, ProcessingFailed
from deskpilot.settings import Settings

logger = logging.getLogger(__name__)

TAKE_TURN = "deskpilot.take_turn"
QUEUE = "turns"
# Seconds before a failed turn is tried again (each try counts as an attempt of the message;
# after the workspace's last one, the customer is handed to a person with an apology).
RETRY_SECONDS = 1.0


class _TurnsQoS(kombu_redis.QoS):
    """Kombu's Redis QoS, for a channel whose connection closes from two threads at once.

    When the broker goes away while a turn is in hand, the thread finishing the turn and the
    consumer both close the connection; whichever comes second finds the transport's client
    already cleared, and Kombu's hand-back of the turns in hand fails on it with an
    ``AttributeError`` that Celery takes for an unrecoverable error: the worker stops
    consuming for good. With the connection gone nothing can be handed back anyway; the turns
    stay in the broker's unacknowledged set, and the lease scan hands them to a worker once
    their lease ends (``visibility_timeout``), so the close goes on and the consumer
    reconnects.
    """

    def restore_unacked(self, client: Any = None) -> Any:
        try:
            return super().restore_unacked(client)  # type: ignore[no-untyped-call]
        except AttributeError:
            if _connection_of(self.channel) is not None:
                raise
            logger.warning(
                "broker connection closed before %d turn(s) in hand could be handed back; "
                "they return to the queue when their lease ends",
                len(self._delivered),
            )
            return None


def _connection_of(channel: Any) -> Any:
    """The broker connection a channel still has (None once it was closed)."""
    transport = getattr(channel, "connection", None)
    return getattr(transport, "client", None)


class _TurnsChannel(kombu_redis.Channel):
    QoS = _TurnsQoS


class TurnsRedisTransport(kombu_redis.Transport):
    """Kombu's Redis transport with a close that survives the connection's double close."""

    Channel = _TurnsChannel


# The name the worker's logs give the broker ("Connected to deskpilot-redis://…").
TURNS_TRANSPORT = "deskpilot-redis"
TRANSPORT_ALIASES.setdefault(TURNS_TRANSPORT, f"{__name__}:TurnsRedisTransport")


def celery_app(settings: Settings) -> Celery:
    """The Celery app of a deployment: its broker, and the settings that keep turns safe."""
    broker = settings.effective_broker_url
    if broker is None:
        raise InputError(
            "DESKPILOT_TURNS=worker queues turns through a broker: set DESKPILOT_REDIS_URL "
            "(or DESKPILOT_BROKER_URL), e.g. redis://127.0.0.1:6379/0",
            field="broker_url",
        )
    app = Celery("deskpilot", broker=broker, set_as_current=False)
    if broker.startswith("redis://"):
        app.conf.broker_transport = TURNS_TRANSPORT
    app.conf.update(
        task_acks_late=True,
        task_reject_on_worker_lost=True,
        worker_prefetch_multiplier=1,
        task_ignore_result=True,
        task_default_queue=QUEUE,
        task_serializer="json",
        accept_content=["json"],
        broker_connection_retry_on_startup=True,
        worker_hijack_root_logger=False,
        worker_send_task_events=False,
        broker_transport_options={
            "visibility_timeout": settings.turn_lease_seconds,
            # Turns another worker left behind are looked for every second (Kombu's default
            # scan is every 100 s), so a lost turn waits for its lease, not much more.
            "unacked_restore_interval": 1,
            "unacked_restore_throttle": 1,
            "global_keyprefix": settings.redis_prefix,
            "socket_timeout": 10,
            "socket_connect_timeout": 5,
        },
    )
    return app


class CeleryTurnQueue:
    """Submits turns to the workers through the broker."""

    def __init__(self, app: Celery) -> None:
        self.app = app

    def submit(self, conversation_id: str, message_id: str) -> None:
        """Queue the turn; a broker unreachable for about a second raises."""
        self.app.send_task(
            TAKE_TURN,
            args=(conversation_id, message_id),
            queue=QUEUE,
            retry=True,
            retry_policy={
                "max_retries": 2,
                "interval_start": 0.2,
                "interval_step": 0.3,
                "interval_max": 0.5,
            },
        )

    def close(self) -> None:
        """Close the broker connections."""
        self.app.close()


def register_turn_task(app: Celery, pipeline: Pipeline) -> None:
    """Register the task a worker runs for each queued turn, over this process's pipeline
    (explicitly, at the worker's start-up)."""

    @app.task(  # type: ignore[untyped-decorator]
        name=TAKE_TURN,
        bind=True,
        acks_late=True,
        reject_on_worker_lost=True,
        max_retries=None,
    )
    def take_turn(task: Any, conversation_id: str, message_id: str) -> None:
        try:
            pipeline.take_turn(conversation_id, message_id)
        except (ProcessingFailed, StoreError) as exc:
            # The message is stored and counted its attempt; the pipeline hands it to a person
            # after the last one, so the retries end.
            logger.warning("turn of message %s failed; tried again", message_id)
            raise task.retry(exc=exc, countdown=RETRY_SECONDS) from exc


# A consumer stopped by an unrecoverable error is started again at most this many times within
# RESTART_WINDOW_SECONDS; past that, the process exits non-zero for its supervisor.
RESTARTS = 5
RESTART_WINDOW_SECONDS = 600.0


def keep_consuming(
    start: Callable[[], int | None],
    *,
    restarts: int = RESTARTS,
    window: float = RESTART_WINDOW_SECONDS,
    pause: float = 1.0,
) -> int:
    """Run the worker ``start()`` starts (returning its exit code) until it stops because it
    was asked to (SIGTERM, SIGINT, SIGQUIT): the exit code then.

    Celery stops a worker for good on any error its consumer did not expect ("Unrecoverable
    error"), which a broker going away at the wrong moment can cause: a worker with nobody to
    start it again would take no turn until someone noticed. Such a stop is logged and the
    worker started again after ``pause`` seconds, with fresh broker connections; the turns the
    stopped one held come back when their lease ends. More than ``restarts`` such stops within
    ``window`` seconds end the process with the failure's exit code, for its supervisor."""
    asked: list[bool] = []

    def on_shutting_down(**_: Any) -> None:
        asked.append(True)

    worker_shutting_down.connect(on_shutting_down, weak=False)
    stops: list[float] = []
    try:
        while True:
            code = start()
            if asked or not code:
                return code or 0
            now = time.monotonic()
            stops = [t for t in stops if now - t < window] + [now]
            if len(stops) > restarts:
                logger.error(
                    "the worker stopped on an unrecoverable error %d times within %.0f s; "
                    "exiting for the supervisor to start it again",
                    len(stops),
                    window,
                )
                return code
            logger.warning(
                "the worker stopped on an unrecoverable error (logged above); starting it "
                "again (%d of %d)",
                len(stops),
                restarts,
            )
            time.sleep(pause)
    finally:
        worker_shutting_down.disconnect(on_shutting_down)
