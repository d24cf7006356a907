"""Slot kinds every workspace has without a pack: an amount, a date, an email address, read from
the entities understanding found in the slot's words."""

from __future__ import annotations

import shutil
from collections.abc import Mapping
from datetime import UTC, datetime
from pathlib import Path

import pytest

from deskpilot.components import domain_knowledge
from deskpilot.domain import Entity, Understanding
from deskpilot.flows import TYPED_RESOLVERS, Resolver
from deskpilot.nlu.entities import ExtractionContext, PatternEntityExtractor, entity_forms
from deskpilot.workspace import load_workspace

from ..conftest import slot_context

NOW = datetime(2026, 11, 10, 15, 0, tzinfo=UTC)  # a Tuesday
ACCOUNT_DESK = Path(__file__).parents[1] / "second_business" / "workspace"
# The entities as the account desk's words (its vocabulary.yaml) read them.
PATTERNS = PatternEntityExtractor(None, [], entity_forms(load_workspace(ACCOUNT_DESK).vocabulary))


def _resolve(
    kind: str,
    message: str,
    words: str | None = None,
    marks: tuple[Entity, ...] = (),
    resolvers: Mapping[str, Resolver] = TYPED_RESOLVERS,
) -> object:
    entities = tuple(PATTERNS.extract(message, ExtractionContext(now=NOW)))
    ctx = slot_context(
        text=message if words is None else words,
        understanding=Understanding(text=message, entities=entities, marks=marks),
        kind=kind,
    )
    found = resolvers[kind](ctx)
    return None if found is None else found.value


@pytest.mark.parametrize(
    ("kind", "message", "expected"),
    [
        ("amount", "I was charged $49.99 for nothing", "49.99"),
        ("amount", "they took $12 and then $30", None),  # two amounts: the flow asks
        ("date", "it happened yesterday", "2026-11-09"),
        ("email", "write to me at mia.kim@example.com please", "mia.kim@example.com"),
        ("email", "no email here", None),
    ],
)
def test_a_typed_slot_takes_the_one_value_understanding_found(
    kind: str, message: str, expected: str | None
) -> None:
    assert _resolve(kind, message) == expected


def test_a_typed_slot_reads_only_its_own_words() -> None:
    # The message's other part named the amount; this slot's words did not.
    assert _resolve("amount", "Refund $20. Also my email is a@b.co", "my email is a@b.co") is None


def test_every_workspace_has_the_typed_kinds_even_without_a_pack() -> None:
    knowledge = domain_knowledge(load_workspace(ACCOUNT_DESK))
    assert {"amount", "date", "email"} <= set(knowledge.resolvers)


def _declaring(tmp_path: Path, kind: str, type_: str) -> Mapping[str, Resolver]:
    """The resolvers of the account desk with one more kind in its slots.yaml."""
    ws = tmp_path / "ws"
    shutil.copytree(ACCOUNT_DESK, ws)
    slots = ws / "slots.yaml"
    slots.write_text(slots.read_text() + f"  {kind}:\n    type: {type_}\n")
    return domain_knowledge(load_workspace(ws)).resolvers


def test_a_declared_amount_kind_needs_no_code_and_the_marks_pick_among_amounts(
    tmp_path: Path,
) -> None:
    resolvers = _declaring(tmp_path, "refund_amount", "amount")
    message = "refund $20 of the $50"
    assert _resolve("refund_amount", message, resolvers=resolvers) is None  # two: it asks
    marked = (Entity("refund_amount", None, "refund $20", 0, 10),)
    assert _resolve("refund_amount", message, marks=marked, resolvers=resolvers) == "20.00"


def test_a_declared_text_kind_is_the_words_marked_for_it(tmp_path: Path) -> None:
    resolvers = _declaring(tmp_path, "problem", "text")
    message = "I can't log in: the page says my account is locked"
    said = "the page says my account is locked"
    at = message.index(said)
    one = (Entity("problem", None, said, at, at + len(said)),)
    assert _resolve("problem", message, marks=one, resolvers=resolvers) == said
    assert _resolve("problem", message, resolvers=resolvers) is None  # nothing marked: it asks
    two = (*one, Entity("problem", None, "I can't log in", 0, 14))
    assert _resolve("problem", message, marks=two, resolvers=resolvers) is None


def test_a_date_kind_ahead_reads_a_weekday_alone_as_the_coming_one(tmp_path: Path) -> None:
    ws = tmp_path / "ws"
    shutil.copytree(ACCOUNT_DESK, ws)
    slots = ws / "slots.yaml"
    slots.write_text(slots.read_text() + "  visit_day:\n    type: date\n    ahead: true\n")
    resolvers = domain_knowledge(load_workspace(ws)).resolvers
    # NOW is a Tuesday, 2026-11-10: the plain date kind keeps the last Friday.
    assert _resolve("date", "can I come on Friday?") == "2026-11-06"
    assert _resolve("visit_day", "can I come on Friday?", resolvers=resolvers) == "2026-11-13"
    assert _resolve("visit_day", "Tuesday", resolvers=resolvers) == "2026-11-10"  # today
    # Other forms say their day whatever is to come.
    assert _resolve("visit_day", "last Friday", resolvers=resolvers) == "2026-11-06"
    assert _resolve("visit_day", "on Nov 3", resolvers=resolvers) == "2026-11-03"
