"""Consent, retries and repeated writes: the paths a review found unguarded."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from typing import Any

import pytest

from deskpilot.domain import CaseStatus, Direction, MessageStatus, utcnow
from deskpilot.domains.retail import RetailConnector
from deskpilot.errors import ConnectorTimeout
from deskpilot.pipeline import ProcessingFailed

from .conftest import Chat, find_order, owner


def test_consent_does_not_survive_a_handoff_and_hand_back(chat: Chat) -> None:
    order_id, order = find_order("pending")
    chat.say(f"cancel {order_id}, ordered by mistake. {owner(order)['email']}")
    chat.say("I want to talk to a human agent please")
    assert chat.case is not None and chat.case.status is CaseStatus.HANDED_OFF
    with chat.runtime.db.transaction() as repo:
        case, version = repo.get_case(chat.case.id)
        assert case.pending_confirmation is None
        repo.save_case(replace(case, status=CaseStatus.OPEN), version)  # as a hand-back does
    chat.say("ok thanks, all sorted now")
    assert chat.writes() == []


def test_consent_expires(chat: Chat) -> None:
    order_id, order = find_order("pending")
    chat.say(f"cancel {order_id}, ordered by mistake. {owner(order)['email']}")
    with chat.runtime.db.transaction() as repo:
        case, version = repo.get_case(chat.conversation.case_id)
        assert case.pending_confirmation is not None
        old = replace(case.pending_confirmation, requested_at=utcnow() - timedelta(hours=2))
        repo.save_case(replace(case, pending_confirmation=old), version)
    chat.say("yes")
    assert chat.writes() == []


def test_the_same_change_confirmed_again_runs_again(chat: Chat) -> None:
    order_id, order = find_order("pending")
    email = owner(order)["email"]
    first = "12 Oak Street, Suite 4, Austin, TX 78701"
    second = "99 Pine Road, Denver, CO 80202"
    chat.say(f"{email}. Please ship order {order_id} to {first}")
    chat.say("yes")
    chat.say(f"sorry, ship order {order_id} to {second} instead")
    chat.say("yes")
    chat.say(f"no wait, ship order {order_id} to {first} after all")
    reply = chat.say("yes")
    assert [args["address1"] for _, args in chat.writes()] == [
        "12 Oak Street",
        "99 Pine Road",
        "12 Oak Street",
    ]
    assert "12 Oak Street" in reply


def test_a_backend_that_times_out_on_a_read_means_retry_not_a_wrong_answer(
    chat: Chat, monkeypatch: pytest.MonkeyPatch
) -> None:
    order_id, order = find_order("delivered")
    real = RetailConnector.execute
    failures = {"left": 1}

    def flaky(self: RetailConnector, action: str, args: Any, key: str) -> Any:
        if action == "get_order_details" and failures["left"]:
            failures["left"] -= 1
            raise ConnectorTimeout("the store did not answer")
        return real(self, action, args, key)

    monkeypatch.setattr(RetailConnector, "execute", flaky)
    with pytest.raises(ProcessingFailed):
        chat.say(f"where is {order_id}? {owner(order)['email']}")
    assert chat.runtime.pipeline.retry_failed() == 1
    with chat.runtime.db.transaction() as repo:
        messages = repo.list_messages(chat.conversation.id)
    replies = [m.text for m in messages if m.direction is Direction.OUTBOUND]
    assert len(replies) == 1 and f"Order {order_id} is delivered" in replies[0]


def test_a_message_left_unfinished_by_a_crash_is_picked_up(chat: Chat) -> None:
    chat.say("hello")
    with chat.runtime.db.transaction() as repo:
        inbound = next(
            m for m in repo.list_messages(chat.conversation.id) if m.direction is Direction.INBOUND
        )
        repo.set_message_status(inbound.id, MessageStatus.RECEIVED, attempts=0)
    fresh = chat.runtime.pipeline.retry_failed()
    assert fresh == 0  # too recent: it may still be in flight
    with chat.runtime.db.transaction() as repo:
        repo.c.exec_driver_sql(
            "UPDATE messages SET created_at = ? WHERE id = ?",
            ((utcnow() - timedelta(hours=1)).isoformat(" "), inbound.id),
        )
    assert chat.runtime.pipeline.retry_failed() == 1


def test_a_yes_held_up_by_a_crash_never_confirms_a_later_proposal(
    chat: Chat, monkeypatch: pytest.MonkeyPatch
) -> None:
    chat.say("ximena.nakamura2272@example.com")
    first = chat.say("Please cancel order #W2460971, I ordered it by mistake.")
    assert "cancel order #W2460971" in first
    understander = chat.runtime.pipeline.understander
    real = understander.understand

    def crash(text: str, context: Any) -> Any:
        raise RuntimeError("the worker died")

    # The yes to #W2460971 is stored, then the worker dies before it is processed.
    monkeypatch.setattr(understander, "understand", crash)
    with pytest.raises(ProcessingFailed):
        chat.say("yes")
    monkeypatch.setattr(understander, "understand", real)
    # Meanwhile the customer moves on to another order, which now waits for its own yes.
    second = chat.say("Actually, cancel order #W4943115 instead, I ordered it by mistake.")
    assert "cancel order #W4943115" in second
    # The held-up yes is processed now: it answered the first proposal, not this one.
    chat.runtime.pipeline.retry_failed()
    assert chat.writes() == []
    with chat.runtime.db.transaction() as repo:
        said = [m.text for m in repo.list_messages(chat.conversation.id)]
    assert said[-1].startswith("Sorry, I need a clear yes or no")  # asked again
    with chat.runtime.db.transaction() as repo:
        case, _ = repo.get_case(chat.conversation.case_id)
    assert case.pending_confirmation is not None
    assert case.pending_confirmation.args["order_id"] == "#W4943115"
    # A yes written after the second proposal confirms it.
    assert chat.say("yes").startswith("Done")
    assert chat.writes() == [
        ("cancel_pending_order", {"order_id": "#W4943115", "reason": "ordered by mistake"})
    ]


def test_a_case_taken_over_while_a_turn_runs_stays_taken_and_the_message_waits_for_it(
    chat: Chat, monkeypatch: pytest.MonkeyPatch
) -> None:
    chat.say("hello")
    with chat.runtime.db.transaction() as repo:
        before = repo.list_messages(chat.conversation.id)
    understander = chat.runtime.pipeline.understander
    real = understander.understand

    def taken_over(text: str, context: Any) -> Any:
        # A person takes the case after the turn's intake read it, before the turn saves it.
        monkeypatch.setattr(understander, "understand", real)
        with chat.runtime.db.transaction() as repo:
            case, version = repo.get_case(chat.conversation.case_id)
            repo.save_case(replace(case, status=CaseStatus.HANDED_OFF), version)
        return real(text, context)

    monkeypatch.setattr(understander, "understand", taken_over)
    with pytest.raises(ProcessingFailed):
        chat.say("where is my order?")
    with chat.runtime.db.transaction() as repo:
        case, _ = repo.get_case(chat.conversation.case_id)
        messages = repo.list_messages(chat.conversation.id)
    assert case.status is CaseStatus.HANDED_OFF  # the turn did not save over it
    assert len(messages) == len(before) + 1  # the message is kept, nothing answered it yet
    # The retry finds the case with a person: the message is kept for them, the bot is silent.
    assert chat.runtime.pipeline.retry_failed() == 1
    with chat.runtime.db.transaction() as repo:
        after = repo.list_messages(chat.conversation.id)
    assert [m.status for m in after if m.direction is Direction.INBOUND][-1] is (
        MessageStatus.PROCESSED
    )
    assert len(after) == len(before) + 1
