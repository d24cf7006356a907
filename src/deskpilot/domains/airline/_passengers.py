"""A change to the passengers of a reservation, read from the customer's words and grounded in
the reservation's own passenger list.

The airline lets a passenger's name and date of birth change, never their number. A change
is read as three slot kinds and put together as a fourth:

- ``passenger``: which passenger — the one the customer names (in full, else by first or last
  name), else the only one; several are asked about by name;
- ``new_name``: the new name, the words the workspace's span tagger marks as
  ``passenger_name`` (taught by the marked examples of ``slots.yaml``), a passenger's current
  name left out; one word replaces the part of the name the customer says (first or last);
- ``passengers``: the reservation's whole list with that passenger changed (the new name, the
  new date of birth of the workspace's ``date`` kind), the rest as the records hold it: the
  value the write takes.

They read the flow's slots by name: ``reservation_id``, ``passenger``, ``new_name`` and
``new_dob`` (``examples/airline/flows/passengers.yaml``).
"""

from __future__ import annotations

import re
from typing import Any

from deskpilot.domain import Entity, Ground
from deskpilot.flows import Resolution, SlotContext

from ._common import RESERVATION

PASSENGER = "passenger"
NEW_NAME = "new_name"
PASSENGERS = "passengers"
# The kind whose marked words are a passenger's new name.
PASSENGER_NAME = "passenger_name"
# How a customer says which part of a name a single new word replaces.
_FIRST = re.compile(r"\bfirst[- ]?name\b|\bgiven name\b", re.I)
_LAST = re.compile(r"\blast[- ]?name\b|\bsurname\b|\bfamily name\b", re.I)


def _full(p: dict[str, Any]) -> str:
    return f"{p.get('first_name', '')} {p.get('last_name', '')}".strip()


def _described(p: dict[str, Any]) -> str:
    return f"{_full(p)} (born {p.get('dob', '?')})"


def _words(text: str) -> set[str]:
    """The words of ``text`` that may be names, in lower case: a user id (``mia_li_3668``)
    names no passenger, and "Wilson's" says "Wilson"."""
    words = (w.split("'")[0] for w in re.findall(r"[\w'-]+", text))
    return {w.lower() for w in words if w.replace("-", "").isalpha()}


def _passengers(ctx: SlotContext) -> list[dict[str, Any]] | None:
    """The passengers of the reservation the request is about (read as the customer's)."""
    rid = ctx.slots.get("reservation_id")
    record = ctx.record(RESERVATION, str(rid)) if rid else None
    return None if record is None else [dict(p) for p in record.get("passengers", [])]


def _new_marks(ctx: SlotContext, passengers: list[dict[str, Any]]) -> list[Entity]:
    """The words marked as a passenger's name that are nobody's name on the reservation yet."""
    current = {_full(p).lower() for p in passengers}
    return [
        m
        for m in ctx.understanding.marks
        if m.type == PASSENGER_NAME and m.text in ctx.text and m.text.lower() not in current
    ]


def resolve_passenger(ctx: SlotContext) -> Resolution | None:
    """The passenger the customer names outside the new name's words (in full, else by first
    or last name), else the only one; otherwise the passengers to choose from."""
    passengers = _passengers(ctx)
    if not passengers:
        return None
    said = ctx.text
    for mark in _new_marks(ctx, passengers):
        said = said.replace(mark.text, " ")
    words = _words(said)

    def parts(p: dict[str, Any]) -> set[str]:
        return {str(p.get("first_name", "")).lower(), str(p.get("last_name", "")).lower()}

    named = [p for p in passengers if parts(p) <= words] or [
        p for p in passengers if parts(p) & words
    ]
    if len(named) == 1:
        said_words = [w for w in _full(named[0]).split() if w.lower() in words]
        grounds = (Ground.said(" ".join(said_words)),) if said_words else ()
        return Resolution(value=_full(named[0]), grounds=grounds)
    if len(passengers) == 1:
        rid = str(ctx.slots.get("reservation_id"))
        return Resolution(value=_full(passengers[0]), grounds=(Ground.record(RESERVATION, rid),))
    return Resolution(choices=tuple(_full(p) for p in named or passengers))


def resolve_new_name(ctx: SlotContext) -> Resolution | None:
    """The new name's parts: two words or more are a whole name (first, then last); one word
    replaces the part the customer names. None when nothing new is marked, or one word does
    not say which part it is."""
    passengers = _passengers(ctx) or []
    marks = _new_marks(ctx, passengers)
    words = [w for m in marks for w in m.text.split()]
    grounds = tuple(Ground.said(m.text) for m in marks)
    if len(words) >= 2:
        name = {"first_name": words[0], "last_name": " ".join(words[1:])}
        return Resolution(value=name, grounds=grounds)
    first, last = _FIRST.search(ctx.text), _LAST.search(ctx.text)
    if not words or bool(first) == bool(last):
        return None
    return Resolution(value={"first_name" if first else "last_name": words[0]}, grounds=grounds)


def resolve_passengers(ctx: SlotContext) -> Resolution | None:
    """The reservation's passengers with the one chosen changed as the customer said, or None
    while nothing new is said for them."""
    passengers = _passengers(ctx)
    who = ctx.slots.get(PASSENGER)
    index = next((i for i, p in enumerate(passengers or []) if _full(p) == who), None)
    if passengers is None or index is None:
        return None
    target = passengers[index]
    name = ctx.slots.get(NEW_NAME) or {}
    dob = ctx.slots.get("new_dob")
    changed = {**target, **name, **({"dob": str(dob)} if dob else {})}
    if changed == target:
        return None
    passengers[index] = changed
    rid = str(ctx.slots.get("reservation_id"))
    grounds = [g for slot in (NEW_NAME, "new_dob") for g in ctx.dialogue.grounds.get(slot, ())]
    grounds.append(Ground.record(RESERVATION, rid))
    facts = {"before": _described(target), "after": _described(changed)}
    return Resolution(value=passengers, facts=facts, grounds=tuple(grounds))
