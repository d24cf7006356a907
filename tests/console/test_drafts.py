"""The review band: a draft waits for a person, who approves, edits or rejects it."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from deskpilot.domain import CaseId, MessageId
from deskpilot.errors import InputError
from deskpilot.runtime import Runtime
from tests.console._support import api_login, console_login, events, say, start

DRAFT = "We ship to Canada in 5 to 7 business days."


def _draft(client: TestClient, runtime: Runtime) -> tuple[dict[str, Any], str]:
    conversation = start(client)
    turn = say(client, conversation["id"], "umm")
    draft = runtime.drafts.do_create_draft(
        CaseId(conversation["case_id"]), MessageId(turn["message_id"]), DRAFT, actor="bot"
    )
    return conversation, draft.id


def _outbound(client: TestClient, conversation_id: str) -> list[dict[str, Any]]:
    messages = client.get(f"/v1/conversations/{conversation_id}").json()["messages"]
    return [m for m in messages if m["direction"] == "outbound"]


def test_a_draft_waits_for_review_and_nothing_reaches_the_customer(
    client: TestClient, runtime: Runtime
) -> None:
    conversation, draft_id = _draft(client, runtime)
    headers = api_login(client, "alice")
    pending = client.get("/v1/agent/drafts", headers=headers).json()
    assert [(d["id"], d["status"], d["text"]) for d in pending] == [(draft_id, "pending", DRAFT)]
    assert all(m["text"] != DRAFT for m in _outbound(client, conversation["id"]))
    created = events(client, conversation["case_id"], "draft_created")[0]
    assert (created["actor"], created["data"]["draft_id"]) == ("bot", draft_id)


def test_an_edited_draft_is_sent_and_the_edit_is_recorded(
    client: TestClient, runtime: Runtime
) -> None:
    conversation, draft_id = _draft(client, runtime)
    headers = api_login(client, "alice")
    edited = "We ship to Canada in 5 to 7 business days, duties included."
    body = {"decision": "approve", "text": edited}
    reviewed = client.post(f"/v1/agent/drafts/{draft_id}/review", json=body, headers=headers)
    assert reviewed.status_code == 200, reviewed.text
    assert (reviewed.json()["status"], reviewed.json()["final_text"]) == ("edited", edited)
    sent = _outbound(client, conversation["id"])[-1]
    assert sent["text"] == edited
    event = events(client, conversation["case_id"], "draft_reviewed")[0]
    assert event["actor"] == "agent:alice"
    assert event["data"]["outcome"] == "edited" and event["data"]["edited"] is True
    assert event["data"]["message_id"] == sent["id"]
    again = client.post(f"/v1/agent/drafts/{draft_id}/review", json=body, headers=headers)
    assert again.status_code == 409
    assert client.get("/v1/agent/drafts", headers=headers).json() == []


def test_an_approved_draft_goes_out_as_written(client: TestClient, runtime: Runtime) -> None:
    conversation, draft_id = _draft(client, runtime)
    csrf = console_login(client, "alice")
    response = client.post(
        f"/console/drafts/{draft_id}/review",
        data={"decision": "approve", "text": DRAFT, "csrf_token": csrf},
        follow_redirects=False,
    )
    assert response.status_code == 303
    assert _outbound(client, conversation["id"])[-1]["text"] == DRAFT
    outcome = events(client, conversation["case_id"], "draft_reviewed")[0]["data"]["outcome"]
    assert outcome == "approved"


def test_a_rejected_draft_is_never_sent(client: TestClient, runtime: Runtime) -> None:
    conversation, draft_id = _draft(client, runtime)
    headers = api_login(client, "alice")
    body = {"decision": "reject"}
    assert (
        client.post(f"/v1/agent/drafts/{draft_id}/review", json=body, headers=headers).json()[
            "status"
        ]
        == "rejected"
    )
    assert all(m["text"] != DRAFT for m in _outbound(client, conversation["id"]))
    data = events(client, conversation["case_id"], "draft_reviewed")[0]["data"]
    assert (data["outcome"], data["message_id"]) == ("rejected", None)


def test_a_draft_must_answer_a_customer_message_of_its_case(
    client: TestClient, runtime: Runtime
) -> None:
    first, second = start(client), start(client)
    turn = say(client, first["id"], "hello")
    with pytest.raises(InputError, match="not a customer message of case"):
        runtime.drafts.do_create_draft(
            CaseId(second["case_id"]), MessageId(turn["message_id"]), DRAFT, actor="bot"
        )
