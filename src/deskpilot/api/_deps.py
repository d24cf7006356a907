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


def presented_secret(request: Request, bearer: HTTPAuthorizationCredentials | None) -> str | None:
    """The key a request presents: ``Authorization: Bearer <key>``, else ``X-API-Key``."""
    return bearer.credentials if bearer else request.headers.get(KEY_HEADER)


def api_key(scope: ApiScope) -> Callable[[Request, BearerDep], Awaitable[ApiKey | None]]:
    """A dependency: the request's API key, which must hold ``scope`` (sent as
    ``Authorization: Bearer <key>`` or ``X-API-Key``); None where keys are not required."""

    async def presented_key(request: Request, bearer: BearerDep) -> ApiKey | None:
        runtime = runtime_of(request)
        if not runtime.settings.requires_api_keys:
            return None
        presented = presented_secret(request, bearer)
        return await run_in_threadpool(runtime.api_keys.authorize, presented, scope)

    return presented_key


async def bearer_of(request: Request) -> HTTPAuthorizationCredentials | None:
    """The bearer credentials as ``api_key``'s sub-dependency reads them (never refused here),
    for a route that does without FastAPI's dependency solving (``_lane.py``)."""
    return await _bearer(request)


def authorize_in_thread(
    runtime: Runtime, request: Request, bearer: HTTPAuthorizationCredentials | None, scope: ApiScope
) -> ApiKey | None:
    """What ``api_key(scope)`` does, called in a worker thread already (it reads the database):
    the lean route checks the key and takes the turn in one hop to the thread pool."""
    if not runtime.settings.requires_api_keys:
        return None
    return runtime.api_keys.authorize(presented_secret(request, bearer), scope)
