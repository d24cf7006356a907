"""Two agents on one case see each other: the case page and its heartbeat name the colleagues
who have it open, until their page has been silent for the presence timeout, and those typing a
reply, for a few seconds after their reply box's last signal."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient

from deskpilot.handoff import ManualClock
from deskpilot.live import CONSOLE
from deskpilot.runtime import Runtime
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
    assert beat.json() == {"others": ["Bob"], "typing": []}
    # Bob closed his tab: after the presence timeout he is no longer named.
    clock.advance(timedelta(seconds=91))
    beat = client.post("/console/heartbeat", data={"csrf_token": alice_csrf, "case_id": case_id})
    assert beat.json() == {"others": [], "typing": []}
    beat = bob.post("/console/heartbeat", data={"csrf_token": bob_csrf, "case_id": case_id})
    assert beat.json() == {"others": ["Alice"], "typing": []}


def test_a_colleague_typing_a_reply_is_shown_until_their_signals_stop(
    client: TestClient,
    other_client: Any,
    clock: ManualClock,
    runtime: Runtime,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _, case_id = hand_off(client)
    alice_csrf = console_login(client, "alice")  # online: routing gives her the case
    sam = other_client()
    sam_csrf = console_login(sam, "sam")
    published: list[tuple[str, str, dict[str, Any]]] = []
    publish = runtime.live.publish
    monkeypatch.setattr(
        runtime.live,
        "publish",
        lambda topic, kind, data: (
            published.append((topic, kind, data)) or publish(topic, kind, data)
        ),
    )
    typed = sam.post(f"/v1/agent/cases/{case_id}/typing", headers={"X-CSRF-Token": sam_csrf})
    assert typed.status_code == 204, typed.text
    # Again at once: the reply box signals every few seconds; nothing new to pass on.
    sam.post(f"/v1/agent/cases/{case_id}/typing", headers={"X-CSRF-Token": sam_csrf})
    told = [(topic, data) for topic, kind, data in published if kind == "typing"]
    assert told[0] == (
        CONSOLE,
        {"case_id": case_id, "sender": "agent", "agent": "sam", "author": "Sam"},
    )
    assert told[1][0].startswith("conversation:") and told[1][1]["author"] == "Sam"
    assert len(told) == 2
    # Alice's page, opened now or beating, says it; typing is having the case open too.
    page = client.get(f"/console/cases/{case_id}").text
    assert '<p id="collision" class="collision" role="status" >Sam is typing a reply…</p>' in page
    beat = client.post("/console/heartbeat", data={"csrf_token": alice_csrf, "case_id": case_id})
    assert beat.json() == {"others": ["Sam"], "typing": ["Sam"]}
    # Seven seconds without a key: Sam is only viewing.
    clock.advance(timedelta(seconds=7))
    beat = client.post("/console/heartbeat", data={"csrf_token": alice_csrf, "case_id": case_id})
    assert beat.json() == {"others": ["Sam"], "typing": []}
    assert f"Sam is {WARNING}" in client.get(f"/console/cases/{case_id}").text
    # Typing again, then sending: his reply ends it at once, not six seconds later.
    sam.post(f"/v1/agent/cases/{case_id}/typing", headers={"X-CSRF-Token": sam_csrf})
    beat = client.post("/console/heartbeat", data={"csrf_token": alice_csrf, "case_id": case_id})
    assert beat.json()["typing"] == ["Sam"]
    sent = sam.post(
        f"/v1/agent/cases/{case_id}/reply",
        json={"text": "Sam here."},
        headers={"X-CSRF-Token": sam_csrf},
    )
    assert sent.status_code == 201, sent.text
    beat = client.post("/console/heartbeat", data={"csrf_token": alice_csrf, "case_id": case_id})
    assert beat.json() == {"others": ["Sam"], "typing": []}
    # Bob may not reply in Alice's case, so he may not type in it; no CSRF token, no signal.
    bob = other_client()
    bob_csrf = console_login(bob, "bob")
    refused = bob.post(f"/v1/agent/cases/{case_id}/typing", headers={"X-CSRF-Token": bob_csrf})
    assert refused.status_code == 403 and "alice's" in refused.json()["detail"]
    assert sam.post(f"/v1/agent/cases/{case_id}/typing").status_code == 403
    missing = sam.post("/v1/agent/cases/case_nope/typing", headers={"X-CSRF-Token": sam_csrf})
    assert missing.status_code == 404
