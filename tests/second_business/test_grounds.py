"""The first safety invariant, held by the engine whatever a resolver claims: every argument of a
proposed write rests on a ground that holds in the conversation — words the customer wrote, a
record they own, or their choice among options offered. Checked on the account desk, a business
with no domain pack: the engine enforces it, not a pack's readings."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from deskpilot.domain import EventType, Ground
from deskpilot.flows import FlowDecider, Resolution, SlotContext
from deskpilot.flows._grounds import words_said
from deskpilot.runtime import Runtime

from .conftest import Accounts, running_desk, say

# Words that may follow the request, and words no message ever holds.
FILLER = ["quickly", "today", "asap", "now", "soon", "urgently"]
ABSENT = ["walrus", "quantum", "zeppelin"]
CLAIMS = ["said", "absent", "record", "chosen", "earlier"]


@pytest.fixture(scope="module")
def shared_desk(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Runtime]:
    with running_desk(tmp_path_factory.mktemp("desk")) as runtime:
        yield runtime


def _decider(runtime: Runtime) -> FlowDecider:
    decider = runtime.pipeline.decider
    assert isinstance(decider, FlowDecider)
    return decider


def _claims(picks: list[str], filler: list[str], start: int, length: int) -> tuple[Ground, ...]:
    """What a resolver says of its value: words of the message (a run of its filler), words
    nobody wrote, a record, or what only the engine may say (a choice, an earlier value)."""
    said = " ".join(filler[start % len(filler) :][: max(1, length)])
    made = {
        "said": Ground.said(said),
        "absent": Ground.said(ABSENT[length % len(ABSENT)]),
        "record": Ground.record("account", "c1"),  # the desk reads no records of that kind
        "chosen": Ground("chosen", "sms"),
        "earlier": Ground.earlier("sms"),
    }
    return tuple(made[p] for p in picks)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    filler=st.lists(st.sampled_from(FILLER), min_size=1, max_size=5),
    picks=st.lists(st.sampled_from(CLAIMS), max_size=4),
    value=st.sampled_from(["sms", "email"]),
    start=st.integers(0, 4),
    length=st.integers(1, 3),
)
def test_a_write_is_proposed_only_on_grounds_that_hold(
    shared_desk: Runtime, filler: list[str], picks: list[str], value: str, start: int, length: int
) -> None:
    claimed = _claims(picks, filler, start, length)

    def resolver(ctx: SlotContext) -> Resolution:
        return Resolution(value=value, grounds=claimed)

    decider = _decider(shared_desk)
    original = decider.know
    decider.know = replace(original, resolvers={**original.resolvers, "reset_channel": resolver})
    Accounts.resets = []
    try:
        conversation = shared_desk.pipeline.do_start_conversation("chat", None)
        message = f"Reset my password, I'm ann@example.com. {' '.join(filler)}"
        proposal = say(shared_desk, conversation, message)
        done = say(shared_desk, conversation, "yes")
    finally:
        decider.know = original
    if "said" in picks:  # only words the customer wrote hold here
        assert proposal.startswith("To confirm")
        assert Accounts.resets == [{"customer": "c1", "channel": value}], done
        with shared_desk.db.transaction() as repo:
            events = repo.list_events(conversation.case_id)
        logged = [c for e in events if e.type is EventType.DECISION for c in e.data["commands"]]
        kept = [c for c in logged if c.startswith("set_slot(slot='channel'")]
        assert kept and "said" in kept[0] and not any(a in kept[0] for a in ABSENT)
    else:
        assert not proposal.startswith("To confirm")
        assert Accounts.resets == []


def test_a_choice_the_customer_made_is_logged_with_the_words_it_rests_on(desk: Runtime) -> None:
    conversation = desk.pipeline.do_start_conversation("chat", None)
    say(desk, conversation, "I forgot my password, my email is ann@example.com")
    say(desk, conversation, "send it by text please")
    with desk.db.transaction() as repo:
        events = repo.list_events(conversation.case_id)
    logged = [c for e in events if e.type is EventType.DECISION for c in e.data["commands"]]
    assert "set_slot(slot='channel', value='sms', grounds=[said \"text\"]) <- \"text\"" in logged


_TEXT = st.text(st.sampled_from("abc de,.!?'#-\n"), min_size=1, max_size=40)


@given(text=_TEXT, data=st.data())
def test_any_run_of_the_customers_words_is_found_in_what_they_wrote(
    text: str, data: st.DataObject
) -> None:
    start = data.draw(st.integers(0, len(text) - 1))
    end = data.draw(st.integers(start + 1, len(text)))
    piece = text[start:end]
    if any(ch.isalnum() for ch in piece):
        assert words_said(piece, [text])
        assert words_said(piece.upper(), ["earlier words", text])


@given(text=_TEXT)
def test_words_nobody_wrote_are_no_ground(text: str) -> None:
    assert not words_said("walrus", [text])
    assert not words_said("", [text])
    assert not words_said(" ,.! ", [text])
