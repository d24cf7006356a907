"""Fixtures for API tests: a client on an isolated runtime."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from deskpilot.api import create_app
from deskpilot.runtime import Runtime
from deskpilot.settings import Settings
from tests.conftest import RetailParts, api_key_headers


@pytest.fixture
def runtime(settings: Settings, retail: RetailParts) -> Iterator[Runtime]:
    """A runtime on its own SQLite file and store working copy."""
    rt = retail.runtime(settings)
    yield rt
    rt.close()


@pytest.fixture
def client(runtime: Runtime) -> Iterator[TestClient]:
    """An HTTP client for the app, with an API key holding every scope."""
    app = create_app(runtime=runtime)
    headers = api_key_headers(runtime)
    with TestClient(app, raise_server_exceptions=False, headers=headers) as c:
        yield c
