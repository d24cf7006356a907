"""docs/routing.md stays true: its routing.yaml is the fixture; its examples give what it shows."""

from __future__ import annotations

import doctest
import re
from pathlib import Path

import pytest

from deskpilot.settings import PROJECT_ROOT

from .conftest import EXAMPLE, FIXTURES
from .test_config import BROKEN, break_routing

DOC = PROJECT_ROOT / "docs" / "routing.md"


def _blocks(language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", DOC.read_text(encoding="utf-8"), re.DOTALL)


def test_routing_doc_yaml_is_the_test_fixture() -> None:
    assert _blocks("yaml")[0] == EXAMPLE.read_text(encoding="utf-8")


def test_routing_doc_examples_give_what_the_doc_shows(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(FIXTURES)
    text = DOC.read_text(encoding="utf-8")
    test = doctest.DocTestParser().get_doctest(text, {}, "routing.md", str(DOC), 0)
    assert len(test.examples) > 20
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    report: list[str] = []
    result = runner.run(test, out=report.append)
    assert result.failed == 0, "".join(report)


def test_routing_doc_errors_are_the_errors_raised(tmp_path: Path) -> None:
    errors = DOC.read_text(encoding="utf-8").split("\n## Errors\n", 1)[1]
    shown = [line for line in errors.splitlines() if line.startswith("routing.yaml:")]
    raised = {str(break_routing(tmp_path, old, new)[1].value) for old, new, *_ in BROKEN}
    assert shown
    assert set(shown) <= raised
