"""Malformed input gets a 4xx that says what was wrong; a 500 never shows internals."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from deskpilot.api import create_app
from deskpilot.runtime import Runtime, build_runtime
from deskpilot.settings import Settings
from tests.conftest import api_key_headers


def test_missing_text_is_422_naming_the_field(client: TestClient) -> None:
    conv = client.post("/v1/conversations", json={}).json()["id"]
    response = client.post(f"/v1/conversations/{conv}/messages", json={})
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["detail"].startswith("text:")


def test_unknown_field_is_rejected(client: TestClient) -> None:
    response = client.post("/v1/conversations", json={"channel": "api", "colour": "red"})
    assert response.status_code == 422
    assert "colour" in response.json()["detail"]


def test_body_that_is_not_json_is_422(client: TestClient) -> None:
    conv = client.post("/v1/conversations", json={}).json()["id"]
    response = client.post(
        f"/v1/conversations/{conv}/messages",
        content=b"{not json",
        headers={"content-type": "application/json"},
    )
    assert response.status_code == 422
    assert response.json()["title"] == "invalid_input"


def test_blank_text_is_422(client: TestClient) -> None:
    conv = client.post("/v1/conversations", json={}).json()["id"]
    response = client.post(f"/v1/conversations/{conv}/messages", json={"text": "   "})
    assert response.status_code == 422
    assert "empty" in response.json()["detail"]


def test_unknown_conversation_is_404(client: TestClient) -> None:
    response = client.post("/v1/conversations/conv_nope/messages", json={"text": "hi"})
    assert response.status_code == 404
    assert "conv_nope" in response.json()["detail"]


def test_unknown_case_events_is_404(client: TestClient) -> None:
    assert client.get("/v1/cases/case_nope/events").status_code == 404


def test_an_event_id_beyond_what_the_database_holds_is_422(client: TestClient) -> None:
    conv = client.post("/v1/conversations", json={}).json()
    case = conv["case_id"]
    assert client.get(f"/v1/cases/{case}/events?after={2**63 - 1}").json() == []
    response = client.get(f"/v1/cases/{case}/events?after=99999999999999999999")
    assert response.status_code == 422
    assert response.json()["detail"].startswith("query.after: Input should be less than or equal")
    # the connection stays usable
    assert client.get(f"/v1/cases/{case}/events").status_code == 200


def test_unexpected_error_is_500_without_internals(
    client: TestClient, runtime: Runtime, monkeypatch: pytest.MonkeyPatch
) -> None:
    def explode(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("secret internal detail /etc/passwd")

    monkeypatch.setattr(runtime.pipeline, "do_start_conversation", explode)
    response = client.post("/v1/conversations", json={})
    assert response.status_code == 500
    assert "secret" not in response.text
    assert response.json()["detail"] == "an internal error occurred"


def test_health_and_docs(client: TestClient) -> None:
    assert client.get("/healthz").json()["status"] == "ok"
    assert client.get("/docs").status_code == 200
    paths = client.get("/openapi.json").json()["paths"]
    assert "/v1/conversations/{conversation_id}/messages" in paths


def test_security_headers_on_the_api_and_a_strict_policy_on_the_console(
    client: TestClient,
) -> None:
    api = client.get("/healthz")
    assert api.headers["x-content-type-options"] == "nosniff"
    assert api.headers["referrer-policy"] == "same-origin"
    assert "content-security-policy" not in api.headers
    page = client.get("/console/login")
    policy = page.headers["content-security-policy"]
    assert "frame-ancestors 'none'" in policy and "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert page.headers["x-frame-options"] == "DENY"
    widget = client.get("/widget.js")  # loaded by other sites: no policy of ours
    assert widget.status_code == 200 and "content-security-policy" not in widget.headers


def test_too_many_messages_or_conversations_in_a_minute_are_refused_with_429(
    settings: Settings,
) -> None:
    limited = settings.model_copy(update={"messages_per_minute": 3, "opened_per_minute": 2})
    runtime = build_runtime(limited)
    try:
        with TestClient(create_app(runtime=runtime), headers=api_key_headers(runtime)) as client:
            first = client.post("/v1/conversations", json={}).json()["id"]
            second = client.post("/v1/conversations", json={}).json()["id"]
            third = client.post("/v1/conversations", json={})
            assert third.status_code == 429
            assert third.json()["title"] == "rate_limited"
            assert 1 <= int(third.headers["Retry-After"]) <= 61
            path = f"/v1/conversations/{first}/messages"
            codes = [client.post(path, json={"text": f"hi {i}"}).status_code for i in range(4)]
            assert codes == [201, 201, 201, 429]
            # another conversation is not held up by the first one's pace
            other = client.post(f"/v1/conversations/{second}/messages", json={"text": "hi"})
            assert other.status_code == 201
            widget = client.post("/v1/widget/sessions")
            assert widget.status_code == 429  # the same address opens no more this minute
    finally:
        runtime.close()
