"""A question asked again without progress comes with what the answer may be; the third time, a
person takes over — through the real pipeline, for a slot question and for a confirmation."""

from __future__ import annotations

from deskpilot.domain import CaseStatus

from .conftest import Chat, find_order, owner


def test_a_question_not_answered_is_rephrased_then_handed_to_a_person(chat: Chat) -> None:
    order_id, order = find_order("pending")
    first = chat.say(f"please cancel order {order_id}. {owner(order)['email']}")
    assert "mistake" in first  # asks for the reason: ordered by mistake, or no longer needed
    second = chat.say("hmm, purple")
    assert second.startswith("Sorry, I didn't catch that.") and "mistake" in second
    third = chat.say("hmm, purple")
    assert "colleague" in third
    assert chat.case is not None and chat.case.handoff is not None
    assert "without progress" in chat.case.handoff.reason
    assert chat.writes() == []


def test_a_question_answered_after_a_rephrase_goes_on(chat: Chat) -> None:
    order_id, order = find_order("pending")
    chat.say(f"please cancel order {order_id}. {owner(order)['email']}")
    assert chat.say("hmm, purple").startswith("Sorry, I didn't catch that.")
    reply = chat.say("I ordered it by mistake")
    assert "To confirm" in reply and chat.case is not None and chat.case.handoff is None


def test_an_unclear_confirmation_is_asked_twice_then_a_person_decides(chat: Chat) -> None:
    order_id, order = find_order("pending")
    reply = chat.say(f"cancel {order_id}, ordered by mistake. {owner(order)['email']}")
    assert "To confirm" in reply
    assert "yes or no" in chat.say("what colour is it")
    assert "didn't catch" in chat.say("what colour is it")
    chat.say("what colour is it")
    assert chat.case is not None and chat.case.handoff is not None
    assert chat.case.status is not CaseStatus.RESOLVED
    assert chat.writes() == []
