"""Health for load balancers and orchestrators: liveness (``/health``), readiness
(``/ready``), the older ``/healthz``, and a bare endpoint (the benchmark's baseline)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends
from fastapi.responses import JSONResponse
from sqlalchemy import text

from deskpilot.api._deps import get_runtime
from deskpilot.api._problems import problem
from deskpilot.runtime import Runtime

router = APIRouter(tags=["health"])


@router.get("/health")
def liveness() -> dict[str, str]:
    """The process answers. It touches nothing else: a database outage must not get every
    API process restarted (that is what ``/ready`` is for)."""
    return {"status": "ok"}


@router.get(
    "/ready",
    responses={503: {"description": "a dependency is unreachable; `detail` says which"}},
)
def readiness(runtime: Annotated[Runtime, Depends(get_runtime)]) -> JSONResponse:
    """Whether to send this process traffic: the database answers and, when live updates go
    through Redis, Redis does. 503 with the reason otherwise."""
    problems = [p for p in (_database_problem(runtime), runtime.live.health()) if p]
    if problems:
        return problem(503, "not_ready", "; ".join(problems), retryable=True)
    return JSONResponse({"status": "ready"})


def _database_problem(runtime: Runtime) -> str | None:
    try:
        with runtime.db.transaction() as repo:
            repo.c.execute(text("SELECT 1"))
    except Exception as exc:
        # The type only: a driver's message can carry the connection string.
        return f"database unreachable: {type(exc).__name__}"
    return None


@router.get("/healthz")
def health(runtime: Annotated[Runtime, Depends(get_runtime)]) -> dict[str, str]:
    """Liveness and database reachability."""
    with runtime.db.transaction() as repo:
        repo.c.execute(text("SELECT 1"))
    return {"status": "ok", "workspace": runtime.workspace.config.name}


@router.get("/v1/ping")
def ping() -> dict[str, bool]:
    """Answers at once; does nothing else."""
    return {"ok": True}
