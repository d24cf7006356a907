"""A new booking, read from the customer's words and grounded in their profile and the
airline's flights (``examples/airline/flows/book.yaml``).

Slot kinds:

- ``departure_date`` and ``return_date``: the days of the trip. Two days said together are
  the way out (the earlier) and the way back (the later); one day alone is the way out,
  unless it answers the question about the way back or is said with "back"/"return". A date
  of birth (a date said after "born", "dob", or a year earlier than the trip's) is never a
  day of the trip.
- ``travellers``: who flies, 1 to 5 passengers, each with a first name, a last name and a
  date of birth: "just me" (the customer, as their profile has them), a saved passenger of the
  profile named by name, or a new one written as "First Last, born <date>". More than five is
  refused with the rule; someone spoken of ("my wife", "me and Amelia") but not found, or
  fewer names than a number said, is asked about.
- ``outbound_flight`` and ``return_flight``: the direct flight the customer picks among those
  the airline's search found that day (the flow's lookups ``outbound_search`` and
  ``return_search``) with a seat in the chosen cabin for every passenger, or, when there is
  none, a connection with one stop (``outbound_onestop``, ``return_onestop``); the value is
  the flight numbers, the facts (``outbound``, ``inbound``) its segments, times and fare.
- ``insurance``: "yes" or "no", only as the customer says it ("with insurance", "no
  insurance", or a bare yes or no to the question about it).
- ``checked_bags``: how many checked bags in all: "no bags" is 0, "one bag each" one for every
  passenger, otherwise the workspace's ``bag_count`` kind reads the number.

Nothing is chosen for the customer: what is not said is asked.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from typing import Any

from deskpilot.domain import Entity, Ground
from deskpilot.flows import Resolution, Resolver, SlotContext
from deskpilot.nlu.entities import DateForms, find_dates, to_come

from ._common import AVAILABLE
from ._places import airport_label, mentions

DEPARTURE_DATE = "departure_date"
RETURN_DATE = "return_date"
TRAVELLERS = "travellers"
OUTBOUND_FLIGHT = "outbound_flight"
RETURN_FLIGHT = "return_flight"
INSURANCE = "insurance"
CHECKED_BAGS = "checked_bags"
# Connections offered at most, earliest first, when no direct flight can be booked.
_MAX_CONNECTIONS = 6
# The airline's rule: at most five passengers on one reservation.
MAX_PASSENGERS = 5
# Free checked bags per passenger by membership and cabin (the airline's rules); the flows
# read them as facts (``free_bags``), never as a copy of their own.
FREE_BAGS: dict[str, dict[str, int]] = {
    "regular": {"basic_economy": 0, "economy": 1, "business": 2},
    "silver": {"basic_economy": 1, "economy": 2, "business": 3},
    "gold": {"basic_economy": 2, "economy": 3, "business": 3},
}

_BIRTH = re.compile(
    r"\b(?:born|dob|d\.o\.b\.?|date of birth|birth ?date|birthday)\W*(?:on|is)?\W*$", re.I
)
_BACK = re.compile(
    r"\b(?:back|return(?:ing)?|coming home|fly home|way home|come back)\b[\w\s,]{0,20}$", re.I
)
_NUMBER = re.compile(r"\bHAT\d{3}\b", re.I)
# The customer flies: said so outright ("just me"), or "me and …" / "… and me" after "for"
# ("for me and my wife") or in answer to the question about who flies ("help me and my wife
# book" asks for help, it does not say who flies).
_ME = re.compile(
    r"\b(?:just|only)\s+(?:me|myself)\b|\bmyself\b|\bme alone\b|\bjust for me\b|\bonly for me\b"
    r"|\bI'?m the only\b|\bme\s*(?:only|alone)\b|\bfor me and\b|\bfor \w+ and me\b",
    re.I,
)
_ME_ANSWER = re.compile(r"^\W*me\b|\bme and\b|\band me\b|\bme too\b|\bme,", re.I)
_NAME = re.compile(r"\b([A-Z][a-z'-]+)\s+([A-Z][a-z'-]+(?:-[A-Z][a-z'-]+)?)\W{0,3}$")
_COUNT_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10,
}  # fmt: skip
_PEOPLE = re.compile(
    r"\b(\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten)\s+"
    r"(?:people|persons|passengers|travell?ers|adults|of us|tickets|seats)\b",
    re.I,
)
# Someone the customer flies with, spoken of by who they are to them.
_RELATION = re.compile(
    r"\b(?:my|our|the)\s+(?:wife|husband|partner|spouse|son|sons|daughter|daughters|mother|mom|"
    r"mum|father|dad|parents?|friend|friends|kids?|children|child|baby|sister|brother|colleague|"
    r"coworker|boss|family|girlfriend|boyfriend|fianc[ée]e?|grandmother|grandfather|grandma|"
    r"grandpa|aunt|uncle|cousin|niece|nephew)\b",
    re.I,
)
# Someone named after "and" or "with" ("me and Amelia"), and "me and …" / "… and me".
_WITH_SOMEONE = re.compile(r"\b(?:and|with|plus)\s+([A-Z][a-z'-]+)\b")
_ME_AND = re.compile(r"\bme\s+(?:and|with|plus)\b|\b(?:and|with)\s+me\b", re.I)
# A number of bags for each passenger ("one bag each", "2 suitcases per person").
_EACH = re.compile(
    r"\b(\d|an?|one|two|three|four|five)\s+(?:checked\s+)?(?:bags?|suitcases?|pieces? of luggage)"
    r"\s+(?:each|apiece|per person|per passenger|for each (?:of us|passenger|person))\b",
    re.I,
)
_NO_BAGS = re.compile(
    r"\bno\s+(?:checked\s+)?(?:bags?|luggage|suitcases?)\b|\bzero\b|\bnone\b"
    r"|\bwithout\s+(?:any\s+)?(?:checked\s+)?(?:bags?|luggage)\b"
    r"|\b(?:just|only)\s+(?:a\s+)?carry[- ]?ons?\b|\bdon'?t need (?:any )?(?:checked )?bags?\b",
    re.I,
)
_WITH_INSURANCE = re.compile(
    r"\b(?:with|add|want|take|include|get|buy|yes[^.?!]{0,20})\s+(?:the\s+|travel\s+)*insurance\b",
    re.I,
)
_NO_INSURANCE = re.compile(
    r"\b(?:no|without|skip|decline|don'?t (?:want|need)|do not (?:want|need)|not)\s+"
    r"(?:the\s+|any\s+|travel\s+)*insurance\b",
    re.I,
)
_YES = re.compile(r"^\W*(?:yes|yeah|yep|sure|ok|okay|please do|i'?d like (?:it|that))\b", re.I)
_NO = re.compile(r"^\W*(?:no|nope|nah|no thanks|no thank you|i'?ll pass)\b", re.I)


def _full(p: Mapping[str, Any]) -> str:
    return f"{p.get('first_name', '')} {p.get('last_name', '')}".strip()


def free_bags(user: Mapping[str, Any] | None) -> dict[str, int]:
    """Free checked bags per passenger in each cabin for the customer's membership."""
    return dict(FREE_BAGS.get(str((user or {}).get("membership", "")), {}))


