"""Who may verify a customer, and how, is the workspace's to say (``identity:`` in
``deskpilot.yaml``); the words that name a request are its vocabulary. Changing the files
changes the behaviour, with no code."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from deskpilot.domains.retail import RetailStore
from deskpilot.runtime import build_runtime
from deskpilot.settings import Settings

from ..conftest import RETAIL_WORKSPACE
from .conftest import DEMO, Chat, find_order, owner

USER: dict[str, Any] = next(iter(DEMO["users"].values()))
FIRST, LAST = USER["name"]["first_name"], USER["name"]["last_name"]
ZIP, EMAIL = USER["address"]["zip"], USER["email"]


def _chat(tmp_path: Path, edit: tuple[str, str, str]) -> Iterator[Chat]:
    ws = tmp_path / "ws"
    shutil.copytree(RETAIL_WORKSPACE, ws)
    name, old, new = edit
    text = (ws / name).read_text()
    assert old in text
    (ws / name).write_text(text.replace(old, new))
    settings = Settings(data_dir=tmp_path, database_url="sqlite://", workspace=ws)
    runtime = build_runtime(settings, store=RetailStore.in_memory(DEMO))
    yield Chat(runtime)
    runtime.close()


NAME_ZIP = (
    "    - {action: find_user_id_by_name_zip, fields: [first_name, last_name, zip], "
    "method: name_zip}\n"
)


@pytest.fixture
def email_only(tmp_path: Path) -> Iterator[Chat]:
    yield from _chat(tmp_path, ("deskpilot.yaml", NAME_ZIP, ""))


def test_the_retail_workspace_verifies_by_name_and_zip(chat: Chat) -> None:
    chat.say(f"Name's {FIRST} {LAST}, my zip is {ZIP}")
    assert chat.case is not None and chat.case.verification is not None
    assert chat.case.verification.method == "name_zip"


def test_without_the_name_and_zip_lookup_only_the_email_verifies(email_only: Chat) -> None:
    reply = email_only.say(f"Where is my order? {FIRST} {LAST}, zip {ZIP}")
    assert email_only.case is not None and email_only.case.verification is None
    assert "email" in reply.lower(), reply  # asked for what the workspace accepts
    email_only.say(f"it's {EMAIL}")
    assert email_only.case.verification is not None
    assert email_only.case.verification.method == "email"


@pytest.fixture
def no_cancel_verbs(tmp_path: Path) -> Iterator[Chat]:
    yield from _chat(tmp_path, ("vocabulary.yaml", "    cancel_order: [cancel~]\n", ""))


WONDER = (
    "My email is {email}. If I cancelled {order}, how much would I get back? "
    "Don't cancel anything yet."
)


def test_a_request_only_wondered_about_is_answered_not_started(chat: Chat) -> None:
    order_id, order = find_order("pending")
    reply = chat.say(WONDER.format(order=order_id, email=owner(order)["email"]))
    assert chat.case is not None and chat.case.pending_confirmation is None
    assert order_id in reply and "cancel" not in (chat.case.intent or ""), reply


def test_without_its_verbs_the_same_words_start_the_cancellation(no_cancel_verbs: Chat) -> None:
    order_id, order = find_order("pending")
    no_cancel_verbs.say(WONDER.format(order=order_id, email=owner(order)["email"]))
    assert no_cancel_verbs.case is not None
    # read as the cancellation, which a question about it ("how much would I get back?",
    # dialogue.asking_about) only offers: never proposed for a yes
    offered = no_cancel_verbs.case.dialogue.offered or {}
    assert offered.get("flow") == "cancel_order", no_cancel_verbs.replies
    assert no_cancel_verbs.case.pending_confirmation is None
