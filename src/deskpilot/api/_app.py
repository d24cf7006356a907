"""The FastAPI application factory."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from deskpilot import __version__
from deskpilot.api import agents, cases, conversations, health
from deskpilot.api._headers import SecurityHeaders
from deskpilot.api._problems import install_problem_handlers
from deskpilot.channels.webchat import routes as webchat
from deskpilot.console import pages as console
from deskpilot.runtime import Runtime, build_runtime
from deskpilot.settings import Settings, get_settings

logger = logging.getLogger(__name__)


# How often the in-process worker erases what the workspace's retention period has expired.
RETENTION_SWEEP_SECONDS = 24 * 3600


def _retry_loop(runtime: Runtime, stop: threading.Event) -> None:
    """The in-process worker: retries failed messages at start-up (what a crash left behind),
    then every ``retry_interval_seconds`` until the app stops, delivering the outbox on each
    pass; sweeps expired personal data at start-up and once a day."""
    next_sweep = time.monotonic()
    while True:
        try:
            runtime.pipeline.retry_failed()
        except Exception:
            logger.exception("retry worker pass failed")
        try:
            runtime.outbox.deliver_pending()
        except Exception:
            logger.exception("outbox delivery pass failed")
        if time.monotonic() >= next_sweep:
            next_sweep += RETENTION_SWEEP_SECONDS
            try:
                runtime.purge_expired()
            except Exception:
                logger.exception("retention sweep failed; tried again tomorrow")
        if stop.wait(runtime.settings.retry_interval_seconds):
            return


def create_app(settings: Settings | None = None, runtime: Runtime | None = None) -> FastAPI:
    """An app serving the API for ``runtime`` (built from ``settings`` when not given)."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        rt = runtime or build_runtime(settings or get_settings())
        app.state.runtime = rt
        stop = threading.Event()
        worker = threading.Thread(target=_retry_loop, args=(rt, stop), daemon=True)
        worker.start()
        rt.handoff.restore()
        rt.scheduler.start()
        try:
            yield
        finally:
            rt.scheduler.stop()
            rt.live.close()
            stop.set()
            worker.join(timeout=5)
            if runtime is None:
                rt.close()

    app = FastAPI(
        title="DeskPilot",
        version=__version__,
        description="Customer-service automation that resolves requests.",
        lifespan=lifespan,
    )
    install_problem_handlers(app)
    app.include_router(health.router)
    app.include_router(conversations.router)
    app.include_router(cases.router)
    app.include_router(agents.router)
    app.include_router(console.router)
    app.include_router(webchat.router)
    app.mount("/console/static", StaticFiles(directory=console.STATIC), name="console-static")
    app.add_middleware(SecurityHeaders)
    return app