# -- the days of the trip ----------------------------------------------------------------------
def _is_birth(text: str, entity: Entity) -> bool:
    return _BIRTH.search(text[: entity.start]) is not None


def _said_dates(ctx: SlotContext, dates: DateForms) -> tuple[str, list[Entity]]:
    """The dates of the words the slot reads, with the text their positions are in: the
    message's own, or, for words of earlier messages (read again while an earlier question
    was asked first), found again in the workspace's words (``dates``) against the business
    clock (the slot's ``when:`` gives it as ``clock``)."""
    text = ctx.understanding.text
    said = [e for e in ctx.understanding.entities_of("date") if e.text and e.value]
    said = [e for e in said if e.text in ctx.text]
    clock = ctx.known.get("clock")
    if said or ctx.text == text or not isinstance(clock, Mapping) or not clock.get("date"):
        return text, said
    today = dt.date.fromisoformat(str(clock["date"]))
    found = [
        Entity("date", m.iso, ctx.text[m.start : m.end], m.start, m.end)
        for m in find_dates(ctx.text, today, forms=dates)
    ]
    return ctx.text, found


def _trip_days(ctx: SlotContext, dates: DateForms) -> tuple[str, list[tuple[str, Entity]]]:
    """The days of travel said, in order: (ISO date, its words), with the text their
    positions are in; dates of birth left out."""
    text, said = _said_dates(ctx, dates)
    said = [e for e in said if not _is_birth(text, e)]
    days = [(to_come(e.text, str(e.value), dates), e) for e in said]
    latest = max((d[:4] for d, _ in days), default="")
    known = [str(ctx.slots[s])[:4] for s in ("date", "return_date") if ctx.slots.get(s)]
    year = max([latest, *known])
    return text, [(d, e) for d, e in days if d[:4] >= year]


