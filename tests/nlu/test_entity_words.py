"""The words of the pattern entities are the workspace's (``vocabulary.yaml``: ``identity``,
``amounts``, ``records``): a name's cues, titles and sign-offs, the words a name never holds,
a sum of money's words, the quantities that are no zip code, the words between a record's
name and its digits. Another language's words read the same entities; without any, what needs
no words is read."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import yaml

from deskpilot.errors import WorkspaceError
from deskpilot.nlu.entities import (
    NO_ENTITY_FORMS,
    ExtractionContext,
    PatternEntityExtractor,
    entity_forms,
    record_finders,
)
from deskpilot.workspace import load_workspace

from ..conftest import RETAIL_WORKSPACE, run_cli

CONTEXT = ExtractionContext(now=datetime(2026, 11, 10, 15, 0, tzinfo=UTC))
# A German-speaking store's words, in place of the English ones of the store's workspace.
GERMAN: dict[str, Any] = {
    "identity": {
        "name_cues": ["ich heiße", "mein name ist", "name:"],
        "capital_name_cues": ["ich bin", "hier ist", "hier spricht"],
        "titles": ["herr", "frau", "dr"],
        "signoffs": ["viele grüße", "mit freundlichen grüßen", "danke"],
        "name_stops": ["sehr", "wirklich", "nicht", "leider", "und"],
        "quantities": ["stück", "kg"],
    },
    "amounts": {"before": ["EUR"], "after": ["euro", "euros"], "measures": ["kg", "liter"]},
    "records": {"numbers": ["nummer", "nr."], "links": ["ist", "lautet"]},
}


def _german_workspace(tmp_path: Path) -> Path:
    root = tmp_path / "ws"
    shutil.copytree(RETAIL_WORKSPACE, root)
    path = root / "vocabulary.yaml"
    words = yaml.safe_load(path.read_text(encoding="utf-8"))
    words["identity"].update(GERMAN["identity"])
    words["amounts"] = GERMAN["amounts"]
    words["records"]["order_id"].update(words=["bestellung"], **GERMAN["records"])
    path.write_text(yaml.safe_dump(words, allow_unicode=True), encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def german(tmp_path_factory: pytest.TempPathFactory) -> PatternEntityExtractor:
    ws = load_workspace(_german_workspace(tmp_path_factory.mktemp("german")))
    records = record_finders(ws.vocabulary.records)
    return PatternEntityExtractor(None, records, entity_forms(ws.vocabulary))


def _read(extractor: PatternEntityExtractor, text: str) -> list[tuple[str, str]]:
    return [(e.type, str(e.value)) for e in extractor.extract(text, CONTEXT)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ich heiße jürgen müller", [("first_name", "Jürgen"), ("last_name", "Müller")]),
        ("Hallo, hier ist Anna Becker", [("first_name", "Anna"), ("last_name", "Becker")]),
        ("Hier spricht Frau Schmidt", [("last_name", "Schmidt")]),
        ("Ich bin Jonas und brauche Hilfe", [("first_name", "Jonas")]),
        ("Ich bin sehr enttäuscht", []),
        ("Ich bin leider Nicht zufrieden", []),
        ("Wo ist mein Paket?\nViele Grüße,\nAnna Becker",
         [("first_name", "Anna"), ("last_name", "Becker")]),
        ("Bitte 12 Euro zurück", [("amount", "12.00")]),
        ("EUR 19.99 zu viel bezahlt", [("amount", "19.99")]),
        ("12.50 kg wiegt es", []),
        ("Bestellung Nummer ist 1234567", [("order_id", "#W1234567")]),
        ("Bestellung Nr. 1234567 bitte", [("order_id", "#W1234567")]),
        ("10000 Stück bestellt, PLZ 10115", [("zip", "10115")]),
        # the English words are the English workspace's, not the engine's
        ("I'm Daiki Silva", []),
        ("my name is daiki silva", []),
        ("Thanks,\nDaiki Silva", []),
        ("refund 12 dollars", []),
        ("10000 mah", [("zip", "10000")]),
    ],
)  # fmt: skip
def test_entities_are_read_in_the_workspace_s_words(
    german: PatternEntityExtractor, text: str, expected: list[tuple[str, str]]
) -> None:
    assert _read(german, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # what needs no words: written details, digits, a "$", two decimals, a dashed signature
        ("a@b.co, (415) 555-0142, 10115", [("email", "a@b.co"), ("phone", "+14155550142"),
                                           ("zip", "10115")]),
        ("refund $12 or 12.50", [("amount", "12.00"), ("amount", "12.50")]),
        ("Where is it?\n— Daiki Silva", [("first_name", "Daiki"), ("last_name", "Silva")]),
        # what needs them: cues, sign-offs, a currency's words
        ("my name is daiki silva", []),
        ("Thanks,\nDaiki Silva", []),
        ("12 dollars", []),
    ],
)  # fmt: skip
def test_entities_without_words_are_those_that_need_none(
    text: str, expected: list[tuple[str, str]]
) -> None:
    extractor = PatternEntityExtractor(None, (), NO_ENTITY_FORMS)
    assert _read(extractor, text) == expected


def test_a_broken_entry_is_reported_with_file_line_and_field(tmp_path: Path) -> None:
    root = tmp_path / "ws"
    shutil.copytree(RETAIL_WORKSPACE, root)
    path = root / "vocabulary.yaml"
    text = path.read_text(encoding="utf-8")
    entry = "  after: [usd, dollar, dollars, bucks]"
    path.write_text(text.replace(entry, "  after: usd dollars bucks"), encoding="utf-8")
    line = next(i for i, t in enumerate(text.splitlines(), 1) if t.startswith(entry))
    with pytest.raises(WorkspaceError, match=rf"^vocabulary.yaml:{line}: amounts.after:"):
        load_workspace(root)
    bad = run_cli("check", "--workspace", str(root))
    assert bad.returncode == 2
    assert bad.stderr.startswith(f"error: vocabulary.yaml:{line}: amounts.after:"), bad.stderr
