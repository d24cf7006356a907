"""The flow engine acts on the commands a message gives, and the case's event log says which
they were and which words they came from."""

from __future__ import annotations

from deskpilot.domain import EventType

from .conftest import DEMO, Chat, find_order, owner


def _commands(chat: Chat) -> list[list[str]]:
    with chat.runtime.db.transaction() as repo:
        events = repo.list_events(chat.conversation.case_id)
    return [e.data["commands"] for e in events if e.type is EventType.DECISION]


def test_each_decision_records_the_commands_and_their_words(chat: Chat) -> None:
    order_id, order = find_order("pending")
    chat.say(f"Hi, I'm {owner(order)['email']}. Please cancel order {order_id}, ordered by mistake")
    chat.say("yes")
    first, second = _commands(chat)[:2]
    assert any(c.startswith("set_slot(slot='email'") for c in first), first
    assert any(c.startswith("start_flow(intent='cancel_order'") for c in first), first
    assert 'confirm() <- "yes"' in second, second
    # Each slot filled is logged with what it rests on: the words, the customer's record.
    grounds = f'grounds=[said "{order_id}"; record order {order_id}]) <- "{order_id}"'
    assert f"set_slot(slot='order_id', value='{order_id}', {grounds}" in first, first
    assert any(c.startswith("set_slot(slot='reason', value='ordered by mistake'") for c in first)
    assert chat.writes() == [
        ("cancel_pending_order", {"order_id": order_id, "reason": "ordered by mistake"})
    ]


def test_a_value_replaced_is_logged_as_a_correction(chat: Chat) -> None:
    pending = [o for o, v in DEMO["orders"].items() if v["status"] == "pending"]
    owned = {o: DEMO["orders"][o]["user_id"] for o in pending}
    first, second = next((a, b) for a in pending for b in pending if a < b and owned[a] == owned[b])
    email = DEMO["users"][owned[first]]["email"]
    chat.say(f"{email} - cancel {first}, ordered by mistake")
    chat.say(f"no, the other order {second}")
    logged = _commands(chat)[-1]
    assert any(c.startswith(f"correct_slot(slot='order_id', value='{second}'") for c in logged)


def test_a_deny_command_ends_the_request_without_a_write(chat: Chat) -> None:
    order_id, order = find_order("pending")
    chat.say(f"{owner(order)['email']}: cancel order {order_id}, I no longer need it")
    reply = chat.say("no, leave it")
    assert any(c.startswith("deny()") for c in _commands(chat)[-1])
    assert chat.writes() == [] and chat.case is not None and chat.case.intent is None, reply


def test_a_person_asked_for_is_a_hand_off_command(chat: Chat) -> None:
    chat.say("I want to talk to a human agent please")
    assert chat.case is not None and chat.case.handoff is not None
    assert any(c.startswith("hand_off(") and '<- "human"' in c for c in _commands(chat)[-1])