def _day(ctx: SlotContext, back: bool, dates: DateForms) -> Resolution | None:
    if ctx.answering(TRAVELLERS) or ctx.answering("passengers"):
        return None  # an answer about who flies holds birth dates, not days of travel
    text, days = _trip_days(ctx, dates)
    distinct = sorted({d for d, _ in days})
    if len(distinct) == 2:
        # The day said as the way back ("coming back May 20") is the way back, even before
        # the other (the flow then says so); otherwise the later one.
        cued = {d for d, e in days if _BACK.search(text[: e.start]) is not None}
        back_day = next(iter(cued)) if len(cued) == 1 else distinct[1]
        out_day = distinct[0] if back_day == distinct[1] else distinct[1]
        day = back_day if back else out_day
    elif len(distinct) == 1:
        entity = days[0][1]
        said_back = _BACK.search(text[: entity.start]) is not None
        answering_back = ctx.answering(RETURN_DATE) or ctx.answering(RETURN_FLIGHT)
        answering_out = ctx.answering("date") or ctx.answering(OUTBOUND_FLIGHT)
        is_back = said_back or (answering_back and not answering_out)
        if is_back != back:
            return None
        day = distinct[0]
    else:
        return None
    words = tuple(Ground.said(e.text) for d, e in days if d == day)
    return Resolution(value=day, grounds=words)


def resolve_departure_date(ctx: SlotContext, *, dates: DateForms) -> Resolution | None:
    """The day the trip leaves: the earlier of two days said, or the one day said (not as
    the way back); a weekday alone, and words of earlier messages, read in ``dates``."""
    return _day(ctx, back=False, dates=dates)


def resolve_return_date(ctx: SlotContext, *, dates: DateForms) -> Resolution | None:
    """The day the trip comes back: the later of two days said, or the one day said as the
    way back or in answer to the question about it."""
    return _day(ctx, back=True, dates=dates)


# -- who flies -------------------------------------------------------------------------------
def _count_said(text: str) -> int | None:
    m = _PEOPLE.search(text)
    if m is None:
        return None
    word = m.group(1).lower()
    return int(word) if word.isdigit() else _COUNT_WORDS[word]


def _is_dob(ctx: SlotContext, entity: Entity) -> bool:
    """Whether a date said is a date of birth: said after "born" or "date of birth", or
    written with a year before the trip's."""
    if _is_birth(ctx.understanding.text, entity):
        return True
    trip = str(ctx.slots.get("date") or "")
    return (
        bool(trip)
        and re.search(r"\b\d{4}\b", entity.text) is not None
        and (str(entity.value)[:4] < trip[:4])
    )


