"""The account desk of a second business: its workspace, a fake accounts server on loopback and
a runtime built from the workspace against it."""

from __future__ import annotations

import json
import shutil
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, ClassVar
from urllib.parse import parse_qs, urlparse

import pytest
from pydantic import SecretStr

from deskpilot.runtime import Runtime, build_runtime
from deskpilot.settings import Settings

WORKSPACE = Path(__file__).parent / "workspace"
CUSTOMERS = {"c1": {"id": "c1", "name": "Ann Lee", "email": "ann@example.com"}}

CONNECTOR = """\
name: accounts
base_url: {base}
auth: {{type: bearer, secret: accounts_token}}
retries: {{max_attempts: 1}}
actions:
  - name: find_customer
    description: Find the account that uses an email address.
    side_effect: read
    identifies: true
    input:
      - {{name: email, type: string, description: The customer's email address.}}
    method: GET
    path: /customers
    query: {{email: "{{{{ args.email }}}}"}}
    response: {{customer_id: data.customers.0.id}}
    refuse_when:
      - when: size(response.data.customers) == 0
        code: not_found
        reason: No account uses that email address.
  - name: get_customer
    description: The customer's account.
    side_effect: read
    input:
      - {{name: customer_id, type: string, description: The account id.}}
    method: GET
    path: /customers/{{customer_id}}
    response:
      {{customer_id: data.customer.id, name: data.customer.name, email: data.customer.email}}
    owner: {{path: args.customer_id}}
  - name: send_password_reset
    description: Send the customer a link to set a new password.
    side_effect: write
    input:
      - {{name: customer_id, type: string, description: The account id.}}
      - {{name: channel, type: string, description: sms or email.}}
    method: POST
    path: /customers/{{customer_id}}/password-resets
    body: {{channel: "{{{{ args.channel }}}}"}}
    response: {{reset_id: data.reset.id}}
    owner: {{path: args.customer_id}}
"""


def looked_up(path: str) -> tuple[int, dict[str, Any]]:
    """The accounts system's answer to a GET of ``path``: a customer by e-mail or by id."""
    url = urlparse(path)
    if url.path == "/api/customers":
        email = parse_qs(url.query).get("email", [""])[0]
        found = [c for c in CUSTOMERS.values() if c["email"] == email]
        return 200, {"data": {"customers": found}}
    if url.path.startswith("/api/customers/") and url.path.count("/") == 3:
        customer = CUSTOMERS.get(url.path.rsplit("/", 1)[1])
        if customer is None:
            return 404, {"error": "no such customer"}
        return 200, {"data": {"customer": customer}}
    return 404, {"error": "not found"}


class Accounts(BaseHTTPRequestHandler):
    resets: ClassVar[list[dict[str, Any]]] = []

    def _send(self, status: int, body: dict[str, Any]) -> None:
        raw = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(raw)))
        self.end_headers()
        self.wfile.write(raw)

    def do_GET(self) -> None:
        self._send(*looked_up(self.path))

    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        customer = self.path.split("/")[3]
        Accounts.resets.append({"customer": customer, **body})
        self._send(201, {"data": {"reset": {"id": f"r{len(Accounts.resets)}"}}})

    def log_message(self, format: str, *args: Any) -> None:
        pass  # quiet


# The base workspace lets knowing the e-mail verify a customer for every action.
PERMISSIVE = "  verification: {default: known}\n"


@contextmanager
def running_desk(
    tmp: Path, prepare: Callable[[Path], None] | None = None, connector: str = CONNECTOR
) -> Iterator[Runtime]:
    """A runtime of the account desk's workspace (changed by ``prepare`` first, when given),
    its accounts server on loopback, reached through ``connector``."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), Accounts)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    Accounts.resets = []
    ws = tmp / "ws"
    shutil.copytree(WORKSPACE, ws)
    if prepare is not None:
        prepare(ws)
    (ws / "connectors").mkdir()
    base = f"http://127.0.0.1:{server.server_address[1]}/api"
    (ws / "connectors" / "accounts.yaml").write_text(connector.format(base=base))
    settings = Settings(
        workspace=ws,
        data_dir=tmp / "data",
        database_url="sqlite://",
        secrets={"accounts_token": SecretStr("t0ken")},
    )
    try:
        runtime = build_runtime(settings)
        try:
            yield runtime
        finally:
            runtime.close()
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def desk(tmp_path: Path) -> Iterator[Runtime]:
    with running_desk(tmp_path) as runtime:
        yield runtime


def verification(ws: Path, setting: str) -> None:
    """Set the workspace's ``identity.verification`` (empty: take it out)."""
    config = ws / "deskpilot.yaml"
    text = config.read_text()
    assert PERMISSIVE in text
    config.write_text(text.replace(PERMISSIVE, f"  verification: {setting}\n" if setting else ""))


def say(runtime: Runtime, conversation: Any, text: str) -> str:
    """The replies to ``text`` in ``conversation``, as one string."""
    result = runtime.pipeline.do_receive_message(conversation.id, text)
    return " ".join(m.text for m in result.replies)
