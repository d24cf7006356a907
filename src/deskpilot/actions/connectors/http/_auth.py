"""Authentication headers whose values come from named secrets, read only when a request is sent."""

from __future__ import annotations

import base64
from collections.abc import Generator, Mapping

import httpx
from pydantic import SecretStr

from deskpilot.errors import WorkspaceError

from ._config import AuthConfig, BasicAuth, BearerAuth

__all__ = ["SecretHeaderAuth", "secret_auth"]


class SecretHeaderAuth(httpx.Auth):
    """Sets one header from a secret on every request; its repr names the header, not the value."""

    def __init__(self, header: str, scheme: str, secret: SecretStr) -> None:
        self._header = header
        self._scheme = scheme
        self._secret = secret

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        """Add the header and send the request once."""
        value = self._secret.get_secret_value()
        request.headers[self._header] = f"{self._scheme} {value}" if self._scheme else value
        yield request

    def __repr__(self) -> str:
        return f"SecretHeaderAuth(header={self._header!r})"


def secret_auth(auth: AuthConfig | None, secrets: Mapping[str, SecretStr]) -> httpx.Auth | None:
    """The httpx auth for ``auth``; raises ``WorkspaceError`` if its secret is not configured.

    The error names the field and the configured secret *names*, never a value. It does not
    repeat the missing name either: someone may have pasted the credential itself there.
    """
    if auth is None:
        return None
    secret = secrets.get(auth.secret)
    if secret is None:
        configured = ", ".join(sorted(secrets)) or "none"
        problem = (
            "names a secret that is not configured; set it in DESKPILOT_SECRETS "
            f"(configured secrets: {configured})"
        )
        raise WorkspaceError(
            f"auth.secret: {problem}",
            field="auth.secret",
            loc=("auth", "secret"),
            errors=[{"loc": ("auth", "secret"), "field": "auth.secret", "message": problem}],
        )
    if isinstance(auth, BearerAuth):
        return SecretHeaderAuth("Authorization", "Bearer", secret)
    if isinstance(auth, BasicAuth):
        pair = f"{auth.username}:{secret.get_secret_value()}".encode()
        encoded = SecretStr(base64.b64encode(pair).decode("ascii"))
        return SecretHeaderAuth("Authorization", "Basic", encoded)
    return SecretHeaderAuth(auth.header, "", secret)
