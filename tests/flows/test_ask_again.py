"""A check about a value the customer can change asks for it again (``ask_again``), and a value
understanding types itself (a date) is kept while the flow first asks about another slot.

The flow is written for the test into a copy of the store's workspace: any business's flow
reads the same way."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
import yaml
from pydantic import ValidationError

from deskpilot.domains.retail import generate_store
from deskpilot.settings import Settings
from deskpilot.testing import CaseResult, ConversationCase, ConversationTestRunner
from deskpilot.workspace import load_workspace
from deskpilot.workspace._flow_models import FlowSpec

from ..conftest import RETAIL_WORKSPACE

FLOW = """\
flows:
  - name: plan_visit
    intents: [plan_visit]
    identity: none
    slots:
      - name: topic
        resolver: visit_topic
        ask: ask_visit_topic
      - name: day
        resolver: visit_day
        ask: ask_visit_day
    lookups:
      - name: clock
        action: get_current_time
        args: {}
    checks:
      - when: slots.day >= clock.date
        reply: visit_day_passed
        ask_again: day
    reply: visit_planned
"""
INTENTS = """\
intents:
  - name: plan_visit
    examples:
      - I'd like to plan a visit to your showroom
      - can I come and visit the showroom
      - plan a showroom visit for me
      - I want to visit your showroom
      - book me a showroom visit
      - could we arrange a visit to the showroom
"""
TEMPLATES = {
    "ask_visit_topic": "A tour or a tasting?",
    "ask_visit_day": "Which day?",
    "visit_day_passed": "{{ slots.day }} has passed. Which day?",
    "visit_planned": "Planned: a {{ slots.topic }} on {{ slots.day }}.",
}


@pytest.fixture(scope="module")
def runner(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ConversationTestRunner]:
    ws = tmp_path_factory.mktemp("visit") / "ws"
    shutil.copytree(RETAIL_WORKSPACE, ws)
    (ws / "flows" / "visits.yaml").write_text(FLOW)
    (ws / "intents" / "visits.yaml").write_text(INTENTS)
    for name, text in TEMPLATES.items():
        (ws / "templates" / "en" / f"{name}.j2").write_text(text)
    slots = ws / "slots.yaml"
    slots.write_text(
        slots.read_text()
        + "  visit_topic:\n    type: choice\n    description: what the visit is for\n"
        + "  visit_day:\n    type: date\n    description: the day of the visit\n"
    )
    vocabulary_file = ws / "vocabulary.yaml"
    vocabulary = yaml.safe_load(vocabulary_file.read_text())
    vocabulary["choices"]["visit_topic"] = {"tour": ["tour"], "tasting": ["tasting"]}
    vocabulary_file.write_text(yaml.safe_dump(vocabulary, sort_keys=False))
    settings = Settings(data_dir=tmp_path_factory.mktemp("data"), workspace=ws)
    with ConversationTestRunner(settings, load_workspace(ws), generate_store()) as built:
        yield built


def _run(runner: ConversationTestRunner, *turns: str) -> CaseResult:
    case = ConversationCase.model_validate(
        {"name": "visit", "turns": [{"customer": t} for t in turns], "expect": {"actions": []}}
    )
    return runner.run_case(case, "test_ask_again.py")


def _day(offset: int) -> str:
    return (datetime.now(UTC).date() + timedelta(days=offset)).isoformat()


def test_a_typed_value_is_kept_while_another_slot_is_asked_first(
    runner: ConversationTestRunner,
) -> None:
    result = _run(runner, "I'd like to plan a showroom visit the day after tomorrow", "a tour")
    replies = [line.text for line in result.transcript if line.speaker == "deskpilot"]
    assert replies[0] == "A tour or a tasting?"
    assert replies[1] == f"Planned: a tour on {_day(2)}."


def test_a_failed_check_with_ask_again_asks_for_that_value_and_the_request_goes_on(
    runner: ConversationTestRunner,
) -> None:
    result = _run(runner, "plan a showroom visit, a tasting, three days ago", "in 3 days then")
    replies = [line.text for line in result.transcript if line.speaker == "deskpilot"]
    assert replies[0] == f"{_day(-3)} has passed. Which day?"
    assert replies[1] == f"Planned: a tasting on {_day(3)}."


def test_ask_again_must_name_a_slot_of_the_flow() -> None:
    flow = yaml.safe_load(FLOW)["flows"][0]
    flow["checks"][0]["ask_again"] = "weekday"
    with pytest.raises(ValidationError, match="ask_again names 'weekday', which is not a slot"):
        FlowSpec.model_validate(flow)
