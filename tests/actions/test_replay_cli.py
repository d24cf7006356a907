"""`deskpilot actions replay`: reference tasks through the guard, as a user runs it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ..conftest import need_tau_retail, run_cli


@pytest.mark.parametrize("name", ["tasks_test.json", "tasks_dev.json"])
def test_replay_passes_every_reference_task(name: str) -> None:
    store = need_tau_retail()
    result = run_cli("actions", "replay", str(store / name), "--store", str(store))
    assert result.returncode == 0, result.stdout[-2000:]
    total = len(json.loads((store / name).read_text()))
    assert result.stdout.strip().splitlines()[-1] == f"{total} passed, 0 failed"


def test_replay_reports_a_tampered_task_with_its_first_difference(tmp_path: Path) -> None:
    store = need_tau_retail()
    tasks = json.loads((store / "tasks_dev.json").read_text())
    task = next(t for t in tasks if t["expected_changes"].get("orders"))
    order_id = next(iter(task["expected_changes"]["orders"]))
    task["expected_changes"]["orders"][order_id]["status"] = "teleported"
    path = tmp_path / "tampered.json"
    path.write_text(json.dumps([task]))
    result = run_cli("actions", "replay", str(path), "--store", str(store))
    assert result.returncode == 1
    lines = result.stdout.strip().splitlines()
    assert f"orders.{order_id}.status: expected 'teleported'" in lines[0]
    assert lines[-1] == "0 passed, 1 failed"


def test_replay_json_reports_store_changes() -> None:
    store = need_tau_retail()
    result = run_cli(
        "actions", "replay", str(store / "tasks_dev.json"), "--store", str(store), "--json"
    )
    assert result.returncode == 0
    reports = json.loads(result.stdout)
    assert all(r["passed"] for r in reports)
    changed = next(r for r in reports if r["store_changes"].get("orders"))
    assert changed["steps"][0]["outcome"] in {"ok", "refused", "skipped"}


def test_replay_of_a_missing_file_is_one_clear_line(tmp_path: Path) -> None:
    result = run_cli("actions", "replay", str(tmp_path / "nope.json"), "--store", str(tmp_path))
    assert result.returncode == 2
    assert result.stderr.startswith("error: ")
    assert "Traceback" not in result.stderr
