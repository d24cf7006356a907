"""Nothing the customer asks for is dropped without a word (docs/understanding.md, "Requests
asked while a proposal waits, over several orders, and a no to the first", 2026-12-10): the
same request for another subject asked while a proposal waits for its yes waits its turn behind
it (said so, and the proposal asked again) unless the words put it in the proposal's place
(then what is dropped is said); one request over a list of order ids runs once per order; a no
to the first of several proposals turns down that one only. Every write still asks its own
yes."""

from __future__ import annotations

import pytest

from .conftest import Chat

XIMENA = "ximena.nakamura2272@example.com"
FIRST, SECOND = "#W2460971", "#W4943115"  # two of her pending orders


def _cancelled(chat: Chat) -> list[str]:
    return [args["order_id"] for action, args in chat.writes() if action == "cancel_pending_order"]


def test_the_same_request_for_another_order_waits_behind_the_proposal(chat: Chat) -> None:
    chat.say(XIMENA)
    assert f"cancel order {FIRST}" in chat.say(f"Please cancel order {FIRST}, I no longer need it.")
    said = chat.say(f"oh and can you also cancel {SECOND}? I ordered it by mistake")
    assert f"cancellation of order {SECOND} right after this one" in said
    assert f"cancel order {FIRST}" in said and f"cancel order {SECOND}" not in said
    assert _cancelled(chat) == []
    after = chat.say("yes")
    assert _cancelled(chat) == [FIRST]
    assert f"cancel order {SECOND}" in after and "ordered by mistake" in after
    chat.say("yes")
    assert _cancelled(chat) == [FIRST, SECOND]


def test_another_order_said_instead_replaces_the_proposal_and_says_so(chat: Chat) -> None:
    chat.say(XIMENA)
    chat.say(f"Please cancel order {FIRST}, I no longer need it.")
    said = chat.say(f"actually, cancel {SECOND} instead")
    assert f"won't go ahead with the cancellation of order {FIRST}" in said
    assert f"cancel order {SECOND}" in said
    chat.say("yes")
    chat.say("yes")
    assert _cancelled(chat) == [SECOND]


def test_one_request_over_two_listed_orders_is_proposed_for_each(chat: Chat) -> None:
    chat.say(XIMENA)
    said = chat.say(f"Please cancel order {FIRST} and order {SECOND}, I no longer need them.")
    assert f"cancel order {FIRST}" in said and "Which order" not in said
    assert f"cancel order {SECOND}" in chat.say("yes")
    chat.say("yes")
    assert _cancelled(chat) == [FIRST, SECOND]


def test_a_no_to_the_first_of_two_proposals_still_proposes_the_second(chat: Chat) -> None:
    chat.say(XIMENA)
    chat.say(f"Please cancel order {FIRST} and order {SECOND}, I no longer need them.")
    said = chat.say("no, not that one")
    assert f"cancel order {SECOND}" in said
    assert _cancelled(chat) == []
    chat.say("yes")
    assert _cancelled(chat) == [SECOND]


def test_the_second_of_a_counted_request_said_while_the_first_waits_is_queued(chat: Chat) -> None:
    chat.say(XIMENA)
    chat.say("I need to cancel two orders.")
    assert f"cancel order {FIRST}" in chat.say(f"The first is {FIRST}, I ordered it by mistake.")
    said = chat.say(f"The second is {SECOND}; I don't need it any more.")
    assert f"cancellation of order {SECOND} right after this one" in said
    chat.say("yes")
    chat.say("yes")
    assert _cancelled(chat) == [FIRST, SECOND]


@pytest.mark.parametrize(
    "words",
    ["sorry, it's {second} - cancel that one", "it's {second}, cancel that one", "cancel {second}"],
)
def test_another_order_named_without_a_word_of_adding_is_no_second_request(
    chat: Chat, words: str
) -> None:
    """A subject corrected without a correction word ("it's #W2, cancel that one") is never
    queued behind the proposal it corrects: asking again for the order the customer moved away
    from would invite a yes to the wrong write."""
    chat.say(XIMENA)
    chat.say(f"Please cancel order {FIRST}, I no longer need it.")
    said = chat.say(words.format(second=SECOND))
    assert "right after this one" not in said
    assert f"cancel order {FIRST}" not in said
    chat.say("yes")
    chat.say("yes")
    assert FIRST not in _cancelled(chat)
