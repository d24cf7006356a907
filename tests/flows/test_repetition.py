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


def test_the_same_refusal_asked_for_again_goes_to_a_person_the_third_time(chat: Chat) -> None:
    # "Order … is delivered, so it can no longer be changed" said to the same request forever
    # leaves the customer stuck: asked a third time in a row, a person takes over.
    order_id, order = find_order("delivered")
    email = owner(order)["email"]
    first = chat.say(f"{email}. I'd like to pay for order {order_id} with PayPal instead.")
    assert "can no longer be changed" in first
    second = chat.say(f"I'd like to pay for order {order_id} with PayPal instead.")
    assert "can no longer be changed" in second
    assert chat.case is not None and chat.case.handoff is None
    third = chat.say(f"I'd like to pay for order {order_id} with PayPal instead.")
    assert "colleague" in third
    assert chat.case is not None and chat.case.handoff is not None
    assert "3 times" in chat.case.handoff.reason
    assert chat.writes() == []


def test_a_refusal_given_between_other_answers_is_not_counted_as_a_repeat(chat: Chat) -> None:
    order_id, order = find_order("delivered")
    email = owner(order)["email"]
    chat.say(f"{email}. I'd like to pay for order {order_id} with PayPal instead.")
    chat.say(f"I'd like to pay for order {order_id} with PayPal instead.")
    chat.say("thank you")
    reply = chat.say(f"I'd like to pay for order {order_id} with PayPal instead.")
    assert "can no longer be changed" in reply
    assert chat.case is not None and chat.case.handoff is None
