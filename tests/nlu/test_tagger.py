"""The span tagger: the words of a message that say a slot kind's value, learned from the
workspace's marked examples, in any business's words."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from deskpilot.domains.retail import CatalogueEntityMatcher, generate_store
from deskpilot.domains.retail._matcher import CatalogueMatcherConfig
from deskpilot.nlu.entities import entity_forms
from deskpilot.nlu.understander import NluUnderstander
from deskpilot.workspace import load_workspace, parse_marked

from ..conftest import RETAIL_WORKSPACE

CASES = yaml.safe_load((Path(__file__).parent / "fixtures" / "tagger_cases.yaml").read_text())


def _no_intents(text: str) -> list[Any]:
    return []


@pytest.fixture(scope="module")
def store_reader() -> NluUnderstander:
    ws = load_workspace(RETAIL_WORKSPACE)
    catalogue = CatalogueEntityMatcher(
        generate_store()["products"], CatalogueMatcherConfig.from_vocabulary(ws.vocabulary)
    )
    return NluUnderstander(
        _no_intents,
        forms=entity_forms(ws.vocabulary),
        extractors=[catalogue],
        requests=ws.vocabulary.requests,
        marked=ws.marked_examples(),
        choices=ws.vocabulary.choices,
    )


@pytest.mark.parametrize("case", CASES["cases"], ids=[c["text"][:40] for c in CASES["cases"]])
def test_tagger_marks_each_phrase_as_its_table_says(
    store_reader: NluUnderstander, case: dict[str, Any]
) -> None:
    u = store_reader.understand(case["text"], None)
    assert len(u.marks) == len(case["marks"]), u.marks
    for m, (kind, words, *value) in zip(u.marks, case["marks"], strict=True):
        assert (m.type, m.value) == (kind, value[0] if value else None), m
        # the words the row names, and no more than their clause
        assert words in m.text and not any(p in m.text for p in ",;."), m
        assert case["text"][m.start : m.end] == m.text
    for words in case.get("unmarked", []):
        assert not any(words in m.text for m in u.marks), words


def test_tagger_learns_another_business_kinds() -> None:
    # An airline's seat preference, with no word of the store: the engine knows no kind.
    examples = [
        parse_marked(e)
        for e in (
            "I'd like [a window seat](seat=window) please",
            "can you put me in [an aisle seat](seat=aisle)",
            "[window](seat=window) if possible, I get cold though",
            "my son wants [the aisle](seat=aisle) on the way back",
            "change my booking and give me [a seat by the window](seat=window)",
            "I need [an aisle seat](seat=aisle) for my knee",
            "what time does the flight leave",
            "[aisle](seat=aisle), thanks",
        )
    ]
    reader = NluUnderstander(_no_intents, marked=examples)
    u = reader.understand("could I get a window seat on the flight home", None)
    assert [(m.type, m.value) for m in u.marks] == [("seat", "window")]
    assert "window" in u.marks[0].text
    assert reader.understand("what time does my flight leave", None).marks == ()


def test_without_marked_examples_nothing_is_marked() -> None:
    reader = NluUnderstander(_no_intents)
    assert reader.understand("refund it to my paypal", None).marks == ()
