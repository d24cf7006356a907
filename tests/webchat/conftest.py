"""Fixtures of the web chat tests: the demo workspace (with its routing.yaml) and a client."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from deskpilot.api import create_app
from deskpilot.runtime import Runtime
from deskpilot.settings import Settings
from tests.conftest import RetailParts


@pytest.fixture
def runtime(settings: Settings, retail: RetailParts) -> Iterator[Runtime]:
    """A runtime on the demo workspace, its demo accounts seeded."""
    rt = retail.runtime(settings.model_copy(update={"sla_tick_seconds": 3600.0}))
    rt.staff.ensure_demo_users(rt.routing, settings.demo_password.get_secret_value())
    yield rt
    rt.close()


@pytest.fixture
def client(runtime: Runtime) -> Iterator[TestClient]:
    """A client that runs the app's lifespan."""
    with TestClient(create_app(runtime=runtime), raise_server_exceptions=False) as c:
        yield c
