"""Files are kept in the database with their message, byte for byte, on SQLite and on
PostgreSQL; reading one that does not exist is a not-found error."""

from __future__ import annotations

import pytest

from deskpilot.domain import (
    CaseId,
    ConversationId,
    Direction,
    Message,
    MessageId,
    Upload,
    new_id,
)
from deskpilot.errors import NotFoundError
from deskpilot.store import Database


def test_attachments_keep_their_bytes_and_belong_to_their_message(database_url: str) -> None:
    db = Database.connect(database_url)
    every_byte = bytes(range(256)) * 4
    message = Message(
        MessageId(new_id("msg")),
        ConversationId("conv_1"),
        CaseId("case_1"),
        Direction.INBOUND,
        "webchat",
        "",
    )
    try:
        with db.transaction() as repo:
            stored = repo.insert_attachments(
                message,
                [
                    Upload("a.bin", "application/pdf", every_byte),
                    Upload("b.txt", "text/plain", b"hi"),
                ],
            )
        with db.transaction() as repo:
            found, content = repo.get_attachment(stored[0].id)
            by_message = repo.attachments_of([message.id, "msg_other"])
            with pytest.raises(NotFoundError):
                repo.get_attachment("att_missing")
    finally:
        db.dispose()
    assert content == every_byte
    assert (found.filename, found.content_type, found.size) == ("a.bin", "application/pdf", 1024)
    assert [a.filename for a in by_message[message.id]] == ["a.bin", "b.txt"]
    assert "msg_other" not in by_message
