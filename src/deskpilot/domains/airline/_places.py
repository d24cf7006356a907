"""The ``airport`` slot kind: where a trip leaves from or goes to, grounded in the airports the
airline serves (``list_all_airports``: code and city).

An airport is named by its code in capitals ("JFK"), or in lower case as the whole message or
right after "from" or "to" when the trip's other end is named too ("from jfk to sea"), by its
city, in any case ("new york"), or by a name customers use for it (``ALIASES``). Which end of
the trip a name is, a slot's ``role`` (``origin`` or ``destination``), is read from the words
just before it ("from", "out of" / "to", "into"); a name without such words is this slot's
when the other end is known otherwise ("JFK to SFO": JFK leaves; or the other slot already
holds another airport) or when it answers the question about this slot. A place named after
"from" or "to" that the airline does not serve ("to Paris") is said, with the airports it does
serve. It never guesses: two airports for one end are asked about.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from deskpilot.domain import Ground
from deskpilot.flows import Resolution, SlotContext

from ._common import AIRPORTS

AIRPORT = "airport"
Role = Literal["origin", "destination"]

# Other names customers give the airline's airports.
ALIASES: dict[str, str] = {
    "New York City": "JFK",
    "La Guardia": "LGA",
    "Vegas": "LAS",
    "Philly": "PHL",
    "San Fran": "SFO",
    "Dallas Fort Worth": "DFW",
    "Dallas-Fort Worth": "DFW",
    "Chicago O'Hare": "ORD",
    "O'Hare": "ORD",
}
# The words just before a place that say which end of the trip it is.
CUES: dict[Role, tuple[str, ...]] = {
    "origin": ("from", "out of", "leaving", "departing", "leave", "depart"),
    "destination": ("to", "into", "towards", "for", "arriving in", "arriving at", "landing in"),
}
# Capitalised words after "from" or "to" that name no place.
_NOT_PLACES = frozenset(
    {
        *("I", "I'm", "My", "Me", "You", "Your", "The", "A", "An", "This", "That", "It"),
        *("Today", "Tomorrow", "Next"),
        *("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
        *("January", "February", "March", "April", "May", "June", "July", "August"),
        *("September", "October", "November", "December"),
    }
)

_CODE = re.compile(r"\b[A-Z]{3}\b")
# A code in any case right after a cue that says an end of the trip ("from jfk", "to sea"), or
# as the whole message; never after "for", which names people too ("a flight for mia").
_CUED_CODE = re.compile(
    r"\b(?:from|to|into|out\s+of|leaving|departing)\s+(?P<code>[a-z]{3})\b(?!')"
    r"|^\W*(?P<code_alone>[a-z]{3})\W*$",
    re.I,
)
_CODE_ALONE = re.compile(r"^\W*[a-z]{3}\W*$", re.I)
_NAMES: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (code, re.compile(rf"\b{re.escape(name)}\b", re.I))
    for name, code in sorted(
        [*((city, code) for code, city in AIRPORTS.items()), *ALIASES.items()],
        key=lambda pair: -len(pair[0]),  # "Dallas Fort Worth" before "Dallas"
    )
)
_CUE_BEFORE: dict[Role, re.Pattern[str]] = {
    role: re.compile(rf"\b(?:{'|'.join(re.escape(w) for w in words)})\s+(?:the\s+)?$", re.I)
    for role, words in CUES.items()
}
_UNKNOWN_AFTER = re.compile(r"\b(?P<cue>from|to)\s+(?P<place>[A-Z][\w'.-]*(?:\s+[A-Z][\w'.-]*)?)")


@dataclass(frozen=True)
class Mention:
    """An airport named in a text: where, which airport, and the end of the trip its cue says."""

    start: int
    end: int
    code: str
    words: str
    role: Role | None


def airport_label(code: str) -> str:
    """An airport as a reply names it: "New York (JFK)"."""
    return f"{AIRPORTS[code]} ({code})"


def mentions(text: str) -> list[Mention]:
    """The airports ``text`` names, in order, each with the end of the trip its cue says."""
    spans: list[tuple[int, int, str]] = []
    for code, pattern in _NAMES:
        for m in pattern.finditer(text):
            if not any(m.start() < end and start < m.end() for start, end, _ in spans):
                spans.append((m.start(), m.end(), code))
    for m in _CODE.finditer(text):
        if m.group() in AIRPORTS and not any(m.start() < e and s < m.end() for s, e, _ in spans):
            spans.append((m.start(), m.end(), m.group()))
    # A code in lower case is a word too ("to sea"): an airport only as the whole message, or
    # in a trip whose other end is named too ("from jfk to sea").
    lower = [
        (m.start(g), m.end(g), m[g].upper())
        for m in _CUED_CODE.finditer(text)
        for g in ("code", "code_alone")
        if m[g]
        and m[g].upper() in AIRPORTS
        and not any(m.start(g) < e and s < m.end(g) for s, e, _ in spans)
    ]
    if len(lower) + len(spans) > 1 or _CODE_ALONE.match(text):
        spans += lower
    return [
        Mention(start, end, code, text[start:end], _role_before(text[:start]))
        for start, end, code in sorted(spans)
    ]


def _role_before(head: str) -> Role | None:
    for role, pattern in _CUE_BEFORE.items():
        if pattern.search(head):
            return role
    return None


def _unknown_place(text: str, role: Role) -> str | None:
    """A capitalised place after this end's "from" / "to" that the airline does not serve."""
    cue = "from" if role == "origin" else "to"
    known = [(m.start, m.end) for m in mentions(text)]
    for m in _UNKNOWN_AFTER.finditer(text):
        place = m["place"]
        first = place.split()[0]
        if m["cue"].lower() != cue or first in _NOT_PLACES:
            continue
        if any(s <= m.start("place") < e for s, e in known):
            continue
        return place.rstrip(".")
    return None


