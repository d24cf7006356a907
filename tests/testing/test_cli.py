"""``deskpilot test`` as a user runs it: one line per failing case, a summary, ``--json``.

The command is tested on an app of its own (``register``) and through the real ``deskpilot``
command in a subprocess.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from deskpilot.testing.cli import register

from ..conftest import RETAIL_WORKSPACE, run_cli
from .conftest import Demo, write_cases

CASES = Path(__file__).parent / "cases"


def _app() -> typer.Typer:
    app = typer.Typer()
    register(app)

    @app.callback()
    def _root() -> None:
        """A group, so that ``test`` is a subcommand as in ``deskpilot``."""

    return app


def _cases(tmp_path: Path, demo: Demo) -> Path:
    return write_cases(
        tmp_path,
        {
            "name": "order status",
            "turns": [{"customer": f"Where is my order {demo.order_id}? I'm {demo.email}"}],
            "expect": {"actions": [], "replies_contain": [demo.status]},
        },
        {
            "name": "a cancellation out of nowhere",
            "turns": [{"customer": "hello"}],
            "expect": {
                "actions": [
                    {"name": "cancel_pending_order", "args": {"order_id": demo.pending_order_id}}
                ],
                "escalated": True,
            },
        },
    )


def _failure_line(demo: Demo) -> str:
    return (
        "a cancellation out of nowhere: "
        f"expected cancel_pending_order(order_id='{demo.pending_order_id}'), executed nothing; "
        "expected escalation, case was not handed off"
    )


def _options(store: Path) -> list[str]:
    return ["--workspace", str(RETAIL_WORKSPACE), "--store", str(store)]


def test_test_command_prints_each_failing_case_and_a_summary(
    tmp_path: Path, demo: Demo, demo_store_source: Path
) -> None:
    path = _cases(tmp_path, demo)
    result = CliRunner().invoke(_app(), ["test", str(path), *_options(demo_store_source)])
    assert result.exit_code == 1, result.output
    assert result.stdout.splitlines() == [_failure_line(demo), "1 passed, 1 failed"]


def test_test_command_exits_0_when_every_case_passes(
    tmp_path: Path, demo: Demo, demo_store_source: Path
) -> None:
    path = write_cases(tmp_path, {"name": "hi", "turns": [{"customer": "hello"}]})
    result = CliRunner().invoke(
        _app(), ["test", str(path), str(path), *_options(demo_store_source)]
    )
    assert result.exit_code == 0, result.output
    assert result.stdout == "2 passed, 0 failed\n"


def test_a_folder_runs_every_yaml_file_in_it_in_name_order(
    tmp_path: Path, demo: Demo, demo_store_source: Path
) -> None:
    folder = tmp_path / "suite"
    folder.mkdir()
    write_cases(folder, {"name": "second", "turns": [{"customer": "hello"}]}, name="b.yaml")
    write_cases(folder, {"name": "first", "turns": [{"customer": "hello"}]}, name="a.yaml")
    (folder / "notes.txt").write_text("not a test file")
    result = CliRunner().invoke(
        _app(), ["test", str(folder), "--json", *_options(demo_store_source)]
    )
    assert result.exit_code == 0, result.output
    assert [c["name"] for c in json.loads(result.stdout)] == ["first", "second"]


def test_a_folder_without_test_files_is_one_clear_line(
    tmp_path: Path, demo_store_source: Path
) -> None:
    env = {"DESKPILOT_DATA_DIR": str(tmp_path / "data")}
    result = run_cli("test", str(tmp_path), *_options(demo_store_source), env=env)
    assert result.returncode == 2
    assert result.stderr == f"error: {tmp_path}: the folder holds no .yaml test files\n"


def test_test_command_json_reports_every_case_and_puts_the_summary_on_stderr(
    tmp_path: Path, demo: Demo, demo_store_source: Path
) -> None:
    path = _cases(tmp_path, demo)
    result = CliRunner().invoke(_app(), ["test", str(path), "--json", *_options(demo_store_source)])
    assert result.exit_code == 1, result.output
    assert result.stderr == "1 passed, 1 failed\n"
    passed, failed = json.loads(result.stdout)
    assert set(passed) == {
        "name",
        "file",
        "passed",
        "failures",
        "transcript",
        "actions",
        "escalation",
        "store_changes",
    }
    assert passed["name"] == "order status"
    assert passed["file"] == str(path)
    assert passed["passed"] is True
    assert passed["failures"] == []
    assert list(passed["transcript"][0]) == ["customer"]
    assert list(passed["transcript"][1]) == ["deskpilot"]
    assert passed["actions"] == []
    assert passed["escalation"] == {"escalated": False, "reason": None, "queue": None}
    assert passed["store_changes"] == {}
    assert failed["passed"] is False
    assert "; ".join(failed["failures"]) == _failure_line(demo).split(": ", 1)[1]


def test_deskpilot_test_runs_case_files(
    tmp_path: Path, demo: Demo, demo_store_source: Path
) -> None:
    path = _cases(tmp_path, demo)
    env = {"DESKPILOT_DATA_DIR": str(tmp_path / "data")}
    result = run_cli("test", str(path), *_options(demo_store_source), env=env)
    assert result.returncode == 1, result.stderr
    assert result.stdout.splitlines() == [_failure_line(demo), "1 passed, 1 failed"]
    assert result.stderr == ""


@pytest.mark.parametrize(
    ("name", "error"),
    [
        ("unknown_field.yaml", "6: cases[0].expect.escalate: Extra inputs are not permitted"),
        ("empty_turns.yaml", "3: cases[0].turns: List should have at least 1 item after"),
        ("missing.yaml", " file not found"),
    ],
)
def test_deskpilot_test_reports_a_bad_file_in_one_line(
    tmp_path: Path, name: str, error: str, demo_store_source: Path
) -> None:
    path = CASES / name
    env = {"DESKPILOT_DATA_DIR": str(tmp_path / "data")}
    result = run_cli("test", str(path), *_options(demo_store_source), env=env)
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.startswith(f"error: {path}:{error}")
    assert len(result.stderr.splitlines()) == 1


def test_deskpilot_test_defaults_to_the_generated_demo_store(tmp_path: Path, demo: Demo) -> None:
    path = write_cases(
        tmp_path,
        {
            "name": "order status",
            "turns": [{"customer": f"Where is my order {demo.order_id}? I'm {demo.email}"}],
            "expect": {"actions": [], "replies_contain": [demo.status]},
        },
    )
    data = tmp_path / "data"
    result = run_cli("test", str(path), env={"DESKPILOT_DATA_DIR": str(data)})
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout == "1 passed, 0 failed\n"
    assert (data / "demo-store" / "orders.json").exists()
