"""Only the agent who holds a case, or a supervisor, acts on it: a colleague's case is refused
for every change, and a case the automation still handles is taken before any store action."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from deskpilot.runtime import Runtime
from tests.console._support import api_login, hand_off, say, start


def _held_by_bob(client: TestClient, other_client: Any) -> tuple[str, dict[str, str]]:
    _, case_id = hand_off(client)
    bob = other_client()
    bob_headers = api_login(bob, "bob")
    taken = bob.post(f"/v1/agent/cases/{case_id}/take", headers=bob_headers)
    assert taken.status_code == 200 and taken.json()["agent"] == "bob"
    return case_id, api_login(client, "alice")


def test_an_agent_cannot_change_a_colleagues_case(
    client: TestClient, other_client: Any, runtime: Runtime
) -> None:
    case_id, alice = _held_by_bob(client, other_client)
    base = f"/v1/agent/cases/{case_id}"
    attempts = {
        "reply": ("/reply", {"text": "hello from Alice"}),
        "note": ("/notes", {"text": "Alice was here"}),
        "priority": ("/priority", {"priority": "urgent"}),
        "action": ("/actions", {"action": "get_user_details", "args": {"user_id": "x"}}),
        "resolve": ("/resolve", None),
        "hand back": ("/hand-back", None),
        "reassign": ("/reassign", {"agent": "alice"}),
    }
    for what, (path, body) in attempts.items():
        response = client.post(base + path, json=body, headers=alice)
        assert response.status_code == 403, (what, response.text)
        assert "bob's" in response.json()["detail"], what
    with runtime.db.transaction() as repo:
        assert repo.list_notes(case_id) == []
        assert repo.get_assignment(case_id).agent == "bob"  # type: ignore[union-attr]
        case, _ = repo.get_case(case_id)
    assert case.status.value == "handed_off"
    # Bob, who holds it, and a supervisor may.
    sam = other_client()
    supervisor = api_login(sam, "sam")
    assert (
        sam.post(base + "/notes", json={"text": "checked"}, headers=supervisor).status_code == 201
    )
    assert sam.post(base + "/resolve", headers=supervisor).status_code == 200


def test_a_store_action_needs_the_case_taken_first(client: TestClient) -> None:
    conversation = start(client)
    say(client, conversation["id"], "hello")  # the automation handles this case
    case_id = conversation["case_id"]
    alice = api_login(client, "alice")
    body = {"action": "get_user_details", "args": {"user_id": "x"}}
    refused = client.post(f"/v1/agent/cases/{case_id}/actions", json=body, headers=alice)
    assert refused.status_code == 403
    assert "with the automation; take it" in refused.json()["detail"]
    assert client.post(f"/v1/agent/cases/{case_id}/take", headers=alice).status_code == 200
    taken = client.post(f"/v1/agent/cases/{case_id}/actions", json=body, headers=alice)
    assert taken.status_code == 200


def test_the_console_says_whose_case_it_is_instead_of_a_403_page(
    client: TestClient, other_client: Any
) -> None:
    from tests.console._support import console_login

    _, case_id = hand_off(client)
    bob = other_client()
    assert bob.post(f"/v1/agent/cases/{case_id}/take", headers=api_login(bob, "bob")).is_success
    csrf = console_login(client, "alice")
    response = client.post(
        f"/console/cases/{case_id}/note", data={"text": "hi", "csrf_token": csrf}
    )
    assert response.status_code == 200  # back on the case page, with the notice
    assert "is bob&#39;s: only they or a supervisor may add a note to it" in response.text


def test_a_colleagues_case_offers_no_take_and_a_refused_take_is_a_page(
    client: TestClient, other_client: Any
) -> None:
    from tests.console._support import console_login

    _, case_id = hand_off(client)
    bob = other_client()
    assert bob.post(f"/v1/agent/cases/{case_id}/take", headers=api_login(bob, "bob")).is_success
    csrf = console_login(client, "alice")
    page = client.get(f"/console/cases/{case_id}").text
    assert "Take this case" not in page
    assert "This case is bob's: only they or a supervisor may act on it." in page
    for path in ("/take", "/reply", "/note", "/resolve", "/hand-back", "/reassign"):
        assert f'action="/console/cases/{case_id}{path}"' not in page, path
    # Posted anyway (an old tab): a page that says why, not problem+json.
    refused = client.post(f"/console/cases/{case_id}/take", data={"csrf_token": csrf})
    assert refused.status_code == 403
    assert refused.headers["content-type"].startswith("text/html")
    assert "Not allowed" in refused.text and "bob&#39;s" in refused.text
    assert f'href="/console/cases/{case_id}"' in refused.text
    # A supervisor is offered the case.
    sam = other_client()
    console_login(sam, "sam")
    assert "Take this case" in sam.get(f"/console/cases/{case_id}").text
