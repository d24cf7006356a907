"""Signed identities: the business's own site vouches for its logged-in customer.

The shop's server signs ``<user id>.<expiry, unix seconds>`` with HMAC-SHA256 under a secret it
shares with DeskPilot (named in ``identity.signed.secret``, its value in ``DESKPILOT_SECRETS``)
and hands the page ``<user id>.<expiry>.<hex signature>``; the widget passes it on when it
starts a session, and the case starts verified as that customer — the way Intercom and Zendesk
verify users. A token that does not match, or has expired, opens nothing.
"""

from __future__ import annotations

import hashlib
import hmac
from datetime import datetime

from deskpilot.console import Unauthenticated

# A token signed for longer than this is refused: a leaked page must not open a case for long.
MAX_VALIDITY = 24 * 3600


def sign_identity(user_id: str, expires: int, secret: str) -> str:
    """The token the business's site gives its page for ``user_id`` until ``expires``."""
    mac = hmac.new(secret.encode(), f"{user_id}.{expires}".encode(), hashlib.sha256)
    return f"{user_id}.{expires}.{mac.hexdigest()}"


class SignedIdentity:
    """Checks identity tokens signed with the shared secret."""

    def __init__(self, secret: str, method: str = "signed") -> None:
        self._secret = secret
        self.method = method

    def user_of(self, token: str, now: datetime) -> str:
        """The user id ``token`` vouches for; Unauthenticated when it is forged or expired."""
        user_id, expires, signature = _parts(token)
        expected = sign_identity(user_id, int(expires), self._secret).rpartition(".")[2]
        if not hmac.compare_digest(signature.encode(), expected.encode()):
            raise Unauthenticated("the identity token's signature does not match")
        if int(expires) <= now.timestamp():
            raise Unauthenticated("the identity token has expired; reload the page")
        if int(expires) > now.timestamp() + MAX_VALIDITY:
            raise Unauthenticated(
                "the identity token is valid for more than a day; sign it for less"
            )
        return user_id


def _parts(token: str) -> tuple[str, str, str]:
    rest, _, signature = token.rpartition(".")
    user_id, _, expires = rest.rpartition(".")
    if not user_id or not (expires.isascii() and expires.isdigit()) or not signature:
        raise Unauthenticated("an identity token is <user id>.<expiry>.<signature>")
    return user_id, expires, signature
