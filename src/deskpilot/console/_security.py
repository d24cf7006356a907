"""The security primitives of the console and the widget: password hashes, signed cookie values,
random tokens, and the errors a request without the right credentials gets."""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets

from deskpilot.errors import DeskpilotError

# scrypt with n=2**14, r=8, p=1 (16 MiB, the parameters RFC 7914 suggests for interactive logins).
_SCRYPT_N = 2**14
_SCRYPT_R = 8
_SCRYPT_P = 1
_SCRYPT_LEN = 32


class Unauthenticated(DeskpilotError):
    """The request carries no valid session (console) or token (widget)."""

    code = "unauthenticated"
    status = 401


class TooManyAttempts(DeskpilotError):
    """Too many wrong passwords for one account in a short time: logging in waits a while."""

    code = "too_many_attempts"
    status = 429


class Forbidden(DeskpilotError):
    """The caller is known but may not do this: no role, too low a role, or a bad CSRF token."""

    code = "forbidden"
    status = 403


class NotHolder(Forbidden):
    """The case is a colleague's (or no one's yet, or still the automation's): only the agent
    who holds it, or a supervisor, may act on it."""

    code = "not_case_holder"


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _scrypt(password: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return hashlib.scrypt(
        password.encode(), salt=salt, n=n, r=r, p=p, dklen=_SCRYPT_LEN, maxmem=64 * 1024 * 1024
    )


def hash_password(password: str) -> str:
    """``scrypt$n$r$p$salt$hash`` with a fresh 16-byte salt."""
    salt = secrets.token_bytes(16)
    digest = _scrypt(password, salt, _SCRYPT_N, _SCRYPT_R, _SCRYPT_P)
    return f"scrypt${_SCRYPT_N}${_SCRYPT_R}${_SCRYPT_P}${_b64(salt)}${_b64(digest)}"


def verify_password(password: str, stored: str) -> bool:
    """Whether ``password`` matches a hash made by ``hash_password`` (constant-time compare)."""
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
        if scheme != "scrypt":
            return False
        found = _scrypt(password, _unb64(salt), int(n), int(r), int(p))
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(found, _unb64(digest))


# A hash to check against when the username is unknown, so both cases take the same time.
_DUMMY_HASH = hash_password(secrets.token_urlsafe(16))


def burn_password_check(password: str) -> None:
    """Spend the time of a real check (for an unknown username)."""
    verify_password(password, _DUMMY_HASH)


def new_token(nbytes: int = 32) -> str:
    """A random URL-safe token (``nbytes`` of entropy; 32 bytes is 256 bits)."""
    return secrets.token_urlsafe(nbytes)


def token_hash(token: str) -> str:
    """The SHA-256 of a token, as stored (a leaked table does not reveal live tokens)."""
    return hashlib.sha256(token.encode()).hexdigest()


def tokens_match(given: str, expected: str) -> bool:
    """Constant-time comparison of two tokens."""
    return hmac.compare_digest(given.encode(), expected.encode())


def sign(value: str, secret: str) -> str:
    """``value.signature`` with an HMAC-SHA256 signature under ``secret``."""
    mac = hmac.new(secret.encode(), value.encode(), hashlib.sha256).digest()
    return f"{value}.{_b64(mac)}"


def unsign(signed: str, secret: str) -> str | None:
    """The value of a ``sign``-ed string, or None if the signature does not match."""
    value, _, signature = signed.rpartition(".")
    if not value or not signature:
        return None
    expected = sign(value, secret).rpartition(".")[2]
    return value if hmac.compare_digest(signature.encode(), expected.encode()) else None
