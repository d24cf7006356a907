"""Two agents on one case see each other: the case page and its heartbeat name the colleagues
who have it open, until their page has been silent for the presence timeout."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from fastapi.testclient import TestClient

from deskpilot.handoff import ManualClock
from tests.console._support import console_login, hand_off

WARNING = "also viewing this case: check before you reply."


def test_a_case_page_warns_when_a_colleague_has_it_open(
    client: TestClient, other_client: Any, clock: ManualClock
) -> None:
    _, case_id = hand_off(client)
    alice_csrf = console_login(client, "alice")
    first = client.get(f"/console/cases/{case_id}").text
    assert (
        f"Bob is {WARNING}" not in first
        and 'id="collision" class="collision" role="status" hidden' in first
    )
    bob = other_client()
    bob_csrf = console_login(bob, "bob")
    assert f"Alice is {WARNING}" in bob.get(f"/console/cases/{case_id}").text
    # Alice's page learns it at its next heartbeat.
    beat = client.post("/console/heartbeat", data={"csrf_token": alice_csrf, "case_id": case_id})
    assert beat.json() == {"others": ["Bob"]}
    # Bob closed his tab: after the presence timeout he is no longer named.
    clock.advance(timedelta(seconds=91))
    beat = client.post("/console/heartbeat", data={"csrf_token": alice_csrf, "case_id": case_id})
    assert beat.json() == {"others": []}
    beat = bob.post("/console/heartbeat", data={"csrf_token": bob_csrf, "case_id": case_id})
    assert beat.json() == {"others": ["Alice"]}
