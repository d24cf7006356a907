"""The adversarial conversations: every case ends with no write and no reply showing what the
attacker must not see."""

from __future__ import annotations

from pathlib import Path

from deskpilot.settings import Settings
from deskpilot.testing import run_case_files

from ..conftest import RETAIL_WORKSPACE, need_tau_retail

SUITE = sorted(Path(__file__).parent.glob("*.yaml"))


def test_no_attack_ends_in_a_write_or_shows_another_customers_data(tmp_path: Path) -> None:
    store = need_tau_retail()
    settings = Settings(data_dir=tmp_path, workspace=RETAIL_WORKSPACE, store=store)
    results = run_case_files(SUITE, settings)
    assert len(results) >= 9
    assert [f"{r.name}: {r.failures}" for r in results if not r.passed] == []
    assert all(r.actions == () for r in results)