def resolve_airport(ctx: SlotContext) -> Resolution | None:
    """The airport this slot's end of the trip is (``options.role``; ``options.other`` names the
    slot of the other end), from the customer's words; None when they name none for it."""
    role: Role = "destination" if ctx.options.get("role") == "destination" else "origin"
    other_role: Role = "origin" if role == "destination" else "destination"
    other_slot = str(ctx.options.get("other", other_role))
    other_value = ctx.slots.get(other_slot)
    found = mentions(ctx.text)
    cued = [m for m in found if m.role == role]
    if not cued:
        taken = {m.code for m in found if m.role == other_role} | {other_value}
        loose = [m for m in found if m.role is None and m.code not in taken]
        told = any(m.role == other_role for m in found) or other_value is not None
        if loose and (told or ctx.answering()):
            cued = loose
    codes = list(dict.fromkeys(m.code for m in cued))
    if len(codes) == 1:
        said = next(m.words for m in cued)
        return Resolution(
            value=codes[0],
            facts={role: airport_label(codes[0])},
            grounds=(Ground.said(said),),
        )
    if codes:
        return Resolution(choices=tuple(airport_label(c) for c in codes))
    place = _unknown_place(ctx.text, role)
    if place is not None:
        return Resolution(
            problem="airport_not_served",
            facts={"place": place, "role": role, "airports": airport_choices()},
        )
    return None


def airport_choices() -> list[str]:
    """Every airport the airline serves, for a question."""
    return [airport_label(code) for code in sorted(AIRPORTS, key=AIRPORTS.__getitem__)]


# Each airport by its code (in capitals, a whole word) and by its city (any case).
_CODES: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (code, re.compile(rf"\b{code}\b")) for code in AIRPORTS
)
_CITIES: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (code, re.compile(rf"\b{re.escape(city)}\b", re.I)) for code, city in AIRPORTS.items()
)


def places_in(text: str) -> dict[str, str]:
    """The airports ``text`` names, by their code in capitals or their city: code → the words
    written."""
    found: dict[str, str] = {}
    for code, pattern in (*_CODES, *_CITIES):
        m = pattern.search(text)
        if m is not None:
            found.setdefault(code, m.group())
    return found
