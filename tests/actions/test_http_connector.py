"""The declarative HTTP connector against a real HTTP server on loopback.

Each test scripts the server's answers (status, JSON body, delay) and inspects the requests it
saw. Connector files that are meant to fail live in ``http_fixtures/broken_*.yaml``, with the
offending line marked ``# <- error``.
"""

from __future__ import annotations

import base64
import json
import logging
import re
import socket
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import httpx
import pytest
import yaml
from hypothesis import example, given, settings
from hypothesis import strategies as st
from pydantic import BaseModel, SecretStr, TypeAdapter, ValidationError

from deskpilot.actions._spec import Refusal, SideEffect
from deskpilot.actions.connectors.http import (
    AuthConfig,
    HttpConnector,
    HttpConnectorConfig,
    RetryPolicy,
    load_http_connector,
    load_http_connector_config,
)
from deskpilot.actions.connectors.http._template import render_path, render_value
from deskpilot.errors import (
    ActionError,
    ConnectorError,
    ConnectorTimeout,
    ConnectorUnavailable,
    WorkspaceError,
)
from deskpilot.settings import Settings
from deskpilot.workspace._yamlpos import compose, line_of

FIXTURES = Path(__file__).parent / "http_fixtures"
DOC = Path(__file__).parents[2] / "docs" / "http-connector.md"
SECRET = "s3cr3t-token-value-42"

# --------------------------------------------------------------------------- the test server


@dataclass(frozen=True)
class Reply:
    """One scripted answer: status, body (dicts and lists are sent as JSON), delay before it."""

    status: int = 200
    body: Any = None
    delay: float = 0.0
    content_type: str = "application/json"


@dataclass(frozen=True)
class Seen:
    """One request as the server received it; ``path`` is the raw path with its query."""

    method: str
    path: str
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)


@dataclass
class ScriptedServer:
    """A loopback HTTP server that answers with the scripted replies, in order."""

    replies: list[Reply] = field(default_factory=list)
    seen: list[Seen] = field(default_factory=list)
    errors: list[BaseException] = field(default_factory=list)
    stopping: threading.Event = field(default_factory=threading.Event)
    lock: threading.Lock = field(default_factory=threading.Lock)
    url: str = ""

    def script(self, *replies: Reply) -> None:
        self.replies.extend(replies)

    def next_reply(self, request: Seen) -> Reply:
        with self.lock:
            self.seen.append(request)
            if not self.replies:
                return Reply(599, {"error": "unscripted request"})
            return self.replies.pop(0)


