"""The words of spam, abuse and sentiment are the language's, not the engine's code: English
ones ship as data (``workspace/lexicons/en.yaml``), which a workspace's ``vocabulary.yaml``
extends (sections ``spam`` and ``sentiment``) or replaces (``replace: true``). Another
language's words are read the same way through the understander; without any, no word is."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

from deskpilot.domain import IntentScore, Understanding
from deskpilot.errors import WorkspaceError
from deskpilot.nlu.understander import NluUnderstander
from deskpilot.workspace import Lexicon, load_workspace, shipped_lexicon
from deskpilot.workspace import _lexicon as lexicon_files

from ..conftest import RETAIL_WORKSPACE, run_cli

# A German-speaking store's words, in place of the English ones.
GERMAN: dict[str, Any] = {
    "spam": {
        "replace": True,
        "strong_promo": ["jetzt kaufen", "gewinnspiel"],
        "insults": ["trottel", "idiot~", "versager"],
        "profanity": ["schei+ße", "mist", "verdammt~"],
        "addressed": ["du", "ihr", "sie"],
        "targets": ["bot", "team"],
        "sworn_at": {"before": ["du"], "after": ["dich"]},
        "threats": ["halt die klappe", [["ich"], ["weiß"], ["wo"], ["du", "ihr"]]],
    },
    "sentiment": {
        "replace": True,
        "urgent": ["dringend", "sofort", "so schnell wie möglich"],
        "deadline": {
            "before": ["bis", "spätestens"],
            "which": ["nächsten", "diesen"],
            "days": ["morgen", "freitag"],
            "clock": ["uhr"],
            "months": ["mai"],
        },
        "leave": [[["ich"], ["kaufe"], ["nie", "nicht"], ["mehr"], ["bei"], ["euch", "ihnen"]]],
        "chargeback": ["rückbuchung", [["lastschrift"], ["zurückgeben", "zurückbuchen"]]],
        "legal": ["anwalt", "verklagen", "vor gericht"],
        "repeat_contact": {
            "contacting": ["angerufen", "geschrieben"],
            "repeated": ["schon", [["#"], ["mal"]]],
            "cues": [[["immer"], ["noch"], ["keine"], ["antwort"]]],
        },
        "acronyms": ["MWST", "DHL"],
    },
}


def _understander(tmp_path: Path, words: dict[str, Any]) -> NluUnderstander:
    root = tmp_path / "ws"
    shutil.copytree(RETAIL_WORKSPACE, root)
    path = root / "vocabulary.yaml"
    vocabulary = yaml.safe_load(path.read_text(encoding="utf-8"))
    path.write_text(yaml.safe_dump({**vocabulary, **words}, allow_unicode=True), encoding="utf-8")
    return NluUnderstander(_no_intents, lexicon=load_workspace(root).lexicon)


def _no_intents(_text: str) -> list[IntentScore]:
    return []


@pytest.fixture(scope="module")
def german(tmp_path_factory: pytest.TempPathFactory) -> NluUnderstander:
    return _understander(tmp_path_factory.mktemp("german"), GERMAN)


def _read(understanding: Understanding) -> dict[str, Any]:
    return {
        "spam": understanding.spam,
        "abuse": understanding.abuse,
        "flags": tuple(f for f in understanding.flags if not f.startswith("intent:")),
    }


NOTHING: dict[str, Any] = {"spam": False, "abuse": False, "flags": ()}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Du Trottel, wo ist mein Paket?", {**NOTHING, "abuse": True}),
        ("Ihr seid Idioten", {**NOTHING, "abuse": True}),
        ("Versager!", {**NOTHING, "abuse": True}),  # said alone between punctuation
        ("Du Scheiiiße!", {**NOTHING, "abuse": True}),  # a held letter, sworn at someone
        ("Halt die Klappe", {**NOTHING, "abuse": True}),
        ("Ich weiß wo du wohnst", {**NOTHING, "abuse": True}),
        ("Mist, das Paket ist zu spät", NOTHING),  # swearing aimed at no one
        ("Jetzt kaufen und das Gewinnspiel gewinnen", {**NOTHING, "spam": True}),
        ("Ich brauche es dringend", {**NOTHING, "flags": ("urgent",)}),
        ("Ich brauche es bis nächsten Freitag", {**NOTHING, "flags": ("deadline",)}),
        ("bitte spätestens 17 Uhr", {**NOTHING, "flags": ("deadline",)}),
        ("Ich gehe zum Anwalt", {**NOTHING, "flags": ("legal_threat",)}),
        ("Ich kaufe nie mehr bei euch", {**NOTHING, "flags": ("threat_to_leave",)}),
        ("Sonst mache ich eine Rückbuchung", {**NOTHING, "flags": ("chargeback_threat",)}),
        ("Ich habe schon 3 mal angerufen", {**NOTHING, "flags": ("repeat_contact",)}),
        ("Immer noch keine Antwort", {**NOTHING, "flags": ("repeat_contact",)}),
        # written in capitals, they shout nothing (UPS is English's)
        ("Die MWST und DHL sind teuer, sagt UPS heute", NOTHING),
        ("Die ABC und XYZ sind teuer, sagt UPS heute", {**NOTHING, "flags": ("shouting",)}),
        ("Ich möchte meine Bestellung stornieren", NOTHING),
        # the English words are English's, not the engine's: replaced, they are not read
        ("you idiot, shut up", NOTHING),
        ("I'll sue you, this is urgent, I want it by Friday", NOTHING),
        ("I already called three times", NOTHING),
    ],
)
def test_spam_abuse_and_sentiment_are_read_in_the_workspace_s_words(
    german: NluUnderstander, text: str, expected: dict[str, Any]
) -> None:
    assert _read(german.understand(text, None)) == expected


def test_the_workspace_adds_to_the_language_s_words(tmp_path: Path) -> None:
    reader = _understander(
        tmp_path,
        {"spam": {"insults": ["nincompoop~"]}, "sentiment": {"legal": ["ombudsman"]}},
    )
    assert reader.understand("you nincompoops", None).abuse
    assert reader.understand("you idiot", None).abuse  # English's, still read
    assert "legal_threat" in reader.understand("I'll write to the ombudsman", None).flags
    assert "legal_threat" in reader.understand("I'll sue you", None).flags


def test_the_store_reads_the_english_lexicon_the_engine_ships() -> None:
    ws = load_workspace(RETAIL_WORKSPACE)
    reader = NluUnderstander(_no_intents, lexicon=ws.lexicon)
    assert reader.understand("you idiot", None).abuse
    assert "urgent" in reader.understand("this is urgent", None).flags


def test_without_words_no_word_is_read() -> None:
    reader = NluUnderstander(_no_intents, lexicon=Lexicon())
    for text in ("you idiot, shut up", "I'll sue you", "this is urgent", "I called twice again"):
        assert _read(reader.understand(text, None)) == NOTHING
    assert reader.understand("a http://x.com b http://y.com c http://z.com", None).spam


@pytest.mark.parametrize(
    ("entry", "broken", "field", "problem"),
    [
        ("lexicon: {bitte: 0.0}", "lexicon: {bitte: 9}", "sentiment.lexicon", "between -4 and 4"),
        ("legal: [anwalt]", "legal: [+anwalt]", "sentiment.legal", "must follow a letter"),
    ],
)
def test_a_broken_lexicon_entry_is_reported_with_file_line_and_field(
    tmp_path: Path, entry: str, broken: str, field: str, problem: str
) -> None:
    root = tmp_path / "ws"
    shutil.copytree(RETAIL_WORKSPACE, root)
    path = root / "vocabulary.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(f"{text}\nsentiment:\n  {entry}\n", encoding="utf-8")
    load_workspace(root)  # sound as written
    path.write_text(f"{text}\nsentiment:\n  {broken}\n", encoding="utf-8")
    line = len(text.splitlines()) + 3
    with pytest.raises(WorkspaceError, match=rf"^vocabulary.yaml:{line}: {field}: .*{problem}"):
        load_workspace(root)
    bad = run_cli("check", "--workspace", str(root))
    assert bad.returncode == 2
    assert bad.stderr.startswith(f"error: vocabulary.yaml:{line}: {field}:"), bad.stderr


def test_a_broken_entry_of_the_engine_s_lexicon_is_reported_with_its_file_and_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "xx.yaml").write_text("spam:\n  insults: [trottel, +bad]\n", encoding="utf-8")
    monkeypatch.setattr(lexicon_files, "LEXICONS", tmp_path)
    with pytest.raises(WorkspaceError, match=r"^xx.yaml:2: spam.insults: .*must follow a letter"):
        shipped_lexicon("xx")
    assert shipped_lexicon("zz") == Lexicon()  # a language the engine ships no words for
