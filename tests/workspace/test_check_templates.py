"""``deskpilot check`` finds every template a workspace's domain pack may render (the evidence
audit's findings, the resolvers' questions), not only those its flows name: a missing one is
one line naming the file and the template, and the exit code is 2."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from ..conftest import PROJECT_ROOT, run_cli

CASES = [
    ("retail", "found_option_change"),
    ("retail", "found_item_not_mentioned"),
    ("retail", "no_such_variant"),
    ("airline", "no_flights_that_day"),
]


@pytest.mark.parametrize(("workspace", "template"), CASES)
def test_a_template_the_pack_renders_is_checked(
    tmp_path: Path, workspace: str, template: str
) -> None:
    ws = tmp_path / "ws"
    shutil.copytree(PROJECT_ROOT / "examples" / workspace, ws)
    ok = run_cli("check", "--workspace", str(ws))
    assert ok.returncode == 0, ok.stderr
    (ws / "templates" / "en" / f"{template}.j2").unlink()
    bad = run_cli("check", "--workspace", str(ws))
    assert bad.returncode == 2
    assert bad.stderr.count("\n") == 1, bad.stderr
    assert bad.stderr.startswith(f"error: templates/en/{template}.j2 does not exist;"), bad.stderr
    assert f"template {template!r}" in bad.stderr
    assert "Traceback" not in bad.stderr
