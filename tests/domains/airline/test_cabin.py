"""The ``cabin`` slot kind: the cabin a reservation moves to, from the airline's words for
each cabin and the words before them ("from economy to business"); the fares a change of
cabin is priced with; conversations over the demo airline that need nothing outside the
repository; the rules docs/airline.md shows are the flow's; and the guard's figures and
limit for the write."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from deskpilot.domains.airline import (
    AirlineConnector,
    AirlineStore,
    generate_airline,
    write_airline,
)
from deskpilot.domains.airline._cabin import resolve_cabin
from deskpilot.domains.airline._knowledge import fares_of
from deskpilot.policy import compile_rule
from deskpilot.testing import ConversationCase, ConversationTestRunner, load_cases
from deskpilot.workspace import load_workspace

from ...conftest import PROJECT_ROOT, slot_context
from .conftest import AIRLINE_WORKSPACE, passes

CASES = load_cases(Path(__file__).parent / "demo_cabin_cases.yaml").cases


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_airline_cabin_demo_conversation(
    demo_airline: ConversationTestRunner, case: ConversationCase
) -> None:
    passes(demo_airline, case, "demo_cabin_cases.yaml")


def _cabin(text: str) -> str | None:
    ctx = slot_context(
        text=text,
        kind="cabin",
        slot="cabin",
    )
    found = resolve_cabin(ctx)
    return None if found is None else found.value


@pytest.mark.parametrize(
    ("text", "cabin"),
    [
        ("upgrade my booking 4WQ150 to business", "business"),
        ("can I move to economy on my trip to Boston", "economy"),
        ("downgrade to basic economy", "basic_economy"),
        ("please put us in Business Class", "business"),
        ("move my booking from economy to business", "business"),
        ("I'd like to fly business instead of economy", "business"),
        ("I'm currently in business, can I go to economy", "economy"),
        ("business", "business"),
        ("downgrade my business booking to economy", "economy"),
        ("my economy class ticket should be business", "business"),
        # No cabin, or two wanted: asked about, never guessed.
        ("can I get an upgrade?", None),
        ("economy or business, whichever is cheaper", None),
    ],
)
def test_cabin_reads_the_cabin_wanted(text: str, cabin: str | None) -> None:
    assert _cabin(text) == cabin


def test_fares_of_adds_up_each_cabin_on_every_segment() -> None:
    reservation = {"flights": [{"price": 157}, {"price": 160}]}
    segments = [
        {"prices": {"economy": 161, "business": 252}},
        {"prices": {"basic_economy": 61, "economy": 184, "business": 240}},
    ]
    # basic economy has no fare on the first segment: no sum for it
    assert fares_of(reservation, segments) == {
        "fare_paid": 317,
        "fares": {"business": 492, "economy": 345},
    }


def test_cabin_docs_show_the_values_and_checks_the_flow_has() -> None:
    doc = (PROJECT_ROOT / "docs" / "airline.md").read_text()
    section = doc.split("## Changing the cabin\n", 1)[1]
    block = section.split("```yaml\n", 1)[1].split("```", 1)[0]
    shown = yaml.safe_load(block)
    flow = next(f for f in load_workspace(AIRLINE_WORKSPACE).flows if f.name == "change_cabin")
    assert shown["values"] == flow.values
    assert [c["when"] for c in shown["checks"]] == [c.when for c in flow.checks]


@pytest.mark.parametrize(
    ("reservation", "payment", "impact"),
    [
        ("DEMO03", "credit_card_2180309", {"charge_amount": 197.0}),  # basic economy moved up
        ("DEMO04", "credit_card_1019327", {"refund_amount": 649.0}),  # business moved down
        # another customer's card: the system refuses the change, so it has no figure
        ("DEMO04", "credit_card_2180309", {}),
    ],
)
def test_cabin_change_impact_is_the_difference_the_system_settles(
    tmp_path: Path, reservation: str, payment: str, impact: dict[str, float]
) -> None:
    write_airline(tmp_path / "source", generate_airline())
    store = AirlineStore.open(tmp_path / "source", tmp_path / "work")
    connector = AirlineConnector(store)
    flights = store.read(lambda d: d["reservations"][reservation]["flights"])
    args = connector.parse(
        "update_reservation_flights",
        {
            "reservation_id": reservation,
            "cabin": "economy",
            "flights": [{"flight_number": f["flight_number"], "date": f["date"]} for f in flights],
            "payment_id": payment,
        },
    )
    assert connector.impact("update_reservation_flights", args) == impact


@pytest.mark.parametrize(("refund", "fired"), [(5000, set()), (5001, {"change_refund_limit"})])
def test_cabin_change_refund_above_the_limit_goes_to_a_person(refund: int, fired: set[str]) -> None:
    policies = load_workspace(AIRLINE_WORKSPACE).policies
    context = {
        "action": {"name": "update_reservation_flights", "refund_amount": refund},
        "args": {},
        "case": {"intent": "change_cabin"},
        "limits": policies.limits,
    }
    rules = [r for r in policies.rules if "update_reservation_flights" in r.actions]
    assert {r.name for r in rules if compile_rule(r).matches(context)} == fired
