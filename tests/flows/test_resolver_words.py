"""The store's slot resolvers read their words from the workspace (``vocabulary.yaml``, section
``resolvers``): the table ``resolver_words_cases.yaml`` pins what each reading finds, and every
entry of the section is pinned by a row that fails without it."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from deskpilot.domains.retail._order_words import OrderWords
from deskpilot.domains.retail._resolvers import cue_said
from deskpilot.workspace import ResolverWords, load_workspace

from ..conftest import RETAIL_WORKSPACE

WORDS = load_workspace(RETAIL_WORKSPACE).vocabulary.resolvers
TABLE = yaml.safe_load((Path(__file__).parent / "resolver_words_cases.yaml").read_text())

# One row: what it checks, and whether it holds for the words compiled.
Row = tuple[str, Any]


def _rows() -> list[tuple[str, str, str, Any]]:
    """(reading, how, phrase, expected) for every row of the table."""
    rows = []
    for reading, spec in TABLE["readings"].items():
        how = "match" if spec.get("at start") else "search"
        rows += [(reading, how, phrase, True) for phrase in spec.get("in", [])]
        rows += [(reading, how, phrase, False) for phrase in spec.get("not in", [])]
        rows += [(reading, "groups", phrase, g) for phrase, g in spec.get("groups", {}).items()]
    for status, spec in TABLE["statuses"].items():
        rows += [(status, "status", phrase, True) for phrase in spec.get("in", [])]
        rows += [(status, "status", phrase, False) for phrase in spec.get("not in", [])]
    rows += [("number", "number", word, n) for word, n in TABLE["numbers"].items()]
    rows += [("count", "count", word, n) for word, n in TABLE["counts"].items()]
    rows += [("whole_item", "whole_item", word, n) for word, n in TABLE["whole_item"].items()]
    rows += [(name, "set", word, True) for name, said in TABLE["sets"].items() for word in said]
    rows += [("city", "city", alias, city) for alias, city in TABLE["city_aliases"].items()]
    return rows


ROWS = _rows()
# What a piece of a pattern is composed with (before it, after it), for the rows of a reading.
AROUND = {
    reading: (spec.get("before", ""), spec.get("then", ""))
    for reading, spec in TABLE["readings"].items()
}


def _read(words: OrderWords, reading: str, how: str, phrase: str) -> Any:
    """What the compiled ``words`` read in ``phrase``, in the row's terms."""
    if how == "number":
        return words.number(phrase)
    if how == "count":
        return words.counts.get(phrase, 0)
    if how == "whole_item":
        return phrase in words.whole_item
    if how == "set":
        return phrase in getattr(words, reading)
    if how == "city":
        return dict(words.city_aliases).get(phrase)
    if how == "status":
        pattern = words.statuses.get(reading)
        return pattern is not None and pattern.search(phrase) is not None
    name, _, key = reading.partition(".")
    pattern = getattr(words, name).get(key, re.compile("(?!)")) if key else getattr(words, name)
    if isinstance(pattern, str):
        # a piece the resolvers compose with what follows it (a name, an id)
        before, then = AROUND.get(reading, ("", ""))
        pattern = re.compile(re.escape(before) + pattern + re.escape(then), re.I)
    if how == "groups":
        found = pattern.search(phrase)
        return None if found is None else list(found.groups())
    return (pattern.match(phrase) if how == "match" else pattern.search(phrase)) is not None


def _failing(words: OrderWords) -> list[tuple[str, str, str, Any]]:
    return [row for row in ROWS if _read(words, row[0], row[1], row[2]) != row[3]]


@pytest.mark.parametrize(("reading", "how", "phrase", "expected"), ROWS)
def test_resolver_words_read_each_phrase_as_the_table_says(
    reading: str, how: str, phrase: str, expected: Any
) -> None:
    assert _read(OrderWords.of(WORDS), reading, how, phrase) == expected


def _without(words: ResolverWords, field: str, entry: str, key: str | None = None) -> ResolverWords:
    """``words`` with one entry of one field taken out."""
    value = getattr(words, field)
    if isinstance(value, list):
        changed: Any = [e for e in value if e != entry]
    elif key is None:
        changed = {k: v for k, v in value.items() if k != entry}
    else:
        changed = {**value, key: [e for e in value[key] if e != entry]}
    return words.model_copy(update={field: changed})


def _entries(words: ResolverWords) -> list[tuple[str, str, str | None]]:
    """(field, entry, key) for every entry of the section."""
    found: list[tuple[str, str, str | None]] = []
    for field in type(words).model_fields:
        value = getattr(words, field)
        if isinstance(value, list):
            found += [(field, e, None) for e in value]
        elif all(isinstance(v, list) for v in value.values()):
            found += [(field, e, key) for key, said in value.items() for e in said]
        else:
            found += [(field, key, None) for key in value]
    return found


def test_every_entry_of_the_resolvers_words_is_pinned_by_a_row() -> None:
    unpinned = [
        (field, key, entry)
        for field, entry, key in _entries(WORDS)
        if not _failing(OrderWords.of(_without(WORDS, field, entry, key)))
    ]
    assert not unpinned, f"no row of resolver_words_cases.yaml fails without: {unpinned}"


def test_every_field_of_the_resolvers_words_has_entries_in_the_store() -> None:
    empty = [field for field in type(WORDS).model_fields if not getattr(WORDS, field)]
    assert not empty


def test_without_the_words_the_resolvers_read_nothing() -> None:
    assert not _failing(OrderWords.of(WORDS))
    nothing = OrderWords.of(ResolverWords())
    found = [row for row in ROWS if row[3] is True and _read(nothing, *row[:3])]
    assert not found


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("bitte stornieren", True),
        ("die Erstattung der Stornierung", False),  # a noun, which asks for nothing
        ("zwei Stornierungen", True),  # counted requests
        ("die Stornierungen", False),
    ],
)
def test_a_request_s_verb_is_told_from_its_noun_by_the_workspace_s_endings(
    text: str, said: bool
) -> None:
    german = ResolverWords(
        noun_endings=["~ung", "~ungen"], counted_endings=["~en"], counts={"zwei": 2}
    )
    assert cue_said(OrderWords.of(german), "stornier", text) is said
