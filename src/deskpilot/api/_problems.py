"""Errors as problem+json (RFC 9457). A 500 never shows internals."""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from deskpilot.errors import DeskpilotError

logger = logging.getLogger(__name__)

PROBLEM = "application/problem+json"


def problem(status: int, code: str, detail: str, **extra: Any) -> JSONResponse:
    """A problem+json response."""
    body = {"type": f"https://deskpilot.dev/problems/{code}", "title": code, "status": status}
    body["detail"] = detail
    body.update(extra)
    return JSONResponse(body, status_code=status, media_type=PROBLEM)


def _loc(loc: tuple[Any, ...]) -> str:
    parts = [str(p) for p in loc if p not in ("body",)]
    return ".".join(parts) or "body"


def install_problem_handlers(app: FastAPI) -> None:
    """Map every error to problem+json."""

    @app.exception_handler(DeskpilotError)
    async def _deskpilot(_request: Request, exc: DeskpilotError) -> JSONResponse:
        if exc.status >= 500 and not exc.retryable:
            logger.error("request failed: %s", exc.code)
            return problem(exc.status, exc.code, "an internal error occurred")
        safe = {k: v for k, v in exc.data.items() if isinstance(v, str | int | float | bool)}
        response = problem(exc.status, exc.code, exc.message, retryable=exc.retryable, **safe)
        if isinstance(safe.get("retry_after"), int):
            response.headers["Retry-After"] = str(safe["retry_after"])
        if exc.status == 401 and isinstance(safe.get("scheme"), str):
            response.headers["WWW-Authenticate"] = str(safe["scheme"])
        return response

    @app.exception_handler(RequestValidationError)
    async def _validation(_request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = [
            {"field": _loc(tuple(e.get("loc", ()))), "message": e.get("msg", "")}
            for e in exc.errors()
        ]
        first = errors[0] if errors else {"field": "body", "message": "invalid request"}
        detail = f"{first['field']}: {first['message']}"
        return problem(422, "invalid_input", detail, errors=errors)

    @app.exception_handler(StarletteHTTPException)
    async def _http(_request: Request, exc: StarletteHTTPException) -> JSONResponse:
        code = {404: "not_found", 405: "method_not_allowed"}.get(exc.status_code, "http_error")
        return problem(exc.status_code, code, str(exc.detail))

    @app.exception_handler(Exception)
    async def _unexpected(_request: Request, exc: Exception) -> JSONResponse:
        logger.exception("unexpected error", exc_info=exc)
        return problem(500, "internal_error", "an internal error occurred")
