"""Knowledge answers in conversation, through the real pipeline (``deskpilot test`` cases)."""

from __future__ import annotations

from pathlib import Path

from deskpilot.settings import Settings
from deskpilot.testing import run_case_files

from ..conftest import RETAIL_WORKSPACE, need_tau_retail

CASES = sorted((Path(__file__).parents[1] / "conversations_kb").glob("*.yaml"))


def test_knowledge_conversations_answer_questions_and_leave_requests_to_the_flows(
    tmp_path: Path,
) -> None:
    store = need_tau_retail()
    settings = Settings(data_dir=tmp_path, workspace=RETAIL_WORKSPACE, store=store)
    results = run_case_files(CASES, settings)
    assert len(results) >= 5
    assert [f"{r.name}: {r.failures}" for r in results if not r.passed] == []
