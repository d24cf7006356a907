"""Replies a worker gives after the API process stopped waiting reach the widget's stream.

Real processes: ``deskpilot serve`` with ``DESKPILOT_TURNS=worker`` and a short turn wait, no
worker running at first, so the visitor's POST is answered without replies (the message
stored and queued); the widget's event stream is open; then a ``deskpilot worker`` starts,
takes the queued turn, and its replies arrive on the stream, from the live bus in Redis.
"""

from __future__ import annotations

import contextlib
import json
import threading
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from tests.scale._processes import Deployment, Server, Worker

pytestmark = [pytest.mark.postgres, pytest.mark.slow]

QUEUED = {"DESKPILOT_TURNS": "worker", "DESKPILOT_SCHEDULER": "separate"}


@pytest.fixture(scope="module")
def server(deployment: Deployment) -> Iterator[Server]:
    """An API process that waits half a second for a worker's replies."""
    api = Server(deployment, "serve-queued", DESKPILOT_TURN_WAIT_SECONDS="0.5", **QUEUED)
    try:
        api.wait_ready()
        yield api
    finally:
        api.stop()


def _read_events(response: httpx.Response, into: list[dict[str, Any]]) -> None:
    """Collect the stream's events until a bot's message arrives (or the stream ends)."""
    # An error: the test closed the stream, having waited long enough.
    with contextlib.suppress(httpx.HTTPError):
        _collect(response, into)


def _collect(response: httpx.Response, into: list[dict[str, Any]]) -> None:
    event: dict[str, Any] = {}
    for line in response.iter_lines():
        if line.startswith(":") or line.startswith("retry:"):
            continue
        if line:
            field, _, value = line.partition(": ")
            event[field] = json.loads(value) if field == "data" else value
            continue
        if event:
            into.append(event)
            if event.get("event") == "message" and event["data"]["sender"] == "bot":
                return
        event = {}


def test_queued_turn_replies_reach_the_widget_stream_after_the_wait(
    server: Server, deployment: Deployment
) -> None:
    token = httpx.post(f"{server.url}/v1/widget/sessions", timeout=10).json()["token"]
    auth = {"Authorization": f"Bearer {token}"}
    sent = httpx.post(
        f"{server.url}/v1/widget/messages",
        json={"text": "what is your return policy"},
        headers=auth,
        timeout=30,
    )
    assert sent.status_code == 201, sent.text
    assert sent.json()["replies"] == [], "no worker runs yet: the API stopped waiting"
    events: list[dict[str, Any]] = []
    url = f"{server.url}/v1/widget/events"
    with (
        httpx.Client(timeout=httpx.Timeout(10, read=120)) as client,
        client.stream("GET", url, headers=auth) as response,
    ):
        assert response.status_code == 200
        reader = threading.Thread(target=_read_events, args=(response, events), daemon=True)
        reader.start()
        worker = Worker(deployment, "worker-late", **QUEUED)
        try:
            worker.wait_ready()
            reader.join(90)
        finally:
            worker.stop()
    replies = [e["data"] for e in events if e.get("event") == "message"]
    assert replies and replies[-1]["sender"] == "bot", f"no reply on the stream: {events}"
    stored = httpx.get(f"{server.url}/v1/widget/messages", headers=auth, timeout=10).json()
    bot = [m for m in stored["messages"] if m["sender"] == "bot"]
    assert [m["id"] for m in bot] == [r["id"] for r in replies if r["sender"] == "bot"]
    assert "return" in bot[0]["text"].lower()