def _new_people(ctx: SlotContext) -> tuple[list[dict[str, str]], list[str], list[int]]:
    """Passengers written out with a date of birth ("Ana Lee, born 1990-04-12"), the words
    that say them, and where each name ends."""
    text = ctx.understanding.text
    places = [(m.start, m.end) for m in mentions(text)]
    found: list[dict[str, str]] = []
    words: list[str] = []
    ends: list[int] = []
    for e in ctx.understanding.entities_of("date"):
        if not e.text or not e.value or e.text not in ctx.text or not _is_dob(ctx, e):
            continue
        head = _BIRTH.sub("", text[: e.start]).rstrip(" ,:;(-")
        head = re.sub(r"\b(?:who was|who is|she was|he was|and)\s*$", "", head).rstrip(" ,:;(-")
        m = _NAME.search(head + " ")
        if m is None or any(s < m.end(2) and m.start(1) < t for s, t in places):
            continue
        person = {"first_name": m.group(1), "last_name": m.group(2), "dob": str(e.value)}
        found.append(person)
        words += [m.group(1), m.group(2), e.text]
        ends.append(m.start(1))
    return found, words, ends


def _unnamed(text: str, named_at: list[int]) -> list[str]:
    """The people the customer speaks of ("my wife", "the kids") whose name does not follow
    within a few words: they fly too, but who they are is not said yet."""
    return [
        re.sub(r"^(?:my|our)\b", "your", m.group(), flags=re.I)
        for m in _RELATION.finditer(text)
        if not any(m.end() <= at <= m.end() + 12 for at in named_at)
    ]


def _others(text: str, people: list[dict[str, str]]) -> list[str]:
    """Someone named beside the ones found ("me and Amelia", "with Jack") who is none of
    them: they fly too, but who they are is not known."""
    known = {w.lower() for p in people for w in _full(p).split()}
    places = {w.lower() for m in mentions(text) for w in m.words.split()}
    found = [
        m.group(1) for m in _WITH_SOMEONE.finditer(text) if m.group(1).lower() not in known | places
    ]
    return found


def resolve_travellers(ctx: SlotContext) -> Resolution | None:
    """Who flies: the customer ("just me"), saved passengers named, and new passengers
    written with their date of birth; more than five is refused, a count said that the
    names do not reach, or someone spoken of but not named, is asked about."""
    user = ctx.user
    if user is None:
        return None
    text = ctx.text
    count = _count_said(text)
    if count is not None and count > MAX_PASSENGERS:
        return Resolution(problem="booking_too_many_passengers", facts={"asked_for": count})
    if count is None:
        # "for two people" said earlier in the request holds for the names given now
        earlier = (_count_said(said) for said in reversed(ctx.dialogue.said))
        count = next((n for n in earlier if n is not None and n <= MAX_PASSENGERS), None)
    people: list[dict[str, str]] = []
    grounds: list[Ground] = []
    named_at: list[int] = []
    uid = ctx.case.verification.user_id if ctx.case.verification is not None else ""
    me = _ME.search(text)
    own = _full(user.get("name") or {})
    if me is None and ctx.answering("passengers"):
        # answering who flies: "me and Amelia", or their own name ("Mia Li and …")
        me = _ME_ANSWER.search(text) or (
            re.search(rf"\b{re.escape(own)}\b", text, re.I) if own else None
        )
    if me is not None and user.get("dob") and user.get("name"):
        name = user["name"]
        people.append(
            {"first_name": name["first_name"], "last_name": name["last_name"], "dob": user["dob"]}
        )
        grounds += [Ground.said(me.group()), Ground.record("user", uid)]
    places = [(m.start, m.end) for m in mentions(text)]
    for saved in user.get("saved_passengers", []):
        full = _full(saved)
        m = re.search(rf"\b{re.escape(full)}\b", text, re.I) or re.search(
            rf"\b{re.escape(str(saved.get('first_name', '')))}\b", text
        )
        if m is None or ctx.phrasing.negated(text, m.start()):
            continue
        if any(s < m.end() and m.start() < t for s, t in places):
            continue  # "to Charlotte" is a city, not the passenger Charlotte
        person = {k: str(saved[k]) for k in ("first_name", "last_name", "dob")}
        if person not in people:
            people.append(person)
            named_at.append(m.start())
            grounds += [Ground.said(m.group()), Ground.record("user", uid)]
    new, words, ends = _new_people(ctx)
    for person in new:
        if all(_full(p).lower() != _full(person).lower() for p in people):
            people.append(person)
    named_at += ends
    grounds += [Ground.said(w) for w in words]
    if not people:
        return None
    if len(people) > MAX_PASSENGERS:
        return Resolution(problem="booking_too_many_passengers", facts={"asked_for": len(people)})
    unnamed = _unnamed(text, named_at) + _others(text, people)
    if not unnamed and me is not None and len(people) == 1 and _ME_AND.search(text):
        unnamed = ["someone else"]  # "me and …" with nobody else found
    if (count is not None and count != len(people)) or unnamed:
        facts = {
            "asked_for": count if count is not None else len(people) + len(unnamed),
            "named": [_full(p) for p in people],
            "unnamed": unnamed,
        }
        return Resolution(problem="booking_passengers_missing", facts=facts)
    listed = "; ".join(f"{_full(p)} (born {p['dob']})" for p in people)
    facts = {"travellers": listed, "free_bags": free_bags(user)}
    return Resolution(value=people, facts=facts, grounds=tuple(grounds))


