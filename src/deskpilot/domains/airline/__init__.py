"""The airline's domain pack: its records, its connector, replay and a demo airline.

``AirlineStore`` holds the airline's records (``users``, ``flights``, ``reservations`` in the
JSON shape of the tau-airline reference) with a durable working copy and an idempotency journal;
``AirlineConnector`` exposes its 11 operations to the action layer; ``generate_airline`` builds a
deterministic demo airline; ``replay`` replays the reference tasks through the guard.
"""

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from deskpilot.domains import DemoHint, DomainPack, Showcase

from ._calculate import CalculationError, calculate
from ._common import AIRPORTS, BOOKING_IDS, CERTIFICATE_IDS, RefusalCode
from ._connector import AirlineConnector
from ._desk import DESK
from ._knowledge import knowledge
from ._models import (
    BookReservationArgs,
    CancelReservationArgs,
    FlightDate,
    GetReservationDetailsArgs,
    GetUserDetailsArgs,
    ListAllAirportsArgs,
    Passenger,
    Payment,
    SearchFlightArgs,
    SendCertificateArgs,
    UpdateReservationBaggagesArgs,
    UpdateReservationFlightsArgs,
    UpdateReservationPassengersArgs,
)
from ._state import (
    TABLES,
    AirlineData,
    AirlineStore,
    Changes,
    Record,
    airline_changes,
    load_airline,
    write_airline,
)
from ._writes import WRITES as _WRITES
from .generate import generate_airline
from .replay import replay_results

# The airline's write operations, by name.
WRITE_ACTIONS: frozenset[str] = frozenset(_WRITES)


def _write_demo(folder: Path) -> None:
    write_airline(folder, generate_airline())


def _demo_hint(data: Mapping[str, Any]) -> DemoHint | None:
    """A reservation still to fly and its owner's user id to ask about, and four routes with
    their lowest economy fare, for the demo page."""
    booked = next((r for r in data["reservations"].values() if r.get("status") is None), None)
    if booked is None:
        return None
    shown = []
    for flight in list(data["flights"].values())[:4]:
        fares = [
            day["prices"]["economy"]
            for day in flight["dates"].values()
            if day.get("status") == "available" and "economy" in day.get("prices", {})
        ]
        origin, destination = flight["origin"], flight["destination"]
        title = f"{AIRPORTS.get(origin, origin)} to {AIRPORTS.get(destination, destination)}"
        text = f"{flight['flight_number']}, daily at {flight['scheduled_departure_time_est'][:5]}"
        shown.append(Showcase(title, text, f"from ${min(fares)}" if fares else "sold out"))
    return DemoHint(
        ask=f"Hi, I'm {booked['user_id']}. What's in my reservation {booked['reservation_id']}?",
        heading="Fly with us",
        showcase=tuple(shown),
    )


def _catalogue(data: Mapping[str, Any]) -> dict[str, Any]:
    """What understanding may index: the airports by code and the flight numbers."""
    return {"airports": dict(AIRPORTS), "flights": sorted(data["flights"])}


# The templates the pack's resolvers say by default (a flow may name others for the payment's
# questions: its slot's ``ask_template``, ``short_template``, ``certificate_template``).
TEMPLATES = (
    "airport_not_served",
    "ask_new_day",
    "ask_payment_method",
    "booking_no_flights",
    "booking_passengers_missing",
    "booking_too_many_passengers",
    "gift_card_short",
    "no_flights_that_day",
    "payment_not_certificate",
    # the agent desk's suggested replies (``_desk.py``)
    "desk_ask_identity",
    "desk_reservation",
)

PACK = DomainPack(
    name="airline",
    store=AirlineStore,
    connector=AirlineConnector,
    load=load_airline,
    write_demo=_write_demo,
    demo_hint=_demo_hint,
    catalogue=_catalogue,
    marker="reservations.json",
    replay=replay_results,
    knowledge=knowledge,
    desk=DESK,
    templates=TEMPLATES,
)

__all__ = [
    "AIRPORTS",
    "BOOKING_IDS",
    "CERTIFICATE_IDS",
    "PACK",
    "TABLES",
    "WRITE_ACTIONS",
    "AirlineConnector",
    "AirlineData",
    "AirlineStore",
    "BookReservationArgs",
    "CalculationError",
    "CancelReservationArgs",
    "Changes",
    "FlightDate",
    "GetReservationDetailsArgs",
    "GetUserDetailsArgs",
    "ListAllAirportsArgs",
    "Passenger",
    "Payment",
    "Record",
    "RefusalCode",
    "SearchFlightArgs",
    "SendCertificateArgs",
    "UpdateReservationBaggagesArgs",
    "UpdateReservationFlightsArgs",
    "UpdateReservationPassengersArgs",
    "airline_changes",
    "calculate",
    "generate_airline",
    "load_airline",
    "write_airline",
]
