"""The airline's reference tasks replayed through the guard, as ``deskpilot actions replay``
runs them, and what the replay reports when a task and the connector disagree.

The reference data lives outside the repository (``../shared/datasets/tau-airline``); the tests
that need it skip naming the missing path, as in a fresh clone.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from deskpilot.domains.airline import write_airline
from deskpilot.domains.airline.replay import load_replay, replay_tasks
from deskpilot.errors import InputError

from ...conftest import SHARED, run_cli
from .conftest import ADA, CARD, build_tiny_airline

TAU_AIRLINE = SHARED / "tau-airline"


def _need_tau_airline() -> Path:
    if not (TAU_AIRLINE / "reservations.json").exists():
        pytest.skip(f"reference dataset not found at {TAU_AIRLINE} (needs ../shared/datasets)")
    return TAU_AIRLINE


def test_replay_passes_every_airline_reference_task() -> None:
    folder = _need_tau_airline()
    result = run_cli("actions", "replay", str(folder / "replay.json"), "--store", str(folder))
    assert result.returncode == 0, result.stdout[-2000:]
    assert result.stdout.strip().splitlines()[-1] == "50 passed, 0 failed"


def test_replay_json_shows_each_operation_ran_as_the_reference_did() -> None:
    folder = _need_tau_airline()
    result = run_cli(
        "actions", "replay", str(folder / "replay.json"), "--store", str(folder), "--json"
    )
    assert result.returncode == 0, result.stderr[-2000:]
    reports = json.loads(result.stdout)
    outcomes = {(s["action"], s["outcome"]) for r in reports for s in r["steps"]}
    assert ("transfer_to_human_agents", "handoff") in outcomes
    assert ("calculate", "calculated") in outcomes
    assert not {o for _, o in outcomes} - {"ok", "handoff", "calculated"}
    writes = [s for r in reports for s in r["steps"] if s["action"] == "update_reservation_flights"]
    assert len(writes) == 20
    assert sum(1 for r in reports if r["store_changes"]) == 30


def test_replay_leaves_the_records_folder_untouched() -> None:
    folder = _need_tau_airline()
    before = {p.name: p.stat().st_mtime_ns for p in folder.iterdir()}
    replay_tasks(folder / "replay.json", folder)
    assert {p.name: p.stat().st_mtime_ns for p in folder.iterdir()} == before


def _tiny_task(tmp_path: Path, **changes: Any) -> tuple[Path, Path]:
    folder = tmp_path / "airline"
    write_airline(folder, build_tiny_airline())
    task: dict[str, Any] = {
        "index": 0,
        "user_id": ADA,
        "actions": [
            {"name": "get_reservation_details", "kwargs": {"reservation_id": "ABC123"}},
            {"name": "calculate", "kwargs": {"expression": "(110 + 100) * 2"}},
            {"name": "cancel_reservation", "kwargs": {"reservation_id": "ABC123"}},
        ],
        "outputs": [],
        "expected_changes": {
            "reservations": {
                "ABC123": {
                    **build_tiny_airline()["reservations"]["ABC123"],
                    "payment_history": [
                        {"payment_id": CARD, "amount": 420},
                        {"payment_id": CARD, "amount": -420},
                    ],
                    "status": "cancelled",
                }
            }
        },
        "reference_errors": [],
        **changes,
    }
    path = tmp_path / "replay.json"
    path.write_text(json.dumps([task]))
    return path, folder


def test_replay_of_a_task_that_matches_passes(tmp_path: Path) -> None:
    path, folder = _tiny_task(tmp_path)
    (report,) = replay_tasks(path, folder)
    assert report.ok, report.problem
    assert [s.outcome for s in report.steps] == ["ok", "calculated", "ok"]
    assert report.steps[1].detail == "420.0"


def test_replay_reports_the_first_differing_field(tmp_path: Path) -> None:
    path, folder = _tiny_task(tmp_path)
    task = json.loads(path.read_text())
    task[0]["expected_changes"]["reservations"]["ABC123"]["cabin"] = "business"
    path.write_text(json.dumps(task))
    result = run_cli("actions", "replay", str(path), "--store", str(folder))
    assert result.returncode == 1
    lines = result.stdout.strip().splitlines()
    assert lines[0] == "replay#0: reservations.ABC123.cabin: expected 'business', found 'economy'"
    assert lines[-1] == "0 passed, 1 failed"


def test_replay_reports_a_refusal_the_reference_did_not_make(tmp_path: Path) -> None:
    missing = [{"index": 2, "name": "cancel_reservation", "error": "Error: reservation not found"}]
    path, folder = _tiny_task(tmp_path, reference_errors=missing)
    (report,) = replay_tasks(path, folder)
    assert report.problem == (
        "refusals: expected [operation 2 cancel_reservation: Error: reservation not found], "
        "found []"
    )


def test_replay_matches_a_refusal_word_for_word(tmp_path: Path) -> None:
    refused = [{"index": 0, "name": "cancel_reservation", "error": "Error: reservation not found"}]
    actions = [{"name": "cancel_reservation", "kwargs": {"reservation_id": "NOPE00"}}]
    path, folder = _tiny_task(
        tmp_path, actions=actions, expected_changes={}, reference_errors=refused
    )
    (report,) = replay_tasks(path, folder)
    assert report.ok, report.problem
    assert report.steps[0].code == "not_found"


def test_replay_stops_at_the_hand_off(tmp_path: Path) -> None:
    actions = [
        {"name": "transfer_to_human_agents", "kwargs": {"summary": "wants a person"}},
        {"name": "cancel_reservation", "kwargs": {"reservation_id": "ABC123"}},
    ]
    path, folder = _tiny_task(tmp_path, actions=actions, expected_changes={})
    (report,) = replay_tasks(path, folder)
    assert report.ok, report.problem
    assert [s.outcome for s in report.steps] == ["handoff", "skipped"]


def test_replay_names_an_operation_the_airline_does_not_have(tmp_path: Path) -> None:
    actions = [{"name": "upgrade_to_first_class", "kwargs": {}}]
    path, folder = _tiny_task(tmp_path, actions=actions, expected_changes={})
    (report,) = replay_tasks(path, folder)
    assert report.problem == (
        "operation 0 (upgrade_to_first_class) could not run: the airline has no operation "
        "'upgrade_to_first_class'"
    )


def test_replay_of_a_folder_no_pack_holds_is_one_clear_line(tmp_path: Path) -> None:
    tasks = tmp_path / "replay.json"
    tasks.write_text("[]")
    result = run_cli("actions", "replay", str(tasks), "--store", str(tmp_path))
    assert result.returncode == 2
    assert result.stderr.startswith(f"error: {tmp_path}: no domain pack's records found")
    assert "reservations.json (airline)" in result.stderr
    assert "orders.json (retail)" in result.stderr


def test_load_replay_rejects_a_task_without_its_fields(tmp_path: Path) -> None:
    path = tmp_path / "replay.json"
    path.write_text('[{"index": 0}]')
    with pytest.raises(InputError, match="without the expected fields"):
        load_replay(path)
