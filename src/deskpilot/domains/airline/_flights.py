"""A change of flights: which leg of a reservation moves, and the flight it moves to.

Two slot kinds, read by the airline's domain pack from the customer's words and grounded in
the reservation and the airline's flights:

- ``leg``: the segment that changes — the one whose flight number the customer writes, the
  one of a direction they name ("my return", "the outbound", "the flight to Boston", "from
  Boston"), the one on a day they name when they name two days or answer the question, else
  the only one; otherwise the segments to choose from. Its facts (``leg``) say the segment's
  route, day, time, stored fare, and whether it is one of two segments of a connection.
- ``new_flight``: the flight it moves to — the number the customer writes (other than the
  leg's own on its own day), on the day they name or the leg's day; else the flights open for
  booking on the leg's route on the day they name (``slots.new_date``, or "the same day": the
  leg's, without the leg's own flight, only later or earlier ones when they say so), one
  taken, several listed with their times and fares. Its facts (``new_segment``) say the
  flight's route, times, status, fares and seats that day. Whether it may be taken is the
  flow's checks.

They read the flow's slots by name: ``reservation_id``, ``leg`` and ``new_date``
(``examples/airline/flows/change_flights.yaml``).
"""

from __future__ import annotations

import re
from typing import Any

from deskpilot.domain import Ground
from deskpilot.flows import Resolution, SlotContext

from ._common import RESERVATION
from ._places import places_in

LEG = "leg"
NEW_FLIGHT = "new_flight"
ONE_FLIGHT = "one_flight"
FLIGHT_NUMBER = "flight_number"
_NUMBER = re.compile(r"\bHAT\d{3}\b", re.I)
_RETURN = re.compile(r"\b(?:return|back|coming home|way home|inbound|second leg)\b", re.I)
_OUTBOUND = re.compile(r"\b(?:outbound|outgoing|departing flight|way there|first leg)\b", re.I)
_TOWARD = re.compile(r"\b(?:to|into|for)\s+$", re.I)
_FROM = re.compile(r"\b(?:from|out of|leaving)\s+$", re.I)
# The leg's own day, said without a date ("a later flight the same day").
_SAME_DAY = re.compile(r"\b(?:same|that)\s+(?:day|date)\b", re.I)
# Which of that day's flights the customer wants: one leaving after, or before, the leg's.
_LATER = re.compile(r"\blater\b", re.I)
_EARLIER = re.compile(r"\b(?:earlier|sooner)\b", re.I)


def _reservation(ctx: SlotContext) -> dict[str, Any] | None:
    rid = ctx.slots.get("reservation_id")
    return ctx.record(RESERVATION, str(rid)) if rid else None


def _flight_day(ctx: SlotContext, number: str, date: str) -> dict[str, Any] | None:
    """Flight ``number`` on ``date`` as the airline has it: route, times, that day's status,
    fares and seats per cabin; None when there is no such flight."""
    flight = ctx.record("flight", number)
    if flight is None:
        return None
    day = flight.get("dates", {}).get(date, {})
    departs = str(flight.get("scheduled_departure_time_est", "00:00:00"))
    return {
        "flight_number": str(flight.get("flight_number", number)),
        "date": date,
        "origin": flight.get("origin"),
        "destination": flight.get("destination"),
        "departs": f"{date}T{departs}",
        "departure_time": departs,
        "arrival_time": str(flight.get("scheduled_arrival_time_est", "")),
        "status": day.get("status", "not scheduled"),
        "prices": dict(day.get("prices", {})),
        "seats": dict(day.get("available_seats", {})),
    }


def _legs(ctx: SlotContext, reservation: dict[str, Any]) -> list[dict[str, Any]]:
    """Each segment with its route, times, stored fare, direction and whether it is one of
    several segments flown in that direction (a connection)."""
    legs = []
    outbound = True
    for index, seg in enumerate(reservation.get("flights", [])):
        number, date = str(seg.get("flight_number", "")), str(seg.get("date", ""))
        day = _flight_day(ctx, number, date) or {}
        leg = {**day, **seg, "index": index, "direction": "outbound" if outbound else "return"}
        legs.append(leg)
        if seg.get("destination") == reservation.get("destination"):
            outbound = False
    for leg in legs:
        leg["connecting"] = sum(1 for x in legs if x["direction"] == leg["direction"]) > 1
    return legs


