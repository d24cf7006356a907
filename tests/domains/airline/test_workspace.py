"""The airline workspace (examples/airline) over the demo airline: it loads, and its flows
apply the airline's rules against the business clock. Needs nothing outside the repository."""

from __future__ import annotations

import copy
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from deskpilot.domains.airline import generate_airline
from deskpilot.testing import ConversationCase, ConversationTestRunner, load_cases
from deskpilot.workspace import load_workspace

from ...conftest import PROJECT_ROOT
from .conftest import AIRLINE_WORKSPACE, airline_runner, passes

CASES = load_cases(Path(__file__).parent / "demo_cases.yaml").cases


def _moved_in_time() -> dict[str, dict[str, dict[str, object]]]:
    """The demo airline with three records moved so that the clock decides (demo_cases.yaml)."""
    data = copy.deepcopy(generate_airline())
    reservations = data["reservations"]
    reservations["DEMO06"]["created_at"] = "2024-05-14T16:00:00"  # 23 hours before now
    reservations["DEMO00"]["created_at"] = "2024-05-14T14:00:00"  # 25 hours before now
    reservations["DEMO09"]["flights"][0]["date"] = "2024-05-14"  # flown yesterday
    return data


@pytest.fixture(scope="module")
def runner(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ConversationTestRunner]:
    with airline_runner(tmp_path_factory.mktemp("air"), _moved_in_time()) as built:
        yield built


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_airline_workspace_demo_conversation(
    runner: ConversationTestRunner, case: ConversationCase
) -> None:
    passes(runner, case, "demo_cases.yaml")


def test_airline_workspace_loads_with_its_clock_and_pack() -> None:
    workspace = load_workspace(AIRLINE_WORKSPACE)
    assert workspace.config.domain == "airline"
    assert workspace.config.now is not None and workspace.config.now.isoformat() == (
        "2024-05-15T15:00:00-05:00"
    )
    assert {f.name for f in workspace.flows} >= {"reservation_details", "cancel_reservation"}


def test_airline_docs_show_the_cancellation_rules_the_flow_has() -> None:
    doc = (PROJECT_ROOT / "docs" / "airline.md").read_text()
    block = doc.split("```yaml\nchecks:\n", 1)[1].split("```", 1)[0]
    shown = yaml.safe_load("checks:\n" + block)["checks"]
    flow = next(
        f for f in load_workspace(AIRLINE_WORKSPACE).flows if f.name == "cancel_reservation"
    )
    assert [c["when"] for c in shown] == [c.when for c in flow.checks]
