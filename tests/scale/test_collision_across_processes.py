"""The collision warning between real API processes: alice has a case open on one
``deskpilot serve``, bob opens it on another (one PostgreSQL database, one Redis prefix) and
is warned; alice's next heartbeat names bob. When alice types a reply on hers, bob's console
stream on the other process hears it at once, and his page and heartbeat say so."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import httpx
import pytest

from deskpilot.store import Database
from tests.scale._processes import Deployment, Server, hand_off, two_servers

pytestmark = [pytest.mark.postgres, pytest.mark.slow]

WARNING = "is also viewing this case: check before you reply."


@contextmanager
def _agent(server: Server, username: str) -> Iterator[tuple[httpx.Client, str]]:
    """``username`` signed in on ``server``: the client (with the session cookie) and the
    session's CSRF token."""
    with httpx.Client(base_url=server.url, timeout=30) as agent:
        login = {"username": username, "password": "deskpilot-demo"}
        session = agent.post("/v1/agent/session", json=login)
        assert session.status_code == 200, session.text
        yield agent, session.json()["csrf_token"]


def test_an_agent_opening_a_case_on_another_process_is_warned_of_a_colleague_on_it(
    deployment: Deployment,
) -> None:
    db = Database.connect(deployment.database_url, upgrade=False)
    try:
        with two_servers(deployment, DESKPILOT_DEMO_USERS="true") as (a, b):
            case_id = hand_off(a, db)
            with _agent(a, "alice") as (alice, alice_csrf):
                page = alice.get(f"/console/cases/{case_id}")
                assert page.status_code == 200 and WARNING not in page.text
                with _agent(b, "bob") as (bob, bob_csrf):
                    page = bob.get(f"/console/cases/{case_id}").text
                    assert f"Alice Moreau {WARNING}" in page
                    beat = alice.post(
                        "/console/heartbeat", data={"csrf_token": alice_csrf, "case_id": case_id}
                    )
                    assert beat.json() == {"others": ["Bob Okafor"], "typing": []}
                    with bob.stream("GET", "/console/events") as stream:
                        lines = stream.iter_lines()
                        assert next(lines) == "retry: 3000"
                        typed = alice.post(
                            f"/v1/agent/cases/{case_id}/typing",
                            headers={"X-CSRF-Token": alice_csrf},
                        )
                        assert typed.status_code == 204, typed.text
                        heard = _first_typing(lines)
                    assert heard == {
                        "case_id": case_id,
                        "sender": "agent",
                        "agent": "alice",
                        "author": "Alice Moreau",
                    }
                    page = bob.get(f"/console/cases/{case_id}").text
                    assert "Alice Moreau is typing a reply…" in page
                    beat = bob.post(
                        "/console/heartbeat", data={"csrf_token": bob_csrf, "case_id": case_id}
                    )
                    assert beat.json() == {"others": ["Alice Moreau"], "typing": ["Alice Moreau"]}
    finally:
        db.dispose()


def _first_typing(lines: Iterator[str]) -> dict[str, Any]:
    """The data of the first ``typing`` event of a console stream's lines (within 10 s: the
    stream's keep-alives would otherwise wait for ever)."""
    kind = ""
    deadline = time.monotonic() + 10
    for line in lines:
        if time.monotonic() > deadline:
            break
        if line.startswith("event: "):
            kind = line.removeprefix("event: ")
        elif line.startswith("data: ") and kind == "typing":
            found: dict[str, Any] = json.loads(line.removeprefix("data: "))
            return found
    raise AssertionError("the stream ended without a typing event")
