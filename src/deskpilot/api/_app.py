"""The FastAPI application factory."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse, Response
from fastapi.staticfiles import StaticFiles

from deskpilot import __version__
from deskpilot.api import agents, cases, conversations, health
from deskpilot.api._headers import SecurityHeaders
from deskpilot.api._metrics import CONTENT_TYPE, Metrics, TurnTimer
from deskpilot.api._problems import install_problem_handlers
from deskpilot.channels.webchat import routes as webchat
from deskpilot.console import pages as console
from deskpilot.runtime import Runtime, build_runtime
from deskpilot.settings import Settings, get_settings

logger = logging.getLogger(__name__)


# Swagger UI's files, vendored from the npm package swagger-ui-dist (see its VERSION file): the
# API reference at /docs works without internet, unlike FastAPI's default CDN links.
SWAGGER_UI = Path(__file__).resolve().parent / "static" / "swagger-ui"
DOCS_STATIC = "/docs/static"

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
        rt.live.start()
        stop = threading.Event()
        worker = threading.Thread(target=_retry_loop, args=(rt, stop), daemon=True)
        worker.start()
        if rt.settings.scheduler == "embedded":
            # Scale-out ("separate"): deskpilot scheduler runs the timers, and this process
            # reads each case's clocks from the log when it needs them.
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
        docs_url=None,
        redoc_url=None,
    )
    install_problem_handlers(app)
    metrics = Metrics(lambda: app.state.runtime.db)
    app.include_router(health.router)
    app.include_router(conversations.router)
    app.include_router(cases.router)
    app.include_router(agents.router)
    app.include_router(console.router)
    app.include_router(webchat.router)
    _serve_api_reference(app)
    app.mount("/console/static", StaticFiles(directory=console.STATIC), name="console-static")
    _serve_metrics(app, metrics)
    app.add_middleware(SecurityHeaders)
    app.add_middleware(TurnTimer, metrics=metrics)
    return app


def _serve_metrics(app: FastAPI, metrics: Metrics) -> None:
    """``/metrics``: Prometheus' text format (``docs/deploy.md`` lists the metrics)."""

    @app.get("/metrics", include_in_schema=False)
    def prometheus_metrics() -> Response:
        """Turn latency, hand-offs, actions by outcome, SLA alerts, queue depth."""
        return Response(metrics.exposition(), media_type=CONTENT_TYPE)


def _serve_api_reference(app: FastAPI) -> None:
    """``/docs``: Swagger UI from this server's own files (no CDN), without its online validator
    badge (which would call swagger.io)."""

    @app.get("/docs", include_in_schema=False)
    def api_reference() -> HTMLResponse:
        """The interactive API reference."""
        return get_swagger_ui_html(
            openapi_url=app.openapi_url or "/openapi.json",
            title=f"{app.title} API reference",
            swagger_js_url=f"{DOCS_STATIC}/swagger-ui-bundle.js",
            swagger_css_url=f"{DOCS_STATIC}/swagger-ui.css",
            swagger_favicon_url=f"{DOCS_STATIC}/favicon-32x32.png",
            swagger_ui_parameters={"validatorUrl": None},
        )

    app.mount(DOCS_STATIC, StaticFiles(directory=SWAGGER_UI), name="docs-static")
