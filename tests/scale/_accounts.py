"""A fake accounts system on loopback for fault tests: the account desk's connector
(tests/second_business) reads customers from it and writes password resets to it.

A write is performed once per ``Idempotency-Key``, as a backend honouring the header does:
a retry with a key already seen gets the stored result. ``hold`` makes a write's answer wait
(the write itself is performed when the request arrives), so a test can kill, stall or cut off
the worker in the middle of it.
"""

from __future__ import annotations

import contextlib
import json
import threading
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from tests.second_business.conftest import looked_up


class Accounts:
    """What the backend saw: every write request by key, and the writes it performed."""

    def __init__(self) -> None:
        self.requests: Counter[str] = Counter()
        self.performed: dict[str, dict[str, Any]] = {}
        self.arrived = threading.Event()
        self.released = threading.Event()
        self.hold_seconds = 0.0
        self.lock = threading.Lock()
        self.url = ""

    def hold(self, seconds: float) -> None:
        """Make the next writes' answers wait ``seconds`` (or until ``release``)."""
        self.arrived.clear()
        self.released.clear()
        self.hold_seconds = seconds

    def release(self) -> None:
        """Answer the held writes now, and hold no more."""
        self.hold_seconds = 0.0
        self.released.set()

    def write(self, key: str, body: dict[str, Any]) -> dict[str, Any]:
        with self.lock:
            self.requests[key] += 1
            if key not in self.performed:
                self.performed[key] = {"id": f"r{len(self.performed) + 1}", **body}
            return self.performed[key]


def _handler(accounts: Accounts) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def _send(self, status: int, body: dict[str, Any]) -> None:
            raw = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(raw)))
            self.end_headers()
            with contextlib.suppress(OSError):  # the worker that asked may be gone
                self.wfile.write(raw)

        def do_GET(self) -> None:
            self._send(*looked_up(self.path))

        def do_POST(self) -> None:
            body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            key = self.headers.get("Idempotency-Key") or "(none)"
            reset = accounts.write(key, {"customer": self.path.split("/")[3], **body})
            hold = accounts.hold_seconds
            accounts.arrived.set()
            if hold:
                accounts.released.wait(hold)
            self._send(201, {"data": {"reset": reset}})

        def log_message(self, format: str, *args: Any) -> None:
            pass  # quiet

    return Handler


@contextmanager
def accounts_server() -> Iterator[Accounts]:
    """The fake accounts system, serving on a free loopback port until the block ends."""
    accounts = Accounts()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(accounts))
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    accounts.url = f"http://127.0.0.1:{server.server_address[1]}/api"
    try:
        yield accounts
    finally:
        accounts.release()
        server.shutdown()
        server.server_close()
