"""A conversation's lean routes, its turns' and its opening's, answer every request as FastAPI's
routes do: the well-formed ones they serve, the others they hand over (``api/_lane.py``). Each
request of the tables is sent with the lanes and without them, on the same app and runtime; the
answers must be the same."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from deskpilot.api import _lane, create_app
from deskpilot.api._lane import Lane
from deskpilot.channels import SlidingWindow
from deskpilot.runtime import Runtime
from tests.conftest import api_key_headers

JSON = {"content-type": "application/json"}
TURN = "/v1/conversations/{conversation_id}/messages"
OPENING = "/v1/conversations"


@dataclass(frozen=True)
class Call:
    """One request to ``POST /v1/conversations/{id}/messages`` (``{id}``: an open one), or with
    ``opening`` to ``POST /v1/conversations``."""

    name: str
    body: bytes
    headers: dict[str, str] = field(default_factory=lambda: dict(JSON))
    key: bool = True
    conversation: str = "{id}"
    method: str = "POST"
    opening: bool = False


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


def _opening(name: str, body: bytes, **kwargs: Any) -> Call:
    return Call(f"opening: {name}", body, opening=True, **kwargs)


OPENINGS = [
    _opening("an empty channel", b'{"channel": ""}'),
    _opening("a channel out of its pattern", b'{"channel": "Web Chat"}'),
    _opening("a channel not a string", b'{"channel": 5}'),
    _opening("an empty handle", b'{"channel": "api", "handle": ""}'),
    _opening("a handle too long", json.dumps({"handle": "x" * 321}).encode()),
    _opening("an unknown field", b'{"channel": "api", "colour": "red"}'),
    _opening("the widget's channel", b'{"channel": "webchat"}'),  # the endpoint's own 403
    _opening("a list", b"[{}]"),
    _opening("a string", b'"api"'),
    _opening("null", b"null"),
    _opening("not JSON", b"{not json"),
    _opening("no body", b""),
    _opening("not UTF-8", b'{"handle": "\xff\xfe"}'),
    _opening("nested past the parser's depth", b"[" * 100_000),
    _opening("plain text", b"{}", headers={"content-type": "text/plain"}),
    _opening("no content type", b"{}", headers={}),
    _opening("two content types", b"{}", headers={"content-type": "text/plain"}),
    _opening("no key", b"{}", key=False),
    _opening("no key and not JSON", b"{not", key=False),
    _opening("a wrong key", b"{}", headers={**JSON, "Authorization": "Bearer dpk.x.y"}, key=False),
    _opening("a key without the scope", b"{}", key=False),
    _opening("a GET", b"", method="GET"),
    _opening("a PUT", b"{}", method="PUT"),
]


@pytest.fixture
def app(runtime: Runtime) -> FastAPI:
    return create_app(runtime=runtime)


@pytest.fixture
def client(app: FastAPI, runtime: Runtime) -> Iterator[TestClient]:
    """A client without default headers: each call says which it sends."""
    with TestClient(app, raise_server_exceptions=False) as c:
        yield c


def _lanes_of(app: FastAPI) -> dict[str, Lane]:
    lanes = {r.path: r for r in app.router.routes if isinstance(r, Lane)}
    assert sorted(lanes) == [OPENING, TURN]
    return lanes


def _without_lanes(app: FastAPI) -> None:
    for lane in _lanes_of(app).values():
        app.router.routes.remove(lane)


def _send(
    client: TestClient, reader: str, call: Call, conversation: str, key: dict[str, str]
) -> Any:
    headers = {**(key if call.key else {}), **call.headers}
    if call.name.endswith("a key without the scope"):
        headers["Authorization"] = reader
    if call.name.endswith("two content types"):
        raw = [(k.encode(), v.encode()) for k, v in headers.items()]
        raw.append((b"content-type", b"application/json"))
        headers = raw  # type: ignore[assignment]
    path = f"/v1/conversations/{call.conversation.format(id=conversation)}/messages"
    if call.opening:
        path = OPENING
    return client.request(call.method, path, content=call.body, headers=headers)


def _answer(response: Any) -> tuple[int, dict[str, str], str]:
    kept = ("content-type", "www-authenticate", "retry-after", "allow")
    return (
        response.status_code,
        {k: response.headers[k] for k in kept if k in response.headers},
        response.text,
    )


@pytest.mark.parametrize("call", CALLS + OPENINGS, ids=[c.name for c in CALLS + OPENINGS])
def test_the_lane_answers_a_refused_request_as_fastapis_route(
    call: Call, app: FastAPI, client: TestClient, runtime: Runtime
) -> None:
    key = api_key_headers(runtime)
    conversation = client.post("/v1/conversations", json={}, headers=key).json()["id"]
    _, secret = runtime.api_keys.do_create("reader", ["conversations:read"], actor="tests")
    reader = f"Bearer {secret}"
    with_lane = _answer(_send(client, reader, call, conversation, key))
    _without_lanes(app)
    without = _answer(_send(client, reader, call, conversation, key))
    assert 400 <= with_lane[0] < 500
    assert with_lane == without


@pytest.fixture
def handed_over(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The paths of the requests a lane hands over to FastAPI's routes, in order."""
    paths: list[str] = []
    hand_over = _lane._hand_over

    def spy(scope: Any, *args: Any) -> Any:
        paths.append(scope["path"])
        return hand_over(scope, *args)

    monkeypatch.setattr(_lane, "_hand_over", spy)
    return paths


