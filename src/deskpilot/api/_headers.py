"""Security headers on every response, as plain ASGI middleware.

Every response says not to guess content types and to send the referrer only to this site.
The agent console's pages also carry a content security policy that allows only this site's
own scripts, styles and connections and refuses to be framed by any page (clickjacking); the
widget's script is loaded by other sites, so its responses are not restricted further.
"""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

_EVERYWHERE = (
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"same-origin"),
)
CONSOLE_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; "
    "form-action 'self'; frame-ancestors 'none'"
)
_CONSOLE = (
    (b"content-security-policy", CONSOLE_POLICY.encode()),
    (b"x-frame-options", b"DENY"),
)


class SecurityHeaders:
    """Adds the security headers to each HTTP response of ``app``."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path = str(scope.get("path", ""))
        extra = _EVERYWHERE + (_CONSOLE if path.startswith("/console") else ())

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                have = {name.lower() for name, _ in message.get("headers", [])}
                added = [(n, v) for n, v in extra if n not in have]
                message = {**message, "headers": [*message.get("headers", []), *added]}
            await send(message)

        await self.app(scope, receive, with_headers)
