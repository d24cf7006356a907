"""Delivering the outbox: messages sent outside the conversation (one-time codes).

The pipeline queues a message in the same database as the case; the process's worker
delivers what waits (``Outbox.deliver_pending``), a few attempts each, and records how it went.
With ``DESKPILOT_OUTBOX_TRANSPORT=send``, e-mail goes through SMTP (the ``DESKPILOT_SMTP_*``
settings) and SMS through an SMS gateway's webhook (``DESKPILOT_SMS_WEBHOOK_URL``, a JSON
``{to, body, id}`` POST with ``DESKPILOT_SMS_WEBHOOK_TOKEN`` as bearer token); the default writes
each message to ``<data_dir>/outbox/`` as a file, for development and the demo. A channel
without a transport fails its messages with a clear error, and the customer's code never
arrives: the case then goes to a person when the attempts run out.
"""

from __future__ import annotations

import logging
import smtplib
from collections.abc import Callable
from dataclasses import replace
from email.message import EmailMessage

import httpx

from deskpilot.domain import OutboxMessage, utcnow
from deskpilot.settings import Settings
from deskpilot.store import Database

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 5
Transport = Callable[[OutboxMessage], None]


class DeliveryError(Exception):
    """The message could not be sent this time (the reason is recorded)."""


def _email(settings: Settings, message: OutboxMessage) -> EmailMessage:
    mail = EmailMessage()
    mail["From"] = settings.smtp_from
    mail["To"] = message.recipient
    mail["Subject"] = message.subject
    mail["Message-ID"] = f"<{message.id}@deskpilot>"
    mail.set_content(message.body)
    return mail


def file_transport(settings: Settings) -> Transport:
    """Each message as a file under ``<data_dir>/outbox/`` (``.eml`` for e-mail)."""
    folder = settings.data_dir / "outbox"

    def send(message: OutboxMessage) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        if message.channel == "email":
            content = _email(settings, message).as_bytes()
            (folder / f"{message.id}.eml").write_bytes(content)
        else:
            text = f"To: {message.recipient}\nChannel: {message.channel}\n\n{message.body}\n"
            (folder / f"{message.id}.txt").write_text(text, encoding="utf-8")

    return send


def smtp_transport(settings: Settings) -> Transport:
    """E-mail through the SMTP server the settings name."""

    def send(message: OutboxMessage) -> None:
        try:
            with smtplib.SMTP(settings.smtp_host, settings.smtp_port, timeout=10) as smtp:
                if settings.smtp_starttls:
                    smtp.starttls()
                if settings.smtp_user and settings.smtp_password:
                    smtp.login(settings.smtp_user, settings.smtp_password.get_secret_value())
                smtp.send_message(_email(settings, message))
        except (OSError, smtplib.SMTPException) as exc:
            raise DeliveryError(f"SMTP: {type(exc).__name__}") from exc

    return send


def sms_webhook_transport(settings: Settings) -> Transport:
    """SMS through an SMS gateway's webhook: POST ``{to, body, id}`` as JSON."""
    url = settings.sms_webhook_url
    token = settings.sms_webhook_token

    def send(message: OutboxMessage) -> None:
        if not url:
            raise DeliveryError("no SMS gateway: set DESKPILOT_SMS_WEBHOOK_URL")
        headers = {} if token is None else {"Authorization": f"Bearer {token.get_secret_value()}"}
        try:
            answer = httpx.post(
                url,
                json={"to": message.recipient, "body": message.body, "id": message.id},
                headers=headers,
                timeout=10,
            )
        except httpx.HTTPError as exc:
            raise DeliveryError(f"SMS gateway: {type(exc).__name__}") from exc
        if not answer.is_success:
            raise DeliveryError(f"SMS gateway answered {answer.status_code}")

    return send


def sending_transport(settings: Settings) -> Transport:
    """E-mail by SMTP, SMS by the gateway's webhook; any other channel fails."""
    by_channel = {"email": smtp_transport(settings), "sms": sms_webhook_transport(settings)}

    def send(message: OutboxMessage) -> None:
        transport = by_channel.get(message.channel)
        if transport is None:
            raise DeliveryError(f"no transport for the {message.channel} channel")
        transport(message)

    return send


class Outbox:
    """Delivers the outbox of one database with one transport."""

    def __init__(self, db: Database, transport: Transport) -> None:
        self.db = db
        self.transport = transport

    @classmethod
    def from_settings(cls, db: Database, settings: Settings) -> Outbox:
        """The outbox with the transport the settings choose."""
        make = sending_transport if settings.outbox_transport == "send" else file_transport
        return cls(db, make(settings))

    def deliver_pending(self, limit: int = 50) -> int:
        """Send what waits; how many were sent. A failure is retried on the next pass, up to
        ``MAX_ATTEMPTS``, then the message is marked failed."""
        with self.db.transaction() as repo:
            waiting = repo.list_outbox(status="pending", limit=limit)
        sent = 0
        for message in waiting:
            attempts = message.attempts + 1
            try:
                self.transport(message)
            except DeliveryError as exc:
                status = "failed" if attempts >= MAX_ATTEMPTS else "pending"
                done = replace(message, attempts=attempts, status=status, error=str(exc)[:200])
                logger.warning("outbox message %s not sent: %s", message.id, exc)
            else:
                done = replace(message, attempts=attempts, status="sent", sent_at=utcnow())
                sent += 1
            with self.db.transaction() as repo:
                repo.save_outbox(done)
        return sent
