"""Files both ways through the HTTP API: the visitor's upload (``POST /v1/widget/files``), the
agent's (the console's reply form), the checks on both, and who may read a file back."""

from __future__ import annotations

import base64
import re
import struct
import zlib
from typing import Any

import pytest
from fastapi.testclient import TestClient

from deskpilot.errors import NotFoundError
from deskpilot.runtime import Runtime
from tests.console._support import console_login

HUMAN = "I want to talk to a human"
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def png(width: int = 2, height: int = 2) -> bytes:
    """A real (tiny, red) PNG image."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    rows = b"".join(b"\x00" + b"\xff\x00\x00" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


def _session(client: TestClient) -> dict[str, str]:
    response = client.post("/v1/widget/sessions")
    assert response.status_code == 201, response.text
    return {"Authorization": f"Bearer {response.json()['token']}"}


def _upload(
    client: TestClient,
    auth: dict[str, str],
    name: str,
    content: bytes,
    claimed: str = "application/octet-stream",
    text: str | None = None,
) -> Any:
    data = {} if text is None else {"text": text}
    return client.post(
        "/v1/widget/files", files={"file": (name, content, claimed)}, data=data, headers=auth
    )


def _handed_off(client: TestClient, auth: dict[str, str]) -> None:
    response = client.post("/v1/widget/messages", json={"text": HUMAN}, headers=auth)
    assert response.status_code == 201, response.text
    assert response.json()["held"] is True


def _case_of(client: TestClient, csrf: str) -> str:
    queue = client.get("/console/queue").text
    found = re.search(r'href="/console/cases/(case_[0-9a-f]+)"', queue)
    assert found is not None, "no case on the queues page"
    return found.group(1)


def test_widget_file_is_stored_with_its_message_and_served_back_to_its_visitor(
    client: TestClient,
) -> None:
    auth = _session(client)
    # the browser claims a type; the bytes decide, and the name loses its folders
    response = _upload(client, auth, "../../receipt photo.png", png(), claimed="text/html")
    assert response.status_code == 201, response.text
    turn = response.json()
    [file] = turn["message"]["attachments"]
    assert file["filename"] == "receipt photo.png"
    assert file["content_type"] == "image/png"
    assert file["size"] == len(png())
    assert turn["message"]["text"] == ""
    assert turn["replies"] == []  # files alone: nothing for the automation to answer
    [shown] = client.get("/v1/widget/messages", headers=auth).json()["messages"]
    assert shown["attachments"] == [file]
    served = client.get(f"/v1/widget/files/{file['id']}", headers=auth)
    assert served.status_code == 200
    assert served.content == png()
    assert served.headers["content-type"] == "image/png"
    assert served.headers["x-content-type-options"] == "nosniff"
    assert served.headers["content-disposition"].startswith('inline; filename="receipt photo.png"')
    assert "sandbox" in served.headers["content-security-policy"]


def test_widget_file_is_refused_to_another_visitor_and_to_nobody(client: TestClient) -> None:
    auth = _session(client)
    file = _upload(client, auth, "notes.txt", b"order W123, box damaged\n").json()["message"]
    file_id = file["attachments"][0]["id"]
    stranger = _session(client)
    assert client.get(f"/v1/widget/files/{file_id}", headers=stranger).status_code == 404
    assert client.get(f"/v1/widget/files/{file_id}").status_code == 401
    assert client.get("/console/attachments/" + file_id).status_code == 401


@pytest.mark.parametrize(
    ("name", "content", "status", "says"),
    [
        ("empty.pdf", b"", 422, "the file is empty"),
        ("tool.png", b"\x7fELF\x02\x01\x01" + b"\x00" * 64, 415, "not recognised"),
        ("archive.pdf", b"PK\x03\x04" + b"\x00" * 64, 415, "accepted: PNG image"),
        ("big.txt", b"a" * 5_000_001, 413, "at most 5000000"),
        ("bigger.txt", b"a" * 5_200_000, 413, "at most 5000000"),
    ],
)
def test_widget_file_is_refused_with_what_was_wrong(
    client: TestClient, name: str, content: bytes, status: int, says: str
) -> None:
    auth = _session(client)
    response = _upload(client, auth, name, content)
    assert response.status_code == status, response.text
    assert says in response.json()["detail"]
    assert client.get("/v1/widget/messages", headers=auth).json()["messages"] == []


def test_widget_file_needs_a_file(client: TestClient) -> None:
    auth = _session(client)
    response = client.post("/v1/widget/files", data={"text": "hello"}, headers=auth)
    assert response.status_code == 422
    assert "send one file" in response.json()["detail"]
    anonymous = client.post("/v1/widget/files", files={"file": ("a.txt", b"hi", "text/plain")})
    assert anonymous.status_code == 401
    form = client.get("/openapi.json").json()["paths"]["/v1/widget/files"]["post"]
    schema = form["requestBody"]["content"]["multipart/form-data"]["schema"]
    assert schema["required"] == ["file"] and schema["properties"]["file"]["format"] == "binary"
    config = client.get("/v1/widget/config").json()
    assert config["attachments"]["max_bytes"] == 5_000_000
    assert "application/pdf" in config["attachments"]["types"]


def test_files_go_both_ways_between_the_widget_and_the_console(
    client: TestClient, runtime: Runtime
) -> None:
    auth = _session(client)
    _handed_off(client, auth)
    sent = _upload(client, auth, "broken.png", png(), text="this is how it arrived")
    assert sent.status_code == 201, sent.text
    customer_file = sent.json()["message"]["attachments"][0]

    csrf = console_login(client, "alice", "deskpilot-demo")
    case_id = _case_of(client, csrf)
    page = client.get(f"/console/cases/{case_id}").text
    assert f'src="/console/attachments/{customer_file["id"]}"' in page
    assert "broken.png (PNG image, " in page  # the hand-off packet names it
    agent_view = client.get(f"/console/attachments/{customer_file['id']}")
    assert agent_view.status_code == 200 and agent_view.content == png()

    client.post(f"/console/cases/{case_id}/take", data={"csrf_token": csrf})
    reply = client.post(
        f"/console/cases/{case_id}/reply",
        data={"csrf_token": csrf, "text": "Here is your return label."},
        files={"file": ("label.pdf", PDF, "application/pdf")},
        follow_redirects=False,
    )
    assert reply.status_code == 303, reply.text
    messages = client.get("/v1/widget/messages", headers=auth).json()["messages"]
    [label] = messages[-1]["attachments"]
    assert messages[-1]["text"] == "Here is your return label."
    assert (label["filename"], label["content_type"]) == ("label.pdf", "application/pdf")
    served = client.get(f"/v1/widget/files/{label['id']}", headers=auth)
    assert served.content == PDF
    assert served.headers["content-disposition"].startswith('attachment; filename="label.pdf"')

    with runtime.db.transaction() as repo:
        logged = [e.data for e in repo.list_events(case_id) if e.type.value == "files_attached"]
    assert [len(d["files"]) for d in logged] == [1, 1]
    assert "broken.png" not in str(logged)  # names stay out of the log


def test_console_reply_refuses_a_file_of_a_type_not_accepted(client: TestClient) -> None:
    auth = _session(client)
    _handed_off(client, auth)
    csrf = console_login(client, "alice", "deskpilot-demo")
    case_id = _case_of(client, csrf)
    client.post(f"/console/cases/{case_id}/take", data={"csrf_token": csrf})
    before = client.get("/v1/widget/messages", headers=auth).json()["messages"]
    reply = client.post(
        f"/console/cases/{case_id}/reply",
        data={"csrf_token": csrf, "text": ""},
        files={"file": ("run.pdf", b"\x7fELF" + b"\x00" * 40, "application/pdf")},
    )
    assert reply.status_code == 200
    assert "of a type not recognised; accepted: PNG image" in reply.text
    assert client.get("/v1/widget/messages", headers=auth).json()["messages"] == before


def test_erasing_the_customer_deletes_their_files(client: TestClient, runtime: Runtime) -> None:
    auth = _session(client)
    file = _upload(client, auth, "id-card.png", png()).json()["message"]["attachments"][0]
    session_id = auth["Authorization"].removeprefix("Bearer ").split(".")[0]
    exported = runtime.privacy.do_export(session_id, actor="cli")
    [row] = exported["tables"]["attachments"]
    assert row["filename"] == "id-card.png" and base64.b64decode(row["content"]) == png()
    erasure = runtime.privacy.do_erase(session_id, actor="cli")
    assert erasure.counts["attachments"] == 1
    with runtime.db.transaction() as repo, pytest.raises(NotFoundError):
        repo.get_attachment(file["id"])
