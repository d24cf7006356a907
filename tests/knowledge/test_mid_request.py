"""In the middle of a request, which messages the help center answers beside it: a question
that asks (the workspace's ``requests.asks``), not one pointing back at what the request is
about (``requests.refers_back``: "what colour is it?")."""

from __future__ import annotations

import pytest

from deskpilot.commands import AskQuestion, Clarify, DialogueView
from deskpilot.domain import Understanding
from deskpilot.knowledge import (
    KnowledgeBase,
    KnowledgeCommandGenerator,
    KnowledgeIndex,
    load_articles,
    load_synonyms,
)
from deskpilot.workspace import load_workspace

from ..conftest import RETAIL_WORKSPACE

WS = load_workspace(RETAIL_WORKSPACE)


class _Unread:
    """A reading generator that understood nothing of the message."""

    def generate(self, understanding: Understanding, view: DialogueView) -> tuple[Clarify, ...]:
        return (Clarify(reason="not understood"),)


@pytest.fixture(scope="module")
def generator() -> KnowledgeCommandGenerator:
    index = KnowledgeIndex(synonyms=load_synonyms(WS))
    index.do_index(load_articles(WS))
    requests = WS.vocabulary.requests
    return KnowledgeCommandGenerator(
        _Unread(),
        KnowledgeBase(index),
        asking=requests.asks,
        leads=requests.leads,
        refers_back=requests.refers_back,
    )


@pytest.mark.parametrize(
    ("message", "answered"),
    [
        ("how long does a refund take?", True),
        ("how long does shipping take to Texas?", True),
        # about the thing the request is about: stays with the request
        ("what colour is it?", False),
        ("how long does it take to arrive?", False),
        ("are they waterproof?", False),
        ("is that one still in stock?", False),
        # no question: an answer to the request
        ("the refund to my card", False),
    ],
)
def test_a_question_beside_a_request_goes_to_the_help_center_unless_it_points_back(
    generator: KnowledgeCommandGenerator, message: str, answered: bool
) -> None:
    view = DialogueView(active=True, current="cancel_order")
    commands = generator.generate(Understanding(text=message), view)
    asked = [c for c in commands if isinstance(c, AskQuestion) and c.answer]
    assert bool(asked) is answered, commands
