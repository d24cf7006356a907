"""Operations: liveness, readiness with the reason it fails, Prometheus metrics."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, text

from deskpilot.api import create_app
from deskpilot.runtime import Runtime, build_runtime
from deskpilot.settings import Settings, get_settings
from tests.conftest import api_key_headers


def _client(settings: Settings) -> Iterator[tuple[TestClient, Runtime]]:
    runtime = build_runtime(settings)
    try:
        app = create_app(runtime=runtime)
        with TestClient(app, raise_server_exceptions=False) as client:
            yield client, runtime
    finally:
        runtime.close()


@pytest.fixture
def served(settings: Settings) -> Iterator[tuple[TestClient, Runtime]]:
    """A client of the app on its own SQLite database, in-process live bus."""
    yield from _client(settings)


def test_health_answers_without_touching_anything(
    served: tuple[TestClient, Runtime],
) -> None:
    client, runtime = served
    runtime.db.dispose()
    response = client.get("/health")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_ready_when_the_database_answers(served: tuple[TestClient, Runtime]) -> None:
    response = served[0].get("/ready")
    assert response.status_code == 200
    assert response.json() == {"status": "ready"}


def test_not_ready_while_redis_is_unreachable_and_says_so(settings: Settings) -> None:
    nobody = settings.model_copy(update={"redis_url": "redis://127.0.0.1:1/0"})
    for client, _runtime in _client(nobody):
        response = client.get("/ready")
        assert response.status_code == 503
        assert response.headers["content-type"] == "application/problem+json"
        assert response.json()["detail"].startswith("Redis unreachable")
        assert client.get("/health").status_code == 200


@pytest.mark.postgres
def test_not_ready_while_the_database_is_down_and_says_so(
    settings: Settings, postgres_url: str
) -> None:
    for client, _runtime in _client(settings.model_copy(update={"database_url": postgres_url})):
        assert client.get("/ready").status_code == 200
        _drop(postgres_url)
        response = client.get("/ready")
        assert response.status_code == 503
        body = response.json()
        assert body["detail"].startswith("database unreachable")
        assert "postgres" not in body["detail"], "no connection string in the answer"


def _drop(url: str) -> None:
    """The database goes away under the running app."""
    name = url.rsplit("/", 1)[1]
    admin = create_engine(get_settings().postgres_test_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as c:
        c.execute(
            text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = :n"),
            {"n": name},
        )
        c.execute(text(f'DROP DATABASE "{name}"'))
    admin.dispose()


def _metric(body: str, name: str, **labels: str) -> float:
    """The value of one sample in Prometheus' text format (0 when absent)."""
    wanted = ",".join(f'{k}="{v}"' for k, v in sorted(labels.items()))
    for line in body.splitlines():
        match = re.fullmatch(r"([a-z_]+)(?:\{(.*)\})? (\S+)", line)
        if match and match[1] == name:
            found = ",".join(sorted((match[2] or "").split(","))) if match[2] else ""
            if found == wanted:
                return float(match[3])
    return 0.0


def test_metrics_count_turns_actions_handoffs_and_queued_cases(
    served: tuple[TestClient, Runtime], store_data: dict[str, Any]
) -> None:
    client, runtime = served
    headers = api_key_headers(runtime)
    order_id, order = next(iter(store_data["orders"].items()))
    email = store_data["users"][order["user_id"]]["email"]
    conversation = client.post("/v1/conversations", json={"channel": "api"}, headers=headers)
    turns = [f"my email is {email}", f"where is my order {order_id}"]
    for said in turns:
        url = f"/v1/conversations/{conversation.json()['id']}/messages"
        assert client.post(url, json={"text": said}, headers=headers).status_code in (200, 201)
    token = client.post("/v1/widget/sessions").json()["token"]
    widget = {"Authorization": f"Bearer {token}"}
    said = {"text": "I want to talk to a human"}
    assert client.post("/v1/widget/messages", json=said, headers=widget).status_code == 201

    response = client.get("/metrics")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain; version=0.0.4")
    body = response.text
    assert _metric(body, "deskpilot_turn_seconds_count", channel="api") == len(turns)
    assert _metric(body, "deskpilot_turn_seconds_count", channel="widget") == 1
    assert _metric(body, "deskpilot_actions_total", outcome="succeeded") >= 1
    assert _metric(body, "deskpilot_handoffs_total") == 1
    queued = [
        _metric(body, "deskpilot_queue_cases", queue=q, state=s)
        for q in (queue.name for queue in runtime.routing.queues)
        for s in ("waiting", "assigned")
    ]
    assert sum(queued) == 1, "the handed-off case is in a queue"
    # A second scrape reads only what is new, and counts nothing twice.
    assert _metric(client.get("/metrics").text, "deskpilot_handoffs_total") == 1
