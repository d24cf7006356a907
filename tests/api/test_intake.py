"""Nothing is lost: a failure during processing leaves the message stored and retried."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from deskpilot.domain import Understanding
from deskpilot.pipeline import UnderstandingContext
from deskpilot.runtime import Runtime


class _Flaky:
    """An understander that fails a given number of times, then delegates."""

    def __init__(self, inner: Any, failures: int) -> None:
        self.inner = inner
        self.failures = failures

    def understand(self, text: str, context: UnderstandingContext) -> Understanding:
        if self.failures > 0:
            self.failures -= 1
            raise RuntimeError("model server went away")
        result: Understanding = self.inner.understand(text, context)
        return result


def _conversation(client: TestClient) -> str:
    conv: str = client.post("/v1/conversations", json={}).json()["id"]
    return conv


def test_failed_processing_keeps_the_message_and_the_retry_worker_answers_it(
    client: TestClient, runtime: Runtime, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(runtime.pipeline, "understander", _Flaky(runtime.pipeline.understander, 1))
    conv = _conversation(client)
    response = client.post(f"/v1/conversations/{conv}/messages", json={"text": "hello"})
    assert response.status_code == 503
    assert response.json()["retryable"] is True
    stored = client.get(f"/v1/conversations/{conv}").json()["messages"]
    assert [(m["direction"], m["status"]) for m in stored] == [("inbound", "failed")]

    assert runtime.pipeline.retry_failed() == 1
    stored = client.get(f"/v1/conversations/{conv}").json()["messages"]
    assert [(m["direction"], m["status"]) for m in stored] == [
        ("inbound", "processed"),
        ("outbound", "sent"),
    ]
    assert runtime.pipeline.retry_failed() == 0


def test_reposting_a_failed_message_processes_it_once(
    client: TestClient, runtime: Runtime, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(runtime.pipeline, "understander", _Flaky(runtime.pipeline.understander, 1))
    conv = _conversation(client)
    body = {"text": "hello", "external_id": "sms-77"}
    assert client.post(f"/v1/conversations/{conv}/messages", json=body).status_code == 503
    second = client.post(f"/v1/conversations/{conv}/messages", json=body)
    assert second.status_code == 201
    third = client.post(f"/v1/conversations/{conv}/messages", json=body)
    assert third.json()["duplicate"] is True
    messages = client.get(f"/v1/conversations/{conv}").json()["messages"]
    assert len([m for m in messages if m["direction"] == "inbound"]) == 1
    assert len([m for m in messages if m["direction"] == "outbound"]) == 1


def test_a_message_that_keeps_failing_ends_in_a_handoff_not_silence(
    client: TestClient, runtime: Runtime, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(runtime.pipeline, "understander", _Flaky(runtime.pipeline.understander, 99))
    conv = _conversation(client)
    assert client.post(f"/v1/conversations/{conv}/messages", json={"text": "hi"}).status_code == 503
    for _ in range(runtime.pipeline.max_attempts):
        runtime.pipeline.retry_failed()
    body = client.get(f"/v1/conversations/{conv}").json()
    assert body["case"]["status"] == "handed_off"
    assert body["case"]["handoff"]["packet"]["reason_code"] == "technical"
    assert body["messages"][0]["status"] == "gave_up"
    assert "something went wrong" in body["messages"][-1]["text"]
    events = client.get(f"/v1/cases/{body['case_id']}/events").json()
    failures = [e for e in events if e["type"] == "processing_failed"]
    assert len(failures) == runtime.pipeline.max_attempts


def test_a_message_a_crash_left_unanswered_is_answered_when_the_app_starts(
    runtime: Runtime,
) -> None:
    import time
    from datetime import timedelta

    from deskpilot.api import create_app
    from deskpilot.domain import Direction, MessageStatus, utcnow

    conversation = runtime.pipeline.do_start_conversation("api", None)
    runtime.pipeline.do_receive_message(conversation.id, "hello")
    with runtime.db.transaction() as repo:
        inbound = next(
            m for m in repo.list_messages(conversation.id) if m.direction is Direction.INBOUND
        )
        # As if the process died between storing it and answering it, 20 seconds ago.
        repo.set_message_status(inbound.id, MessageStatus.RECEIVED, attempts=0)
        repo.c.exec_driver_sql(
            "UPDATE messages SET created_at = ? WHERE id = ?",
            ((utcnow() - timedelta(seconds=20)).isoformat(" "), inbound.id),
        )
    with TestClient(create_app(runtime=runtime)):
        for _ in range(50):  # the worker's first pass runs at start-up, not after an interval
            with runtime.db.transaction() as repo:
                if repo.get_message(inbound.id).status is MessageStatus.PROCESSED:
                    break
            time.sleep(0.1)
    with runtime.db.transaction() as repo:
        assert repo.get_message(inbound.id).status is MessageStatus.PROCESSED


def test_a_stored_message_names_the_proposal_waiting_when_it_arrived(
    client: TestClient, runtime: Runtime, store_data: dict[str, Any]
) -> None:
    order_id, order = next(
        (k, o) for k, o in store_data["orders"].items() if o["status"] == "pending"
    )
    email = store_data["users"][order["user_id"]]["email"]
    conversation = client.post("/v1/conversations", json={"channel": "api"}).json()
    path = f"/v1/conversations/{conversation['id']}/messages"
    first = client.post(path, json={"text": f"cancel {order_id}, ordered by mistake. {email}"})
    with runtime.db.transaction() as repo:
        case, _ = repo.get_case(conversation["case_id"])
        assert repo.get_message(first.json()["message_id"]).answers is None
    assert case.pending_confirmation is not None
    yes = client.post(path, json={"text": "yes"}).json()
    with runtime.db.transaction() as repo:
        assert repo.get_message(yes["message_id"]).answers == case.pending_confirmation.id
    assert yes["case"]["outcome"] is not None
