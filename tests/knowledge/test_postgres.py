"""The help center indexed in PostgreSQL full-text search, when the deployment runs on it:
the same answers as the SQLite index, incremental indexing, misses, and a conversation through
the HTTP API on a PostgreSQL deployment. Skipped without the server unless
DESKPILOT_REQUIRE_SERVICES=1."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from deskpilot.api import create_app
from deskpilot.components import knowledge_base
from deskpilot.knowledge import (
    PostgresKnowledgeIndex,
    Verdict,
    evaluate,
    load_articles,
    load_questions,
    load_synonyms,
)
from deskpilot.runtime import build_runtime
from deskpilot.settings import Settings
from deskpilot.workspace import load_workspace

from ..conftest import RETAIL_WORKSPACE, api_key_headers, run_cli

HERE = Path(__file__).parent


@pytest.fixture
def index(postgres_url: str) -> Iterator[PostgresKnowledgeIndex]:
    """The store's help center, indexed in a fresh PostgreSQL database."""
    ws = load_workspace(RETAIL_WORKSPACE)
    built = PostgresKnowledgeIndex(postgres_url, synonyms=load_synonyms(ws))
    report = built.do_index(load_articles(ws))
    assert (report.added, report.unchanged) == (38, 0)
    yield built
    built.close()


def test_postgres_knowledge_meets_the_targets_on_the_question_set(
    index: PostgresKnowledgeIndex,
) -> None:
    kb = knowledge_base(load_workspace(RETAIL_WORKSPACE), index)
    figures = evaluate(kb, load_questions(HERE / "questions.yaml"))
    assert figures.recall_at_3 >= 0.95
    assert figures.right_article >= 0.90
    assert figures.declined >= 0.95
    assert figures.in_their_language + figures.with_note >= 0.75 * figures.other_language


def test_postgres_knowledge_answers_like_the_sqlite_index(index: PostgresKnowledgeIndex) -> None:
    kb = knowledge_base(load_workspace(RETAIL_WORKSPACE), index)
    for question, article in [
        ("do you ship to Canada?", "shipping-destinations"),
        ("my courier never delivered it", "late-or-lost-package"),
        ("comment changer mon mot de passe ?", "change-password"),
        ("combien de temps pour la livraison ?", "livraison"),
    ]:
        found = kb.answer(question)
        assert found.source is not None and found.source.slug == article, question
    missed = kb.answer("who won the football game last night")
    assert missed.verdict is not Verdict.ANSWER
    assert "Canada" in kb.answer("do you ship to Canada?").text  # the passage that says it


def test_postgres_knowledge_indexes_only_what_changed(
    index: PostgresKnowledgeIndex, tmp_path: Path
) -> None:
    ws_dir = Path(shutil.copytree(RETAIL_WORKSPACE, tmp_path / "retail"))
    warranty = ws_dir / "knowledge" / "warranty.md"
    warranty.write_text(warranty.read_text() + "\nWe also repair zebra-striped kettles.\n")
    (ws_dir / "knowledge" / "promo-codes.md").unlink()
    report = index.do_index(load_articles(load_workspace(ws_dir)))
    assert (report.added, report.updated, report.unchanged, report.removed) == (0, 1, 36, 1)
    assert index.articles() == 37
    found = index.search("warranty for zebra kettles")[0]
    assert (found.slug, found.known) == ("warranty", 1.0)
    assert "promo-codes" not in [h.slug for h in index.search("promo code discount")]


def test_postgres_knowledge_sees_what_another_process_indexed(
    index: PostgresKnowledgeIndex, postgres_url: str, tmp_path: Path
) -> None:
    # The words and weights this index keeps between questions are dropped when another
    # process (here, another index on the same database) changes the articles.
    assert index.search("do you ship to Canada?")[0].slug == "shipping-destinations"
    assert index.search("warranty for zebra kettles")[0].known < 1.0  # no article says zebra
    ws_dir = Path(shutil.copytree(RETAIL_WORKSPACE, tmp_path / "retail"))
    warranty = ws_dir / "knowledge" / "warranty.md"
    warranty.write_text(warranty.read_text() + "\nWe also repair zebra-striped kettles.\n")
    (ws_dir / "knowledge" / "shipping-destinations.md").unlink()
    other = PostgresKnowledgeIndex(postgres_url, synonyms=index.synonyms)
    try:
        other.do_index(load_articles(load_workspace(ws_dir)))
    finally:
        other.close()
    found = index.search("warranty for zebra kettles")[0]
    assert (found.slug, found.known) == ("warranty", 1.0)
    hits = index.search("do you ship to Canada?")
    assert "shipping-destinations" not in [h.slug for h in hits]


def test_postgres_knowledge_keeps_the_misses(index: PostgresKnowledgeIndex) -> None:
    index.do_record_miss("who won the game", "en", 0.1)
    index.do_record_miss("is it raining", "en", 0.0)
    assert [m.question for m in index.misses()] == ["who won the game", "is it raining"]


def test_a_postgres_deployment_answers_from_the_help_center_indexed_there(
    settings: Settings, postgres_url: str
) -> None:
    runtime = build_runtime(settings.model_copy(update={"database_url": postgres_url}))
    try:
        assert isinstance(runtime.knowledge, PostgresKnowledgeIndex)
        app = create_app(runtime=runtime)
        with TestClient(app, headers=api_key_headers(runtime)) as client:
            started = client.post("/v1/conversations", json={"channel": "api"})
            assert started.status_code == 201, started.text
            said = client.post(
                f"/v1/conversations/{started.json()['id']}/messages",
                json={"text": "how long is the warranty"},
            )
            assert said.status_code in (200, 201), said.text
            text = " ".join(r["text"] for r in said.json()["replies"])
            assert "/help/warranty" in text
    finally:
        runtime.close()


def test_kb_index_indexes_in_the_deployments_postgresql(postgres_url: str, tmp_path: Path) -> None:
    env = {"DESKPILOT_DATA_DIR": str(tmp_path / "data"), "DESKPILOT_DATABASE_URL": postgres_url}
    first = run_cli("kb", "index", "--workspace", str(RETAIL_WORKSPACE), env=env)
    assert first.returncode == 0, first.stderr
    assert "38 added, 0 updated, 0 unchanged, 0 removed" in first.stdout
    again = run_cli("kb", "index", "--workspace", str(RETAIL_WORKSPACE), env=env)
    assert "0 added, 0 updated, 38 unchanged, 0 removed" in again.stdout
    assert not list((tmp_path / "data").rglob("knowledge-*.sqlite3"))  # no SQLite index made
