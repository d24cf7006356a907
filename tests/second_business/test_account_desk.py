"""A second business on the same engine, with no domain pack and no Python of its own: an
online service's account desk whose system is reached over HTTP (a fake server on loopback).
Identity, the flow, its one-of-a-few slot and the write are workspace files; the engine, the
command generator, the guard and the HTTP connector do the rest."""

from __future__ import annotations

from deskpilot.runtime import Runtime

from .conftest import Accounts, say


def test_the_account_desk_resets_a_password_after_a_yes(desk: Runtime) -> None:
    conversation = desk.pipeline.do_start_conversation("chat", None)
    asked = say(desk, conversation, "Hi, I forgot my password. My email is ann@example.com")
    assert asked == "Should the reset link go by text or by email?"
    confirm = say(desk, conversation, "by text please")
    assert (
        confirm == "To confirm: I'll send a password reset link by sms. Shall I go ahead? (yes/no)"
    )
    assert Accounts.resets == []  # nothing is sent before the yes
    done = say(desk, conversation, "yes")
    assert done == "Done — the reset link is on its way by sms."
    assert Accounts.resets == [{"customer": "c1", "channel": "sms"}]
    with desk.db.transaction() as repo:
        case, _ = repo.get_case(conversation.case_id)
    assert case.verification is not None and case.verification.user_id == "c1"


def test_an_unknown_email_verifies_nobody_and_sends_nothing(desk: Runtime) -> None:
    conversation = desk.pipeline.do_start_conversation("chat", None)
    reply = say(desk, conversation, "reset my password please, by email. I'm bob@example.com")
    assert "couldn't find an account" in reply
    assert Accounts.resets == []


def test_a_channel_in_words_no_phrase_lists_is_read_from_the_marked_examples(
    desk: Runtime,
) -> None:
    # vocabulary.yaml lists no phrase in "to my mobile phone"; slots.yaml's marked examples
    # teach the span tagger that such words say sms.
    conversation = desk.pipeline.do_start_conversation("chat", None)
    reply = say(
        desk,
        conversation,
        "I forgot my password, ann@example.com - send the link to my mobile phone.",
    )
    assert reply == "To confirm: I'll send a password reset link by sms. Shall I go ahead? (yes/no)"
    assert say(desk, conversation, "yes") == "Done — the reset link is on its way by sms."
    assert Accounts.resets == [{"customer": "c1", "channel": "sms"}]
