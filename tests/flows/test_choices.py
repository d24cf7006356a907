"""Slot kinds that are one of a few choices are data: the store's cancellation reason is
declared in its vocabulary (``choices``), read by the engine's generic resolver."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from deskpilot.components import domain_knowledge
from deskpilot.errors import WorkspaceError
from deskpilot.flows import SlotContext
from deskpilot.flows._dialogue import sentence_at
from deskpilot.workspace import load_workspace

from ..conftest import RETAIL_WORKSPACE, slot_context

KNOWLEDGE = domain_knowledge(load_workspace(RETAIL_WORKSPACE))

REASONS = [
    ("I ordered it by accident", "ordered by mistake"),
    ("It was a mistake, sorry", "ordered by mistake"),
    ("I no longer need it", "no longer needed"),
    ("we don't really need it anymore", "no longer needed"),
    ("the item is no longer needed", "no longer needed"),
    ("I changed my mind", "no longer needed"),
    ("my sister already bought me one, so cancel it", "no longer needed"),
    # probes29: "I placed an order I never meant to place"
    ("I placed an order I never meant to place", "ordered by mistake"),
    ("we never intended to buy that", "ordered by mistake"),
    # "the one I already got" says an item arrived, not why an order is cancelled
    (
        "I ordered it by mistake. my other hose, the one I already got, is fine",
        "ordered by mistake",
    ),
    # one slip in a one-word phrase
    ("i ordered it by acident", "ordered by mistake"),
    ("it was a mistke", "ordered by mistake"),
    ("dont need it anymroe", "no longer needed"),
    ("the price went up", None),  # short words are not read as slips
    ("it arrived too late", None),  # neither: the flow asks
    ("ordered it by mistake and I don't need it", None),  # both: the flow asks
]


def _ctx(text: str, about: str | None = None) -> SlotContext:
    """The words ``text``; with ``about``, a request whose subject is spoken of by the
    sentences naming that word."""
    return slot_context(
        text=text,
        about=None if about is None else (lambda words: about in words),
    )


@pytest.mark.parametrize(("words", "reason"), REASONS, ids=[w for w, _ in REASONS])
def test_the_cancellation_reason_is_read_from_the_vocabulary(
    words: str, reason: str | None
) -> None:
    found = KNOWLEDGE.resolvers["cancel_reason"](_ctx(words))
    assert (found.value if found is not None else None) == reason


def test_a_choice_named_like_a_resolver_of_the_pack_is_refused(tmp_path: Path) -> None:
    ws = tmp_path / "ws"
    shutil.copytree(RETAIL_WORKSPACE, ws)
    vocabulary = ws / "vocabulary.yaml"
    vocabulary.write_text(vocabulary.read_text().replace("  cancel_reason:\n", "  order:\n", 1))
    line = 1 + vocabulary.read_text().splitlines().index("  order:")
    clash = rf"^vocabulary\.yaml:{line}: choices\.order: the domain pack resolves 'order'"
    with pytest.raises(WorkspaceError, match=clash):
        domain_knowledge(load_workspace(ws))


TWO_SUBJECTS = "The jacket order was a mistake. The skateboard one: I no longer need it."


@pytest.mark.parametrize(
    ("about", "reason"),
    [
        ("jacket", "ordered by mistake"),
        ("skateboard", "no longer needed"),
        (None, None),  # nothing tells whose reason is whose: the flow asks
        ("order", "ordered by mistake"),  # only the first sentence names an order
        ("The", None),  # both sentences speak of it: the flow asks
        ("hose", None),  # neither does
    ],
)
def test_two_reasons_for_two_subjects_give_each_the_one_said_of_it(
    about: str | None, reason: str | None
) -> None:
    found = KNOWLEDGE.resolvers["cancel_reason"](_ctx(TWO_SUBJECTS, about))
    assert (found.value if found is not None else None) == reason


@pytest.mark.parametrize(
    ("text", "at", "sentence"),
    [
        ("One. Two! Three? Four; five", 0, "One"),
        ("One. Two! Three? Four; five", 5, "Two"),
        ("One. Two! Three? Four; five", 24, "five"),
        ("It's 1.5 liters.It stays", 3, "It's 1.5 liters.It stays"),  # no space: one sentence
        ("One. Two", -1, "One. Two"),  # nowhere: all of it
    ],
)
def test_the_sentence_at_a_place(text: str, at: int, sentence: str) -> None:
    assert sentence_at(text, at) == sentence
