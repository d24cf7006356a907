"""Fixtures for scale-out: a Redis server under a key prefix of its own, cleaned up after."""

from __future__ import annotations

import shutil
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from deskpilot.store import Database
from tests.conftest import RETAIL_WORKSPACE, fresh_postgres, skip_or_fail
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


@pytest.fixture(scope="session")
def retail_models(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The store workspace's intent model, trained once per session into a folder of its own
    (``<data_dir>/models`` as ``deskpilot serve`` leaves it)."""
    from deskpilot.nlu.understander import ClassifierIntentScorer
    from deskpilot.workspace import load_workspace

    folder = tmp_path_factory.mktemp("retail-models")
    workspace = load_workspace(RETAIL_WORKSPACE)
    ClassifierIntentScorer.train(workspace, workspace.config.pipeline.classifier, folder)
    return folder


def trained_data_dir(folder: Path, models: Path) -> Path:
    """``folder`` holding the store's intent model where every process of a deployment looks
    for it first (``models/``): each process starts as on a deployment whose model was trained
    before, instead of each module training it again, two processes at a time. What the model
    is does not change: it is keyed by its examples and configuration, so a workspace with
    other examples still trains its own."""
    shutil.copytree(models, folder / "models", dirs_exist_ok=True)
    return folder


@pytest.fixture(scope="module")
def deployment(
    tmp_path_factory: pytest.TempPathFactory, demo_store_source: Path, retail_models: Path
) -> Iterator[Deployment]:
    """One PostgreSQL database and one Redis prefix for a module's processes (the store's
    intent model already trained in their data folder)."""
    data_dir = trained_data_dir(tmp_path_factory.mktemp("deployment"), retail_models)
    with fresh_postgres() as database_url, _redis_prefix() as prefix:
        # Migrated here, so its processes may all start at once.
        Database.connect(database_url).dispose()
        yield Deployment(database_url, REDIS_URL, prefix, demo_store_source, data_dir)
