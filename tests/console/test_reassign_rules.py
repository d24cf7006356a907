"""Reassigning one case keeps to routing's skills and capacity, as routing and bulk
reassignment do, and says why when it refuses (the page's notice, the API's 409)."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.console._support import api_login, console_login, events, hand_off


def _holder(client: TestClient, case_id: str) -> str:
    agent: str = events(client, case_id, "assignment")[-1]["data"]["agent"]
    return agent


def test_one_case_reassignment_keeps_to_capacity_and_says_why(client: TestClient) -> None:
    cases = [hand_off(client)[1] for _ in range(3)]
    csrf = console_login(client, "sam")  # online: routing gives sam all three
    for case_id in cases[:2]:
        given = client.post(
            f"/console/cases/{case_id}/reassign", data={"csrf_token": csrf, "agent": "alice"}
        )
        assert "Case reassigned." in given.text
    refused = client.post(
        f"/console/cases/{cases[2]}/reassign", data={"csrf_token": csrf, "agent": "alice"}
    )
    assert refused.status_code == 200  # followed to the case page, which says why
    assert "alice already has 2 of 2 cases open" in refused.text
    assert [_holder(client, c) for c in cases] == ["alice", "alice", "sam"]
    # a case already hers does not count against her: it may move with her
    again = client.post(
        f"/console/cases/{cases[0]}/reassign",
        data={"csrf_token": csrf, "agent": "alice", "queue": "desk"},
    )
    assert "Case reassigned." in again.text


def test_the_api_refuses_an_agent_routing_does_not_know_with_409(client: TestClient) -> None:
    _, case_id = hand_off(client)
    headers = api_login(client, "sam")
    refused = client.post(
        f"/v1/agent/cases/{case_id}/reassign", json={"agent": "admin"}, headers=headers
    )
    assert refused.status_code == 409
    assert refused.json()["detail"] == (
        "admin is not an agent of routing.yaml (agents: alice, bob, sam)"
    )
    given = client.post(
        f"/v1/agent/cases/{case_id}/reassign", json={"agent": "bob"}, headers=headers
    )
    assert given.status_code == 200, given.text
    assert given.json()["agent"] == "bob"
