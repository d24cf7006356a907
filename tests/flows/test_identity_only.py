"""A message that only says who the customer is starts no request, whatever the intent
classifier makes of it: the customer is looked up and asked what they need. The words that say
nothing else beside a name, an email or a zip are the workspace's (vocabulary.yaml)."""

from __future__ import annotations

from typing import Any

import pytest

from .conftest import DEMO, Chat

USER: dict[str, Any] = next(iter(DEMO["users"].values()))
FIRST, LAST = USER["name"]["first_name"], USER["name"]["last_name"]
ZIP, EMAIL = USER["address"]["zip"], USER["email"]

ONLY_WHO = [
    f"Name's {FIRST} {LAST}, my zip is {ZIP}",
    f"Hi, I'm {FIRST} {LAST}, zip code {ZIP}.",
    f"{FIRST.lower()} {LAST.lower()} {ZIP}",
    f"my email is {EMAIL}",
    f"{EMAIL}",
    f"hello! {EMAIL} here",
]
WITH_A_REQUEST = [
    f"Where is my order? {FIRST} {LAST}, zip {ZIP}",
    f"I want a refund. {EMAIL}",
    f"cancel please, {EMAIL}",
    # a name in small letters after a long question: the words beside the zip are tried first
    f"is it too late to cancel an order if it hasnt shipped? {FIRST.lower()} {LAST.lower()}, {ZIP}",
    # ... and the words right after it ("a few things") are not: fewer characters lie between
    f"{FIRST.lower()} {LAST.lower()}, {ZIP}. a few things pls. where is my order? it should go "
    "to 953 Park Avenue, New York, New York 10064",
]


@pytest.mark.parametrize("message", ONLY_WHO)
def test_who_they_are_only_is_answered_with_what_can_i_do(chat: Chat, message: str) -> None:
    reply = chat.say(message)
    assert "What can I help you with?" in reply, reply
    assert chat.case is not None and chat.case.intent is None
    assert chat.case.verification is not None


@pytest.mark.parametrize("message", WITH_A_REQUEST)
def test_who_they_are_with_a_request_goes_on_with_the_request(chat: Chat, message: str) -> None:
    reply = chat.say(message)
    assert "What can I help you with?" not in reply, reply
    assert "order" in reply.lower(), reply  # the request goes on: its order, or a question on it
    assert chat.case is not None and chat.case.verification is not None, reply


def test_half_an_identity_asks_for_the_rest(chat: Chat) -> None:
    reply = chat.say(f"my zip is {ZIP}")
    assert "email" in reply and chat.case is not None and chat.case.intent is None
