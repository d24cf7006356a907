"""What the flow engine knows of the airline: the ``reservation`` slot kind, its resolver and
role, the ``airport`` kind (``_places``), and the records they read.

The resolver grounds "my booking 4WQ150", "my trip to Boston" or "my booking" (the one the
customer has) in the customer's own reservations, read through the guard. How a reservation id
is written is the workspace's vocabulary (``records.reservation_id``); the places are the
airline's airports, by code and city. It never guesses: two reservations that fit are asked
about by name. The reservation's facts for the replies and the flows' rules (each segment's
departure and its status that day) come with it; the rules themselves are the workspace's.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import partial
from typing import Any

from deskpilot.domain import Ground
from deskpilot.flows import (
    CountResolver,
    DomainKnowledge,
    RecordRead,
    Resolution,
    SlotContext,
    SlotKind,
)
from deskpilot.nlu.entities import RecordIdFinder, date_forms, record_finders
from deskpilot.workspace import Workspace

from ._booking import (
    CHECKED_BAGS,
    DEPARTURE_DATE,
    INSURANCE,
    OUTBOUND_FLIGHT,
    RETURN_DATE,
    RETURN_FLIGHT,
    TRAVELLERS,
    checked_bags_resolver,
    free_bags,
    resolve_departure_date,
    resolve_insurance,
    resolve_outbound_flight,
    resolve_return_date,
    resolve_return_flight,
    resolve_travellers,
)
from ._cabin import CABIN, resolve_cabin
from ._common import CANCELLED, RESERVATION
from ._flights import (
    FLIGHT_NUMBER,
    LEG,
    NEW_FLIGHT,
    ONE_FLIGHT,
    resolve_flight_number,
    resolve_leg,
    resolve_new_flight,
    resolve_one_flight,
)
from ._passengers import (
    NEW_NAME,
    PASSENGER,
    PASSENGERS,
    resolve_new_name,
    resolve_passenger,
    resolve_passengers,
)
from ._payment import resolve_payment_method
from ._places import AIRPORT, places_in, resolve_airport

PAYMENT_METHOD = "payment_method"
# The workspace's kind that counts bags (slots.yaml): a booking's checked bags are read with it.
BAG_COUNT = "bag_count"

# The entity type of a reservation id in the workspace's vocabulary (``records:``).
RESERVATION_ID = "reservation_id"
_MAX_READ = 12  # reservations read to find one by place; more are asked about by id


def _ids_in(text: str, finders: Sequence[RecordIdFinder]) -> list[tuple[str, str]]:
    """The reservation ids written in ``text``: (id as the records write it, words written)."""
    found: list[tuple[str, str]] = []
    for finder in finders:
        for hit in finder(text):
            pair = (str(hit.value), text[hit.start : hit.end])
            if pair[0] not in [f[0] for f in found]:
                found.append(pair)
    return found


def _label(reservation: dict[str, Any]) -> str:
    """A reservation as a question names it: id, route and first day of travel."""
    origin, destination = reservation.get("origin", ""), reservation.get("destination", "")
    days = sorted(f.get("date", "") for f in reservation.get("flights", []))
    trip = "round trip" if reservation.get("flight_type") == "round_trip" else "one way"
    when = f", from {days[0]}" if days else ""
    return f"{reservation['reservation_id']} ({origin} to {destination}, {trip}{when})"


def _mine(ctx: SlotContext) -> list[dict[str, Any]]:
    """The customer's reservations, read as theirs, those cancelled left out when the slot
    asks for ``live`` ones."""
    ids = list((ctx.user or {}).get("reservations", []))[:_MAX_READ]
    found = [r for r in (ctx.record(RESERVATION, rid) for rid in ids) if r is not None]
    if ctx.options.get("live"):
        found = [r for r in found if r.get("status") != CANCELLED]
    return found


def reservation_choices(ctx: SlotContext) -> tuple[str, ...]:
    """The customer's reservations the slot accepts, labelled for a question."""
    return tuple(_label(r) for r in _mine(ctx))


def segments_of(ctx: SlotContext, reservation: dict[str, Any]) -> list[dict[str, Any]]:
    """Each segment of ``reservation`` with its scheduled departure and arrival (local times,
    as the airline writes them), the flight's status that day and, while it can be booked,
    its fare and seats left in each cabin that day (``prices``, ``seats``)."""
    segments = []
    for leg in reservation.get("flights", []):
        flight = ctx.record("flight", str(leg.get("flight_number", ""))) or {}
        day = flight.get("dates", {}).get(leg.get("date"), {})
        departs = str(flight.get("scheduled_departure_time_est", "00:00:00"))
        arrives = str(flight.get("scheduled_arrival_time_est", ""))
        segments.append(
            {
                **leg,
                "departs": f"{leg.get('date')}T{departs}",
                "departure_time": departs,
                "arrival_time": arrives,
                "status": day.get("status", "unknown"),
                "prices": dict(day.get("prices", {})),
                "seats": dict(day.get("available_seats", {})),
            }
        )
    return segments


def fares_of(reservation: dict[str, Any], segments: list[dict[str, Any]]) -> dict[str, Any]:
    """The sums a change of cabin is priced with, per passenger (CEL cannot add up a list):
    ``fare_paid``, the segments' stored fares; ``fares``, today's fare of every segment in
    each cabin that has one on all of them."""
    paid = sum(leg.get("price", 0) for leg in reservation.get("flights", []))
    cabins = set.intersection(*(set(s["prices"]) for s in segments)) if segments else set()
    fares = {cabin: sum(s["prices"][cabin] for s in segments) for cabin in sorted(cabins)}
    return {"fare_paid": paid, "fares": fares}


