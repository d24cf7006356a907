"""The ``leg`` and ``new_flight`` slot kinds of a change of flights: which segment of a
reservation the customer's words point at, the flight it moves to; conversations over the demo
airline that need nothing outside the repository; and that the rules docs/airline.md shows are
the flow's."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from deskpilot.domains.airline._flights import _ONE_ONLY, resolve_leg, resolve_new_flight
from deskpilot.flows import SlotContext
from deskpilot.testing import ConversationCase, ConversationTestRunner, load_cases
from deskpilot.workspace import load_workspace

from ...conftest import PROJECT_ROOT, slot_context
from .conftest import AIRLINE_WORKSPACE, passes

CASES = load_cases(Path(__file__).parent / "demo_flight_cases.yaml").cases


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_airline_flights_demo_conversation(
    demo_airline: ConversationTestRunner, case: ConversationCase
) -> None:
    passes(demo_airline, case, "demo_flight_cases.yaml")


def _flight(number: str, origin: str, destination: str, departs: str) -> dict[str, Any]:
    day = {"status": "available", "prices": {"economy": 150}, "available_seats": {"economy": 9}}
    return {
        "flight_number": number,
        "origin": origin,
        "destination": destination,
        "scheduled_departure_time_est": departs,
        "scheduled_arrival_time_est": "23:00:00",
        "dates": {"2024-05-22": day, "2024-05-26": day, "2024-05-27": day},
    }


FLIGHTS = {
    "HAT170": _flight("HAT170", "DFW", "LAX", "03:00:00"),
    "HAT022": _flight("HAT022", "LAX", "DFW", "12:00:00"),
    "HAT100": _flight("HAT100", "DFW", "ORD", "08:00:00"),
    "HAT200": _flight("HAT200", "ORD", "LAX", "13:00:00"),
}


def _segment(number: str, date: str) -> dict[str, Any]:
    f = FLIGHTS[number]
    return {
        "flight_number": number,
        "date": date,
        "origin": f["origin"],
        "destination": f["destination"],
        "price": 100,
    }


RESERVATIONS = {
    "ROUND1": {
        "reservation_id": "ROUND1",
        "origin": "DFW",
        "destination": "LAX",
        "cabin": "economy",
        "passengers": [{"first_name": "Ana", "last_name": "Perez"}],
        "flights": [_segment("HAT170", "2024-05-22"), _segment("HAT022", "2024-05-26")],
    },
    "ONEWAY": {
        "reservation_id": "ONEWAY",
        "origin": "LAX",
        "destination": "DFW",
        "cabin": "economy",
        "passengers": [{"first_name": "Ana", "last_name": "Perez"}],
        "flights": [_segment("HAT022", "2024-05-26")],
    },
    "CONNEC": {
        "reservation_id": "CONNEC",
        "origin": "DFW",
        "destination": "LAX",
        "cabin": "economy",
        "passengers": [{"first_name": "Ana", "last_name": "Perez"}],
        "flights": [_segment("HAT100", "2024-05-22"), _segment("HAT200", "2024-05-22")],
    },
}


def _record(kind: str, rid: str) -> dict[str, Any] | None:
    table: dict[str, Any] = RESERVATIONS if kind == "reservation" else FLIGHTS
    found: dict[str, Any] | None = table.get(rid)
    return found


def _ctx(text: str, slots: dict[str, Any], known: dict[str, Any] | None = None) -> SlotContext:
    return slot_context(
        text=text,
        slots=slots,
        record=_record,
        known=known or {},
    )


@pytest.mark.parametrize(
    ("reservation", "text", "leg"),
    [
        ("ROUND1", "change my return to May 27", "HAT022"),
        ("ROUND1", "I want to fly back later", "HAT022"),
        ("ROUND1", "move my outbound flight", "HAT170"),
        ("ROUND1", "move HAT022 to another day", "HAT022"),
        ("ROUND1", "a later flight to LAX please", "HAT170"),
        ("ROUND1", "a later flight from LAX please", "HAT022"),
        ("ONEWAY", "move my flight to May 27", "HAT022"),
        # Neither named nor the only one: asked about, never guessed.
        ("ROUND1", "I want to change my flight", None),
        ("ROUND1", "put me on HAT045 instead", None),
    ],
)
def test_leg_is_the_segment_the_words_point_at(
    reservation: str, text: str, leg: str | None
) -> None:
    found = resolve_leg(_ctx(text, {"reservation_id": reservation}))
    assert found is not None
    if leg is None:
        assert found.value is None and len(found.choices) == 2
    else:
        assert found.facts["leg"]["flight_number"] == leg


def test_leg_of_a_connection_says_so() -> None:
    found = resolve_leg(_ctx("move HAT200 please", {"reservation_id": "CONNEC"}))
    assert found is not None and found.facts["leg"]["connecting"] is True
    found = resolve_leg(_ctx("move HAT022 please", {"reservation_id": "ROUND1"}))
    assert found is not None and found.facts["leg"]["connecting"] is False


def _leg_label(reservation: str, number: str) -> Any:
    found = resolve_leg(_ctx(number, {"reservation_id": reservation}))
    assert found is not None
    return found.value


def test_new_flight_named_by_number_is_that_flight_on_the_leg_day() -> None:
    slots = {"reservation_id": "ROUND1", "leg": _leg_label("ROUND1", "HAT170")}
    found = resolve_new_flight(_ctx("put me on HAT100 instead", slots))
    assert found is not None
    assert found.facts["new_segment"]["flight_number"] == "HAT100"
    assert found.facts["new_segment"]["date"] == "2024-05-22"  # the flow's checks refuse its route


def test_new_flight_without_number_or_day_asks_the_day() -> None:
    slots = {"reservation_id": "ROUND1", "leg": _leg_label("ROUND1", "HAT170")}
    found = resolve_new_flight(_ctx("a later one please", slots))
    assert found is not None and found.problem == "ask_new_day"


def test_new_flight_on_a_day_lists_the_route_flights_or_takes_the_only_one() -> None:
    slots = {
        "reservation_id": "ROUND1",
        "leg": _leg_label("ROUND1", "HAT022"),
        "new_date": "2024-05-27",
    }
    direct = [{"flight_number": "HAT022"}, {"flight_number": "HAT170"}]  # HAT170: other route
    found = resolve_new_flight(_ctx("May 27", slots, {"direct": direct}))
    assert found is not None and found.facts["new_segment"]["flight_number"] == "HAT022"
    found = resolve_new_flight(_ctx("May 27", slots, {"direct": []}))
    assert found is not None and found.problem == "no_flights_that_day"


def test_flights_docs_show_the_values_and_checks_the_flow_has() -> None:
    doc = (PROJECT_ROOT / "docs" / "airline.md").read_text()
    section = doc.split("## Changing flights\n", 1)[1]
    block = section.split("```yaml\n", 1)[1].split("```", 1)[0]
    shown = yaml.safe_load(block)
    flow = next(f for f in load_workspace(AIRLINE_WORKSPACE).flows if f.name == "change_flights")
    assert shown["values"] == flow.values
    shown_checks = [c["when"] for c in shown["checks"]]
    assert shown_checks == [c.when for c in flow.checks][: len(shown_checks)]


def test_leg_number_names_the_leg_not_the_new_flight() -> None:
    slots = {
        "reservation_id": "ROUND1",
        "leg": _leg_label("ROUND1", "HAT022"),
        "new_date": "2024-05-27",
    }
    # "move HAT022 to May 27": the day's flights are looked at, not HAT022 taken on its word
    found = resolve_new_flight(_ctx("move HAT022 to May 27", slots, {"direct": []}))
    assert found is not None and found.problem == "no_flights_that_day"


def test_new_flight_list_leaves_out_flights_without_a_seat_for_every_passenger() -> None:
    full = _flight("HAT023", "LAX", "DFW", "18:00:00")
    full["dates"]["2024-05-27"] = {
        "status": "available",
        "prices": {"economy": 90},
        "available_seats": {"economy": 0},
    }
    FLIGHTS["HAT023"] = full
    try:
        slots = {
            "reservation_id": "ROUND1",
            "leg": _leg_label("ROUND1", "HAT022"),
            "new_date": "2024-05-27",
        }
        direct = [{"flight_number": "HAT022"}, {"flight_number": "HAT023"}]
        found = resolve_new_flight(_ctx("May 27", slots, {"direct": direct}))
        assert found is not None and found.facts["new_segment"]["flight_number"] == "HAT022"
    finally:
        del FLIGHTS["HAT023"]


@pytest.mark.parametrize(
    ("text", "one"),
    [
        ("can I upgrade just the first flight to business?", True),
        ("only my return leg please", True),
        ("upgrade one of the flights", True),
        ("upgrade my trip to Boston to business", False),
        ("upgrade the whole reservation", False),
        ("just upgrade it to business", False),
    ],
)
def test_words_asking_for_one_flight_only(text: str, one: bool) -> None:
    assert (_ONE_ONLY.search(text) is not None) is one
