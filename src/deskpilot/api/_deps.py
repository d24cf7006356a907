"""Request dependencies: the runtime the app was started with, and the API key a
server-to-server request must present."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from deskpilot.domain import ApiKey, ApiScope
from deskpilot.runtime import Runtime

# Documents the scheme in the OpenAPI; the check itself is ``api_key`` (a missing key is our
# own 401 with a message, not FastAPI's).
_bearer = HTTPBearer(auto_error=False, description="an API key: dpk.<id>.<secret>")
BearerDep = Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]
KEY_HEADER = "X-API-Key"


def get_runtime(request: Request) -> Runtime:
    """The process's runtime (database, workspace, pipeline)."""
    runtime: Runtime = request.app.state.runtime
    return runtime


def api_key(scope: ApiScope) -> Callable[[Request, BearerDep], ApiKey | None]:
    """A dependency: the request's API key, which must hold ``scope`` (sent as
    ``Authorization: Bearer <key>`` or ``X-API-Key``); None where keys are not required."""

    def presented_key(request: Request, bearer: BearerDep) -> ApiKey | None:
        runtime = get_runtime(request)
        if not runtime.settings.requires_api_keys:
            return None
        presented = bearer.credentials if bearer else request.headers.get(KEY_HEADER)
        return runtime.api_keys.authorize(presented, scope)

    return presented_key
