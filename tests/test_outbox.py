"""The outbox's delivery: files by default; for real, e-mail by SMTP (a fake server on
loopback) and SMS through an SMS gateway's webhook, retried on failure and then marked failed
with the reason."""

from __future__ import annotations

import json
import socketserver
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, ClassVar

import pytest
from pydantic import SecretStr

from deskpilot.channels import Outbox
from deskpilot.channels._outbox import MAX_ATTEMPTS
from deskpilot.domain import OutboxMessage, new_id
from deskpilot.settings import Settings
from deskpilot.store import Database


class Gateway(BaseHTTPRequestHandler):
    """A fake SMS gateway: records each message with the path it was posted to."""

    received: ClassVar[list[dict[str, Any]]] = []
    status: ClassVar[int] = 200

    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        auth = self.headers.get("Authorization")
        Gateway.received.append({"path": self.path, "auth": auth, **body})
        self.send_response(Gateway.status)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextmanager
def serving_gateway() -> Iterator[str]:
    """The fake gateway on loopback, emptied: its base URL."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), Gateway)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    Gateway.received, Gateway.status = [], 200
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def gateway() -> Iterator[str]:
    with serving_gateway() as url:
        yield f"{url}/sms"


def _queue(db: Database, channel: str, recipient: str) -> OutboxMessage:
    message = OutboxMessage(new_id("out"), channel, recipient, "Shop: your code", "Code 123456")
    with db.transaction() as repo:
        repo.insert_outbox(message)
    return message


def _stored(db: Database, message: OutboxMessage) -> OutboxMessage:
    with db.transaction() as repo:
        return next(m for m in repo.list_outbox() if m.id == message.id)


def test_sms_codes_go_through_the_gateway_webhook_with_its_token(
    tmp_path: Path, gateway: str
) -> None:
    settings = Settings(
        data_dir=tmp_path,
        outbox_transport="send",
        sms_webhook_url=gateway,
        sms_webhook_token=SecretStr("gw-token"),
    )
    db = Database.connect(f"sqlite:///{tmp_path / 'db.sqlite3'}")
    message = _queue(db, "sms", "+15550102233")
    assert Outbox.from_settings(db, settings).deliver_pending() == 1
    assert Gateway.received == [
        {
            "path": "/sms",
            "auth": "Bearer gw-token",
            "to": "+15550102233",
            "body": "Code 123456",
            "id": message.id,
        }
    ]
    assert _stored(db, message).status == "sent"
    db.dispose()


def test_a_failing_gateway_is_retried_then_the_message_is_marked_failed(
    tmp_path: Path, gateway: str
) -> None:
    Gateway.status = 503
    settings = Settings(data_dir=tmp_path, outbox_transport="send", sms_webhook_url=gateway)
    db = Database.connect(f"sqlite:///{tmp_path / 'db.sqlite3'}")
    message = _queue(db, "sms", "+15550102233")
    outbox = Outbox.from_settings(db, settings)
    for _ in range(MAX_ATTEMPTS - 1):
        assert outbox.deliver_pending() == 0
        assert _stored(db, message).status == "pending"
    outbox.deliver_pending()
    failed = _stored(db, message)
    assert failed.status == "failed" and failed.attempts == MAX_ATTEMPTS
    assert failed.error == "SMS gateway answered 503"
    assert outbox.deliver_pending() == 0 and len(Gateway.received) == MAX_ATTEMPTS
    db.dispose()


def test_without_a_transport_for_its_channel_a_message_fails_with_the_reason(
    tmp_path: Path,
) -> None:
    settings = Settings(data_dir=tmp_path, outbox_transport="send")
    db = Database.connect(f"sqlite:///{tmp_path / 'db.sqlite3'}")
    sms = _queue(db, "sms", "+15550102233")
    pigeon = _queue(db, "pigeon", "loft 7")
    Outbox.from_settings(db, settings).deliver_pending()
    assert _stored(db, sms).error == "no SMS gateway: set DESKPILOT_SMS_WEBHOOK_URL"
    assert _stored(db, pigeon).error == "no transport for the pigeon channel"
    db.dispose()


def test_by_default_messages_are_written_as_files(tmp_path: Path) -> None:
    db = Database.connect(f"sqlite:///{tmp_path / 'db.sqlite3'}")
    mail = _queue(db, "email", "ann@example.com")
    sms = _queue(db, "sms", "+15550102233")
    assert Outbox.from_settings(db, Settings(data_dir=tmp_path)).deliver_pending() == 2
    assert "To: ann@example.com" in (tmp_path / "outbox" / f"{mail.id}.eml").read_text()
    assert "+15550102233" in (tmp_path / "outbox" / f"{sms.id}.txt").read_text()
    db.dispose()


class _Smtp(socketserver.StreamRequestHandler):
    """Just enough of an SMTP server to receive one message (no TLS, no auth)."""

    mails: ClassVar[list[str]] = []

    def handle(self) -> None:
        self.wfile.write(b"220 fake ready\r\n")
        while line := self.rfile.readline():
            verb = line.decode().strip().split(" ")[0].upper()
            if verb == "DATA":
                self.wfile.write(b"354 go on\r\n")
                data = b""
                while not data.endswith(b"\r\n.\r\n"):
                    data += self.rfile.readline()
                _Smtp.mails.append(data.decode())
                self.wfile.write(b"250 queued\r\n")
            elif verb == "QUIT":
                self.wfile.write(b"221 bye\r\n")
                return
            else:
                self.wfile.write(b"250 ok\r\n")


def test_email_codes_go_through_the_smtp_server(tmp_path: Path) -> None:
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), _Smtp)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    _Smtp.mails = []
    try:
        settings = Settings(
            data_dir=tmp_path,
            outbox_transport="send",
            smtp_host="127.0.0.1",
            smtp_port=server.server_address[1],
            smtp_starttls=False,
            smtp_from="Shop <codes@shop.example>",
        )
        db = Database.connect(f"sqlite:///{tmp_path / 'db.sqlite3'}")
        message = _queue(db, "email", "ann@example.com")
        assert Outbox.from_settings(db, settings).deliver_pending() == 1
        (mail,) = _Smtp.mails
        assert "To: ann@example.com" in mail and "From: Shop <codes@shop.example>" in mail
        assert "Subject: Shop: your code" in mail and "Code 123456" in mail
        assert _stored(db, message).status == "sent"
        db.dispose()
    finally:
        server.shutdown()
        server.server_close()
