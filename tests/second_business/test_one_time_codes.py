"""One-time codes (issue 11, finding 2): where knowing an e-mail is not enough for a write, a
code sent to the address on the customer's own record proves them, and only then does the
write run. Wrong, missing and expired codes count down to a person."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest

from deskpilot.domain import OutboxMessage, utcnow
from deskpilot.errors import WorkspaceError
from deskpilot.pipeline._codes import OneTimeCodes, code_in, masked_address
from deskpilot.runtime import Runtime
from deskpilot.workspace import OneTimeCodeConfig, load_workspace

from .conftest import WORKSPACE, Accounts, running_desk, say, verification

CUSTOMER = "  customer: {action: get_customer, arg: customer_id}\n"


def _codes(settings: str = "send_to: email") -> Callable[[Path], None]:
    def prepare(ws: Path) -> None:
        verification(ws, "")  # the default: writes need proof
        config = ws / "deskpilot.yaml"
        config.write_text(
            config.read_text().replace(
                CUSTOMER,
                CUSTOMER + f"  one_time_code: {{{settings}}}\n",
            )
        )

    return prepare


@pytest.fixture
def coded(tmp_path: Path) -> Iterator[Runtime]:
    with running_desk(tmp_path, _codes()) as runtime:
        yield runtime


def _sent(desk: Runtime, case_id: str) -> list[OutboxMessage]:
    with desk.db.transaction() as repo:
        return repo.list_outbox(case_id=case_id)  # type: ignore[arg-type]


def _code_of(message: OutboxMessage) -> str:
    found = re.search(r"\b(\d{6})\b", message.body)
    assert found is not None, message.body
    return found.group(1)


def _asked_for_a_reset(desk: Runtime) -> tuple[object, str]:
    conversation = desk.pipeline.do_start_conversation("chat", None)
    say(desk, conversation, "I forgot my password. My email is ann@example.com")
    say(desk, conversation, "by text please")
    reply = say(desk, conversation, "yes")
    return conversation, reply


def test_the_right_code_from_the_email_on_record_proves_the_customer_and_the_write_runs(
    coded: Runtime,
) -> None:
    conversation, asked = _asked_for_a_reset(coded)
    assert asked.startswith("To make sure it's really you, I've sent a code to a***@example.com")
    assert Accounts.resets == []  # the yes alone, on a known e-mail, does not reset
    (message,) = _sent(coded, conversation.case_id)  # type: ignore[attr-defined]
    assert message.recipient == "ann@example.com" and message.channel == "email"
    code = _code_of(message)
    wrong = "000000" if code != "000000" else "111111"
    again = say(coded, conversation, f"it says {wrong}")
    assert again.startswith("That isn't the code I sent to a***@example.com")
    assert "(2 tries left" in again and Accounts.resets == []
    done = say(coded, conversation, f"here: {code[:3]} {code[3:]}")
    assert done == "Done — the reset link is on its way by sms."
    assert Accounts.resets == [{"customer": "c1", "channel": "sms"}]
    with coded.db.transaction() as repo:
        case, _ = repo.get_case(conversation.case_id)  # type: ignore[attr-defined]
        events = [(e.type.value, e.data) for e in repo.list_events(case.id)]
    assert case.verification is not None and case.verification.method == "code"
    assert case.challenge is None
    assert ("customer_verified", {"method": "code"}) in events
    assert code not in str(events) and code not in str(case)  # only its hash was kept


def test_the_outbox_delivers_the_code_as_an_email_file_by_default(coded: Runtime) -> None:
    conversation, _ = _asked_for_a_reset(coded)
    assert coded.outbox.deliver_pending() == 1
    (message,) = _sent(coded, conversation.case_id)  # type: ignore[attr-defined]
    assert message.status == "sent" and message.sent_at is not None
    mail = (coded.settings.data_dir / "outbox" / f"{message.id}.eml").read_text()
    assert "To: ann@example.com" in mail and _code_of(message) in mail
    assert coded.outbox.deliver_pending() == 0  # sent once


def test_wrong_codes_run_out_to_a_person_and_nothing_is_done(coded: Runtime) -> None:
    conversation, _ = _asked_for_a_reset(coded)
    code = _code_of(_sent(coded, conversation.case_id)[0])  # type: ignore[attr-defined]
    wrong = "000000" if code != "000000" else "111111"
    say(coded, conversation, wrong)
    say(coded, conversation, "what code?")  # a message without one counts as a try
    last = say(coded, conversation, wrong)
    assert last == "I'm passing this to a colleague who will reply here."
    assert say(coded, conversation, code) == ""  # a person holds the case now
    assert Accounts.resets == []
    with coded.db.transaction() as repo:
        case, _ = repo.get_case(conversation.case_id)  # type: ignore[attr-defined]
    assert case.status.value == "handed_off" and case.challenge is None
    assert case.handoff is not None and "one-time code" in case.handoff.reason


def test_an_expired_code_is_replaced_by_a_new_one_and_no_longer_works(coded: Runtime) -> None:
    conversation, _ = _asked_for_a_reset(coded)
    old = _code_of(_sent(coded, conversation.case_id)[0])  # type: ignore[attr-defined]
    with coded.db.transaction() as repo:
        case, version = repo.get_case(conversation.case_id)  # type: ignore[attr-defined]
        assert case.challenge is not None
        past = replace(case.challenge, expires_at=utcnow() - timedelta(seconds=1))
        repo.save_case(replace(case, challenge=past), version)
    resent = say(coded, conversation, old)
    assert resent.startswith("That code has expired, so I've sent a new one to a***@example.com")
    sent = _sent(coded, conversation.case_id)  # type: ignore[attr-defined]
    new = _code_of(sent[-1])
    assert len(sent) == 2 and Accounts.resets == []
    if new != old:
        assert say(coded, conversation, old).startswith("That isn't the code")
    assert say(coded, conversation, new) == "Done — the reset link is on its way by sms."


def test_a_customer_who_did_not_get_the_code_gets_a_new_one_without_losing_a_try(
    coded: Runtime,
) -> None:
    conversation, _ = _asked_for_a_reset(coded)
    case_id = conversation.case_id  # type: ignore[attr-defined]
    old = _code_of(_sent(coded, case_id)[0])
    wrong = "000000" if old != "000000" else "111111"
    assert "(2 tries left" in say(coded, conversation, wrong)
    resent = say(coded, conversation, "I haven't received anything, can you send it again?")
    assert resent.startswith("I've sent a new code to a***@example.com"), resent
    new = _code_of(_sent(coded, case_id)[-1])
    assert len(_sent(coded, case_id)) == 2 and Accounts.resets == []
    if new != old:  # the old code no longer works, and the try it costs was not given back
        assert "(1 try left" in say(coded, conversation, old)
    assert say(coded, conversation, new) == "Done — the reset link is on its way by sms."
    with coded.db.transaction() as repo:
        sent = [
            e.data for e in repo.list_events(case_id) if e.type.value == "verification_code_sent"
        ]
    assert [s["asked"] for s in sent] == [False, True]


def test_new_codes_on_request_stop_at_the_workspaces_limit(coded: Runtime) -> None:
    conversation, _ = _asked_for_a_reset(coded)
    case_id = conversation.case_id  # type: ignore[attr-defined]
    for _ in range(2):  # sends: 3, the first included
        assert say(coded, conversation, "didn't get it").startswith("I've sent a new code")
    # the third ask finds no more codes to send: it counts as a try without a code
    assert say(coded, conversation, "still didn't get it").startswith("That isn't the code")
    assert len(_sent(coded, case_id)) == 3


def test_without_codes_configured_the_case_still_goes_to_a_person(tmp_path: Path) -> None:
    def facts_only(ws: Path) -> None:
        verification(ws, "")

    with running_desk(tmp_path, facts_only) as desk:
        conversation, reply = _asked_for_a_reset(desk)
        assert "colleague" in reply and _sent(desk, conversation.case_id) == []  # type: ignore[attr-defined]


def test_a_workspace_with_codes_but_no_templates_or_record_is_refused_with_its_line(
    tmp_path: Path,
) -> None:
    def no_templates(ws: Path) -> None:
        _codes()(ws)
        (ws / "templates" / "en" / "code_again.j2").unlink()

    with pytest.raises(WorkspaceError) as info, running_desk(tmp_path / "a", no_templates):
        pass
    assert str(info.value) == (
        "deskpilot.yaml:13: identity.one_time_code: needs the reply templates "
        "templates/en/code_again.j2"
    )

    def no_record(ws: Path) -> None:
        _codes()(ws)
        config = ws / "deskpilot.yaml"
        config.write_text(config.read_text().replace(CUSTOMER, ""))

    with pytest.raises(WorkspaceError) as info, running_desk(tmp_path / "b", no_record):
        pass
    assert "identity.one_time_code: needs identity.customer" in str(info.value)


@pytest.mark.parametrize(
    ("text", "digits", "code"),
    [
        ("123456", 6, "123456"),
        ("my code is 123 456", 6, "123456"),
        ("12-34-56 thanks", 6, "123456"),
        ("12345", 6, None),  # too short
        ("1234567", 6, None),  # too long
        ("123456 or 654321?", 6, None),  # two codes: which one?
        ("order #W2460971", 6, None),
        ("no digits", 6, None),
        ("0042", 4, "0042"),
    ],
)
def test_a_code_is_read_only_when_exactly_one_run_of_its_length_is_typed(
    text: str, digits: int, code: str | None
) -> None:
    assert code_in(text, digits) == code


@pytest.mark.parametrize(
    ("address", "shown"),
    [("ann@example.com", "a***@example.com"), ("+1 555 010 2233", "***2233"), ("", "***")],
)
def test_where_a_code_went_is_shown_masked(address: str, shown: str) -> None:
    assert masked_address(address) == shown


def test_codes_to_one_address_are_capped_per_hour_across_conversations(tmp_path: Path) -> None:
    with running_desk(tmp_path, _codes("send_to: email, per_hour: 2")) as desk:
        replies = [_asked_for_a_reset(desk) for _ in range(3)]
        with desk.db.transaction() as repo:
            sent = repo.list_outbox()
        assert len(sent) == 2  # a guesser opening conversations gets no third code
        assert all("sent a code" in reply for _, reply in replies[:2])
        assert replies[2][1] == "I'm passing this to a colleague who will reply here."
        assert Accounts.resets == []


@pytest.mark.parametrize(
    ("text", "again"),
    [
        ("I didn't get it", True),
        ("haven't received anything, can you send it again?", True),
        ("could you resend?", True),
        ("it says 123456", False),  # a code, even beside the words
        ("I didn't get the code, it's 123 456", False),
        ("what code?", False),
        ("thanks", False),
    ],
)
def test_a_message_asks_for_another_code_in_the_workspaces_words(text: str, again: bool) -> None:
    words = load_workspace(WORKSPACE).vocabulary.dialogue.resend_code
    codes = OneTimeCodes(OneTimeCodeConfig(send_to="email"), words)
    assert codes.asks_again(text) is again
    assert not OneTimeCodes(OneTimeCodeConfig(send_to="email")).asks_again(text)  # no words
