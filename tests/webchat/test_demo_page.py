"""The demo page speaks of the business served: its domain pack's tip names a real record of
the demo data, and the message it suggests works in the widget."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from deskpilot.api import create_app
from deskpilot.runtime import build_runtime
from deskpilot.settings import Settings

from ..conftest import PROJECT_ROOT


@pytest.fixture(params=["retail", "airline"])
def served(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[str, TestClient]]:
    """The app on a workspace's demo data (no store named), as ``make run`` serves it."""
    workspace = PROJECT_ROOT / "examples" / request.param
    runtime = build_runtime(Settings(data_dir=tmp_path, workspace=workspace))
    with TestClient(create_app(runtime=runtime), raise_server_exceptions=False) as client:
        yield request.param, client
    runtime.close()


def test_the_demo_page_suggests_a_message_that_the_widget_answers(
    served: tuple[str, TestClient],
) -> None:
    business, client = served
    page = client.get("/")
    assert page.status_code == 200
    ask = re.search(r"ask <code>(.+?)</code>", page.text)
    assert ask is not None, page.text
    message = ask.group(1).replace("&#39;", "'")
    # The page shows what this business offers, never the other's.
    offers = re.findall(r'<article class="offer"><h2>(.+?)</h2>', page.text)
    assert len(offers) == 4, page.text
    assert ("reservation" in message) == (business == "airline"), message
    token = client.post("/v1/widget/sessions").json()["token"]
    auth = {"Authorization": f"Bearer {token}"}
    turn = client.post("/v1/widget/messages", json={"text": message}, headers=auth).json()
    reply = " ".join(r["text"] for r in turn["replies"])
    record = re.search(r"(#W\d+|DEMO\d\d)", message)
    assert record is not None and record.group(1) in reply, reply