# -- the flights -----------------------------------------------------------------------------
def _offered(flight: Mapping[str, Any], cabin: str) -> str:
    fare = flight["prices"].get(cabin)
    return (
        f"{flight['flight_number']} leaving {str(flight['scheduled_departure_time_est'])[:5]}, "
        f"arriving {str(flight['scheduled_arrival_time_est'])[:5]}, ${fare} per passenger in "
        f"{cabin.replace('_', ' ')}"
    )


def _open_day(ctx: SlotContext, number: str, date: str) -> dict[str, Any] | None:
    """Flight ``number`` as the airline's search shows it on ``date`` (its fields, that day's
    status, seats and fares), or None when it does not fly that day."""
    flight = ctx.record("flight", number)
    day = (flight or {}).get("dates", {}).get(date)
    if flight is None or not day:
        return None
    fields = {k: v for k, v in flight.items() if k != "dates"}
    return {
        **fields,
        "status": day.get("status"),
        **{k: v for k, v in day.items() if k != "status"},
    }


def _bookable(flight: Mapping[str, Any], route: tuple[str, str], cabin: str, n: int) -> bool:
    return (
        flight.get("status") == AVAILABLE
        and (flight.get("origin"), flight.get("destination")) == route
        and cabin in flight.get("prices", {})
        and flight.get("available_seats", {}).get(cabin, 0) >= n
    )


def _time(flight: Mapping[str, Any], key: str) -> str:
    return str(flight.get(f"scheduled_{key}_time_est", ""))


def _direct(flight: Mapping[str, Any], date: str, cabin: str) -> dict[str, Any]:
    """A direct flight as the booking holds it: its one segment, times and fare."""
    number = str(flight["flight_number"])
    arrives = _time(flight, "arrival")
    return {
        "flight_number": number,
        "date": date,
        "segments": [{"flight_number": number, "date": date}],
        "departure_time": _time(flight, "departure")[:5],
        "arrival_time": arrives,
        "fare": flight["prices"][cabin],
        "described": (
            f"{number} on {date}, leaving {_time(flight, 'departure')[:5]} and arriving "
            f"{arrives[:5]}{' the next day' if '+1' in arrives else ''}"
        ),
        "label": _offered(flight, cabin),
    }


def _connection(legs: list[dict[str, Any]], cabin: str) -> dict[str, Any]:
    """A one-stop connection as the booking holds it: both segments (each on its own day),
    the fares added up, and how the question and the confirmation say it."""
    first, second = legs
    fare = first["prices"][cabin] + second["prices"][cabin]
    numbers = f"{first['flight_number']} + {second['flight_number']}"
    said = "; then ".join(
        f"{leg['flight_number']} on {leg['date']} from {leg['origin']} at "
        f"{_time(leg, 'departure')[:5]} to {leg['destination']} at {_time(leg, 'arrival')[:5]}"
        f"{' the next day' if '+1' in _time(leg, 'arrival') else ''}"
        for leg in legs
    )
    return {
        "flight_number": numbers,
        "date": first["date"],
        "segments": [{"flight_number": leg["flight_number"], "date": leg["date"]} for leg in legs],
        "departure_time": _time(first, "departure")[:5],
        "arrival_time": _time(second, "arrival"),
        "fare": fare,
        "described": f"a connection in {first['destination']}: {said}",
        "label": (
            f"{numbers}, one stop in {first['destination']}: {said}, ${fare} per passenger in "
            f"{cabin.replace('_', ' ')} for both flights"
        ),
    }


