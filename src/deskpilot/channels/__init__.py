"""Channels: one package per way customers reach DeskPilot (web chat first), the public
endpoints' rate limits, and the outbox's delivery (messages sent outside the conversation)."""

from deskpilot.channels._limits import PublicLimits, SlidingWindow
from deskpilot.channels._outbox import (
    DeliveryError,
    Outbox,
    file_transport,
    sending_transport,
    sms_webhook_transport,
    smtp_transport,
)

__all__ = [
    "DeliveryError",
    "Outbox",
    "PublicLimits",
    "SlidingWindow",
    "file_transport",
    "sending_transport",
    "sms_webhook_transport",
    "smtp_transport",
]
