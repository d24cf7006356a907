"""Adding checked bags in the airline workspace over the demo airline: conversations that need
nothing outside the repository, and the bag rules docs/airline.md shows are the flow's."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from deskpilot.domains.airline import generate_airline
from deskpilot.settings import Settings
from deskpilot.testing import CaseResult, ConversationTestRunner, load_cases
from deskpilot.workspace import load_workspace

from ...conftest import PROJECT_ROOT

AIRLINE_WORKSPACE = PROJECT_ROOT / "examples" / "airline"
CASES = load_cases(Path(__file__).parent / "demo_bag_cases.yaml").cases


@pytest.fixture(scope="module")
def runner(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ConversationTestRunner]:
    settings = Settings(data_dir=tmp_path_factory.mktemp("bags"), workspace=AIRLINE_WORKSPACE)
    workspace = load_workspace(AIRLINE_WORKSPACE)
    with ConversationTestRunner(settings, workspace, generate_airline()) as built:
        yield built


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_airline_bags_demo_conversation(runner: ConversationTestRunner, case: object) -> None:
    result: CaseResult = runner.run_case(case, "demo_bag_cases.yaml")  # type: ignore[arg-type]
    assert result.passed, (result.failures, [line.text for line in result.transcript])


def test_airline_docs_show_the_bag_rules_the_flow_has() -> None:
    doc = (PROJECT_ROOT / "docs" / "airline.md").read_text()
    block = doc.split("```yaml\nvalues:\n", 1)[1].split("```", 1)[0]
    shown = yaml.safe_load("values:\n" + block)["values"]
    flow = next(f for f in load_workspace(AIRLINE_WORKSPACE).flows if f.name == "add_baggage")
    assert shown == flow.values
