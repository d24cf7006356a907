"""A question in another language: answered from an article in it when the help center has
one, otherwise from the help center's own language with a note saying so."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from deskpilot.components import knowledge_base
from deskpilot.knowledge import KnowledgeBase, KnowledgeIndex, Verdict, load_articles, load_synonyms
from deskpilot.settings import Settings
from deskpilot.testing import run_case_files
from deskpilot.workspace import load_workspace

from ..conftest import RETAIL_WORKSPACE, need_tau_retail


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    """The store's help center as the service builds it (synonyms, language detection)."""
    ws = load_workspace(RETAIL_WORKSPACE)
    index = KnowledgeIndex(synonyms=load_synonyms(ws))
    index.do_index(load_articles(ws))
    return knowledge_base(ws, index)


@pytest.mark.parametrize(
    ("question", "asked", "article", "written"),
    [
        ("combien de temps pour la livraison ?", "fr", "livraison", "fr"),
        ("¿cuánto tarda el envío?", "es", "envios", "es"),
        ("how long does shipping take", "en", "shipping-times", "en"),
        ("comment changer mon mot de passe ?", "fr", "change-password", "en"),
        ("¿cómo cambio mi contraseña?", "es", "change-password", "en"),
        ("mon colis est perdu", "fr", "late-or-lost-package", "en"),
    ],
)
def test_knowledge_answers_in_the_questions_language_when_an_article_is_written_in_it(
    kb: KnowledgeBase, question: str, asked: str, article: str, written: str
) -> None:
    found = kb.answer(question)
    assert found.verdict is Verdict.ANSWER
    assert found.source is not None
    assert (found.language, found.source.slug, found.source.language) == (
        asked,
        article,
        written,
    )
    assert found.translated_note is (asked != written)


def test_knowledge_notes_the_language_in_the_customers_own_when_the_workspace_has_it(
    tmp_path: Path,
) -> None:
    """A workspace serving French, with the note's template in French: the note is French."""
    store = need_tau_retail()
    ws = Path(shutil.copytree(RETAIL_WORKSPACE, tmp_path / "retail"))
    config = ws / "deskpilot.yaml"
    config.write_text(config.read_text().replace("languages: [en]", "languages: [en, fr]"))
    (ws / "templates" / "fr").mkdir()
    (ws / "templates" / "fr" / "knowledge_other_language.j2").write_text(
        "Cette réponse n'existe pas encore en français ; la voici en anglais :"
    )
    cases = tmp_path / "cases.yaml"
    cases.write_text(
        "cases:\n"
        "  - name: the note in French, the article in English\n"
        "    turns:\n"
        '      - customer: "quelle est la garantie ?"\n'
        "    expect:\n"
        "      actions: []\n"
        "      escalated: false\n"
        '      replies_contain: ["n\'existe pas encore en français", "/help/warranty"]\n'
        '      replies_never: ["We don\'t have this answer"]\n'
    )
    settings = Settings(data_dir=tmp_path / "data", workspace=ws, store=store)
    [result] = run_case_files([cases], settings)
    assert result.passed, (result.failures, result.transcript)
