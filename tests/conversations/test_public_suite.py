"""The public conversation suite: no case may execute a wrong write; the pass rate may not drop.

The suite's pass rate and the reasons for failures are published in docs/flows.md; this test
guards the two things that must never regress: a write nobody asked for, and the rate itself.
"""

from __future__ import annotations

from pathlib import Path

from deskpilot.settings import Settings
from deskpilot.testing import run_case_files

from ..conftest import RETAIL_WORKSPACE, assert_suite_holds, need_tau_retail

SUITE = sorted(Path(__file__).parent.glob("*.yaml"))
# Measured with `deskpilot test tests/conversations/*.yaml --store ../shared/datasets/tau-retail`
# (see docs/flows.md); raise it as the pass rate improves. 160/168 (95.2 %) since one request
# runs for several orders in turn and a waiting request can be withdrawn by what it is about.
PASS_RATE_FLOOR = 0.95


def test_public_suite_never_writes_wrongly_and_keeps_its_pass_rate(tmp_path: Path) -> None:
    store = need_tau_retail()
    settings = Settings(data_dir=tmp_path, workspace=RETAIL_WORKSPACE, store=store)
    results = run_case_files(SUITE, settings)
    assert_suite_holds(results, floor=PASS_RATE_FLOOR, at_least=100)
