"""The collision warning between real API processes: alice has a case open on one
``deskpilot serve``, bob opens it on another (one PostgreSQL database, one Redis prefix) and
is warned; alice's next heartbeat names bob."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import httpx
import pytest

from deskpilot.store import Database
from tests.scale._processes import Deployment, Server

pytestmark = [pytest.mark.postgres, pytest.mark.slow]

WARNING = "is also viewing this case: check before you reply."


@contextmanager
def _servers(deployment: Deployment) -> Iterator[tuple[Server, Server]]:
    a = Server(deployment, "collision-a", DESKPILOT_DEMO_USERS="true")
    b = Server(deployment, "collision-b", DESKPILOT_DEMO_USERS="true")
    try:
        a.wait_ready()
        b.wait_ready()
        yield a, b
    finally:
        b.stop()
        a.stop()


@contextmanager
def _agent(server: Server, username: str) -> Iterator[tuple[httpx.Client, str]]:
    """``username`` signed in on ``server``: the client (with the session cookie) and the
    session's CSRF token."""
    with httpx.Client(base_url=server.url, timeout=30) as agent:
        login = {"username": username, "password": "deskpilot-demo"}
        session = agent.post("/v1/agent/session", json=login)
        assert session.status_code == 200, session.text
        yield agent, session.json()["csrf_token"]


def _hand_off(server: Server, db: Database) -> str:
    """A widget visitor asks for a person; the id of the case handed off."""
    with db.transaction() as repo:
        before = {a.case_id for a in repo.list_assignments()}
    token = httpx.post(f"{server.url}/v1/widget/sessions", timeout=10).json()["token"]
    response = httpx.post(
        f"{server.url}/v1/widget/messages",
        json={"text": "I want to talk to a human"},
        headers={"Authorization": f"Bearer {token}"},
        timeout=30,
    )
    assert response.status_code == 201, response.text
    with db.transaction() as repo:
        added = [a.case_id for a in repo.list_assignments() if a.case_id not in before]
    assert len(added) == 1
    return added[0]


def test_an_agent_opening_a_case_on_another_process_is_warned_of_a_colleague_on_it(
    deployment: Deployment,
) -> None:
    db = Database.connect(deployment.database_url, upgrade=False)
    try:
        with _servers(deployment) as (a, b):
            case_id = _hand_off(a, db)
            with _agent(a, "alice") as (alice, alice_csrf):
                page = alice.get(f"/console/cases/{case_id}")
                assert page.status_code == 200 and WARNING not in page.text
                with _agent(b, "bob") as (bob, _):
                    page = bob.get(f"/console/cases/{case_id}").text
                    assert f"Alice Moreau {WARNING}" in page
                    beat = alice.post(
                        "/console/heartbeat", data={"csrf_token": alice_csrf, "case_id": case_id}
                    )
                    assert beat.json() == {"others": ["Bob Okafor"]}
    finally:
        db.dispose()
