"""Turns queued for workers (``DESKPILOT_TURNS=worker``), through the HTTP API: the message
is stored before anything else, a worker's replies come back while the API waits, a turn not
answered within the wait is 202, a worker answers a conversation's messages oldest first, a
turn delivered twice answers nothing twice, and a broker that cannot take a turn leaves it to
the API process. The worker's role is played by ``Pipeline.take_turn`` in a thread; the real
processes are in tests/scale/test_faults.py."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from fastapi.testclient import TestClient

from deskpilot.domain import MessageId
from deskpilot.runtime import Runtime


class HeldQueue:
    """A broker whose turns wait until the test hands them to the worker."""

    def __init__(self) -> None:
        self.turns: list[tuple[str, str]] = []

    def submit(self, conversation_id: str, message_id: str) -> None:
        self.turns.append((conversation_id, message_id))

    def close(self) -> None:
        pass


class ThreadWorker(HeldQueue):
    """A broker with a worker behind it: each turn is taken at once, in a thread."""

    def __init__(self, runtime: Runtime) -> None:
        super().__init__()
        self.runtime = runtime

    def submit(self, conversation_id: str, message_id: str) -> None:
        super().submit(conversation_id, message_id)
        args = (conversation_id, message_id)
        threading.Thread(target=self.runtime.pipeline.take_turn, args=args).start()


class DownQueue(HeldQueue):
    """A broker that cannot be reached."""

    def submit(self, conversation_id: str, message_id: str) -> None:
        raise ConnectionError("the broker is down")


def _conversation(client: TestClient) -> str:
    response = client.post("/v1/conversations", json={"channel": "api"})
    assert response.status_code == 201, response.text
    conversation_id: str = response.json()["id"]
    return conversation_id


def _post(client: TestClient, conversation_id: str, text: str) -> Any:
    return client.post(f"/v1/conversations/{conversation_id}/messages", json={"text": text})


def _messages(client: TestClient, conversation_id: str) -> list[dict[str, Any]]:
    messages: list[dict[str, Any]] = client.get(f"/v1/conversations/{conversation_id}").json()[
        "messages"
    ]
    return messages


@pytest.fixture
def held(runtime: Runtime) -> HeldQueue:
    queue = HeldQueue()
    runtime.pipeline.turn_queue = queue
    runtime.pipeline.turn_wait_seconds = 0.2
    return queue


def test_queued_turn_a_worker_answers_while_the_api_waits(
    client: TestClient, runtime: Runtime
) -> None:
    runtime.pipeline.turn_queue = ThreadWorker(runtime)
    conversation_id = _conversation(client)
    response = _post(client, conversation_id, "where is my order?")
    assert response.status_code == 201, response.text
    assert response.json()["replies"], "the worker's replies come back in the answer"


def test_queued_turn_not_answered_within_the_wait_is_202_and_stored(
    client: TestClient, runtime: Runtime, held: HeldQueue
) -> None:
    conversation_id = _conversation(client)
    response = _post(client, conversation_id, "where is my order?")
    assert response.status_code == 202, response.text
    assert response.json()["replies"] == []
    assert held.turns == [(conversation_id, response.json()["message_id"])]
    (stored,) = _messages(client, conversation_id)
    assert stored["status"] == "received"
    runtime.pipeline.take_turn(*held.turns[0])
    answered = _messages(client, conversation_id)
    assert answered[0]["status"] == "processed"
    assert [m["direction"] for m in answered[1:]] and all(
        m["direction"] == "outbound" for m in answered[1:]
    )


def test_queued_turns_are_answered_oldest_first_whichever_turn_a_worker_takes(
    client: TestClient, runtime: Runtime, held: HeldQueue
) -> None:
    conversation_id = _conversation(client)
    first = _post(client, conversation_id, "hello").json()["message_id"]
    second = _post(client, conversation_id, "where is my order?").json()["message_id"]
    runtime.pipeline.take_turn(conversation_id, second)  # the later turn reached a worker first
    messages = _messages(client, conversation_id)
    inbound = [m["id"] for m in messages if m["direction"] == "inbound"]
    assert inbound == [first, second]
    assert all(m["status"] == "processed" for m in messages if m["direction"] == "inbound")
    # The first message was answered before the second.
    with runtime.db.transaction() as repo:
        to_first, to_second = repo.replies_to(MessageId(first)), repo.replies_to(MessageId(second))
    assert to_first and to_second
    assert max(r.created_at for r in to_first) < min(r.created_at for r in to_second)


def test_queued_turn_delivered_twice_answers_nothing_twice(
    client: TestClient, runtime: Runtime, held: HeldQueue
) -> None:
    conversation_id = _conversation(client)
    _post(client, conversation_id, "where is my order?")
    once = runtime.pipeline.take_turn(*held.turns[0])
    after_once = _messages(client, conversation_id)
    again = runtime.pipeline.take_turn(*held.turns[0])  # the broker delivered it again
    assert _messages(client, conversation_id) == after_once
    assert [r.id for r in again.replies] == [r.id for r in once.replies]


def test_queued_turn_the_broker_cannot_take_is_answered_by_the_api_process(
    client: TestClient, runtime: Runtime
) -> None:
    runtime.pipeline.turn_queue = DownQueue()
    conversation_id = _conversation(client)
    response = _post(client, conversation_id, "where is my order?")
    assert response.status_code == 201, response.text
    assert response.json()["replies"]
