"""The airline workspace's compensation flow over the demo airline, with a few flights marked
cancelled or delayed (compensation_cases.yaml); and the docs show the checks the flow has."""

from __future__ import annotations

import copy
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from deskpilot.domains.airline import CERTIFICATE_IDS, generate_airline
from deskpilot.policy import compile_rule
from deskpilot.testing import ConversationCase, ConversationTestRunner, load_cases
from deskpilot.workspace import load_workspace

from ...conftest import PROJECT_ROOT
from .conftest import AIRLINE_WORKSPACE, airline_runner, passes

CASES = load_cases(Path(__file__).parent / "compensation_cases.yaml").cases


def _with_disruptions() -> dict[str, dict[str, dict[str, object]]]:
    """The demo airline with the flights compensation_cases.yaml speaks of disrupted."""
    data = copy.deepcopy(generate_airline())
    flights: dict[str, dict[str, object]] = data["flights"]
    for number, day, status in (
        ("HAT005", "2024-05-17", "cancelled"),
        ("HAT001", "2024-05-16", "cancelled"),
        ("HAT001", "2024-05-18", "delayed"),
        ("HAT002", "2024-05-30", "cancelled"),
    ):
        dates = flights[number]["dates"]
        assert isinstance(dates, dict)
        dates[day] = {"status": status}
    # A profile that holds every certificate the airline's system can add (CERTIFICATE_IDS).
    methods = data["users"]["ravi_moreau_5564"]["payment_methods"]
    assert isinstance(methods, dict)
    for cid in CERTIFICATE_IDS:
        methods[cid] = {"source": "certificate", "amount": 100, "id": cid}
    return data


@pytest.fixture(scope="module")
def runner(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ConversationTestRunner]:
    with airline_runner(tmp_path_factory.mktemp("air"), _with_disruptions()) as built:
        yield built


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_compensation_demo_conversation(
    runner: ConversationTestRunner, case: ConversationCase
) -> None:
    passes(runner, case, "compensation_cases.yaml")


def test_compensation_docs_show_the_checks_the_flow_has() -> None:
    doc = (PROJECT_ROOT / "docs" / "airline.md").read_text()
    block = doc.split("```yaml\n# compensation\nchecks:\n", 1)[1].split("```", 1)[0]
    shown = yaml.safe_load("checks:\n" + block)["checks"]
    flow = next(f for f in load_workspace(AIRLINE_WORKSPACE).flows if f.name == "compensation")
    assert [c["when"] for c in shown] == [c.when for c in flow.checks]


@pytest.mark.parametrize(
    ("intent", "amount", "fired"),
    [
        ("compensation", 500, set()),
        ("compensation", 600, {"compensation_limit"}),
        ("cancel_reservation", 100, {"certificate_only_as_compensation"}),
    ],
)
def test_compensation_guard_rules_bound_the_certificate(
    intent: str, amount: int, fired: set[str]
) -> None:
    policies = load_workspace(AIRLINE_WORKSPACE).policies
    context = {
        "action": {"name": "send_certificate", "compensation_amount": amount},
        "args": {"user_id": "u", "amount": amount},
        "case": {"intent": intent},
        "limits": policies.limits,
    }
    rules = [r for r in policies.rules if "send_certificate" in r.actions]
    assert {r.name for r in rules if compile_rule(r).matches(context)} == fired