def _connections(
    ctx: SlotContext, pairs: Any, route: tuple[str, str], cabin: str, n: int
) -> list[dict[str, Any]]:
    """The one-stop connections of the airline's search whose two flights each have a seat in
    the cabin for every passenger on their own day (read again: the search shows a next-day
    flight with its first day's seats and fares)."""
    found = []
    for pair in pairs if isinstance(pairs, list) else []:
        if not isinstance(pair, list) or len(pair) != 2:
            continue
        legs = [_open_day(ctx, str(leg.get("flight_number")), str(leg.get("date"))) for leg in pair]
        if any(leg is None for leg in legs):
            continue
        first, second = (leg for leg in legs if leg is not None)
        first["date"], second["date"] = str(pair[0].get("date")), str(pair[1].get("date"))
        hops = ((route[0], first["destination"]), (second["origin"], route[1]))
        if _bookable(first, hops[0], cabin, n) and _bookable(second, hops[1], cabin, n):
            found.append(_connection([first, second], cabin))
    return sorted(found, key=lambda c: c["departure_time"])[:_MAX_CONNECTIONS]


def _flight_resolver(
    searches: tuple[str, str], fact: str, date_slot: str, ends: tuple[str, str]
) -> Resolver:
    def resolve(ctx: SlotContext) -> Resolution | None:
        cabin = str(ctx.slots.get("cabin") or "")
        travellers = ctx.slots.get("passengers") or []
        date = ctx.slots.get(date_slot)
        if not cabin or not travellers or not date:
            return None
        route = (str(ctx.slots.get(ends[0], "")), str(ctx.slots.get(ends[1], "")))
        named = [m.group().upper() for m in _NUMBER.finditer(ctx.text)]
        options = _options(ctx, searches, route, cabin, len(travellers), str(date))
        chosen = _named_option(ctx, named, options, route, cabin, len(travellers), str(date))
        if chosen is not None:
            grounds = [Ground.said(n) for n in dict.fromkeys(named)]
            grounds += [Ground.record("flight", s["flight_number"]) for s in chosen["segments"]]
            value = "+".join(s["flight_number"] for s in chosen["segments"])
            return Resolution(value=value, facts={fact: chosen}, grounds=tuple(grounds))
        if options is None:
            return None
        facts = {
            "searched_day": str(date),
            "searched_from": airport_label(route[0]) if route[0] else route[0],
            "searched_to": airport_label(route[1]) if route[1] else route[1],
            "direct_found": any(len(o["segments"]) == 1 for o in options),
        }
        if not options:
            return Resolution(problem="booking_no_flights", facts=facts)
        return Resolution(
            choices=tuple(o["label"] for o in options),
            problem=f"ask_{fact}_flight",
            facts=facts,
        )

    return resolve


def _options(
    ctx: SlotContext,
    searches: tuple[str, str],
    route: tuple[str, str],
    cabin: str,
    n: int,
    date: str,
) -> list[dict[str, Any]] | None:
    """The direct flights of the day that can be booked, or, when there are none, the
    one-stop connections; None while the searches are not known."""
    direct, onestop = (ctx.known.get(name) for name in searches)
    if not isinstance(direct, list):
        return None
    found = [_direct(f, date, cabin) for f in direct if _bookable(f, route, cabin, n)]
    return found or _connections(ctx, onestop, route, cabin, n)


