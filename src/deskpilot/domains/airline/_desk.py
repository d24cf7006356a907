"""What the agent console shows of an airline's customer: their reservations, newest first,
each with its route, flights and passengers, and their membership.

No action is suggested: whether a reservation may be cancelled or changed depends on the
business clock and the flights' status that day (the cancellation flow's checks), which a
reservation alone does not tell. The agent still runs any action from the page, through the
guard."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from deskpilot.domain import Desk, DeskChoice, DeskFact, DeskRead, DeskRecord

from .._desk import first_name, full_name, payment_choices, person_facts
from ._common import CANCELLED, RESERVATION


def _words(value: Any) -> str:
    return str(value or "").replace("_", " ")


def _segment(flight: Mapping[str, Any]) -> str:
    route = f"{flight.get('origin')} → {flight.get('destination')}"
    return f"{flight.get('flight_number')} {route} on {flight.get('date')}"


def _passengers(reservation: Mapping[str, Any]) -> str:
    names = [
        f"{p.get('first_name', '')} {p.get('last_name', '')}".strip()
        for p in reservation.get("passengers", [])
    ]
    return f"Passengers: {', '.join(names)}" if names else ""


def show_reservation(reservation: Mapping[str, Any]) -> DeskRecord:
    """A reservation as the case page lists it, and what a reply says of it."""
    reservation_id = str(reservation.get("reservation_id"))
    origin, destination = reservation.get("origin"), reservation.get("destination")
    trip = f"{_words(reservation.get('flight_type'))}, {_words(reservation.get('cabin'))}"
    status = CANCELLED if reservation.get("status") == CANCELLED else "booked"
    flights = list(reservation.get("flights", []))
    lines = [f"{origin} → {destination}, {trip}", *(_segment(f) for f in flights)]
    passengers = _passengers(reservation)
    if passengers:
        lines.append(passengers)
    facts = {
        "reservation_id": reservation_id,
        "origin": origin,
        "destination": destination,
        "trip": trip,
        "status": status,
        "cancelled": status == CANCELLED,
        "first_flight": flights[0] if flights else None,
    }
    bags = reservation.get("total_baggages", 0)
    note = f"Bags: {bags} ({reservation.get('nonfree_baggages', 0)} paid); insurance: "
    note += _words(reservation.get("insurance")) or "no"
    said = ("desk_reservation", facts)
    return DeskRecord(key=reservation_id, status=status, lines=tuple(lines), note=note, said=said)


def customer_facts(profile: Mapping[str, Any]) -> Sequence[DeskFact]:
    """Name, email, address, payment methods and membership."""
    facts = person_facts(profile)
    if profile.get("membership"):
        facts.append(DeskFact("Membership", text=_words(profile["membership"])))
    return facts


def reservation_choices(
    profile: Mapping[str, Any], reservations: Sequence[Mapping[str, Any]]
) -> dict[str, list[DeskChoice]]:
    """The customer's reservations and payment methods, as an action form offers them."""
    return {
        "reservation_id": [
            DeskChoice(str(r.get("reservation_id")), show_reservation(r).label)
            for r in reservations
        ],
        "payment_id": payment_choices(profile),
    }


DESK = Desk(
    title="Reservations",
    profile=DeskRead("get_user_details", "user_id"),
    listed_in="reservations",
    record=DeskRead("get_reservation_details", "reservation_id"),
    focus="reservation_id",
    show=show_reservation,
    facts=customer_facts,
    first_name=first_name,
    full_name=full_name,
    remembers=RESERVATION,
    choices=reservation_choices,
)