def _by_flight(text: str, mine: list[dict[str, Any]]) -> list[tuple[dict[str, Any], str]]:
    """The customer's reservations one of whose flights ``text`` names by its number ("my
    flight HAT236 got cancelled"), each with the words written."""
    found = []
    for reservation in mine:
        for leg in reservation.get("flights", []):
            number = str(leg.get("flight_number", ""))
            m = re.search(rf"\b{re.escape(number)}\b", text, re.I) if number else None
            if m is not None:
                found.append((reservation, m.group()))
                break
    return found


def _found(ctx: SlotContext, rid: str, said: str | None) -> Resolution:
    record = ctx.record(RESERVATION, rid)
    grounds = [Ground.said(said)] if said else []
    facts: dict[str, Any] = {"reservation_id": rid}
    if record is not None:
        grounds.append(Ground.record(RESERVATION, rid))
        facts["segments"] = segments_of(ctx, record)
        facts["route"] = _label(record)
        facts.update(fares_of(record, facts["segments"]))
        facts["free_bags"] = free_bags(ctx.user)
    return Resolution(value=rid, facts=facts, grounds=tuple(grounds))


def resolve_reservation(ctx: SlotContext, *, finders: Sequence[RecordIdFinder]) -> Resolution:
    """The reservation the customer means: the id they wrote (anyone's: the guard tells them
    it is not theirs), else theirs holding a flight whose number they wrote, else theirs that
    flies from or to the places they name, else the one just talked about, else their only
    one; otherwise the choices to ask about."""
    named = _ids_in(ctx.text, finders)
    if len(named) == 1:
        return _found(ctx, *named[0])
    if len(named) > 1:
        return Resolution(choices=tuple(rid for rid, _ in named))
    mine = _mine(ctx)
    flown = _by_flight(ctx.text, mine)
    if len(flown) == 1:
        return _found(ctx, str(flown[0][0]["reservation_id"]), flown[0][1])
    if flown:
        return Resolution(choices=tuple(_label(r) for r, _ in flown))
    places = places_in(ctx.text)
    if places:
        fit = [r for r in mine if set(places) <= {r.get("origin"), r.get("destination")}]
        if len(fit) == 1:
            return _found(ctx, str(fit[0]["reservation_id"]), next(iter(places.values())))
        if fit:
            return Resolution(choices=tuple(_label(r) for r in fit))
    last = ctx.dialogue.memory.get(RESERVATION)
    if last and any(r["reservation_id"] == last for r in mine):
        return _found(ctx, str(last), None)  # the reservation just talked about
    if len(mine) == 1 and ctx.options.get("only_one", True):
        return _found(ctx, str(mine[0]["reservation_id"]), None)
    return Resolution(choices=tuple(_label(r) for r in mine))


def knowledge(workspace: Workspace) -> DomainKnowledge:
    """The airline's ``DomainKnowledge``: the ``reservation`` kind, read with the workspace's
    way of writing reservation ids, the ``airport`` kind (an end of a trip) and the
    ``payment_method`` that pays a change, the ``cabin`` a reservation moves to, and the
    ``leg`` of a reservation that moves to a ``new_flight``."""
    records = {k: v for k, v in workspace.vocabulary.records.items() if k == RESERVATION_ID}
    finders = record_finders(records)
    dates = date_forms(workspace.vocabulary.dates)
    bags = workspace.slots.kinds.get(BAG_COUNT)
    count = CountResolver(
        bags.units if bags else (),
        workspace.vocabulary.scales.numbers,
        bags.totals if bags else (),
        bags.unclear if bags else (),
    )
    return DomainKnowledge(
        resolvers={
            RESERVATION: partial(resolve_reservation, finders=finders),
            PASSENGER: resolve_passenger,
            NEW_NAME: resolve_new_name,
            PASSENGERS: resolve_passengers,
            AIRPORT: resolve_airport,
            PAYMENT_METHOD: resolve_payment_method,
            CABIN: resolve_cabin,
            LEG: resolve_leg,
            ONE_FLIGHT: resolve_one_flight,
            FLIGHT_NUMBER: resolve_flight_number,
            NEW_FLIGHT: resolve_new_flight,
            DEPARTURE_DATE: partial(resolve_departure_date, dates=dates),
            RETURN_DATE: partial(resolve_return_date, dates=dates),
            TRAVELLERS: resolve_travellers,
            OUTBOUND_FLIGHT: resolve_outbound_flight,
            RETURN_FLIGHT: resolve_return_flight,
            INSURANCE: resolve_insurance,
            CHECKED_BAGS: checked_bags_resolver(count),
        },
        kinds={
            RESERVATION: SlotKind(
                subject=True,
                # A reason is given, and a passenger chosen, for one reservation.
                dependents=("cancel_reason", PASSENGER, PASSENGERS, LEG, NEW_FLIGHT),
                remember=RESERVATION,  # "cancel it" after its details
                choices=reservation_choices,
            ),
            PASSENGER: SlotKind(dependents=(PASSENGERS,)),
            LEG: SlotKind(dependents=(NEW_FLIGHT,)),
            # A booking's flight holds only for the day, the cabin and the passengers it was
            # chosen for.
            DEPARTURE_DATE: SlotKind(dependents=(OUTBOUND_FLIGHT,)),
            RETURN_DATE: SlotKind(dependents=(RETURN_FLIGHT,)),
            TRAVELLERS: SlotKind(dependents=(OUTBOUND_FLIGHT, RETURN_FLIGHT)),
            CABIN: SlotKind(dependents=(OUTBOUND_FLIGHT, RETURN_FLIGHT)),
        },
        records={
            RESERVATION: RecordRead(action="get_reservation_details", arg="reservation_id"),
            "flight": RecordRead(action="get_flight_details", arg="flight_number"),
            "user": RecordRead(action="get_user_details", arg="user_id"),
        },
    )
