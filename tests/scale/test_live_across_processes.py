"""Live updates between real API processes: two ``deskpilot serve`` sharing PostgreSQL and
Redis. What one process publishes reaches streams opened on the other, and a client that
reconnects with ``Last-Event-ID`` (to either) gets what it missed."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from tests.scale._processes import Deployment, Server, two_servers

pytestmark = [pytest.mark.postgres, pytest.mark.slow]


@pytest.fixture(scope="module")
def servers(deployment: Deployment) -> Iterator[tuple[Server, Server]]:
    """Two API processes of one deployment, started together."""
    with two_servers(deployment) as pair:
        yield pair


def _session(server: Server) -> dict[str, str]:
    response = httpx.post(f"{server.url}/v1/widget/sessions", timeout=10)
    assert response.status_code == 201, response.text
    return {"Authorization": f"Bearer {response.json()['token']}"}


def _send(server: Server, auth: dict[str, str], text: str) -> None:
    response = httpx.post(
        f"{server.url}/v1/widget/messages", json={"text": text}, headers=auth, timeout=30
    )
    assert response.status_code == 201, response.text


class EventStream:
    """An open ``/v1/widget/events`` stream, read event by event."""

    def __init__(self, response: httpx.Response) -> None:
        self._lines = response.iter_lines()
        assert next(self._lines) == "retry: 3000"
        assert next(self._lines) == ": connected"

    def rest(self) -> list[str]:
        """The lines until the server ends the stream."""
        return list(self._lines)

    def until(self, text: str) -> list[dict[str, Any]]:
        """The events up to and including the message whose text is ``text``."""
        seen: list[dict[str, Any]] = []
        event: dict[str, Any] = {}
        for line in self._lines:
            if line.startswith(":"):
                continue
            if not line:
                if event:
                    seen.append(event)
                    if event.get("event") == "message" and event["data"]["text"] == text:
                        return seen
                event = {}
                continue
            field, _, value = line.partition(": ")
            event[field] = json.loads(value) if field == "data" else value
        raise AssertionError(f"the stream ended before {text!r}; saw {seen}")


def _events(client: httpx.Client, server: Server, auth: dict[str, str], **headers: str) -> Any:
    return client.stream("GET", f"{server.url}/v1/widget/events", headers={**auth, **headers})


def test_a_message_posted_on_one_process_reaches_a_stream_on_the_other(
    servers: tuple[Server, Server],
) -> None:
    a, b = servers
    auth = _session(a)
    with httpx.Client(timeout=20) as client, _events(client, b, auth) as response:
        stream = EventStream(response)
        _send(a, auth, "hello")
        seen = stream.until("hello")
    assert [e["data"]["sender"] for e in seen if e["event"] == "message"] == ["customer"]
    assert all(e["id"] for e in seen), "every event carries an id"


@pytest.mark.parametrize("reconnect_to", [0, 1], ids=["same-process", "other-process"])
def test_a_reconnecting_stream_gets_the_events_it_missed(
    servers: tuple[Server, Server], reconnect_to: int
) -> None:
    a, b = servers
    auth = _session(a)
    with httpx.Client(timeout=20) as client:
        with _events(client, b, auth) as response:
            _send(a, auth, "hello")
            last = EventStream(response).until("hello")[-1]["id"]
        # Away from the stream, the visitor writes again (through the other process).
        _send(a, auth, "where is my order")
        with _events(client, servers[reconnect_to], auth, **{"Last-Event-ID": last}) as response:
            missed = EventStream(response).until("where is my order")
    texts = [e["data"]["text"] for e in missed if e["event"] == "message"]
    assert "hello" not in texts, "nothing already seen comes again"
    assert texts[-1] == "where is my order"
    assert texts[0] != "where is my order", "the bot's reply to hello, sent after, comes first"


def test_sigterm_ends_the_event_streams_and_the_server_exits(deployment: Deployment) -> None:
    """A stream never ends by itself: without ending them, the drain waits for the timeout.
    The client sees its stream end and reconnects (elsewhere, with ``Last-Event-ID``)."""
    server = Server(deployment, "serve-drained", DESKPILOT_SHUTDOWN_TIMEOUT_SECONDS="60")
    try:
        server.wait_ready()
        auth = _session(server)
        with httpx.Client(timeout=20) as client, _events(client, server, auth) as response:
            stream = EventStream(response)
            server.popen.terminate()
            rest = stream.rest()
        assert rest[-1:] in ([], [""]), "the stream ended cleanly"
        server.popen.wait(15)
        assert "Traceback" not in server.output()
    finally:
        server.stop()
