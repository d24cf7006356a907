"""Reading conversation test files: the issue's format loads; a mistake names file, line, field."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from deskpilot.errors import WorkspaceError
from deskpilot.settings import PROJECT_ROOT
from deskpilot.testing import load_cases

CASES = Path(__file__).parent / "cases"
DOC = PROJECT_ROOT / "docs" / "conversation-tests.md"


def _doc_example(tmp_path: Path) -> Path:
    block = re.search(r"```yaml\n(.*?)```", DOC.read_text(), re.S)
    assert block is not None, f"{DOC} has no YAML example"
    path = tmp_path / "example.yaml"
    path.write_text(block.group(1))
    return path


def test_load_cases_reads_the_documented_example(tmp_path: Path) -> None:
    loaded = load_cases(_doc_example(tmp_path))
    (case,) = loaded.cases
    assert case.name == "cancel an order placed by mistake"
    assert case.channel == "chat"
    assert [t.customer for t in case.turns][1] == "yes"
    assert case.expect.actions is not None
    (action,) = case.expect.actions
    assert action.name == "cancel_pending_order"
    assert action.args == {"order_id": "#W2974929", "reason": "ordered by mistake"}
    assert case.expect.escalated is False
    assert case.expect.replies_contain == ["cancelled"]


def test_load_cases_leaves_out_fields_unchecked(tmp_path: Path) -> None:
    path = tmp_path / "minimal.yaml"
    path.write_text("cases:\n  - name: hi\n    turns: [{customer: hello}]\n")
    (case,) = load_cases(path).cases
    assert case.expect.actions is None
    assert case.expect.escalated is None
    assert case.expect.replies_contain == []


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("unknown_field.yaml", "6: cases[0].expect.escalate: Extra inputs are not permitted"),
        ("empty_turns.yaml", "3: cases[0].turns: List should have at least 1 item"),
        ("broken.yaml", "4: invalid YAML"),
        ("unquoted_date.yaml", "8: cases[0].expect.actions[0].args.date: input was not a valid"),
        ("duplicate_names.yaml", "1: cases: Value error, the case name 'same' is used twice"),
    ],
)
def test_load_cases_reports_a_broken_file_with_file_line_and_field(name: str, message: str) -> None:
    with pytest.raises(WorkspaceError) as info:
        load_cases(CASES / name)
    assert str(info.value).startswith(f"{CASES / name}:{message}")


def test_load_cases_reports_a_missing_file(tmp_path: Path) -> None:
    with pytest.raises(WorkspaceError, match=r"missing\.yaml: file not found"):
        load_cases(tmp_path / "missing.yaml")


def test_load_cases_refuses_a_blank_turn(tmp_path: Path) -> None:
    path = tmp_path / "blank.yaml"
    path.write_text("cases:\n  - name: blank\n    turns:\n      - customer: '   '\n")
    with pytest.raises(WorkspaceError, match=r":4: cases\[0\]\.turns\[0\]\.customer: .*whitespace"):
        load_cases(path)
