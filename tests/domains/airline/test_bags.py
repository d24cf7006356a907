"""Adding checked bags in the airline workspace over the demo airline: conversations that need
nothing outside the repository, and the bag rules docs/airline.md shows are the flow's."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from deskpilot.testing import ConversationCase, ConversationTestRunner, load_cases
from deskpilot.workspace import load_workspace

from ...conftest import PROJECT_ROOT
from .conftest import AIRLINE_WORKSPACE, passes

CASES = load_cases(Path(__file__).parent / "demo_bag_cases.yaml").cases


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_airline_bags_demo_conversation(
    demo_airline: ConversationTestRunner, case: ConversationCase
) -> None:
    passes(demo_airline, case, "demo_bag_cases.yaml")


def test_airline_docs_show_the_bag_rules_the_flow_has() -> None:
    doc = (PROJECT_ROOT / "docs" / "airline.md").read_text()
    block = doc.split("```yaml\nvalues:\n", 1)[1].split("```", 1)[0]
    shown = yaml.safe_load("values:\n" + block)["values"]
    flow = next(f for f in load_workspace(AIRLINE_WORKSPACE).flows if f.name == "add_baggage")
    assert shown == flow.values
