"""Send one HTTP call with the retry policy, turning transport failures into connector errors.

Retried: timeouts, connection errors and 5xx answers. Returned as they are: every other answer,
including 4xx (a retry cannot fix a request the system rejects). Nothing here logs or raises a
URL, a header value or a body: URLs carry argument values, headers carry secrets.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import httpx

from deskpilot.errors import ConnectorError, ConnectorTimeout, ConnectorUnavailable

from ._config import RetryPolicy

__all__ = ["Answer", "HttpCall", "send"]

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class HttpCall:
    """One request of one action, fully rendered: what to send and how long to wait."""

    connector: str
    action: str
    method: str
    path: str
    timeout: float
    query: Mapping[str, str] = field(default_factory=dict)
    headers: Mapping[str, str] = field(default_factory=dict)
    json_body: Any = None
    has_body: bool = False


@dataclass(frozen=True)
class Answer:
    """The final answer to a call: status, raw body, content type, attempts it took."""

    status: int
    content: bytes
    content_type: str
    attempts: int


def send(
    client: httpx.Client,
    call: HttpCall,
    policy: RetryPolicy,
    sleep: Callable[[float], None] = time.sleep,
) -> Answer:
    """Send ``call``, retrying per ``policy``; return the first answer that is not retried.

    Raises ``ConnectorTimeout`` when the last attempt timed out, ``ConnectorUnavailable`` when it
    could not connect or got a 5xx, and ``ConnectorError`` for any other transport failure.
    """
    failure = "no attempt"
    error: type[ConnectorError] = ConnectorUnavailable
    status: int | None = None
    for attempt in range(1, policy.max_attempts + 1):
        started = time.monotonic()
        try:
            response = _request(client, call)
        except httpx.TimeoutException as exc:
            failure = f"no answer within {call.timeout:g} s ({type(exc).__name__})"
            error, status = ConnectorTimeout, None
        except httpx.TransportError as exc:
            failure = f"could not reach the service ({type(exc).__name__})"
            error, status = ConnectorUnavailable, None
        except httpx.HTTPError as exc:
            raise ConnectorError(
                f"{call.connector}.{call.action}: the request failed ({type(exc).__name__})",
                connector=call.connector,
                action=call.action,
                attempts=attempt,
            ) from exc
        else:
            code = response.status_code
            logger.debug(
                "http connector %s action %s: attempt %d answered %d in %.0f ms",
                call.connector,
                call.action,
                attempt,
                code,
                (time.monotonic() - started) * 1000,
            )
            if code < 500:
                content_type = response.headers.get("content-type", "")
                return Answer(code, response.content, content_type, attempt)
            failure = f"the service answered status {code}"
            error, status = ConnectorUnavailable, code
        if attempt < policy.max_attempts:
            delay = policy.backoff(attempt)
            logger.warning(
                "http connector %s action %s: attempt %d of %d failed (%s); retrying in %.2f s",
                call.connector,
                call.action,
                attempt,
                policy.max_attempts,
                failure,
                delay,
            )
            sleep(delay)
    raise error(
        _give_up_message(call, failure, policy.max_attempts),
        connector=call.connector,
        action=call.action,
        attempts=policy.max_attempts,
        status=status,
    )


def _request(client: httpx.Client, call: HttpCall) -> httpx.Response:
    # The body is read inside the try of ``send``: a timeout while reading it is a timeout too.
    if call.has_body:
        return client.request(
            call.method,
            call.path,
            params=dict(call.query),
            headers=dict(call.headers),
            json=call.json_body,
            timeout=call.timeout,
        )
    return client.request(
        call.method,
        call.path,
        params=dict(call.query),
        headers=dict(call.headers),
        timeout=call.timeout,
    )


def _give_up_message(call: HttpCall, failure: str, attempts: int) -> str:
    tries = "1 attempt" if attempts == 1 else f"{attempts} attempts"
    return f"{call.connector}.{call.action}: gave up after {tries}; the last: {failure}"
