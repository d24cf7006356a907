"""An answer that picks one of the choices a question listed by its place ("the second one",
"the latter"): the workspace's ``dialogue.ordinals`` words, read by the engine."""

from __future__ import annotations

import re

import pytest

from deskpilot.domain import DialogueState
from deskpilot.domain._models import Asked
from deskpilot.flows import Phrasing
from deskpilot.store._codec import dialogue_from_json, dialogue_to_json

from .conftest import DEMO, RETAIL, Chat

PHRASING = Phrasing(RETAIL.vocabulary.dialogue)


@pytest.mark.parametrize(
    ("words", "count", "index"),
    [
        ("the first one", 2, 0),
        ("first", 3, 0),
        ("the second one please", 2, 1),
        ("the 2nd", 3, 1),
        ("option 2", 2, 1),
        ("the latter", 2, 1),
        ("the last one", 3, 2),
        ("the former", 2, 0),
        ("the third one", 2, None),  # beyond the list
        ("not the first one", 2, None),  # ruled out, none picked
        ("the first or the second", 2, None),  # two places
        ("I'd like the first one cancelled and the rest kept as it is", 2, None),  # no short answer
        ("paypal", 2, None),
    ],
)
def test_a_short_answer_picks_a_choice_by_its_place(
    words: str, count: int, index: int | None
) -> None:
    assert PHRASING.ordinal(words, count) == index


def test_the_choices_a_question_listed_are_kept_with_it() -> None:
    asked = DialogueState(question=Asked("ask_order:order_id", 2, ("#W1 (pending)", "#W2")))
    assert dialogue_from_json(dialogue_to_json(asked)).question == asked.question
    # a state stored before choices were kept reads as a question without them
    raw = dialogue_to_json(asked)
    raw["question"] = {"key": "ask_order:order_id", "times": 2}
    assert dialogue_from_json(raw).question == Asked("ask_order:order_id", 2)


def _customer_with_two_pending() -> tuple[dict[str, object], list[str]]:
    for user in DEMO["users"].values():
        pending = [o for o in user["orders"] if DEMO["orders"][o]["status"] == "pending"]
        if len(pending) == 2:
            return user, pending
    raise AssertionError("no customer with exactly two pending orders")


@pytest.mark.parametrize(("answer", "place"), [("the second one", 1), ("the first", 0)])
def test_the_order_and_the_reason_are_picked_by_their_place(
    chat: Chat, answer: str, place: int
) -> None:
    user, _pending = _customer_with_two_pending()
    chat.say(str(user["email"]))
    listed = chat.say("I want to cancel an order")
    shown = re.findall(r"#W\d{7}", listed)
    assert len(shown) == 2, listed
    reason = chat.say(answer)
    assert "What is the reason for cancelling: ordered by mistake, or no longer needed?" in reason
    confirm = chat.say("the latter")
    assert f"I'll cancel order {shown[place]}" in confirm, confirm
    assert "because it was no longer needed" in confirm, confirm
    chat.say("yes")
    assert chat.writes() == [
        ("cancel_pending_order", {"order_id": shown[place], "reason": "no longer needed"})
    ]
