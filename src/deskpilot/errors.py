"""One exception tree for DeskPilot.

``DeskpilotError`` is the root. Each layer has a subtree: ``WorkspaceError`` (configuration files),
``InputError`` (a caller sent something malformed; ``TooLarge`` and ``UnsupportedType`` for
uploaded files), ``NotFoundError``, ``ConflictError``,
``StoreError`` (DeskPilot's own database), ``NLUError``, ``PolicyError``, ``ActionError`` and
``ConnectorError`` → ``ConnectorTimeout`` / ``ConnectorUnavailable`` (the business's systems).
Every error carries a stable ``code``, an HTTP ``status``, structured ``data`` and whether a retry
may help (``retryable``). The API renders them as problem+json; the CLI prints one line.
"""

from __future__ import annotations

from typing import Any, ClassVar


class DeskpilotError(Exception):
    """Root of every error DeskPilot raises on purpose."""

    code: ClassVar[str] = "deskpilot_error"
    status: ClassVar[int] = 500
    retryable: ClassVar[bool] = False

    def __init__(self, message: str, **data: Any) -> None:
        super().__init__(message)
        self.message = message
        self.data: dict[str, Any] = data

    def __str__(self) -> str:
        return self.message


class InputError(DeskpilotError):
    """The caller sent something malformed; the message says what was expected and found."""

    code = "invalid_input"
    status = 422


class TooLarge(InputError):
    """An uploaded file is bigger than the workspace accepts."""

    code = "too_large"
    status = 413


class UnsupportedType(InputError):
    """An uploaded file's bytes are of a type the workspace does not accept."""

    code = "unsupported_type"
    status = 415


class NotFoundError(DeskpilotError):
    """A referenced object (conversation, case, message) does not exist."""

    code = "not_found"
    status = 404


class ConflictError(DeskpilotError):
    """The request contradicts the current state (e.g. an external id reused for other text)."""

    code = "conflict"
    status = 409


class WorkspaceError(DeskpilotError):
    """A workspace file is missing or invalid; ``data`` names the file, line and field."""

    code = "workspace_invalid"
    status = 500


class StoreError(DeskpilotError):
    """DeskPilot's own database failed; usually worth a retry."""

    code = "store_error"
    status = 503
    retryable = True


class RateLimited(DeskpilotError):
    """Too many requests from one client, or messages in one conversation, in a short time."""

    code = "rate_limited"
    status = 429
    retryable = True


class NLUError(DeskpilotError):
    """Training or evaluating an understanding component failed (bad data, bad model)."""

    code = "nlu_error"
    status = 422


class PolicyError(DeskpilotError):
    """A policy rule could not be compiled or evaluated."""

    code = "policy_error"
    status = 500


class ActionError(DeskpilotError):
    """An action was called wrongly: unknown name, arguments that fail its schema."""

    code = "action_error"
    status = 422


class ConnectorError(DeskpilotError):
    """A business system answered with an error or something that could not be understood."""

    code = "connector_error"
    status = 502


class ConnectorTimeout(ConnectorError):
    """A business system did not answer in time; a retry may help."""

    code = "connector_timeout"
    status = 504
    retryable = True


class ConnectorUnavailable(ConnectorError):
    """A business system is down or answered 5xx; a retry may help."""

    code = "connector_unavailable"
    status = 503
    retryable = True
