"""The airline's reads through the guard, on the tiny airline (conftest.py)."""

from __future__ import annotations

from .conftest import ADA, Desk


def test_get_user_details_reads_the_customers_own_profile(desk: Desk) -> None:
    assert desk.ok("get_user_details", user_id=ADA)["membership"] == "gold"
    assert desk.refused("get_user_details", user_id="ben_ortiz_2002").refusal_code == "not_owner"


def test_get_reservation_details_misses_with_the_references_words(desk: Desk) -> None:
    assert desk.ok("get_reservation_details", reservation_id="ABC123")["cabin"] == "economy"
    outcome = desk.refused("get_reservation_details", reservation_id="NOPE00")
    assert (outcome.refusal_code, outcome.refusal_reason) == ("not_found", "user not found")


def test_list_all_airports_lists_the_twenty_airports(desk: Desk) -> None:
    airports = desk.ok("list_all_airports")
    assert len(airports) == 20
    assert airports["LGA"] == "LaGuardia"


def test_search_direct_flight_gives_that_days_seats_and_fares(desk: Desk) -> None:
    found = desk.ok("search_direct_flight", origin="JFK", destination="ATL", date="2024-05-20")
    assert [f["flight_number"] for f in found] == ["HAT001", "HAT004"]
    first = found[0]
    assert "dates" not in first
    assert first["status"] == "available"
    assert first["prices"] == {"basic_economy": 60, "economy": 120, "business": 300}
    assert first["available_seats"]["business"] == 1


def test_search_direct_flight_leaves_out_days_not_open_for_booking(desk: Desk) -> None:
    for date in ("2024-05-13", "2024-05-14", "2024-05-25"):
        assert desk.ok("search_direct_flight", origin="JFK", destination="ATL", date=date) == []


def test_search_onestop_flight_connects_the_same_day_and_overnight(desk: Desk) -> None:
    found = desk.ok("search_onestop_flight", origin="JFK", destination="SEA", date="2024-05-20")
    pairs = [(a["flight_number"], a["date"], b["flight_number"], b["date"]) for a, b in found]
    assert pairs == [
        ("HAT001", "2024-05-20", "HAT002", "2024-05-20"),
        ("HAT004", "2024-05-20", "HAT002", "2024-05-21"),
    ]
    # The reference's flaw, kept: the next-day leg shows its fares of the first day.
    overnight_second = found[1][1]
    assert overnight_second["prices"]["economy"] == 100


def test_search_onestop_flight_needs_the_second_leg_after_the_first_lands(desk: Desk) -> None:
    # HAT001 lands 08:30 and HAT002 leaves 10:00; nothing leaves ATL for SEA before that.
    found = desk.ok("search_onestop_flight", origin="JFK", destination="SEA", date="2024-05-21")
    assert [(a["flight_number"], b["flight_number"]) for a, b in found] == [("HAT001", "HAT002")]


def test_get_flight_calendar_gives_the_scheduled_days_and_a_dates_weekday(desk: Desk) -> None:
    calendar = desk.ok("get_flight_calendar", date="2024-05-17")
    assert calendar == {
        "first_day": "2024-05-13",
        "last_day": "2024-05-21",
        "date": "2024-05-17",
        "weekday": 4,
    }
    assert desk.ok("get_flight_calendar", date="2024-02-31")["weekday"] is None
