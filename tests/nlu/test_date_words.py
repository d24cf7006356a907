"""The words of dates are the workspace's (``vocabulary.yaml``: ``dates``): the names of months
and weekdays, the days said by their distance from today, the cues before a weekday or a day
of the month, the counts of days and weeks. Another language's words read the same dates, in
the entities and in a slot that reads a day to come; without any, ISO and numeric dates are
read."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import yaml

from deskpilot.components import domain_knowledge
from deskpilot.domain import Understanding
from deskpilot.errors import WorkspaceError
from deskpilot.nlu.entities import (
    NO_ENTITY_FORMS,
    ExtractionContext,
    PatternEntityExtractor,
    entity_forms,
)
from deskpilot.workspace import load_workspace

from ..conftest import PROJECT_ROOT, RETAIL_WORKSPACE, run_cli, slot_context

ACCOUNT_DESK = PROJECT_ROOT / "tests" / "second_business" / "workspace"
CONTEXT = ExtractionContext(now=datetime(2024, 5, 15, 15, 0, tzinfo=UTC))  # a Wednesday
# A German-speaking desk's words for dates, in place of the English ones.
GERMAN: dict[str, Any] = {
    "months": {"januar": 1, "jan": 1, "februar": 2, "feb": 2, "märz": 3, "mär": 3, "april": 4,
               "apr": 4, "mai": 5, "juni": 6, "jun": 6, "juli": 7, "jul": 7, "august": 8,
               "aug": 8, "september": 9, "sep": 9, "oktober": 10, "okt": 10, "november": 11,
               "nov": 11, "dezember": 12, "dez": 12},
    "weekdays": {"montag": 1, "dienstag": 2, "mittwoch": 3, "donnerstag": 4, "freitag": 5,
                 "samstag": 6, "sonntag": 7},
    "ordinal_endings": ["."],  # "am 18."
    "weekday_cues": {"ahead": ["nächsten", "nächster", "bis"], "back": ["letzten", "seit"],
                     "this": ["diesen"], "alone": ["am"]},
    "day_cues": {"ahead": ["bis zum"], "back": ["seit dem"], "closest": ["am", "für den"]},
    "days": {"heute": 0, "morgen": 1, "übermorgen": 2, "gestern": -1, "vorgestern": -2},
    "numbers": {"einem": 1, "einer": 1, "zwei": 2, "drei": 3},
    "units": {"day": ["tag", "tage", "tagen"], "week": ["woche", "wochen"]},
    "within": ["in"],
}  # fmt: skip


def _german(tmp_path: Path) -> Path:
    """The account desk with German words for dates, and a kind that reads a day to come."""
    root = tmp_path / "ws"
    shutil.copytree(ACCOUNT_DESK, root)
    path = root / "vocabulary.yaml"
    words = yaml.safe_load(path.read_text(encoding="utf-8"))
    words["dates"] = GERMAN
    path.write_text(yaml.safe_dump(words, allow_unicode=True), encoding="utf-8")
    slots = root / "slots.yaml"
    slots.write_text(slots.read_text() + "  visit_day:\n    type: date\n    ahead: true\n")
    return root


@pytest.fixture(scope="module")
def german(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _german(tmp_path_factory.mktemp("german"))


def _dates(extractor: PatternEntityExtractor, text: str) -> list[tuple[str, str]]:
    return [(str(e.value), e.text) for e in extractor.extract(text, CONTEXT) if e.type == "date"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Ich möchte morgen kommen", [("2024-05-16", "morgen")]),
        ("Übermorgen bitte", [("2024-05-17", "Übermorgen")]),
        ("das war gestern", [("2024-05-14", "gestern")]),
        ("am Freitag", [("2024-05-10", "am Freitag")]),  # the last one
        ("nächsten Freitag", [("2024-05-17", "nächsten Freitag")]),
        ("diesen Montag", [("2024-05-13", "diesen Montag")]),
        ("am 17. Mai", [("2024-05-17", "17. Mai")]),
        ("Freitag, 17. Mai", [("2024-05-17", "17. Mai")]),  # the weekday belongs to the date
        ("seit dem 3. März 2024", [("2024-03-03", "3. März 2024")]),
        ("bis zum 3.", [("2024-06-03", "bis zum 3.")]),
        ("seit dem 20.", [("2024-04-20", "seit dem 20.")]),
        ("in drei Tagen", [("2024-05-18", "in drei Tagen")]),
        ("in zwei Wochen", [("2024-05-29", "in zwei Wochen")]),
        ("2024-05-20 oder 5/21", [("2024-05-20", "2024-05-20"), ("2024-05-21", "5/21")]),
        # the English words are the English workspaces', not the engine's
        ("tomorrow", []),
        ("next Friday", []),
        ("on May 20", []),
        ("in three days", []),
        ("on the 18th", []),
    ],
)
def test_dates_are_read_in_the_workspace_s_words(
    german: Path, text: str, expected: list[tuple[str, str]]
) -> None:
    ws = load_workspace(german)
    extractor = PatternEntityExtractor(None, (), entity_forms(ws.vocabulary))
    assert _dates(extractor, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("am Freitag", "2024-05-17"),  # a weekday alone: the coming one
        ("Freitag", "2024-05-17"),
        ("am Mittwoch", "2024-05-15"),  # today
        ("letzten Freitag", "2024-05-10"),
        ("am 10. Mai", "2024-05-10"),  # a date, whatever is to come
    ],
)
def test_a_day_to_come_is_read_in_the_workspace_s_words(
    german: Path, text: str, expected: str
) -> None:
    ws = load_workspace(german)
    extractor = PatternEntityExtractor(None, (), entity_forms(ws.vocabulary))
    entities = tuple(extractor.extract(text, CONTEXT))
    resolve = domain_knowledge(ws).resolvers["visit_day"]
    found = resolve(
        slot_context(text, understanding=Understanding(text, entities=entities), kind="visit_day")
    )
    assert found is not None and found.value == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024-05-20", [("2024-05-20", "2024-05-20")]),
        ("on 5/21 please", [("2024-05-21", "5/21")]),
        ("tomorrow", []),
        ("next Friday", []),
        ("May 20", []),
    ],
)
def test_dates_without_words_are_those_that_need_none(
    text: str, expected: list[tuple[str, str]]
) -> None:
    assert _dates(PatternEntityExtractor(None, (), NO_ENTITY_FORMS), text) == expected


def test_a_broken_date_entry_is_reported_with_file_line_and_field(tmp_path: Path) -> None:
    root = tmp_path / "ws"
    shutil.copytree(RETAIL_WORKSPACE, root)
    path = root / "vocabulary.yaml"
    text = path.read_text(encoding="utf-8")
    entry = "  weekdays: {monday: 1,"
    path.write_text(text.replace(entry, "  weekdays: {monday: 8,"), encoding="utf-8")
    line = next(i for i, t in enumerate(text.splitlines(), 1) if t.startswith(entry))
    with pytest.raises(WorkspaceError, match=rf"^vocabulary.yaml:{line}: dates.weekdays.monday:"):
        load_workspace(root)
    bad = run_cli("check", "--workspace", str(root))
    assert bad.returncode == 2
    assert bad.stderr.startswith(f"error: vocabulary.yaml:{line}: dates.weekdays.monday:"), (
        bad.stderr
    )