def _named_option(
    ctx: SlotContext,
    named: list[str],
    options: list[dict[str, Any]] | None,
    route: tuple[str, str],
    cabin: str,
    n: int,
    date: str,
) -> dict[str, Any] | None:
    """The option the flight numbers written name: a connection whose two flights are both
    named, else a direct flight named (read from the flight's own record when the day's
    search is not known)."""
    numbers = set(named)
    if not numbers:
        return None
    for option in options or []:
        legs = {s["flight_number"] for s in option["segments"]}
        if len(legs) == 2 and legs <= numbers:
            return option
    for number in named:
        flight = _open_day(ctx, number, date)
        if flight is not None and _bookable(flight, route, cabin, n):
            return _direct(flight, date, cabin)
    for first_number in named:
        for second_number in named:
            pair = _pair(ctx, (first_number, second_number), route, cabin, n, date)
            if pair is not None:
                return pair
    return None


def _pair(
    ctx: SlotContext,
    numbers: tuple[str, str],
    route: tuple[str, str],
    cabin: str,
    n: int,
    date: str,
) -> dict[str, Any] | None:
    """Two flights named as a connection, read from their records as the airline's search
    pairs them: the second leaves where the first lands, the same day (the next one when the
    first lands after midnight) and not before it lands; each with a seat for everyone."""
    first = _open_day(ctx, numbers[0], date)
    if first is None or numbers[0] == numbers[1]:
        return None
    arrives = _time(first, "arrival")
    second_date = _next_day(date) if "+1" in arrives else date
    second = _open_day(ctx, numbers[1], second_date)
    if second is None or arrives > _time(second, "departure"):
        return None
    hops = ((route[0], str(first.get("destination"))), (str(second.get("origin")), route[1]))
    if not (_bookable(first, hops[0], cabin, n) and _bookable(second, hops[1], cabin, n)):
        return None
    return _connection([{**first, "date": date}, {**second, "date": second_date}], cabin)


def _next_day(date: str) -> str:
    return (dt.date.fromisoformat(date) + dt.timedelta(days=1)).isoformat()


resolve_outbound_flight = _flight_resolver(
    ("outbound_search", "outbound_onestop"), "outbound", "date", ("origin", "destination")
)
resolve_return_flight = _flight_resolver(
    ("return_search", "return_onestop"), "inbound", "return_date", ("destination", "origin")
)


# -- insurance and bags ----------------------------------------------------------------------
def _asks(text: str, at: int) -> bool:
    """Whether the sentence holding ``at`` is a question ("does it include insurance?"): it
    asks about the insurance, it does not take or decline it."""
    end = re.search(r"[.!?]", text[at:])
    return end is not None and end.group() == "?"


def resolve_insurance(ctx: SlotContext) -> Resolution | None:
    """ "yes" or "no" to the travel insurance, only as the customer says it."""
    text = ctx.text
    no = _NO_INSURANCE.search(text)
    if no is not None and not _asks(text, no.start()):
        return Resolution(value="no", grounds=(Ground.said(no.group()),))
    yes = _WITH_INSURANCE.search(text)
    if (
        yes is not None
        and not ctx.phrasing.negated(text, yes.start())
        and not _asks(text, yes.start())
    ):
        return Resolution(value="yes", grounds=(Ground.said(yes.group()),))
    if ctx.answering(INSURANCE):
        for pattern, value in ((_NO, "no"), (_YES, "yes")):
            m = pattern.search(text)
            if m is not None:
                return Resolution(value=value, grounds=(Ground.said(m.group()),))
    return None


def checked_bags_resolver(count: Resolver) -> Resolver:
    """How many checked bags in all: "no bags" is none, otherwise ``count`` reads the number."""

    def resolve(ctx: SlotContext) -> Resolution | None:
        each = _EACH.search(ctx.text)
        travellers = ctx.slots.get("passengers") or []
        if each is not None and travellers:
            # "one bag each": that many for every passenger (the confirmation says the total)
            word = each.group(1).lower()
            per = int(word) if word.isdigit() else _COUNT_WORDS.get(word, 1)
            return Resolution(value=per * len(travellers), grounds=(Ground.said(each.group()),))
        m = _NO_BAGS.search(ctx.text)
        if m is not None and (
            ctx.answering("bags")
            or "bag" in m.group().lower()
            or "luggage" in m.group().lower()
            or "carry" in m.group().lower()
        ):
            return Resolution(value=0, grounds=(Ground.said(m.group()),))
        return count(ctx)

    return resolve
