"""Request dependencies: the runtime the app was started with."""

from __future__ import annotations

from fastapi import Request

from deskpilot.runtime import Runtime


def get_runtime(request: Request) -> Runtime:
    """The process's runtime (database, workspace, pipeline)."""
    runtime: Runtime = request.app.state.runtime
    return runtime
