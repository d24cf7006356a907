"""Health and a bare endpoint (the benchmark's baseline on the same server stack)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends
from sqlalchemy import text

from deskpilot.api._deps import get_runtime
from deskpilot.runtime import Runtime

router = APIRouter(tags=["health"])


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
