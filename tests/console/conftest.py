"""Fixtures of the console tests: a runtime on a manual clock with the routing of
``fixtures/routing.yaml``, console accounts for each role, and HTTP clients."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from deskpilot.api import create_app
from deskpilot.console import hash_password
from deskpilot.domain import User, UserId
from deskpilot.handoff import ManualClock, RoutingConfig, load_routing
from deskpilot.runtime import Runtime, build_runtime
from deskpilot.settings import Settings
from tests.conftest import RetailParts, api_key_headers
from tests.console._support import ACCOUNTS, MONDAY_MORNING, PASSWORD

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="session")
def password_hash() -> str:
    """One scrypt hash for every test account (hashing is slow on purpose)."""
    return hash_password(PASSWORD)


@pytest.fixture
def clock() -> ManualClock:
    """The SLA clocks' time, moved by hand."""
    return ManualClock(MONDAY_MORNING)


@pytest.fixture(scope="session")
def routing() -> RoutingConfig:
    """A 24/7 desk queue and a Paris office queue, with one SLA policy."""
    return load_routing(FIXTURES / "routing.yaml", root=FIXTURES)


@pytest.fixture
def runtime(
    settings: Settings,
    routing: RoutingConfig,
    clock: ManualClock,
    password_hash: str,
    retail: RetailParts,
) -> Iterator[Runtime]:
    """A runtime with the accounts of ``ACCOUNTS`` (all offline); the scheduler only ticks
    when a test says so."""
    rt = quiet_runtime(settings, routing, clock, password_hash, retail)
    yield rt
    rt.close()


def quiet_runtime(
    settings: Settings,
    routing: RoutingConfig,
    clock: ManualClock,
    password_hash: str,
    retail: RetailParts | None = None,
) -> Runtime:
    """A runtime over ``settings`` with the accounts of ``ACCOUNTS`` (all offline) whose
    scheduler only ticks when a test says so (with the session's ``retail`` parts if given)."""
    quiet = settings.model_copy(update={"sla_tick_seconds": 3600.0, "demo_users": False})
    build = build_runtime if retail is None else retail.runtime
    rt = build(quiet, routing=routing, clock=clock)
    with rt.db.transaction() as repo:
        for username, role in ACCOUNTS.items():
            user = User(UserId(f"usr_{username}"), username, username.title(), role)
            repo.insert_user(user, password_hash)
    return rt


@pytest.fixture
def app(runtime: Runtime) -> FastAPI:
    """The app on the test runtime."""
    return create_app(runtime=runtime)


@pytest.fixture
def client(app: FastAPI, runtime: Runtime) -> Iterator[TestClient]:
    """A client that runs the app's lifespan (start-up and shutdown), with an API key for
    the customer's side (``/v1/conversations``)."""
    headers = api_key_headers(runtime)
    with TestClient(app, raise_server_exceptions=False, headers=headers) as c:
        yield c


@pytest.fixture
def other_client(app: FastAPI, client: TestClient) -> Iterator[Callable[[], TestClient]]:
    """More clients (own cookies) on the running app."""
    made: list[TestClient] = []

    def make() -> TestClient:
        extra = TestClient(app, raise_server_exceptions=False)
        made.append(extra)
        return extra

    yield make
    for extra in made:
        extra.close()


def user(runtime: Runtime, username: str) -> User:
    """The account called ``username``."""
    with runtime.db.transaction() as repo:
        found = repo.find_login(username)
    assert found is not None
    return found[0]
