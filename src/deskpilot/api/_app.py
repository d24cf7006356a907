"""The FastAPI application factory."""

from __future__ import annotations

import logging
import threading
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
from deskpilot.runtime import Runtime, build_runtime, run_worker
from deskpilot.settings import Settings, get_settings

logger = logging.getLogger(__name__)


# Swagger UI's files, vendored from the npm package swagger-ui-dist (see its VERSION file): the
# API reference at /docs works without internet, unlike FastAPI's default CDN links.
SWAGGER_UI = Path(__file__).resolve().parent / "static" / "swagger-ui"
DOCS_STATIC = "/docs/static"


def create_app(settings: Settings | None = None, runtime: Runtime | None = None) -> FastAPI:
    """An app serving the API for ``runtime`` (built from ``settings`` when not given)."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        rt = runtime or build_runtime(settings or get_settings())
        app.state.runtime = rt
        rt.live.start()
        stop = threading.Event()
        worker = threading.Thread(target=run_worker, args=(rt, stop), daemon=True)
        if rt.settings.scheduler == "embedded":
            # Scale-out ("separate"): the active deskpilot scheduler runs the timers and the
            # worker's passes, and this process reads a case's clocks from the log.
            worker.start()
            rt.handoff.restore()
            rt.scheduler.start()
        try:
            yield
        finally:
            rt.scheduler.stop()
            rt.live.close()
            stop.set()
            if worker.is_alive():
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
    # A conversation's well-formed openings and turns take the lean routes, first; FastAPI's
    # routes answer every other request to them and describe them in the OpenAPI document.
    app.router.routes.extend(conversations.lanes())
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
