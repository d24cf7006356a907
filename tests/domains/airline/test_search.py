"""Finding flights in the airline workspace: the slots docs/airline.md shows are the flow's,
and the flow reads only public actions (no user id, no write)."""

from __future__ import annotations

import yaml

from deskpilot.domains.airline import AirlineConnector
from deskpilot.workspace import load_workspace
from deskpilot.workspace._flow_models import FlowSpec

from ...conftest import PROJECT_ROOT

AIRLINE_WORKSPACE = PROJECT_ROOT / "examples" / "airline"


def _find_flights() -> FlowSpec:
    return next(f for f in load_workspace(AIRLINE_WORKSPACE).flows if f.name == "find_flights")


def test_airline_docs_show_the_slots_the_search_flow_has() -> None:
    doc = (PROJECT_ROOT / "docs" / "airline.md").read_text()
    block = doc.split("```yaml\nslots:\n", 1)[1].split("```", 1)[0]
    shown = yaml.safe_load("slots:\n" + block)["slots"]
    flow = _find_flights()
    assert shown == [s.model_dump(exclude_defaults=True) for s in flow.slots]


def test_the_search_flow_reads_public_actions_only_and_writes_nothing() -> None:
    flow = _find_flights()
    public = {s.name for s in AirlineConnector(None).specs() if s.public}
    assert flow.identity == "none" and flow.action is None
    lookups = {lk.action for lk in flow.lookups}
    assert lookups - {"get_current_time"} <= public