def _handler(server: ScriptedServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def _handle(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            request = Seen(
                self.command,
                self.path,
                {key.lower(): value for key, value in self.headers.items()},
                self.rfile.read(length),
            )
            reply = server.next_reply(request)
            if reply.delay and server.stopping.wait(reply.delay):
                return
            body = reply.body
            if isinstance(body, dict | list):
                body = json.dumps(body)
            payload = (body or "").encode() if isinstance(body, str | None) else body
            try:
                self.send_response(reply.status)
                self.send_header("Content-Type", reply.content_type)
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)
            except OSError:
                pass  # the client gave up (a timeout test): nothing to answer to

        do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = _handle  # noqa: N815

        def log_message(self, format: str, *args: Any) -> None:
            pass

    return Handler


class _Server(ThreadingHTTPServer):
    script: ScriptedServer

    def handle_error(self, request: Any, client_address: Any) -> None:
        error = sys.exc_info()[1]
        if error is not None and not isinstance(error, ConnectionError):
            self.script.errors.append(error)


@pytest.fixture
def server() -> Iterator[ScriptedServer]:
    script = ScriptedServer()
    httpd = _Server(("127.0.0.1", 0), _handler(script))
    httpd.script = script
    script.url = f"http://127.0.0.1:{httpd.server_address[1]}"
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    try:
        yield script
    finally:
        script.stopping.set()
        httpd.shutdown()
        httpd.server_close()
        thread.join()
    assert script.errors == []


@pytest.fixture
def connectors() -> Iterator[list[HttpConnector]]:
    """Connectors created by a test; closed when it ends."""
    created: list[HttpConnector] = []
    yield created
    for connector in created:
        connector.close()


# --------------------------------------------------------------------------- helpers

ORDER_ACTION: dict[str, Any] = {
    "name": "get_order",
    "description": "Look up an order.",
    "side_effect": "read",
    "input": [{"name": "order_id", "type": "string"}],
    "method": "GET",
    "path": "/orders/{order_id}",
    "response": {"status": "data.order.status", "customer_id": "data.order.customer.id"},
}
REFUND_ACTION: dict[str, Any] = {
    "name": "refund_order",
    "description": "Refund an order.",
    "side_effect": "write",
    "input": [
        {"name": "order_id", "type": "string"},
        {"name": "amount", "type": "number"},
        {"name": "items", "type": "array", "required": False},
    ],
    "method": "POST",
    "path": "/orders/{order_id}/refunds",
    "body": {
        "amount": "{{ args.amount }}",
        "items": "{{ args.items }}",
        "note": "order {{ args.order_id }}",
    },
    "response": {"refund_id": "refund.id"},
}
ORDER_BODY = {"data": {"order": {"status": "delivered", "customer": {"id": "cus_7"}}}}


def make(
    server: ScriptedServer,
    connectors: list[HttpConnector],
    *actions: dict[str, Any],
    secrets: dict[str, SecretStr] | None = None,
    **overrides: Any,
) -> HttpConnector:
    """A connector for ``server`` with fast retries and short timeouts."""
    raw: dict[str, Any] = {
        "name": "shop",
        "base_url": f"{server.url}/api",
        "timeout_seconds": 0.2,
        "retries": {"max_attempts": 3, "initial_backoff_seconds": 0.01},
        "actions": list(actions) or [ORDER_ACTION],
        **overrides,
    }
    connector = HttpConnector(HttpConnectorConfig.model_validate(raw), secrets or {})
    connectors.append(connector)
    return connector


def args_for(connector: HttpConnector, action: str, **values: Any) -> BaseModel:
    spec = next(spec for spec in connector.specs() if spec.name == action)
    return spec.input_model(**values)


def execute(connector: HttpConnector, action: str, key: str = "key-1", **values: Any) -> Any:
    return connector.execute(action, args_for(connector, action, **values), key)


# --------------------------------------------------------------------------- requests and answers


def test_http_connector_maps_response_fields(
    server: ScriptedServer, connectors: list[HttpConnector]
) -> None:
    server.script(Reply(200, ORDER_BODY))
    connector = make(server, connectors)

    result = execute(connector, "get_order", order_id="A-1001")

    assert result == {"status": "delivered", "customer_id": "cus_7"}
    assert [(seen.method, seen.path) for seen in server.seen] == [("GET", "/api/orders/A-1001")]
    assert "idempotency-key" not in server.seen[0].headers


def test_http_connector_specs_have_real_input_models(
    server: ScriptedServer, connectors: list[HttpConnector]
) -> None:
    connector = make(server, connectors, ORDER_ACTION, REFUND_ACTION)

    refund = connector.specs()[1]

    assert (refund.name, refund.side_effect, refund.connector) == (
        "refund_order",
        SideEffect.WRITE,
        "shop",
    )
    assert refund.json_schema()["required"] == ["order_id", "amount"]
    assert refund.input_model(order_id="A-1", amount="12.5").model_dump() == {
        "order_id": "A-1",
        "amount": 12.5,
        "items": None,
    }
    with pytest.raises(ValidationError):
        refund.input_model(order_id="A-1", amount=1, coupon="FREE")


def test_http_connector_encodes_path_and_query_arguments(
    server: ScriptedServer, connectors: list[HttpConnector]
) -> None:
    server.script(Reply(200, {"data": {"order": {"status": "x", "customer": {"id": 1}}}}))
    action = {**ORDER_ACTION, "query": {"expand": "{{ args.order_id }}", "limit": 1}}
    connector = make(server, connectors, action)

    execute(connector, "get_order", order_id="a/b?c#d é%")

    assert (
        server.seen[0].path
        == "/api/orders/a%2Fb%3Fc%23d%20%C3%A9%25?expand=a%2Fb%3Fc%23d+%C3%A9%25&limit=1"
    )


@pytest.mark.parametrize("value", ["", ".", ".."])
def test_http_connector_refuses_dot_segments_in_paths(
    value: str, server: ScriptedServer, connectors: list[HttpConnector]
) -> None:
    connector = make(server, connectors)

    with pytest.raises(ActionError, match="cannot be used in a URL path"):
        execute(connector, "get_order", order_id=value)
    assert server.seen == []


def test_http_connector_renders_typed_body_and_idempotency_key_across_retries(
    server: ScriptedServer, connectors: list[HttpConnector]
) -> None:
    server.script(Reply(503), Reply(503), Reply(201, {"refund": {"id": "re_1"}}))
    connector = make(server, connectors, REFUND_ACTION)

    result = execute(
        connector,
        "refund_order",
        key="case_1:refund",
        order_id="A-1",
        amount=12.5,
        items=["sku-1", 2],
    )

    assert result == {"refund_id": "re_1"}
    assert len(server.seen) == 3
    assert {seen.headers["idempotency-key"] for seen in server.seen} == {"case_1:refund"}
    assert server.seen[0].json() == {"amount": 12.5, "items": ["sku-1", 2], "note": "order A-1"}
    assert server.seen[0].headers["content-type"] == "application/json"


def test_http_connector_uses_the_configured_idempotency_header(
    server: ScriptedServer, connectors: list[HttpConnector]
) -> None:
    server.script(Reply(200, {"refund": {"id": "re_1"}}), Reply(200, {"refund": {"id": "re_2"}}))
    renamed = make(server, connectors, {**REFUND_ACTION, "idempotency_header": "X-Request-Id"})
    disabled = make(server, connectors, {**REFUND_ACTION, "idempotency_header": None})

    execute(renamed, "refund_order", key="k-9", order_id="A-1", amount=1)
    execute(disabled, "refund_order", key="k-9", order_id="A-1", amount=1)

    assert server.seen[0].headers["x-request-id"] == "k-9"
    assert "idempotency-key" not in server.seen[0].headers
    assert "k-9" not in server.seen[1].headers.values()


# --------------------------------------------------------------------------- auth and secrets


@pytest.mark.parametrize(
    ("auth", "header", "expected"),
    [
        ({"type": "bearer", "secret": "shop_token"}, "authorization", f"Bearer {SECRET}"),
        (
            {"type": "basic", "username": "deskpilot", "secret": "shop_token"},
            "authorization",
            "Basic " + base64.b64encode(f"deskpilot:{SECRET}".encode()).decode(),
        ),
        ({"type": "api_key", "header": "X-Shop-Key", "secret": "shop_token"}, "x-shop-key", SECRET),
    ],
)
def test_http_connector_sends_auth_header_from_secret(
    auth: dict[str, str],
    header: str,
    expected: str,
    server: ScriptedServer,
    connectors: list[HttpConnector],
) -> None:
    server.script(Reply(200, ORDER_BODY))
    connector = make(server, connectors, auth=auth, secrets={"shop_token": SecretStr(SECRET)})

    execute(connector, "get_order", order_id="A-1")

    assert server.seen[0].headers[header] == expected


def test_http_connector_never_reveals_the_secret(
    server: ScriptedServer, connectors: list[HttpConnector], caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    server.script(Reply(500), Reply(502), Reply(503), Reply(401, {"error": "bad token"}))
    connector = make(
        server,
        connectors,
        auth={"type": "bearer", "secret": "shop_token"},
        secrets={"shop_token": SecretStr(SECRET)},
    )

    errors: list[ConnectorError] = []
    for _ in range(2):
        with pytest.raises(ConnectorError) as caught:
            execute(connector, "get_order", order_id="A-1")
        errors.append(caught.value)

    assert isinstance(errors[0], ConnectorUnavailable)
    assert errors[1].data["status"] == 401
    assert "retrying" in caplog.text
    for text in [
        caplog.text,
        repr(connector),
        repr(connector.config),
        *(f"{e} {e.data!r}" for e in errors),
    ]:
        assert SECRET not in text
    ours = [record.getMessage() for record in caplog.records if record.name.startswith("deskpilot")]
    assert ours and not any("A-1" in message for message in ours)  # nor argument values


def test_http_connector_reports_a_missing_secret_without_values() -> None:
    config = load_http_connector_config(FIXTURES / "shop.yaml")

    with pytest.raises(WorkspaceError, match="configured secrets: crm_key") as caught:
        HttpConnector(config, {"crm_key": SecretStr(SECRET)})

    assert caught.value.data["field"] == "auth.secret"
    assert SECRET not in str(caught.value)


# --------------------------------------------------------------------------- failures and retries


def test_http_connector_retries_a_slow_answer_then_times_out(
    server: ScriptedServer, connectors: list[HttpConnector]
) -> None:
    server.script(*[Reply(200, ORDER_BODY, delay=2.0)] * 2)
    connector = make(
        server, connectors, retries={"max_attempts": 2, "initial_backoff_seconds": 0.01}
    )

    started = time.monotonic()
    with pytest.raises(ConnectorTimeout, match="gave up after 2 attempts") as caught:
        execute(connector, "get_order", order_id="A-1")

    assert time.monotonic() - started < 1.5
    assert len(server.seen) == 2
    assert caught.value.retryable and caught.value.data["attempts"] == 2


def test_http_connector_retries_503_twice_then_succeeds(
    server: ScriptedServer, connectors: list[HttpConnector]
) -> None:
    server.script(Reply(503), Reply(503), Reply(200, ORDER_BODY))
    connector = make(server, connectors)

    assert execute(connector, "get_order", order_id="A-1")["status"] == "delivered"
    assert len(server.seen) == 3


def test_http_connector_gives_up_on_persistent_5xx(
    server: ScriptedServer, connectors: list[HttpConnector]
) -> None:
    server.script(Reply(500), Reply(502), Reply(503))
    retries = {"max_attempts": 3, "initial_backoff_seconds": 0.1, "backoff_multiplier": 3}
    connector = make(server, connectors, retries=retries)

    started = time.monotonic()
    with pytest.raises(ConnectorUnavailable, match="status 503") as caught:
        execute(connector, "get_order", order_id="A-1")

    assert time.monotonic() - started >= 0.1 + 0.3  # waited between the attempts
    assert caught.value.data["status"] == 503
    assert len(server.seen) == 3


def test_http_connector_reports_a_refused_connection_as_unavailable(
    connectors: list[HttpConnector],
) -> None:
    with socket.socket() as probe:  # a port that was free a moment ago: nothing listens on it
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    config = HttpConnectorConfig.model_validate(
        {
            "name": "shop",
            "base_url": f"http://127.0.0.1:{port}",
            "retries": {"max_attempts": 2, "initial_backoff_seconds": 0},
            "actions": [ORDER_ACTION],
        }
    )
    connector = HttpConnector(config, {})
    connectors.append(connector)

    with pytest.raises(ConnectorUnavailable, match="could not reach the service"):
        execute(connector, "get_order", order_id="A-1")


@pytest.mark.parametrize("status", [400, 404])
def test_http_connector_does_not_retry_an_unmapped_4xx(
    status: int, server: ScriptedServer, connectors: list[HttpConnector]
) -> None:
    server.script(Reply(status, {"error": "no"}))
    connector = make(server, connectors)

    with pytest.raises(
        ConnectorError, match=f"expected a 2xx answer, found status {status}"
    ) as caught:
        execute(connector, "get_order", order_id="A-1")

    assert type(caught.value) is ConnectorError and not caught.value.retryable
    assert len(server.seen) == 1


def test_http_connector_maps_a_business_error_to_a_refusal(
    server: ScriptedServer, connectors: list[HttpConnector]
) -> None:
    rules = [
        {"status": 409, "code": "already_refunded", "reason": "Already refunded."},
        {
            "when": 'response.error.code == "window_closed"',
            "code": "window_closed",
            "reason": "Too late.",
        },
    ]
    server.script(
        Reply(409, "<html>conflict</html>", content_type="text/html"),
        Reply(422, {"error": {"code": "window_closed"}}),
        Reply(200, {"refund": {"id": "re_1"}}),
    )
    connector = make(server, connectors, {**REFUND_ACTION, "refuse_when": rules})

    outcomes: list[str] = []
    for _ in range(2):
        with pytest.raises(Refusal) as caught:
            execute(connector, "refund_order", order_id="A-1", amount=5)
        outcomes.append(caught.value.code)
    # The CEL rule meets a body without 'error' and simply does not apply.
    assert execute(connector, "refund_order", order_id="A-1", amount=5) == {"refund_id": "re_1"}

    assert outcomes == ["already_refunded", "window_closed"]
    assert len(server.seen) == 3


def test_http_connector_rejects_a_body_that_is_not_json(
    server: ScriptedServer, connectors: list[HttpConnector]
) -> None:
    server.script(
        Reply(
            200, "<html>order shipped to Jane Doe</html>", content_type="text/html; charset=utf-8"
        )
    )
    connector = make(server, connectors)

    with pytest.raises(
        ConnectorError, match=r"expected a JSON body, found text/html \(38 bytes\)"
    ) as caught:
        execute(connector, "get_order", order_id="A-1")

    assert "Jane" not in str(caught.value)


def test_http_connector_says_which_mapped_path_is_missing(
    server: ScriptedServer, connectors: list[HttpConnector]
) -> None:
    server.script(
        Reply(200, {"data": {"order": {"state": "delivered", "customer": {"id": "c"}}}}), Reply(204)
    )
    connector = make(server, connectors)

    with pytest.raises(
        ConnectorError,
        match=r"'status' at 'data.order.status' of the answer: "
        r"no key 'status' at data.order \(found an object with 2 keys\)",
    ):
        execute(connector, "get_order", order_id="A-1")
    with pytest.raises(ConnectorError, match="found an empty body"):
        execute(connector, "get_order", order_id="A-1")


def test_http_connector_rejects_unknown_actions(
    server: ScriptedServer, connectors: list[HttpConnector]
) -> None:
    connector = make(server, connectors, ORDER_ACTION, REFUND_ACTION)

    with pytest.raises(
        ActionError, match="expected one of the actions get_order, refund_order, found 'cancel'"
    ):
        connector.execute("cancel", args_for(connector, "get_order", order_id="A"), "k")


# --------------------------------------------------------------------------- owner and precondition


def test_http_connector_finds_the_owner_in_an_argument_or_a_lookup(
    server: ScriptedServer, connectors: list[HttpConnector]
) -> None:
    server.script(Reply(200, ORDER_BODY), Reply(404, {"error": "no such order"}))
    by_arg = {
        **ORDER_ACTION,
        "name": "get_profile",
        "input": [{"name": "user_id", "type": "integer"}],
        "path": "/users/{user_id}",
        "owner": {"path": "args.user_id"},
    }
    refund = {**REFUND_ACTION, "owner": {"action": "get_order", "path": "customer_id"}}
    connector = make(server, connectors, ORDER_ACTION, refund, by_arg)

    assert connector.owner_of("get_profile", args_for(connector, "get_profile", user_id=42)) == "42"
    assert connector.owner_of("get_order", args_for(connector, "get_order", order_id="A")) is None
    refund_args = args_for(connector, "refund_order", order_id="A-1", amount=3)
    assert connector.owner_of("refund_order", refund_args) == "cus_7"
    with pytest.raises(Refusal) as caught:
        connector.owner_of("refund_order", refund_args)

    assert caught.value.code == "not_found"
    assert [seen.path for seen in server.seen] == ["/api/orders/A-1", "/api/orders/A-1"]


def test_http_connector_checks_a_precondition_read(
    server: ScriptedServer, connectors: list[HttpConnector]
) -> None:
    undelivered = {"data": {"order": {"status": "shipped", "customer": {"id": "c"}}}}
    server.script(Reply(200, ORDER_BODY), Reply(200, undelivered), Reply(200, {"data": {}}))
    precondition = {
        "action": "get_order",
        "require": 'result.status == "delivered"',
        "code": "not_delivered",
        "reason": "Not delivered yet.",
    }
    refund = {**REFUND_ACTION, "precondition": precondition}
    connector = make(server, connectors, ORDER_ACTION, refund)
    refund_args = args_for(connector, "refund_order", order_id="A-1", amount=3)

    connector.check("refund_order", refund_args)
    with pytest.raises(Refusal) as caught:
        connector.check("refund_order", refund_args)
    with pytest.raises(ConnectorError, match="no key 'order'"):
        connector.check("refund_order", refund_args)
    connector.check("get_order", args_for(connector, "get_order", order_id="A-1"))  # none declared

    assert (caught.value.code, caught.value.reason) == ("not_delivered", "Not delivered yet.")
    assert len(server.seen) == 3


# --------------------------------------------------------------------------- the connector file


def _broken_files() -> list[Path]:
    return sorted(FIXTURES.glob("broken_*.yaml"))


@pytest.mark.parametrize("path", _broken_files(), ids=lambda path: path.stem)
def test_load_http_connector_names_file_line_and_field(path: Path) -> None:
    marked = next(
        n for n, text in enumerate(path.read_text().splitlines(), 1) if "# <- error" in text
    )

    with pytest.raises(WorkspaceError) as caught:
        load_http_connector(path, {"shop_token": SecretStr(SECRET)})

    error = caught.value
    assert str(error).startswith(f"{path}:")
    assert error.data["file"] == str(path)
    problems = error.data.get("errors") or [{"line": error.data["line"], "field": None}]
    assert marked in [problem["line"] for problem in problems]
    assert "sk_live_do_not_echo_me" not in str(error) + repr(error.data)


@pytest.mark.parametrize(
    ("name", "field", "message"),
    [
        (
            "broken_method",
            "actions.0.method",
            "Input should be 'GET', 'POST', 'PUT', 'PATCH' or 'DELETE' (found 'FETCH')",
        ),
        ("broken_auth_field", "auth.token", "unknown field; expected one of: type, secret"),
        ("broken_missing_path", "actions.1.path", "this required field is missing"),
        (
            "broken_placeholder",
            "actions.0.path",
            "path parameter {order} names no declared argument; declared arguments: order_id",
        ),
        ("broken_duplicate_key", "actions.0.method", "this key is written twice in one mapping"),
        ("broken_cel", "actions.0.refuse_when.1.when", "expected a CEL expression that compiles"),
        (
            "broken_owner",
            "actions.0.owner.action",
            "expected a read action of this file (none declared), "
            "found no such action 'refund_order'",
        ),
    ],
)
def test_load_http_connector_says_what_was_expected(name: str, field: str, message: str) -> None:
    with pytest.raises(WorkspaceError) as caught:
        load_http_connector(FIXTURES / f"{name}.yaml", {})

    assert any(
        e["field"] == field and e["message"].startswith(message)
        for e in caught.value.data["errors"]
    )


def test_load_http_connector_hints_at_quoting_templates() -> None:
    with pytest.raises(WorkspaceError, match=r":13: invalid YAML: .*must be quoted"):
        load_http_connector(FIXTURES / "broken_unquoted_template.yaml", {})


def test_yaml_line_of_follows_pydantic_locations() -> None:
    root = compose("a:\n  b:\n    - x: 1\n    - y: 2\n")

    assert line_of(root, ("a", "b", 1, "y")) == 4
    assert line_of(root, ("a", "b", 1, "z")) == 4  # missing: the deepest part that exists
    assert line_of(root, ("a", "union_tag", "b")) == 2
    assert line_of(compose(""), ("a",)) is None


# --------------------------------------------------------------------------- templates (properties)

SEGMENT = st.text(min_size=1).filter(lambda text: text not in {".", ".."})


def _as_text(value: str | int | bool) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


@settings(database=None, max_examples=300)
@given(first=SEGMENT, second=st.one_of(SEGMENT, st.integers(), st.booleans()))
@example(first="a/../b", second=1).via("an int equal to True")
@example(first="?x=1#frag", second=True).via("a bool")
def test_render_path_keeps_each_argument_inside_its_segment(first: str, second: Any) -> None:
    path = render_path("/orders/{first}/items/{second}", {"first": first, "second": second})
    url = httpx.URL("http://shop.test/api" + path)

    segments = path.split("/")
    assert [segments[0], segments[1], segments[3], len(segments)] == ["", "orders", "items", 5]
    assert "?" not in path and "#" not in path
    assert url.raw_path.decode() == "/api" + path and not url.query and not url.fragment
    assert unquote(segments[2]) == first and unquote(segments[4]) == _as_text(second)


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3)
    ),
    max_leaves=10,
)


