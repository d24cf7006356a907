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
  refused with the rule; a name without a date of birth is asked about.
- ``outbound_flight`` and ``return_flight``: the direct flight the customer picks among those
  the airline's search found that day (the flow's lookups ``outbound_search`` and
  ``return_search``) with a seat in the chosen cabin for every passenger; the value is its
  flight number, the facts (``outbound``, ``return``) its times and fare.
- ``insurance``: "yes" or "no", only as the customer says it ("with insurance", "no
  insurance", or a bare yes or no to the question about it).
- ``checked_bags``: how many checked bags in all: "no bags" is 0, otherwise the workspace's
  ``bag_count`` kind reads the number.

Nothing is chosen for the customer: what is not said is asked.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from deskpilot.domain import Entity, Ground
from deskpilot.flows import Resolution, Resolver, SlotContext
from deskpilot.nlu.entities import to_come

from ._common import AVAILABLE
from ._places import airport_label, mentions

DEPARTURE_DATE = "departure_date"
RETURN_DATE = "return_date"
TRAVELLERS = "travellers"
OUTBOUND_FLIGHT = "outbound_flight"
RETURN_FLIGHT = "return_flight"
INSURANCE = "insurance"
CHECKED_BAGS = "checked_bags"
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
_ME = re.compile(
    r"\b(?:just|only)\s+(?:me|myself)\b|\bmyself\b|\bme alone\b|\bjust for me\b|\bonly for me\b"
    r"|\bme and\b|\band me\b|\bI'?m the only\b|\bme\s*(?:only|alone)\b",
    re.I,
)
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


def _asked(ctx: SlotContext, slot: str) -> bool:
    question = ctx.dialogue.question
    return question is not None and question.key.endswith(f":{slot}")


def _full(p: Mapping[str, Any]) -> str:
    return f"{p.get('first_name', '')} {p.get('last_name', '')}".strip()


def free_bags(user: Mapping[str, Any] | None) -> dict[str, int]:
    """Free checked bags per passenger in each cabin for the customer's membership."""
    return dict(FREE_BAGS.get(str((user or {}).get("membership", "")), {}))


# -- the days of the trip ----------------------------------------------------------------------
def _is_birth(text: str, entity: Entity) -> bool:
    return _BIRTH.search(text[: entity.start]) is not None


def _trip_days(ctx: SlotContext) -> list[tuple[str, Entity]]:
    """The days of travel said, in order: (ISO date, its words); dates of birth left out."""
    said = [
        e
        for e in ctx.understanding.entities_of("date")
        if e.text and e.text in ctx.text and e.value
    ]
    said = [e for e in said if not _is_birth(ctx.understanding.text, e)]
    days = [(to_come(e.text, str(e.value)), e) for e in said]
    latest = max((d[:4] for d, _ in days), default="")
    known = [str(ctx.slots[s])[:4] for s in ("date", "return_date") if ctx.slots.get(s)]
    year = max([latest, *known])
    return [(d, e) for d, e in days if d[:4] >= year]


def _day(ctx: SlotContext, back: bool) -> Resolution | None:
    if _asked(ctx, TRAVELLERS) or _asked(ctx, "passengers"):
        return None  # an answer about who flies holds birth dates, not days of travel
    days = _trip_days(ctx)
    distinct = sorted({d for d, _ in days})
    text = ctx.understanding.text
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
        answering_back = _asked(ctx, RETURN_DATE) or _asked(ctx, RETURN_FLIGHT)
        answering_out = _asked(ctx, "date") or _asked(ctx, OUTBOUND_FLIGHT)
        is_back = said_back or (answering_back and not answering_out)
        if is_back != back:
            return None
        day = distinct[0]
    else:
        return None
    words = tuple(Ground.said(e.text) for d, e in days if d == day)
    return Resolution(value=day, grounds=words)


def resolve_departure_date(ctx: SlotContext) -> Resolution | None:
    """The day the trip leaves: the earlier of two days said, or the one day said (not as
    the way back)."""
    return _day(ctx, back=False)


def resolve_return_date(ctx: SlotContext) -> Resolution | None:
    """The day the trip comes back: the later of two days said, or the one day said as the
    way back or in answer to the question about it."""
    return _day(ctx, back=True)


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
    own = _full(user.get("name") or {})
    me = _ME.search(text) or (re.search(rf"\b{re.escape(own)}\b", text, re.I) if own else None)
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


def _flight_resolver(search: str, fact: str, date_slot: str, ends: tuple[str, str]) -> Resolver:
    def resolve(ctx: SlotContext) -> Resolution | None:
        cabin = str(ctx.slots.get("cabin") or "")
        travellers = ctx.slots.get("passengers") or []
        date = ctx.slots.get(date_slot)
        if not cabin or not travellers or not date:
            return None
        route = (str(ctx.slots.get(ends[0], "")), str(ctx.slots.get(ends[1], "")))
        for m in _NUMBER.finditer(ctx.text):
            number = m.group().upper()
            flight = _open_day(ctx, number, str(date))
            if flight is None or not _bookable(flight, route, cabin, len(travellers)):
                continue
            chosen = {
                "flight_number": number,
                "date": str(date),
                "origin": route[0],
                "destination": route[1],
                "departure_time": str(flight["scheduled_departure_time_est"])[:5],
                "arrival_time": str(flight["scheduled_arrival_time_est"]),
                "fare": flight["prices"][cabin],
                "label": _offered(flight, cabin),
            }
            grounds = (Ground.said(m.group()), Ground.record("flight", number))
            return Resolution(value=number, facts={fact: chosen}, grounds=grounds)
        listed = ctx.known.get(search)
        if not isinstance(listed, list):
            return None
        found = [f for f in listed if _bookable(f, route, cabin, len(travellers))]
        facts = {
            "searched_day": str(date),
            "searched_from": airport_label(route[0]) if route[0] else route[0],
            "searched_to": airport_label(route[1]) if route[1] else route[1],
        }
        if not found:
            return Resolution(problem="booking_no_flights", facts=facts)
        return Resolution(
            choices=tuple(_offered(f, cabin) for f in found),
            problem=f"ask_{fact}_flight",
            facts=facts,
        )

    return resolve


resolve_outbound_flight = _flight_resolver(
    "outbound_search", "outbound", "date", ("origin", "destination")
)
resolve_return_flight = _flight_resolver(
    "return_search", "inbound", "return_date", ("destination", "origin")
)


# -- insurance and bags ----------------------------------------------------------------------
def resolve_insurance(ctx: SlotContext) -> Resolution | None:
    """ "yes" or "no" to the travel insurance, only as the customer says it."""
    text = ctx.text
    no = _NO_INSURANCE.search(text)
    if no is not None:
        return Resolution(value="no", grounds=(Ground.said(no.group()),))
    yes = _WITH_INSURANCE.search(text)
    if yes is not None and not ctx.phrasing.negated(text, yes.start()):
        return Resolution(value="yes", grounds=(Ground.said(yes.group()),))
    if _asked(ctx, INSURANCE):
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
            _asked(ctx, "bags")
            or "bag" in m.group().lower()
            or "luggage" in m.group().lower()
            or "carry" in m.group().lower()
        ):
            return Resolution(value=0, grounds=(Ground.said(m.group()),))
        return count(ctx)

    return resolve
