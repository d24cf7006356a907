"""The configuration of one declarative HTTP connector, as written in ``connectors/<name>.yaml``.

Every model forbids unknown fields. Each model checks what it can see by itself (names,
template syntax, CEL syntax); checks that relate one part of the file to another (a placeholder
names a declared input, an owner lookup names a read action) live in ``_checks``.
"""

from __future__ import annotations

from typing import Annotated, Literal

import cel
import httpx
from pydantic import BaseModel, ConfigDict, Field, JsonValue, field_validator, model_validator

from deskpilot.actions._spec import SideEffect
from deskpilot.domain import Assurance

from ._template import path_params, template_args

__all__ = [
    "ActionConfig",
    "ApiKeyAuth",
    "AuthConfig",
    "BasicAuth",
    "BearerAuth",
    "FieldType",
    "HttpConnectorConfig",
    "HttpMethod",
    "InputField",
    "OwnerConfig",
    "PreconditionConfig",
    "RefusalRule",
    "RetryPolicy",
]

Name = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$", max_length=64)]
"""Names of connectors, actions, arguments, result fields and refusal codes: snake_case."""

SecretName = Annotated[str, Field(pattern=r"^[A-Za-z_][A-Za-z0-9_]*$", max_length=64)]
HeaderName = Annotated[str, Field(pattern=r"^[A-Za-z0-9!#$%&'*+.^_`|~-]+$", max_length=64)]
DottedPath = Annotated[str, Field(pattern=r"^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$")]
Seconds = Annotated[float, Field(gt=0, le=300)]

FieldType = Literal["string", "integer", "number", "boolean", "array", "object"]
HttpMethod = Literal["GET", "POST", "PUT", "PATCH", "DELETE"]

# Argument names become attributes of a pydantic model; these would shadow BaseModel's own.
_RESERVED_ARGUMENTS = frozenset(name for name in dir(BaseModel) if not name.startswith("_"))
_CREDENTIAL_HEADERS = frozenset({"authorization", "proxy-authorization", "cookie"})


