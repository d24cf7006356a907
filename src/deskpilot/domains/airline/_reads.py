"""The airline's read operations: profiles, reservations, airports and flight searches."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from deskpilot.actions._spec import Refusal

from ._common import AIRPORTS, AVAILABLE, RefusalCode, get_reservation, get_user
from ._models import (
    FindUserByIdArgs,
    GetFlightCalendarArgs,
    GetFlightDetailsArgs,
    GetReservationDetailsArgs,
    GetUserDetailsArgs,
    ListAllAirportsArgs,
    SearchFlightArgs,
)
from ._state import AirlineData, Record

ReadFn = Callable[[AirlineData, Any], Any]


def get_user_details(data: AirlineData, args: GetUserDetailsArgs) -> Record:
    """The customer's record."""
    return get_user(data, args.user_id)


def get_reservation_details(data: AirlineData, args: GetReservationDetailsArgs) -> Record:
    """The reservation's record (an unknown id is refused as "user not found", as the
    reference words it)."""
    return get_reservation(data, args.reservation_id, missing="user not found")


def find_user_by_id(data: AirlineData, args: FindUserByIdArgs) -> dict[str, str]:
    """``{"user_id": …}`` when the airline has that customer: how a customer who gives their
    user id is identified (the reference asks for nothing more). Only the id comes back; the
    profile is read, as theirs, once they are identified."""
    get_user(data, args.user_id)
    return {"user_id": args.user_id}


def get_flight_details(data: AirlineData, args: GetFlightDetailsArgs) -> Record:
    """A flight's schedule and its status on each day (not an operation of the reference: the
    flows read it to tell a flown or airline-cancelled segment)."""
    flight = data["flights"].get(args.flight_number)
    if flight is None:
        raise Refusal(RefusalCode.FLIGHT_NOT_FOUND, f"flight {args.flight_number} not found")
    return dict(flight)


def get_flight_calendar(data: AirlineData, args: GetFlightCalendarArgs) -> dict[str, Any]:
    """The first and last day any flight is scheduled (a search outside them finds nothing),
    and ``args.date`` with its weekday (0 Monday … 6 Sunday) for a reply to name it (not an
    operation of the reference: the flows read it to answer a date outside the schedule)."""
    days = sorted(day for flight in data["flights"].values() for day in flight["dates"])
    try:
        weekday: int | None = date.fromisoformat(args.date).weekday()
    except ValueError:  # the shape of a date, but no such day (2024-02-31)
        weekday = None
    return {
        "first_day": days[0] if days else "",
        "last_day": days[-1] if days else "",
        "date": args.date,
        "weekday": weekday,
    }


def list_all_airports(data: AirlineData, args: ListAllAirportsArgs) -> dict[str, str]:
    """Every airport served, code to city."""
    return dict(AIRPORTS)


def search_direct_flight(data: AirlineData, args: SearchFlightArgs) -> list[Record]:
    """Each flight on exactly this route open for booking that day, with that day's status,
    seats left and fares per cabin."""
    found: list[Record] = []
    for flight in data["flights"].values():
        if flight["origin"] != args.origin or flight["destination"] != args.destination:
            continue
        day = flight["dates"].get(args.date)
        if day is not None and day["status"] == AVAILABLE:
            found.append({**_without_dates(flight), **day})
    return found


def search_onestop_flight(data: AirlineData, args: SearchFlightArgs) -> list[list[Record]]:
    """Pairs of flights open for booking that connect at one airport: the second leg leaves
    the same day, or the next one when the first lands after midnight (``+1``), and not
    before the first lands (times compared as written).

    Two flaws of the reference are kept, so that searches answer as it does: a next-day second
    leg shows the seats and fares of its entry for the first day, and the next day is written
    without zero padding and never leaves the month (``2024-05-9``, ``2024-05-31``), so such
    connections from 1-8 May or on 30 May are never found.
    """
    found: list[list[Record]] = []
    flights = data["flights"].values()
    for first in flights:
        if first["origin"] != args.origin:
            continue
        arrival = first["scheduled_arrival_time_est"]
        next_day = _next_day(args.date) if "+1" in arrival else args.date
        for second in flights:
            if second["destination"] != args.destination:
                continue
            if first["destination"] != second["origin"]:
                continue
            if arrival > second["scheduled_departure_time_est"]:
                continue
            first_day = first["dates"].get(args.date)
            second_day = second["dates"].get(next_day)
            if first_day is None or second_day is None:
                continue
            if first_day["status"] != AVAILABLE or second_day["status"] != AVAILABLE:
                continue
            shown_second_day = second["dates"].get(args.date, second_day)
            found.append(
                [
                    {**_without_dates(first), **first_day, "date": args.date},
                    {**_without_dates(second), **shown_second_day, "date": next_day},
                ]
            )
    return found


READS: dict[str, ReadFn] = {
    "find_user_by_id": find_user_by_id,
    "get_flight_calendar": get_flight_calendar,
    "get_flight_details": get_flight_details,
    "get_user_details": get_user_details,
    "get_reservation_details": get_reservation_details,
    "list_all_airports": list_all_airports,
    "search_direct_flight": search_direct_flight,
    "search_onestop_flight": search_onestop_flight,
}


def _without_dates(flight: Record) -> Record:
    return {key: value for key, value in flight.items() if key != "dates"}


def _next_day(date: str) -> str:
    # The reference's own arithmetic: the day of the month plus one, unpadded, in May.
    return f"{date[:8]}{int(date[-2:]) + 1}"