@settings(database=None, max_examples=200)
@given(value=JSON_VALUES, other=st.text())
def test_render_value_keeps_types_and_never_expands_argument_text(value: Any, other: str) -> None:
    args = {"x": value, "y": "{{ args.x }}", "z": other}
    template = {
        "whole": "{{ args.x }}",
        "nested": ["{{args.y}}"],
        "text": "<{{ args.z }}|{{ args.y }}>",
    }

    rendered = render_value(template, args)

    assert rendered["whole"] == value and type(rendered["whole"]) is type(value)
    assert rendered["nested"] == ["{{ args.x }}"]  # a value is data, never a template
    assert rendered["text"] == f"<{other}|{{{{ args.x }}}}>"


# --------------------------------------------------------------------------- the documented example


def _doc_blocks(language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", DOC.read_text(encoding="utf-8"), flags=re.DOTALL)


class _ToLoopback(httpx.BaseTransport):
    """Sends every request to the test server, whatever host the connector file names."""

    def __init__(self, server_url: str) -> None:
        self._target = httpx.URL(server_url)
        self._inner = httpx.HTTPTransport()

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        request.url = request.url.copy_with(
            scheme="http", host=self._target.host, port=self._target.port
        )
        return self._inner.handle_request(request)

    def close(self) -> None:
        self._inner.close()


def test_docs_worked_example_is_the_fixture() -> None:
    assert (FIXTURES / "shop.yaml").read_text(encoding="utf-8") in _doc_blocks("yaml")


def test_docs_snippets_are_valid() -> None:
    blocks = _doc_blocks("yaml")
    auth = TypeAdapter(AuthConfig)

    assert len(blocks) == 5  # a new snippet needs a check here
    assert [
        auth.validate_python(yaml.safe_load(b)["auth"]).type
        for b in blocks
        if b.startswith("auth:")
    ] == ["bearer", "basic", "api_key"]
    retries = RetryPolicy.model_validate(
        yaml.safe_load(next(b for b in blocks if b.startswith("retries:")))["retries"]
    )
    assert [retries.backoff(n) for n in (1, 2, 3, 4, 5)] == [0.5, 1.0, 2.0, 4.0, 4.0]


def test_docs_error_example_is_what_loading_says() -> None:
    (example,) = _doc_blocks("text")

    with pytest.raises(WorkspaceError) as caught:
        load_http_connector(FIXTURES / "broken_method.yaml", {})

    assert str(caught.value) == f"{FIXTURES}/{example.strip().removeprefix('connectors/')}"


def test_docs_secrets_setting_reaches_the_connector(
    monkeypatch: pytest.MonkeyPatch, server: ScriptedServer
) -> None:
    command = next(block for block in _doc_blocks("sh") if "DESKPILOT_SECRETS" in block)
    value = re.search(r"DESKPILOT_SECRETS='(.*)'", command)
    assert value is not None
    monkeypatch.setenv("DESKPILOT_SECRETS", value.group(1))
    server.script(
        Reply(
            200,
            {
                "data": {
                    "order": {
                        "status": "delivered",
                        "total": 40,
                        "currency": "EUR",
                        "customer": {"id": "c"},
                    }
                }
            },
        )
    )

    settings_ = Settings(_env_file=None)
    with load_http_connector(
        FIXTURES / "shop.yaml", settings_.secrets, transport=_ToLoopback(server.url)
    ) as shop:
        execute(shop, "get_order", order_id="A-1001")

    assert (
        server.seen[0].headers["authorization"]
        == f"Bearer {settings_.secrets['shop_token'].get_secret_value()}"
    )


def test_docs_worked_example_runs(server: ScriptedServer) -> None:
    order = {
        "data": {
            "order": {
                "status": "delivered",
                "total": 40.0,
                "currency": "EUR",
                "customer": {"id": "cus_7"},
            }
        }
    }
    server.script(
        Reply(200, {"data": {"customers": [{"id": "cus_7"}]}}),
        Reply(200, {"data": {"customers": []}}),
        Reply(200, order),  # owner_of
        Reply(200, order),  # check
        Reply(201, {"data": {"refund": {"id": "re_1", "status": "pending"}}}),
        Reply(200, order),  # check with too large an amount
        Reply(409, {"error": {"code": "duplicate"}}),
        Reply(404, {"error": "not found"}),
    )
    secrets = {"shop_token": SecretStr(SECRET)}

    with load_http_connector(
        FIXTURES / "shop.yaml", secrets, transport=_ToLoopback(server.url)
    ) as shop:
        find = next(spec for spec in shop.specs() if spec.name == "find_customer")
        assert find.identifies and execute(shop, "find_customer", email="jo@example.com") == {
            "customer_id": "cus_7"
        }
        with pytest.raises(Refusal, match="We could not find an account"):
            execute(shop, "find_customer", email="nobody@example.com")
        refund = args_for(
            shop, "refund_order", order_id="A-1001", amount=25, reason="arrived broken"
        )
        assert shop.owner_of("refund_order", refund) == "cus_7"
        shop.check("refund_order", refund)
        result = shop.execute("refund_order", refund, "case_1:refund_order")
        with pytest.raises(Refusal, match="up to the amount paid"):
            shop.check("refund_order", args_for(shop, "refund_order", order_id="A-1001", amount=99))
        with pytest.raises(Refusal, match="already been refunded"):
            shop.execute("refund_order", refund, "case_1:refund_order")
        with pytest.raises(Refusal, match="We could not find an order with that number"):
            shop.owner_of("refund_order", refund)

    assert result == {"refund_id": "re_1", "refund_status": "pending"}
    assert server.seen[0].path == "/api/v2/customers?email=jo%40example.com&limit=1"
    assert server.seen[4].path == "/api/v2/orders/A-1001/refunds"
    assert server.seen[4].headers["idempotency-key"] == "case_1:refund_order"
    assert server.seen[4].json() == {
        "amount": 25.0,
        "reason": "arrived broken",
        "note": "Refund of order A-1001 by DeskPilot",
    }
    assert server.seen[4].headers["host"] == "shop.example.com"
