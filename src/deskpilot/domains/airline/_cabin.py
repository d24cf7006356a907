"""The ``cabin`` slot kind: the cabin a reservation moves to ("upgrade me to business", "can I
move to economy", "downgrade to basic economy").

A cabin is named by the airline's words for it (``NAMES``); "basic economy" is basic economy,
not economy. Two cabins in one message ("from economy to business") are told apart by the
words just before them: one after "from", "instead of" or "currently in" is where the
customer is now, as is one just before "booking" ("my business booking"); the other is the one
they want (for a new booking, the slot's option ``booking``, a cabin before "flight" or
"ticket" is the one wanted: nothing is held yet). It never guesses: no cabin named, or two
wanted, is asked about.
"""

from __future__ import annotations

import re

from deskpilot.domain import Ground
from deskpilot.flows import Resolution, SlotContext

CABIN = "cabin"
# The customer's words for each cabin, longest first so that "basic economy" is not read as
# "economy".
NAMES: dict[str, tuple[str, ...]] = {
    "basic_economy": ("basic economy", "basic"),
    "economy": ("economy class", "economy", "coach", "main cabin"),
    "business": ("business class", "business"),
}
# Words just before a cabin that make it the one the customer is in now, not the one wanted.
_NOW = re.compile(
    r"\b(?:from|out of|instead of|rather than|currently in|already in|now in)\s+(?:the\s+)?$",
    re.I,
)
_NAME = re.compile(
    r"\b(?:"
    + "|".join(
        re.escape(n)
        for n in sorted((n for ns in NAMES.values() for n in ns), key=len, reverse=True)
    )
    + r")\b",
    re.I,
)
# Words just after a cabin that make it the one the reservation is in ("my business booking").
_HELD = re.compile(r"^\s+(?:class\s+)?(?:booking|reservation|trip|ticket|flight|seat)s?\b", re.I)
_CABIN_OF = {name: cabin for cabin, names in NAMES.items() for name in names}


def cabins_in(text: str) -> list[tuple[str, int, str]]:
    """Each cabin ``text`` names: (cabin, where, words written), in order."""
    return [(_CABIN_OF[m.group().lower()], m.start(), m.group()) for m in _NAME.finditer(text)]


def resolve_cabin(ctx: SlotContext) -> Resolution | None:
    """The one cabin the customer asks to move to, or None: the cabins named, less those said
    as where they are now ("from economy"), must be one."""
    named = cabins_in(ctx.text)
    # For a new booking (option ``booking``) nothing is held yet: "a business flight" is the
    # cabin wanted.
    held = not ctx.options.get("booking")
    wanted = [
        (cabin, at, words)
        for cabin, at, words in named
        if not _NOW.search(ctx.text[:at])
        and not (held and _HELD.match(ctx.text[at + len(words) :]))
    ]
    if len({cabin for cabin, _, _ in wanted}) != 1:
        return None
    cabin, _, words = wanted[0]
    return Resolution(value=cabin, grounds=(Ground.said(words),))
