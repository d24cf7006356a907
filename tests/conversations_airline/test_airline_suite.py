"""The airline's conversation suite on the reference airline: no case may execute a wrong
write, and the pass rate may not drop. Its figures are in docs/airline.md."""

from __future__ import annotations

from pathlib import Path

import pytest

from deskpilot.settings import Settings
from deskpilot.testing import run_case_files

from ..conftest import PROJECT_ROOT, SHARED, assert_suite_holds

TAU_AIRLINE = SHARED / "tau-airline"
AIRLINE_WORKSPACE = PROJECT_ROOT / "examples" / "airline"
SUITE = sorted(Path(__file__).parent.glob("*.yaml"))
# Measured with `deskpilot test tests/conversations_airline --workspace examples/airline
# --store ../shared/datasets/tau-airline` (docs/airline.md); raise it as the rate improves.
PASS_RATE_FLOOR = 0.95


def test_airline_suite_never_writes_wrongly_and_keeps_its_pass_rate(tmp_path: Path) -> None:
    if not (TAU_AIRLINE / "reservations.json").exists():
        pytest.skip(f"reference dataset not found at {TAU_AIRLINE} (needs ../shared/datasets)")
    settings = Settings(data_dir=tmp_path, workspace=AIRLINE_WORKSPACE, store=TAU_AIRLINE)
    results = run_case_files(SUITE, settings)
    assert_suite_holds(results, floor=PASS_RATE_FLOOR, at_least=15)
