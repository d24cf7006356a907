"""A flow's values and a slot needed only when, on the account desk (no domain pack): a value
worked out from a lookup shows in the confirmation, and a count is asked for only when the
value its slot's ``when`` reads holds."""

from __future__ import annotations

from pathlib import Path

from .conftest import Accounts, running_desk, say

FLOW_BEFORE = """    slots:
      - name: channel
        resolver: reset_channel     # a choice declared in vocabulary.yaml, no code
        ask: ask_channel
"""
FLOW_AFTER = """    slots:
      - name: channel
        resolver: reset_channel
        ask: ask_channel
      - name: copies
        resolver: copies
        when: by_mail
        ask: ask_copies
    lookups:
      - name: account
        action: get_customer
        args: {customer_id: user_id}
    values:
      by_mail: slots.channel == "email"
      called: account.name
"""
COPIES = """  copies:
    type: count
    description: how many copies of the link to send
    units: [copy, copies, link~]
"""
CONFIRM = (
    "To confirm, {{ called }}: I'll send {% if slots.copies is defined %}{{ slots.copies }} "
    "{% endif %}password reset link{{ 's' if slots.copies is defined and slots.copies > 1 }} "
    "by {{ args.channel }}. Shall I go ahead? (yes/no)"
)


def _with_copies(ws: Path) -> None:
    flows = ws / "flows" / "account.yaml"
    assert FLOW_BEFORE in flows.read_text()
    flows.write_text(flows.read_text().replace(FLOW_BEFORE, FLOW_AFTER))
    slots = ws / "slots.yaml"
    slots.write_text(slots.read_text() + COPIES)
    templates = ws / "templates" / "en"
    (templates / "ask_copies.j2").write_text("How many copies of the link should I send?")
    (templates / "confirm_reset.j2").write_text(CONFIRM)


def test_a_slot_whose_when_does_not_hold_is_not_asked_and_values_reach_the_reply(
    tmp_path: Path,
) -> None:
    with running_desk(tmp_path, _with_copies) as desk:
        conversation = desk.pipeline.do_start_conversation("chat", None)
        reply = say(desk, conversation, "I forgot my password, ann@example.com, by text please")
        assert reply == (
            "To confirm, Ann Lee: I'll send password reset link by sms. Shall I go ahead? (yes/no)"
        )
        assert say(desk, conversation, "yes") == "Done — the reset link is on its way by sms."
        assert Accounts.resets == [{"customer": "c1", "channel": "sms"}]


def test_a_slot_whose_when_holds_is_asked_for_and_read_as_a_count(tmp_path: Path) -> None:
    with running_desk(tmp_path, _with_copies) as desk:
        conversation = desk.pipeline.do_start_conversation("chat", None)
        asked = say(desk, conversation, "reset my password by email please, ann@example.com")
        assert asked == "How many copies of the link should I send?"
        assert Accounts.resets == []
        confirm = say(desk, conversation, "2 please")
        assert confirm == (
            "To confirm, Ann Lee: I'll send 2 password reset links by email. Shall I go ahead? "
            "(yes/no)"
        )
        say(desk, conversation, "yes")
        assert Accounts.resets == [{"customer": "c1", "channel": "email"}]
