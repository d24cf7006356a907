"""Fixtures for scale-out: a Redis server under a key prefix of its own, cleaned up after."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from deskpilot.store import Database
from tests.conftest import fresh_postgres, skip_or_fail
from tests.scale._processes import Deployment

REDIS_URL = "redis://127.0.0.1:6379/0"


@pytest.fixture
def redis_prefix() -> Iterator[str]:
    """A fresh key prefix on the local Redis; every key under it is deleted afterwards."""
    with _redis_prefix() as prefix:
        yield prefix


@contextmanager
def _redis_prefix() -> Iterator[str]:
    try:
        import redis
    except ImportError:
        skip_or_fail("the redis package is not installed")
        raise
    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2)
    try:
        client.ping()
    except redis.RedisError:
        client.close()
        skip_or_fail("Redis is not reachable on 127.0.0.1:6379")
    prefix = f"dptest:{uuid.uuid4().hex[:12]}:"
    try:
        yield prefix
    finally:
        keys = list(client.scan_iter(match=f"{prefix}*"))
        if keys:
            client.delete(*keys)
        client.close()


@pytest.fixture(scope="module")
def deployment(
    tmp_path_factory: pytest.TempPathFactory, demo_store_source: Path
) -> Iterator[Deployment]:
    """One PostgreSQL database and one Redis prefix for a module's processes."""
    data_dir = tmp_path_factory.mktemp("deployment")
    with fresh_postgres() as database_url, _redis_prefix() as prefix:
        # Migrated here, so its processes may all start at once.
        Database.connect(database_url).dispose()
        yield Deployment(database_url, REDIS_URL, prefix, demo_store_source, data_dir)
