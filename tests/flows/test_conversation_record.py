"""What a conversation keeps for the requests that follow: the writes it made (``writes``, for
the flows' checks) and, after a flow marked ``keeps_context``, what the customer said."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from deskpilot.domain import Asked, DialogueState
from deskpilot.domains.retail import RetailStore
from deskpilot.runtime import build_runtime
from deskpilot.settings import Settings
from deskpilot.store._codec import dialogue_from_json, dialogue_to_json

from ..conftest import RETAIL_WORKSPACE
from .conftest import DEMO, Chat, owner

# One cancellation per conversation: a check over the writes the conversation made.
ONE_CANCELLATION = """\
      - when: '!writes.exists(w, w.flow == "cancel_order" && w.slots.order_id != slots.order_id)'
        reply: one_per_conversation
"""


def _workspace(tmp_path: Path) -> Path:
    ws = tmp_path / "ws"
    shutil.copytree(RETAIL_WORKSPACE, ws)
    orders = ws / "flows" / "orders.yaml"
    text = orders.read_text()
    anchor = '    checks:\n      - when: order.status == "pending"\n        reply: cannot_cancel\n'
    assert anchor in text
    orders.write_text(text.replace(anchor, anchor + ONE_CANCELLATION, 1))
    (ws / "templates" / "en" / "one_per_conversation.j2").write_text(
        "One cancellation per conversation: {{ writes | length }} made already.\n"
    )
    account = ws / "flows" / "account.yaml"
    text = account.read_text()
    policy = "    reply: return_policy\n"
    assert policy in text
    account.write_text(text.replace(policy, policy + "    keeps_context: true\n", 1))
    return ws


@pytest.fixture
def chat(tmp_path: Path) -> Iterator[Chat]:
    settings = Settings(data_dir=tmp_path, database_url="sqlite://", workspace=_workspace(tmp_path))
    runtime = build_runtime(settings, store=RetailStore.in_memory(DEMO))
    yield Chat(runtime)
    runtime.close()


def _two_pending_orders() -> tuple[str, str, str]:
    """A customer's email and two of their pending orders."""
    mine: dict[str, list[str]] = {}
    for oid, order in DEMO["orders"].items():
        if order["status"] == "pending":
            mine.setdefault(order["user_id"], []).append(oid)
    user_id, ids = next((u, ids) for u, ids in mine.items() if len(ids) >= 2)
    return DEMO["users"][user_id]["email"], ids[0], ids[1]


def test_writes_a_check_reads_what_the_conversation_already_did(chat: Chat) -> None:
    email, first, second = _two_pending_orders()
    chat.say(f"{email} - cancel {first}, I ordered it by mistake")
    chat.say("yes")
    assert chat.case is not None
    assert [
        (w["flow"], w["action"], w["slots"]["order_id"]) for w in chat.case.dialogue.writes
    ] == [("cancel_order", "cancel_pending_order", first)]
    reply = chat.say(f"now cancel {second} too, I ordered it by mistake")
    assert "One cancellation per conversation: 1 made already." in reply
    chat.say("yes")
    assert [args["order_id"] for _, args in chat.writes()] == [first]


def test_writes_a_refused_or_declined_write_is_not_kept(chat: Chat) -> None:
    email, first, _ = _two_pending_orders()
    chat.say(f"{email} - cancel {first}, I ordered it by mistake")
    chat.say("no, don't")
    assert chat.case is not None and chat.case.dialogue.writes == ()


def test_keeps_context_the_next_request_starts_from_the_words_heard(chat: Chat) -> None:
    _, order_id, _ = _two_pending_orders()
    order = DEMO["orders"][order_id]
    chat.say(f"What is your return policy? I ordered {order_id} by mistake.")
    reply = chat.say(f"ok then, cancel it. {owner(order)['email']}")
    assert "To confirm" in reply and order_id in reply and "ordered by mistake" in reply


def test_dialogue_writes_round_trip_through_the_store_codec() -> None:
    kept = {"flow": "f", "action": "a", "args": {"x": 1}, "slots": {"s": "v"}}
    state = DialogueState(writes=(kept,))
    assert dialogue_from_json(dialogue_to_json(state)) == state
    assert dialogue_from_json({}).writes == ()


def test_a_refusal_counted_round_trips_through_the_store_codec() -> None:
    state = DialogueState(refusal=Asked("a1b2", 2))
    assert dialogue_from_json(dialogue_to_json(state)) == state
    assert dialogue_from_json({}).refusal is None
