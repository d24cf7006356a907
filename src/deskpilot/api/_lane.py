"""A lean path for a conversation's well-formed requests, FastAPI's routes for all the others.

``POST /v1/conversations/{id}/messages`` is the request a conversation sends at every turn, and
``POST /v1/conversations`` the one that opens it. Through FastAPI's routes they pay the
dependency solver (the runtime, the API key and its bearer scheme, the body), the route's exit
stacks, the search through the included routers and, with API keys required, a hop to the
thread pool for the key besides the endpoint's: about 130 µs of CPU a request without keys and
250 with them, by alternation (docs/performance.md).

A lane, placed before the routers, serves one such endpoint without them, but only for a request
it reads exactly as FastAPI would: one ``content-type: application/json`` header, a body that
parses to a valid instance of the endpoint's body model, no body size limit and no FastAPI
telemetry in the scope. Anything else (no body, another content type, malformed JSON, an invalid
field, a client gone away) is handed, with the body messages already received played back, to
the app's router, which then passes the lanes by: FastAPI answers it as it always did, the same
4xx with the same message. The API key is read and checked as the dependency does
(``_deps.py``), after the body as in FastAPI (a body FastAPI would refuse before looking at the
key is handed over before the key is read), in the same hop to the thread pool as the endpoint
rather than one of its own. Rate limits and duplicates are the endpoint's own work, which runs
unchanged; exceptions go up to the app's handlers, which answer them as for FastAPI's route. The
OpenAPI document comes from FastAPI's routes, which stay registered.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from typing import Any

from pydantic import BaseModel
from starlette.concurrency import run_in_threadpool
from starlette.middleware.body_limit import MAX_BODY_SIZE_SCOPE_KEY
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Match, Route
from starlette.types import Message, Receive, Scope, Send

from deskpilot.api._deps import authorize_in_thread, bearer_of, runtime_of
from deskpilot.domain import ApiScope
from deskpilot.runtime import Runtime

# Put in a request's scope when the lane hands it over: the lane no longer matches it.
HANDED_OVER = "deskpilot.lane_handed_over"
_JSON = b"application/json"

Asgi = Callable[[Scope, Receive, Send], Awaitable[None]]
# What a lane calls in the thread pool: the FastAPI route's own function, given the request (its
# path parameters, its client's address), the validated body and the runtime.
Serve = Callable[[Request, Any, Runtime], Response]


class Lane(Route):
    """The lean route for ``path``'s POST requests whose body is a valid ``body``:
    ``serve(request, body, runtime)`` run in the thread pool, after the API key's check."""

    def __init__(self, path: str, serve: Serve, body: type[BaseModel], scope: ApiScope) -> None:
        super().__init__(path, serve, methods=["POST"], include_in_schema=False)
        self._serve = serve
        self._body = body
        self._scope = scope

    def matches(self, scope: Scope) -> tuple[Match, Scope]:
        """A POST to the path not handed over yet; nothing else (a GET to the path gets
        FastAPI's 405, not this route's)."""
        if scope["type"] != "http" or scope["method"] != "POST" or HANDED_OVER in scope:
            return Match.NONE, {}
        match, child = super().matches(scope)
        if match is not Match.FULL:
            return Match.NONE, {}
        child["route"] = self  # the turn timer reads the route's path, as for FastAPI's route
        return match, child

    async def handle(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Serve a request the lane reads as FastAPI would; hand any other one over."""
        if not _plain_json(scope):
            await _hand_over(scope, [], receive, send)
            return
        received: list[Message] = []
        chunks: list[bytes] = []
        while True:
            message = await receive()
            received.append(message)
            if message["type"] != "http.request":  # the client went away: FastAPI's answer
                await _hand_over(scope, received, receive, send)
                return
            chunks.append(message.get("body", b""))
            if not message.get("more_body", False):
                break
        body = _valid(self._body, b"".join(chunks))
        if body is None:
            await _hand_over(scope, received, receive, send)
            return
        request = Request(scope)
        bearer = await bearer_of(request)
        runtime = runtime_of(request)

        def served() -> Response:
            # FastAPI's order: the key (which reads the database), then the endpoint; here
            # both in one hop to the thread pool rather than one each.
            authorize_in_thread(runtime, request, bearer, self._scope)
            return self._serve(request, body, runtime)

        response = await run_in_threadpool(served)
        await response(scope, receive, send)


def _plain_json(scope: Scope) -> bool:
    """Whether FastAPI would read the body as JSON with nothing around its reading: one
    content type, exactly ``application/json``; no body size limit; no telemetry."""
    if MAX_BODY_SIZE_SCOPE_KEY in scope or scope.get("fastapi.telemetry") is not None:
        return False
    types = [value for name, value in scope["headers"] if name.lower() == b"content-type"]
    return types == [_JSON]


def _valid(model: type[BaseModel], raw: bytes) -> BaseModel | None:
    """The body FastAPI would give the endpoint, or None where FastAPI would refuse it (its own
    answer says why)."""
    if not raw:
        return None
    try:
        data = json.loads(raw)  # as Starlette's Request.json, which FastAPI calls
        if not isinstance(data, dict):
            return None
        return model.model_validate(data, from_attributes=True)
    except Exception:
        return None


def _replay(received: list[Message], receive: Receive) -> Receive:
    """``receive`` with the messages already read played back first."""
    pending = list(received)

    async def replayed() -> Message:
        if pending:
            return pending.pop(0)
        return await receive()

    return replayed


def _hand_over(
    scope: Scope, received: list[Message], receive: Receive, send: Send
) -> Awaitable[None]:
    """Route the request again, past the lane: FastAPI's route answers it."""
    scope[HANDED_OVER] = True
    route_again: Asgi = scope["router"].app
    return route_again(scope, _replay(received, receive), send)
