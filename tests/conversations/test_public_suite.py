"""The public conversation suite: no case may execute a wrong write; the pass rate may not drop.

The suite's pass rate and the reasons for failures are published in docs/flows.md; this test
guards the two things that must never regress: a write nobody asked for, and the rate itself.
"""

from __future__ import annotations

import re
from pathlib import Path

from deskpilot.settings import Settings
from deskpilot.testing import run_case_files

from ..conftest import RETAIL_WORKSPACE, need_tau_retail

WRONG_WRITE = re.compile(r"^unexpected write|, executed (?!nothing)\w+\(")
SUITE = sorted(Path(__file__).parent.glob("*.yaml"))
# Measured with `deskpilot test tests/conversations/*.yaml --store ../shared/datasets/tau-retail`
# (see docs/flows.md); raise it as the pass rate improves. 158/166 (95.2 %) since one request
# runs for several orders in turn and a waiting request can be withdrawn by what it is about.
PASS_RATE_FLOOR = 0.95


def test_public_suite_never_writes_wrongly_and_keeps_its_pass_rate(tmp_path: Path) -> None:
    store = need_tau_retail()
    settings = Settings(data_dir=tmp_path, workspace=RETAIL_WORKSPACE, store=store)
    results = run_case_files(SUITE, settings)
    # A write nobody asked for, or the right action with other arguments, is a wrong write.
    wrong = [f"{r.name}: {f}" for r in results for f in r.failures if WRONG_WRITE.search(f)]
    assert wrong == []
    passed = sum(r.passed for r in results)
    assert len(results) >= 100
    assert passed / len(results) >= PASS_RATE_FLOOR, f"{passed}/{len(results)} passed"
