"""A flow's ``values`` and a slot's ``when`` in ``flows/*.yaml``, and a ``count`` kind in
``slots.yaml``: what the files accept, and one clear message for what they do not."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError

from deskpilot.workspace import SlotsFile
from deskpilot.workspace._flow_models import FlowSpec

FLOW: dict[str, Any] = {
    "name": "add_things",
    "intents": ["add_things"],
    "slots": [
        {"name": "count", "resolver": "count", "ask": "ask_count"},
        {"name": "card", "resolver": "card", "ask": "ask_card", "when": "fee > 0"},
    ],
    "lookups": [{"name": "record", "action": "get_record", "args": {}}],
    "values": {"total": "record.count + slots.count", "fee": "10 * slots.count"},
    "reply": "done",
}


def test_a_flow_keeps_its_values_in_order_and_a_slot_its_when() -> None:
    flow = FlowSpec.model_validate(FLOW)
    assert list(flow.values) == ["total", "fee"]
    assert flow.slots[1].when == "fee > 0"


@pytest.mark.parametrize("name", ["record", "slots", "user", "count", "Fee"])
def test_a_value_may_not_hide_a_lookup_a_slot_or_a_name_expressions_see(name: str) -> None:
    with pytest.raises(ValidationError, match=f"values: '{name}' must be a lower_snake_case"):
        FlowSpec.model_validate({**FLOW, "values": {name: "1"}})


def test_a_count_kind_needs_its_units_and_a_total_its_words() -> None:
    read = SlotsFile.model_validate(
        {"kinds": {"bags": {"type": "count", "units": ["bag~"], "totals": ["in total"]}}}
    )
    assert read.kinds["bags"].units == ["bag~"]
    with pytest.raises(ValidationError, match="a count needs `units`"):
        SlotsFile.model_validate({"kinds": {"bags": {"type": "count"}}})
    with pytest.raises(ValidationError, match="needs `totals`"):
        SlotsFile.model_validate(
            {"kinds": {"bags": {"type": "count", "units": ["bag"], "total": True}}}
        )
    with pytest.raises(ValidationError, match="only a count has `units`"):
        SlotsFile.model_validate({"kinds": {"note": {"type": "text", "units": ["bag"]}}})
