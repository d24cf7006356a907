"""A second business on the same engine, with no domain pack and no Python of its own: an
online service's account desk whose system is reached over HTTP (a fake server on loopback).
Identity, the flow, its one-of-a-few slot and the write are workspace files; the engine, the
command generator, the guard and the HTTP connector do the rest."""

from __future__ import annotations

from pathlib import Path

import pytest

from deskpilot.errors import WorkspaceError
from deskpilot.runtime import Runtime

from .conftest import CONNECTOR, PERMISSIVE, Accounts, running_desk, say, verification

# The write of the connector file, and the line that declares it needs proof.
WRITE = "    side_effect: write\n"
PROVEN = "    verification: proven\n"


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


@pytest.mark.parametrize(
    ("setting", "connector"),
    [
        ("", CONNECTOR),  # by default, reads on known facts and writes on proof
        ("{default: known, actions: {send_password_reset: proven}}", CONNECTOR),
        ("{default: proven, actions: {get_customer: known}}", CONNECTOR),
        # the connector declares the reset needs proof, whatever the workspace's default
        (PERMISSIVE.split(": ", 1)[1].strip(), CONNECTOR.replace(WRITE, WRITE + PROVEN)),
    ],
)
def test_an_email_alone_is_not_enough_for_what_needs_proof(
    tmp_path: Path, setting: str, connector: str
) -> None:
    with running_desk(tmp_path, lambda ws: verification(ws, setting), connector) as desk:
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


@pytest.mark.parametrize(
    ("setting", "connector", "said"),
    [
        (
            "{actions: {get_custmer: known}}",
            CONNECTOR,
            "deskpilot.yaml:13: identity.verification.actions: unknown action 'get_custmer'; "
            "actions: find_customer, get_current_time, get_customer, send_password_reset",
        ),
        (
            "{actions: {send_password_reset: known}}",
            CONNECTOR.replace(WRITE, WRITE + PROVEN),
            "deskpilot.yaml:13: identity.verification.actions: send_password_reset is set to "
            "known, but its connector declares it needs proven verification at least",
        ),
        (
            "{default: maybe}",
            CONNECTOR,
            "deskpilot.yaml:13: identity.verification.default:",
        ),
    ],
)
def test_a_verification_setting_that_cannot_hold_is_named_with_its_line(
    tmp_path: Path, setting: str, connector: str, said: str
) -> None:
    prepare = lambda ws: verification(ws, setting)  # noqa: E731
    with pytest.raises(WorkspaceError) as info, running_desk(tmp_path, prepare, connector):
        pass
    assert str(info.value).startswith(said), str(info.value)