def _label(leg: dict[str, Any]) -> str:
    time = str(leg.get("departure_time", ""))[:5]
    return (
        f"{leg['flight_number']} from {leg.get('origin')} to {leg.get('destination')} "
        f"on {leg['date']} at {time}"
    )


def _dates_said(ctx: SlotContext) -> list[str]:
    return [str(e.value) for e in ctx.understanding.entities if e.type == "date" and e.value]


def _by_place(text: str, legs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The legs flying to (or from) an airport named with "to" (or "from") before it."""
    found = []
    for code, words in places_in(text).items():
        before = text[: text.find(words)]
        if _TOWARD.search(before):
            found += [leg for leg in legs if leg.get("destination") == code]
        elif _FROM.search(before):
            found += [leg for leg in legs if leg.get("origin") == code]
    return found


def _picked(ctx: SlotContext, legs: list[dict[str, Any]]) -> tuple[list[dict[str, Any]], str]:
    """The legs the words point at, with the words, most precise reading first."""
    text = ctx.text
    numbers = {m.group().upper(): m.group() for m in _NUMBER.finditer(text)}
    named = [leg for leg in legs if leg["flight_number"] in numbers]
    if named:
        return named, numbers[named[0]["flight_number"]]
    answering = ctx.answering("leg")
    dates = _dates_said(ctx)
    if len(dates) >= 2 or answering:
        on_day = [leg for leg in legs if leg["date"] in dates]
        if on_day:
            return on_day, on_day[0]["date"]
    for pattern, direction in ((_RETURN, "return"), (_OUTBOUND, "outbound")):
        m = pattern.search(text)
        if m is not None:
            return [leg for leg in legs if leg["direction"] == direction], m.group()
    return _by_place(text, legs), ""


def resolve_leg(ctx: SlotContext) -> Resolution | None:
    """The segment that changes: named by flight number, day or direction, else the only one;
    otherwise the segments to choose from."""
    reservation = _reservation(ctx)
    if reservation is None:
        return None
    legs = _legs(ctx, reservation)
    if not legs:
        return None
    picked, words = _picked(ctx, legs)
    rid = str(reservation["reservation_id"])
    chosen = picked[0] if len(picked) == 1 else legs[0] if len(legs) == 1 else None
    if chosen is None:
        return Resolution(choices=tuple(_label(leg) for leg in picked or legs))
    grounds = [Ground.record(RESERVATION, rid)]
    if words and len(picked) == 1:
        grounds.insert(0, Ground.said(words))
    return Resolution(value=_label(chosen), facts={LEG: chosen}, grounds=tuple(grounds))


def _offered(flight: dict[str, Any], cabin: str) -> str:
    fare = flight["prices"].get(cabin)
    price = f"${fare} in {cabin.replace('_', ' ')}" if fare is not None else "no fare"
    return (
        f"{flight['flight_number']} leaving {flight['departure_time'][:5]}, arriving "
        f"{flight['arrival_time'][:5]}, {price}, {flight['seats'].get(cabin, 0)} seats left"
    )


def resolve_new_flight(ctx: SlotContext) -> Resolution | None:
    """The flight the leg moves to: the number the customer writes, else the one flight open
    on the leg's route on the day they name; several are asked about with times and fares,
    none is said (``no_flights_that_day``); with neither a number nor a day, the day is asked
    (``ask_new_day``). Flights without a seat in the reservation's cabin for every passenger
    are left out of the list."""
    reservation = _reservation(ctx)
    if reservation is None:
        return None
    chosen = next((g for g in _legs(ctx, reservation) if _label(g) == ctx.slots.get(LEG)), None)
    if chosen is None:
        return None
    day = ctx.slots.get("new_date")
    same = _SAME_DAY.search(ctx.text)
    date = str(day) if day else chosen["date"]
    cabin = str(reservation.get("cabin", ""))
    answering = ctx.answering(NEW_FLIGHT)
    for m in _NUMBER.finditer(ctx.text):
        number = m.group().upper()
        if number == chosen["flight_number"] and (date == chosen["date"] or not answering):
            # The leg's own number says which leg moves ("move HAT208 to May 21"); it names
            # the new flight only as the answer to which flight that day.
            continue
        flight = _flight_day(ctx, number, date)
        if flight is None:
            continue
        grounds = [Ground.said(m.group()), Ground.record("flight", number)]
        return Resolution(
            value=_offered(flight, cabin), facts={"new_segment": flight}, grounds=tuple(grounds)
        )
    if not day and not same:
        # Neither a flight nor a day said yet: the day is asked (its own question, so that
        # the list of that day's flights that follows is not taken for the same one again).
        return Resolution(problem="ask_new_day")
    # The airline's search on the leg's route that day (the flow's lookup ``direct``).
    listed = ctx.known.get("direct") or []
    found = [
        flight
        for flight in (_flight_day(ctx, str(f.get("flight_number")), date) for f in listed)
        if flight is not None
        and flight["origin"] == chosen["origin"]
        and flight["destination"] == chosen["destination"]
        and flight["status"] == "available"
        # as the airline's search shows them: only what can be booked for every passenger
        and cabin in flight["prices"]
        and flight["seats"].get(cabin, 0) >= len(reservation.get("passengers", []))
    ]
    which = ""
    if date == chosen["date"]:
        # Its own day: another flight than the leg's, later or earlier when that is asked.
        found = [f for f in found if f["flight_number"] != chosen["flight_number"]]
        later, earlier = _LATER.search(ctx.text), _EARLIER.search(ctx.text)
        which = (
            "later" if later and not earlier else "earlier" if earlier and not later else "other"
        )
        if which == "later":
            found = [f for f in found if f["departure_time"] > chosen["departure_time"]]
        elif which == "earlier":
            found = [f for f in found if f["departure_time"] < chosen["departure_time"]]
    return _among(found, ctx, cabin, date, which)


def _among(
    found: list[dict[str, Any]], ctx: SlotContext, cabin: str, date: str, which: str = ""
) -> Resolution | None:
    if not found:
        facts = {"searched_day": date, "searched_cabin": cabin.replace("_", " ")}
        facts["searched_which"] = which  # "later", "earlier", "other" on the leg's own day
        return Resolution(problem="no_flights_that_day", facts=facts)
    if len(found) > 1:
        return Resolution(choices=tuple(_offered(f, cabin) for f in found))
    flight = found[0]
    grounds = [Ground.record("flight", flight["flight_number"])]
    grounds += list(ctx.dialogue.grounds.get("new_date", ()))
    return Resolution(
        value=_offered(flight, cabin), facts={"new_segment": flight}, grounds=tuple(grounds)
    )


# Words that ask for one flight of a trip only ("just the first flight", "only my return leg",
# "one of the flights").
_ONE_ONLY = re.compile(
    r"\b(?:just|only)\b(?:\s+[\w']+){0,3}?\s+(?:flight|leg|segment|way)\b"
    r"|\bone\s+of\s+(?:the\s+|my\s+)?(?:flights|legs|segments)\b",
    re.I,
)


def resolve_one_flight(ctx: SlotContext) -> Resolution | None:
    """Whether the customer asks for one flight of a reservation with several: the words that
    say so ("just the first flight", the numbers of some of its flights), else None. (A place
    or a direction names the trip as often as one flight of it: "my trip to Boston".) Cabin
    changes use it: a cabin changes for every flight at once."""
    reservation = _reservation(ctx)
    if reservation is None:
        return None
    legs = _legs(ctx, reservation)
    if len(legs) < 2:
        return None
    numbers = {m.group().upper(): m.group() for m in _NUMBER.finditer(ctx.text)}
    named = [leg for leg in legs if leg["flight_number"] in numbers]
    if 0 < len(named) < len(legs):
        said = numbers[named[0]["flight_number"]]
        return Resolution(value=said, grounds=(Ground.said(said),))
    m = _ONE_ONLY.search(ctx.text)
    if m is not None:
        return Resolution(value=m.group(), grounds=(Ground.said(m.group()),))
    return None


def resolve_flight_number(ctx: SlotContext) -> Resolution | None:
    """A flight the airline flies, by the number the customer writes ("HAT002", "hat 2" is
    not one): one number, else None; two are asked about."""
    said = {m.group().upper(): m.group() for m in _NUMBER.finditer(ctx.text)}
    known = [n for n in said if ctx.record("flight", n) is not None]
    if len(known) == 1:
        return Resolution(
            value=known[0], grounds=(Ground.said(said[known[0]]), Ground.record("flight", known[0]))
        )
    if known:
        return Resolution(choices=tuple(known))
    return None
