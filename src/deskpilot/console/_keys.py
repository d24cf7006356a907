"""API keys for the server-to-server API (``/v1/conversations``, ``/v1/cases``): created and
revoked by admins, each with the scopes it needs; the secret is shown once and stored only as
a hash.

A key reads ``dpk.<id>.<secret>``: the id finds the stored key, the secret proves it.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from datetime import timedelta

from deskpilot.console._security import (
    Forbidden,
    Unauthenticated,
    new_token,
    token_hash,
    tokens_match,
)
from deskpilot.domain import (
    ADMIN_LOG,
    ApiKey,
    ApiKeyId,
    ApiScope,
    Event,
    EventType,
    new_id,
    utcnow,
)
from deskpilot.errors import InputError, NotFoundError
from deskpilot.store import Database

logger = logging.getLogger(__name__)

PREFIX = "dpk"
_NAME = re.compile(r"^[^\x00-\x1f\x7f]{1,80}$")
# How stale a key's "last used" may get before a request writes it again (one write a minute
# per key, not one per request).
_USE_GRANULARITY = timedelta(minutes=1)


def parse_scopes(names: Iterable[str]) -> frozenset[ApiScope]:
    """The scopes these names give; an InputError names an unknown one and the known ones."""
    known = {s.value: s for s in ApiScope}
    scopes = set()
    for name in names:
        scope = known.get(name.strip())
        if scope is None:
            raise InputError(
                f"unknown scope {name!r}; the scopes are {', '.join(sorted(known))}",
                field="scopes",
            )
        scopes.add(scope)
    if not scopes:
        raise InputError(
            f"an API key needs at least one scope ({', '.join(sorted(known))})", field="scopes"
        )
    return frozenset(scopes)


def _audit(type_: EventType, key: ApiKey, actor: str) -> Event:
    """The admin log's entry for a key created or revoked."""
    data = {"key": key.id, "name": key.name, "scopes": sorted(s.value for s in key.scopes)}
    return Event(ADMIN_LOG, type_, actor, data)


class ApiKeys:
    """The API keys of one database."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def do_create(self, name: str, scopes: Iterable[str], *, actor: str) -> tuple[ApiKey, str]:
        """A new key and its full text (shown once: only its hash is kept)."""
        name = name.strip()
        if not _NAME.match(name):
            raise InputError("an API key's name must be 1-80 printable characters", field="name")
        secret = new_token()
        key = ApiKey(
            id=ApiKeyId(new_id("key")),
            name=name,
            scopes=parse_scopes(scopes),
            secret_hash=token_hash(secret),
            created_by=actor,
        )
        audit = _audit(EventType.API_KEY_CREATED, key, actor)
        with self.db.transaction() as repo:
            repo.insert_api_key(key)
            repo.append_events([audit])
        logger.info("API key %s (%s) created by %s", key.id, key.name, actor)
        return key, f"{PREFIX}.{key.id}.{secret}"

    def list(self) -> list[ApiKey]:
        """Every key, the newest first (revoked ones too)."""
        with self.db.transaction() as repo:
            return repo.list_api_keys()

    def do_revoke(self, key_id: str, *, actor: str) -> ApiKey:
        """Revoke a key: requests with it get 401 from now on. Revoking twice is harmless."""
        with self.db.transaction() as repo:
            key = repo.get_api_key(key_id)
            if key is None:
                raise NotFoundError(f"no API key {key_id!r}", key=key_id)
            if key.revoked_at is None:
                repo.set_api_key_times(key.id, revoked_at=utcnow())
                repo.append_events([_audit(EventType.API_KEY_REVOKED, key, actor)])
                logger.info("API key %s (%s) revoked by %s", key.id, key.name, actor)
            revoked = repo.get_api_key(key.id)
        assert revoked is not None
        return revoked

    def authorize(self, presented: str | None, scope: ApiScope) -> ApiKey:
        """The live key ``presented`` is, if it holds ``scope``: Unauthenticated for a missing,
        malformed, unknown, wrong or revoked key, Forbidden for a key without the scope."""
        if not presented:
            raise Unauthenticated(
                "this endpoint needs an API key: send 'Authorization: Bearer <key>' "
                "(an admin creates one with 'deskpilot api-keys create' or in the console)",
                scheme="Bearer",
            )
        prefix, _, rest = presented.partition(".")
        key_id, _, secret = rest.partition(".")
        if prefix != PREFIX or not key_id or not secret:
            raise Unauthenticated(
                f"not an API key: a key reads '{PREFIX}.<id>.<secret>'", scheme="Bearer"
            )
        with self.db.transaction() as repo:
            key = repo.get_api_key(key_id)
        if key is None or not tokens_match(token_hash(secret), key.secret_hash):
            raise Unauthenticated("unknown API key", scheme="Bearer")
        if key.revoked_at is not None:
            raise Unauthenticated(f"the API key {key.id} was revoked", scheme="Bearer")
        if not key.allows(scope):
            raise Forbidden(
                f"the API key {key.id} ({key.name}) does not have the {scope.value} scope",
                scope=scope.value,
            )
        now = utcnow()
        if key.last_used_at is None or now - key.last_used_at > _USE_GRANULARITY:
            with self.db.transaction() as repo:
                repo.set_api_key_times(key.id, last_used_at=now)
        return key
