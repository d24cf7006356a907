"""The chat turn's lean route answers every request as FastAPI's route does: the well-formed
ones it serves, the others it hands over (``api/_lane.py``). Each request of the table is sent
with the lane and without it, on the same app and runtime; the answers must be the same."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from deskpilot.api import _lane, create_app
from deskpilot.api._lane import ChatTurnLane
from deskpilot.runtime import Runtime
from tests.conftest import api_key_headers

JSON = {"content-type": "application/json"}


@dataclass(frozen=True)
class Call:
    """One request to ``POST /v1/conversations/{id}/messages`` (``{id}``: an open one)."""

    name: str
    body: bytes
    headers: dict[str, str] = field(default_factory=lambda: dict(JSON))
    key: bool = True
    conversation: str = "{id}"
    method: str = "POST"


CALLS = [
    Call("no text", b"{}"),
    Call("empty text", b'{"text": ""}'),
    Call("blank text", b'{"text": "   "}'),
    Call("text too long", json.dumps({"text": "x" * 5001}).encode()),
    Call("text not a string", b'{"text": 5}'),
    Call("an unknown field", b'{"text": "hi", "colour": "red"}'),
    Call("an empty external id", b'{"text": "hi", "external_id": ""}'),
    Call("a list", b'[{"text": "hi"}]'),
    Call("a string", b'"hi"'),
    Call("null", b"null"),
    Call("not JSON", b"{not json"),
    Call("no body", b""),
    Call("not UTF-8", b'{"text": "\xff\xfe"}'),
    Call("nested past the parser's depth", b"[" * 100_000),
    Call("plain text", b'{"text": "hi"}', headers={"content-type": "text/plain"}),
    Call("no content type", b'{"text": "hi"}', headers={}),
    Call("two content types", b'{"text": "hi"}', headers={"content-type": "text/plain"}),
    Call("an unknown conversation", b'{"text": "hi"}', conversation="conv_nope"),
    Call("no key", b'{"text": "hi"}', key=False),
    Call("no key and no text", b"{}", key=False),
    Call("no key and not JSON", b"{not", key=False),
    Call(
        "a wrong key",
        b'{"text": "hi"}',
        headers={**JSON, "Authorization": "Bearer dpk.x.y"},
        key=False,
    ),
    Call(
        "a wrong key in X-API-Key",
        b'{"text": "hi"}',
        headers={**JSON, "X-API-Key": "dpk.x"},
        key=False,
    ),
    Call("a key without the scope", b'{"text": "hi"}', key=False),
    Call("a GET", b"", method="GET"),
    Call("a PUT", b'{"text": "hi"}', method="PUT"),
]


@pytest.fixture
def app(runtime: Runtime) -> FastAPI:
    return create_app(runtime=runtime)


@pytest.fixture
def client(app: FastAPI, runtime: Runtime) -> Iterator[TestClient]:
    """A client without default headers: each call says which it sends."""
    with TestClient(app, raise_server_exceptions=False) as c:
        yield c


def _lane_of(app: FastAPI) -> ChatTurnLane:
    lanes = [r for r in app.router.routes if isinstance(r, ChatTurnLane)]
    assert len(lanes) == 1
    return lanes[0]


def _send(
    client: TestClient, reader: str, call: Call, conversation: str, key: dict[str, str]
) -> Any:
    headers = {**(key if call.key else {}), **call.headers}
    if call.name == "a key without the scope":
        headers["Authorization"] = reader
    if call.name == "two content types":
        raw = [(k.encode(), v.encode()) for k, v in headers.items()]
        raw.append((b"content-type", b"application/json"))
        headers = raw  # type: ignore[assignment]
    path = f"/v1/conversations/{call.conversation.format(id=conversation)}/messages"
    return client.request(call.method, path, content=call.body, headers=headers)


def _answer(response: Any) -> tuple[int, dict[str, str], str]:
    kept = ("content-type", "www-authenticate", "retry-after", "allow")
    return (
        response.status_code,
        {k: response.headers[k] for k in kept if k in response.headers},
        response.text,
    )


@pytest.mark.parametrize("call", CALLS, ids=[c.name for c in CALLS])
def test_the_lane_answers_a_refused_request_as_fastapis_route(
    call: Call, app: FastAPI, client: TestClient, runtime: Runtime
) -> None:
    key = api_key_headers(runtime)
    conversation = client.post("/v1/conversations", json={}, headers=key).json()["id"]
    _, secret = runtime.api_keys.do_create("reader", ["conversations:read"], actor="tests")
    reader = f"Bearer {secret}"
    lane = _lane_of(app)
    with_lane = _answer(_send(client, reader, call, conversation, key))
    app.router.routes.remove(lane)
    without = _answer(_send(client, reader, call, conversation, key))
    assert 400 <= with_lane[0] < 500
    assert with_lane == without


def test_a_well_formed_turn_takes_the_lane_and_others_are_handed_over(
    app: FastAPI, client: TestClient, runtime: Runtime, monkeypatch: pytest.MonkeyPatch
) -> None:
    handed_over: list[str] = []
    hand_over = _lane._hand_over

    def spy(scope: Any, *args: Any) -> Any:
        handed_over.append(scope["path"])
        return hand_over(scope, *args)

    monkeypatch.setattr(_lane, "_hand_over", spy)
    key = api_key_headers(runtime)
    conversation = client.post("/v1/conversations", json={}, headers=key).json()["id"]
    path = f"/v1/conversations/{conversation}/messages"
    turn = client.post(
        path, json={"text": "hi, where is my order?", "external_id": "m1"}, headers=key
    )
    assert turn.status_code == 201 and handed_over == []
    again = client.post(
        path, json={"text": "hi, where is my order?", "external_id": "m1"}, headers=key
    )
    assert again.status_code == 200 and again.json()["duplicate"] is True
    assert again.json()["replies"] == turn.json()["replies"] and handed_over == []
    charset = {**key, "content-type": "application/json; charset=utf-8"}
    other = client.post(path, content=b'{"text": "thanks"}', headers=charset)
    assert other.status_code == 201 and handed_over == [path]  # served by FastAPI's route
    metrics = client.get("/metrics").text
    assert 'deskpilot_turn_seconds_count{channel="api"} 3.0' in metrics


def test_the_openapi_document_is_fastapis_with_or_without_the_lane(runtime: Runtime) -> None:
    with_lane = create_app(runtime=runtime)
    without = create_app(runtime=runtime)
    without.router.routes.remove(_lane_of(without))
    document = with_lane.openapi()
    assert document == without.openapi()
    operation = document["paths"]["/v1/conversations/{conversation_id}/messages"]["post"]
    assert operation["requestBody"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/MessageIn"
    }
    assert operation["security"]