class _Config(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _compile_cel(expression: str) -> str:
    try:
        cel.compile(expression)
    except Exception as exc:  # the CEL binding raises ValueError, but promises nothing
        first_line = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise ValueError(f"expected a CEL expression that compiles, found: {first_line}") from exc
    return expression


CelExpression = Annotated[str, Field(min_length=1)]


class RetryPolicy(_Config):
    """How often to try a request: on a timeout, a connection error or a 5xx answer, never on 4xx.

    The wait after the ``n``-th failed attempt is
    ``initial_backoff_seconds * backoff_multiplier ** (n - 1)``, capped at ``max_backoff_seconds``.
    Writes are retried too: they carry the same idempotency key on every attempt.
    """

    max_attempts: int = Field(default=3, ge=1, le=10)
    initial_backoff_seconds: float = Field(default=0.2, ge=0, le=60)
    backoff_multiplier: float = Field(default=2.0, ge=1, le=10)
    max_backoff_seconds: float = Field(default=5.0, ge=0, le=300)

    def backoff(self, failed_attempts: int) -> float:
        """Seconds to wait after ``failed_attempts`` failed attempts (1 or more)."""
        delay = self.initial_backoff_seconds * self.backoff_multiplier ** (failed_attempts - 1)
        return min(delay, self.max_backoff_seconds)


class BearerAuth(_Config):
    """``Authorization: Bearer <secret>``."""

    type: Literal["bearer"]
    secret: SecretName


class BasicAuth(_Config):
    """``Authorization: Basic ...`` with a username and the secret as password."""

    type: Literal["basic"]
    username: str = Field(min_length=1)
    secret: SecretName


class ApiKeyAuth(_Config):
    """The secret sent as the value of one header (``X-API-Key`` unless named)."""

    type: Literal["api_key"]
    header: HeaderName = "X-API-Key"
    secret: SecretName


AuthConfig = Annotated[BearerAuth | BasicAuth | ApiKeyAuth, Field(discriminator="type")]


class InputField(_Config):
    """One argument of an action: its name, JSON type, whether it is required, what it means."""

    name: Name
    type: FieldType
    required: bool = True
    description: str = ""

    @field_validator("name")
    @classmethod
    def _not_reserved(cls, name: str) -> str:
        if name in _RESERVED_ARGUMENTS or name.startswith("model_"):
            raise ValueError(
                f"{name!r} is reserved by the input model; choose another argument name"
            )
        return name


class OwnerConfig(_Config):
    """Where the customer who owns an action's target comes from.

    Without ``action``, ``path`` is ``args.<argument>``: the owner is an argument. With
    ``action``, that read action of the same file is called with the same arguments and ``path``
    is a dotted path into its result (its ``response`` mapping).
    """

    path: DottedPath
    action: Name | None = None


class RefusalRule(_Config):
    """Turns a business error answer into a ``Refusal`` with ``code`` and ``reason``.

    ``status`` matches the HTTP status; ``when`` is a CEL expression over ``response`` (the JSON
    body, or null), ``status`` and ``args``. With both, both must hold.
    """

    status: int | None = Field(default=None, ge=200, le=499)
    when: CelExpression | None = None
    code: Name
    reason: str = Field(min_length=1)

    @field_validator("when")
    @classmethod
    def _compiles(cls, expression: str | None) -> str | None:
        return None if expression is None else _compile_cel(expression)

    @model_validator(mode="after")
    def _has_condition(self) -> RefusalRule:
        if self.status is None and self.when is None:
            raise ValueError("expected 'status', 'when' or both, found neither")
        return self


class PreconditionConfig(_Config):
    """A read action of the same file, called with the same arguments, whose result must pass.

    ``require`` is a CEL expression over ``result`` (the read's mapped result) and ``args``;
    when it is false, ``check`` raises ``Refusal(code, reason)``.
    """

    action: Name
    require: CelExpression
    code: Name
    reason: str = Field(min_length=1)

    @field_validator("require")
    @classmethod
    def _compiles(cls, expression: str) -> str:
        return _compile_cel(expression)


class ActionConfig(_Config):
    """One HTTP action: its contract (name, input, side effect) and the request that runs it."""

    name: Name
    description: str = Field(min_length=1)
    side_effect: SideEffect
    identifies: bool = False
    # the least it needs, whatever the workspace says: "proven" for what knowing facts must
    # never do (a password reset, a card number read out)
    verification: Assurance | None = None
    input: tuple[InputField, ...] = ()
    method: HttpMethod
    path: str = Field(min_length=1)
    query: dict[str, str | int | float | bool] = Field(default_factory=dict)
    body: JsonValue = None
    response: dict[Name, DottedPath] = Field(default_factory=dict)
    owner: OwnerConfig | None = None
    precondition: PreconditionConfig | None = None
    refuse_when: tuple[RefusalRule, ...] = ()
    idempotency_header: HeaderName | None = "Idempotency-Key"
    timeout_seconds: Seconds | None = None

    @field_validator("path")
    @classmethod
    def _path_template(cls, path: str) -> str:
        if not path.startswith("/"):
            raise ValueError(f"expected a path starting with '/', found {path!r}")
        if "?" in path or "#" in path:
            raise ValueError("expected a path without '?' or '#': put parameters under 'query'")
        path_params(path)
        return path

    @field_validator("query", "body")
    @classmethod
    def _placeholders(cls, template: JsonValue) -> JsonValue:
        template_args(template)
        return template


class HttpConnectorConfig(_Config):
    """One connector file: where the system is, how to authenticate, and its actions."""

    name: Name
    base_url: str
    timeout_seconds: Seconds = 10.0
    retries: RetryPolicy = Field(default_factory=RetryPolicy)
    headers: dict[HeaderName, str] = Field(default_factory=dict)
    auth: AuthConfig | None = None
    actions: tuple[ActionConfig, ...]

    @field_validator("base_url")
    @classmethod
    def _http_url(cls, base_url: str) -> str:
        try:
            url = httpx.URL(base_url)
        except httpx.InvalidURL as exc:
            raise ValueError(
                f"expected an http(s) URL, found one that does not parse: {exc}"
            ) from exc
        if url.scheme not in ("http", "https") or not url.host:
            raise ValueError(f"expected an http:// or https:// URL with a host, found {base_url!r}")
        if url.query or url.fragment or url.userinfo:
            raise ValueError(
                "expected a base URL without query, fragment or credentials "
                "(credentials belong in 'auth' with a secret)"
            )
        return base_url

    @field_validator("headers")
    @classmethod
    def _no_credentials(cls, headers: dict[str, str]) -> dict[str, str]:
        for header in headers:
            if header.lower() in _CREDENTIAL_HEADERS:
                raise ValueError(
                    f"header {header!r} carries credentials: use 'auth' with a named secret"
                )
        return headers

    @model_validator(mode="after")
    def _has_actions(self) -> HttpConnectorConfig:
        # Checked here rather than with ``min_length``: pydantic would also report an empty tuple
        # whenever one action is invalid.
        if not self.actions:
            raise ValueError("expected at least one action under 'actions', found none")
        return self
