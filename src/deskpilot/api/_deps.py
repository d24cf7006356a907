"""Request dependencies: the runtime the app was started with, and the API key a
server-to-server request must present.

They are ``async def`` although they do not wait on anything: FastAPI runs a plain ``def``
dependency in the thread pool, a hand-off between threads that cost more than the dependency
itself on every request. The one that does block (the key's database lookup) goes to the thread
pool explicitly, and only when keys are required.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Annotated

from fastapi import Depends, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from deskpilot.domain import ApiKey, ApiScope
from deskpilot.runtime import Runtime

# Documents the scheme in the OpenAPI; the check itself is ``api_key`` (a missing key is our
# own 401 with a message, not FastAPI's).
_bearer = HTTPBearer(auto_error=False, description="an API key: dpk.<id>.<secret>")
BearerDep = Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]
KEY_HEADER = "X-API-Key"


def runtime_of(request: Request) -> Runtime:
    """The process's runtime (database, workspace, pipeline)."""
    runtime: Runtime = request.app.state.runtime
    return runtime


async def get_runtime(request: Request) -> Runtime:
    """The dependency giving the process's runtime (database, workspace, pipeline)."""
    return runtime_of(request)


def api_key(scope: ApiScope) -> Callable[[Request, BearerDep], Awaitable[ApiKey | None]]:
    """A dependency: the request's API key, which must hold ``scope`` (sent as
    ``Authorization: Bearer <key>`` or ``X-API-Key``); None where keys are not required."""

    async def presented_key(request: Request, bearer: BearerDep) -> ApiKey | None:
        runtime = runtime_of(request)
        if not runtime.settings.requires_api_keys:
            return None
        presented = bearer.credentials if bearer else request.headers.get(KEY_HEADER)
        return await run_in_threadpool(runtime.api_keys.authorize, presented, scope)

    return presented_key


def key_of_request(scope: ApiScope) -> Callable[[Request], Awaitable[ApiKey | None]]:
    """``api_key(scope)`` called as FastAPI calls it (the bearer scheme read first), for a
    route that does without FastAPI's dependency solving (``_lane.py``)."""
    presented_key = api_key(scope)

    async def key(request: Request) -> ApiKey | None:
        return await presented_key(request, await _bearer(request))

    return key