def test_a_well_formed_turn_takes_the_lane_and_others_are_handed_over(
    app: FastAPI, client: TestClient, runtime: Runtime, handed_over: list[str]
) -> None:
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
    _without_lanes(without)
    document = with_lane.openapi()
    assert document == without.openapi()
    for path, schema in ((TURN, "MessageIn"), (OPENING, "ConversationIn")):
        operation = document["paths"][path]["post"]
        assert operation["requestBody"]["content"]["application/json"]["schema"] == {
            "$ref": f"#/components/schemas/{schema}"
        }
        assert operation["security"]


def test_a_well_formed_opening_takes_the_lane_and_answers_as_fastapis_route(
    app: FastAPI, client: TestClient, runtime: Runtime, handed_over: list[str]
) -> None:
    key = api_key_headers(runtime)
    opening = {"channel": "email", "handle": "jo@example.com"}
    laned = client.post(OPENING, json=opening, headers=key)
    assert laned.status_code == 201 and handed_over == []
    charset = {**key, "content-type": "application/json; charset=utf-8"}
    other = client.post(OPENING, content=json.dumps(opening).encode(), headers=charset)
    assert other.status_code == 201 and handed_over == [OPENING]  # served by FastAPI's route
    # The same customer's handle joins the open case, whichever route opened it.
    assert laned.json()["case_id"] == other.json()["case_id"]
    assert laned.json().keys() == other.json().keys()
    assert _answer(laned)[1] == _answer(other)[1]
    opened = client.post(OPENING, json={}, headers=key)
    assert opened.status_code == 201 and opened.json()["channel"] == "api"
    path = TURN.format(conversation_id=opened.json()["id"])
    turn = client.post(path, json={"text": "hi, where is my order?"}, headers=key)
    assert turn.status_code == 201 and turn.json()["replies"]
    assert handed_over == [OPENING]


def test_an_opening_over_the_rate_limit_is_refused_through_the_lane(
    app: FastAPI, client: TestClient, runtime: Runtime
) -> None:
    key = api_key_headers(runtime)
    # Two openings a minute, on a clock that stands still: both refusals wait as long.
    runtime.limits.opened = SlidingWindow(2, clock=lambda: 1000.0)
    for _ in range(2):
        assert client.post(OPENING, json={}, headers=key).status_code == 201
    with_lane = _answer(client.post(OPENING, json={}, headers=key))
    _without_lanes(app)
    without = _answer(client.post(OPENING, json={}, headers=key))
    assert with_lane[0] == 429 and "retry-after" in with_lane[1]
    assert with_lane == without
