"""The words of the never-automate categories are the workspace's (``vocabulary.yaml``:
``categories``): the cue phrases of bereavement, legal threats, fraud and medical incidents, and
a denial ("I never authorized this") undone by what follows it ("… by mistake"). Another
language's words find the same categories; without any, no message is of one."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

from deskpilot.domain import IntentScore
from deskpilot.errors import WorkspaceError
from deskpilot.nlu.categories import CueCategoryDetector
from deskpilot.nlu.understander import NluUnderstander
from deskpilot.workspace import load_workspace

from ..conftest import RETAIL_WORKSPACE, run_cli

# A German-speaking store's words for the categories, in place of the English ones.
GERMAN: dict[str, Any] = {
    "bereavement": {"cues": ["verstorben", "beerdigung", "trauerfall"]},
    "legal_threat": {"cues": ["anwalt", "verklagen", "vor gericht"]},
    "medical": {"cues": ["krankenhaus", "notaufnahme"]},
    "fraud": {
        "cues": ["betrug~", "gehackt"],
        "denials": {
            "negators": ["nie", "nicht"],
            "verbs": ["bestellt", "autorisiert"],
            "unless": ["versehen~"],
        },
    },
}


def _understander(tmp_path: Path, categories: dict[str, Any] | None) -> NluUnderstander:
    root = tmp_path / "ws"
    shutil.copytree(RETAIL_WORKSPACE, root)
    path = root / "vocabulary.yaml"
    words = yaml.safe_load(path.read_text(encoding="utf-8"))
    if categories is None:
        del words["categories"]
        # with no category's words, none may stop automation (the workspace is refused)
        config = root / "deskpilot.yaml"
        settings = yaml.safe_load(config.read_text(encoding="utf-8"))
        config.write_text(yaml.safe_dump({**settings, "never_automate": []}), encoding="utf-8")
    else:
        words["categories"] = categories
    path.write_text(yaml.safe_dump(words, allow_unicode=True), encoding="utf-8")
    ws = load_workspace(root)
    return NluUnderstander(_no_intents, categories=CueCategoryDetector(ws.vocabulary.categories))


def _no_intents(_text: str) -> list[IntentScore]:
    return []


@pytest.fixture(scope="module")
def german(tmp_path_factory: pytest.TempPathFactory) -> NluUnderstander:
    return _understander(tmp_path_factory.mktemp("german"), GERMAN)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Mein Vater ist verstorben, bitte stornieren", ("bereavement",)),
        ("Ich gehe zum Anwalt!", ("legal_threat",)),
        ("Das ist Betrug, mein Konto wurde gehackt", ("fraud",)),
        ("Das habe ich nie bestellt", ("fraud",)),
        ("Ich liege im Krankenhaus", ("medical",)),
        ("Das habe ich nie bestellt, es war aus Versehen", ()),  # undone by what follows
        ("Ich möchte meine Bestellung stornieren", ()),
        # the English words are the English workspace's, not the engine's
        ("my father passed away", ()),
        ("I'll sue you", ()),
        ("I never authorized this", ()),
    ],
)
def test_categories_are_found_in_the_workspace_s_words(
    german: NluUnderstander, text: str, expected: tuple[str, ...]
) -> None:
    assert german.understand(text, None).categories == expected


def test_without_the_words_no_message_is_of_a_category(tmp_path: Path) -> None:
    reader = _understander(tmp_path, None)
    for text in ("my father passed away", "I'll sue you", "this is fraud", "I went to hospital"):
        assert reader.understand(text, None).categories == ()


def test_a_broken_category_entry_is_reported_with_file_line_and_field(tmp_path: Path) -> None:
    root = tmp_path / "ws"
    shutil.copytree(RETAIL_WORKSPACE, root)
    path = root / "vocabulary.yaml"
    text = path.read_text(encoding="utf-8")
    entry = "      unless: [mistake~, accident~]"
    path.write_text(text.replace(entry, "      unless: mistake~"), encoding="utf-8")
    line = next(i for i, t in enumerate(text.splitlines(), 1) if t.startswith(entry))
    field = "categories.fraud.denials.unless"
    with pytest.raises(WorkspaceError, match=rf"^vocabulary.yaml:{line}: {field}:"):
        load_workspace(root)
    bad = run_cli("check", "--workspace", str(root))
    assert bad.returncode == 2
    assert bad.stderr.startswith(f"error: vocabulary.yaml:{line}: {field}:"), bad.stderr


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The speaker died the first time it got splashed, I want a waterproof one", ()),
        ("my phone died so I couldn't reply sooner", ()),
        ("it died after a week", ()),
        ("My father died last month, please cancel his order", ("bereavement",)),
        ("our dog died and I don't need the pet bed", ("bereavement",)),
    ],
)
def test_a_cue_said_of_a_thing_is_no_cue(text: str, expected: tuple[str, ...]) -> None:
    """``not_after``: "the speaker died" is no bereavement; a person's or a pet's death is."""
    ws = load_workspace(RETAIL_WORKSPACE)
    detector = CueCategoryDetector(ws.vocabulary.categories)
    assert tuple(c for c in detector.detect(text) if c == "bereavement") == expected
