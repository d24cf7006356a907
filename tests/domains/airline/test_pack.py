"""The airline pack as the engine sees it: found by name or by its records, a working copy
that never writes its source, a valid demo airline, and the ``calculate`` helper."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from deskpilot.domains import available, load_pack, pack_for_records
from deskpilot.domains.airline import (
    AIRPORTS,
    PACK,
    AirlineConnector,
    AirlineStore,
    CalculationError,
    calculate,
    generate_airline,
    load_airline,
    write_airline,
)
from deskpilot.errors import ConflictError, InputError

from .conftest import ADA, build_tiny_airline


def test_the_installation_has_the_airline_pack_beside_the_store() -> None:
    assert {"airline", "retail"} <= set(available())
    assert load_pack("airline") is PACK
    assert PACK.replay is not None


def test_a_records_folder_names_its_pack(tmp_path: Path) -> None:
    PACK.write_demo(tmp_path / "air")
    assert pack_for_records(tmp_path / "air") is PACK
    load_pack("retail").write_demo(tmp_path / "shop")
    assert pack_for_records(tmp_path / "shop").name == "retail"
    with pytest.raises(InputError, match="no domain pack's records found"):
        pack_for_records(tmp_path)


def test_the_connector_declares_eleven_operations_six_of_them_writes() -> None:
    specs = {spec.name: spec for spec in AirlineConnector(None).specs()}
    # the reference's 11, and three reads of our own for the flows
    assert len(specs) == 14
    assert {n for n, spec in specs.items() if spec.identifies} == {"find_user_by_id"}
    writes = {name for name, spec in specs.items() if spec.side_effect.value == "write"}
    assert writes == {
        "book_reservation",
        "cancel_reservation",
        "update_reservation_flights",
        "update_reservation_baggages",
        "update_reservation_passengers",
        "send_certificate",
    }
    public = {name for name, spec in specs.items() if spec.public}
    assert public == {
        "get_flight_calendar",
        "get_flight_details",
        "list_all_airports",
        "search_direct_flight",
        "search_onestop_flight",
    }
    cabin = specs["book_reservation"].json_schema()["properties"]["cabin"]
    assert cabin["enum"] == ["basic_economy", "economy", "business"]


def test_the_working_copy_keeps_writes_and_never_touches_its_source(tmp_path: Path) -> None:
    source, work = tmp_path / "source", tmp_path / "work"
    write_airline(source, build_tiny_airline())
    before = (source / "users.json").read_bytes()
    store = AirlineStore.open(source, work)
    connector = AirlineConnector(store)
    args = connector.parse("send_certificate", {"user_id": ADA, "amount": 50})
    first = connector.execute("send_certificate", args, "key-1")
    assert connector.execute("send_certificate", args, "key-1") == first
    other = connector.parse("send_certificate", {"user_id": ADA, "amount": 60})
    with pytest.raises(ConflictError):
        connector.execute("send_certificate", other, "key-1")
    reopened = AirlineStore.open(source, work)
    methods = reopened.read(lambda data: data["users"][ADA]["payment_methods"])
    assert methods["certificate_3221322"]["amount"] == 50
    assert "certificate_3221323" not in methods
    assert (source / "users.json").read_bytes() == before
    reopened.reset()
    assert "certificate_3221322" not in reopened.read(
        lambda data: data["users"][ADA]["payment_methods"]
    )


def test_the_demo_airline_is_deterministic_and_its_payments_add_up(tmp_path: Path) -> None:
    data = generate_airline()
    assert json.dumps(data, sort_keys=True) == json.dumps(generate_airline(), sort_keys=True)
    PACK.write_demo(tmp_path)
    assert load_airline(tmp_path) == data
    for reservation in data["reservations"].values():
        fares = sum(s["price"] for s in reservation["flights"])
        travellers = len(reservation["passengers"])
        insured = 30 * travellers if reservation["insurance"] == "yes" else 0
        due = fares * travellers + insured + 50 * reservation["nonfree_baggages"]
        assert sum(p["amount"] for p in reservation["payment_history"]) == due
        assert (
            reservation["reservation_id"] in data["users"][reservation["user_id"]]["reservations"]
        )
        for segment in reservation["flights"]:
            day = data["flights"][segment["flight_number"]]["dates"][segment["date"]]
            assert day["status"] == "available"
    for flight in data["flights"].values():
        assert {flight["origin"], flight["destination"]} <= set(AIRPORTS)
    catalogue = PACK.catalogue(data)
    assert catalogue["airports"]["JFK"] == "New York"
    assert catalogue["flights"][0] == "HAT001"


@pytest.mark.parametrize(
    ("expression", "value"),
    [("2 * ((350 - 122) + (499 - 127))", "1200.0"), ("(65 + 83) * 2", "296.0"), ("10 / 3", "3.33")],
)
def test_calculate_answers_as_the_reference_writes_numbers(expression: str, value: str) -> None:
    assert calculate(expression) == value


@pytest.mark.parametrize(
    ("expression", "error"),
    [
        ("2 ** 10", "only numbers"),
        ("__import__('os')", "invalid characters in expression"),
        ("1 / 0", "division by zero"),
        ("(1 + ", "invalid syntax"),
    ],
)
def test_calculate_refuses_what_is_not_plain_arithmetic(expression: str, error: str) -> None:
    with pytest.raises(CalculationError, match=error):
        calculate(expression)
