"""A second business on the same engine, with no domain pack and no Python of its own: an
online service's account desk whose system is reached over HTTP (a fake server on loopback).
Identity, the flow, its one-of-a-few slot and the write are workspace files; the engine, the
command generator, the guard and the HTTP connector do the rest."""

from __future__ import annotations

from pathlib import Path

import pytest

from deskpilot.errors import WorkspaceError
from deskpilot.runtime import Runtime

from .conftest import Accounts, running_desk, say


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


def test_an_email_alone_is_not_enough_for_what_the_workspace_keeps_from_it(
    tmp_path: Path,
) -> None:
    def reads_only(ws: Path) -> None:
        config = ws / "deskpilot.yaml"
        text = config.read_text()
        config.write_text(
            text.replace(
                "  customer: {action: get_customer, arg: customer_id}\n",
                "  customer: {action: get_customer, arg: customer_id}\n"
                "  known_facts_for: [get_customer]\n",
            )
        )

    with running_desk(tmp_path, reads_only) as desk:
        conversation = desk.pipeline.do_start_conversation("chat", None)
        say(desk, conversation, "I forgot my password. My email is ann@example.com")
        say(desk, conversation, "by text please")
        reply = say(desk, conversation, "yes")
        assert Accounts.resets == []  # knowing Ann's email does not reset her password
        with desk.db.transaction() as repo:
            case, _ = repo.get_case(conversation.case_id)
            refusals = [
                e.data
                for e in repo.list_events(conversation.case_id)
                if e.type.value == "guard_decision" and not e.data["allowed"]
            ]
        assert case.status.value == "handed_off", reply
        assert refusals[-1]["code"] == "needs_stronger_verification"


def test_an_unknown_action_allowed_for_known_facts_is_named_with_its_line(
    tmp_path: Path,
) -> None:
    def typo(ws: Path) -> None:
        config = ws / "deskpilot.yaml"
        config.write_text(
            config.read_text().replace(
                "  customer: {action: get_customer, arg: customer_id}\n",
                "  customer: {action: get_customer, arg: customer_id}\n"
                "  known_facts_for: [get_custmer]\n",
            )
        )

    with pytest.raises(WorkspaceError) as info, running_desk(tmp_path, typo):
        pass
    message = str(info.value)
    assert message.startswith("deskpilot.yaml:12: identity.known_facts_for: unknown action")
    assert "'get_custmer'; actions: find_customer, get_customer, send_password_reset" in message
