"""Small language helpers for conversations: yes or no, addresses, clauses."""

from __future__ import annotations

import re
from enum import StrEnum


class Answer(StrEnum):
    """How a message answers a yes/no question."""

    YES = "yes"
    NO = "no"
    NEITHER = "neither"


_NO = re.compile(
    r"\b(no|nope|nah|don'?t|do not|never ?mind|stop|wait|hold on|cancel that|not now|"
    r"changed my mind|forget it|leave it)\b|\bactually\b(?!.{0,20}\byes\b)",
    re.I,
)
_YES = re.compile(
    r"\b(yes|yeah|yep|yup|ya|sure|ok(ay)?|correct|confirm(ed)?|go ahead|do it|please do|"
    r"that'?s right|that is right|right|affirmative|proceed|sounds good|perfect|absolutely|"
    r"definitely|of course|y)\b",
    re.I,
)


def yes_or_no(text: str) -> Answer:
    """Whether ``text`` says yes, says no, or neither (a no wins over a yes: "yes, but wait")."""
    lowered = text.strip().lower()
    if _NO.search(lowered) and not re.match(r"^\s*(yes|yeah|yep|correct)\b[^,]*$", lowered):
        return Answer.NO
    if _YES.search(lowered):
        return Answer.YES
    return Answer.NEITHER


_STATES = frozenset(
    [
        "AL",
        "AK",
        "AZ",
        "AR",
        "CA",
        "CO",
        "CT",
        "DE",
        "FL",
        "GA",
        "HI",
        "ID",
        "IL",
        "IN",
        "IA",
        "KS",
        "KY",
        "LA",
        "ME",
        "MD",
        "MA",
        "MI",
        "MN",
        "MS",
        "MO",
        "MT",
        "NE",
        "NV",
        "NH",
        "NJ",
        "NM",
        "NY",
        "NC",
        "ND",
        "OH",
        "OK",
        "OR",
        "PA",
        "RI",
        "SC",
        "SD",
        "TN",
        "TX",
        "UT",
        "VT",
        "VA",
        "WA",
        "WV",
        "WI",
        "WY",
        "DC",
    ]
)
_ADDRESS = re.compile(
    r"(?P<address1>\b\d{1,6}\s+(?:[A-Za-z0-9'-]+\s+){0,4}?(?:street|st|avenue|ave|road|rd|lane|ln|drive|dr|"
    r"boulevard|blvd|way|court|ct|place|pl|terrace|circle|cir|parkway|pkwy|highway|hwy|square|sq|"
    r"trail|trl|loop|row|walk|path|plaza|alley)\.?)"
    r"(?:\s*,?\s*(?P<address2>(?:apt|apartment|suite|ste|unit|#|floor|fl)\.?\s*[A-Za-z0-9-]+))?"
    r"\s*,\s*(?P<city>[A-Za-z .'-]+?)\s*,\s*(?P<state>[A-Za-z]{2})\.?,?\s+(?P<zip>\d{5})"
    r"(?:\s*,?\s*(?P<country>USA|United States|US))?",
    re.I,
)


def parse_address(text: str) -> dict[str, str] | None:
    """A US postal address in ``text`` ("12 Oak St, Suite 4, Austin, TX 78701"), or None."""
    m = _ADDRESS.search(text)
    if m is None or m.group("state").upper() not in _STATES:
        return None
    address2 = (m.group("address2") or "").strip()
    if address2:
        label, _, rest = address2.partition(" ")
        address2 = f"{label.capitalize()} {rest.strip()}".strip() if rest else address2.title()
    return {
        "address1": " ".join(
            w if w.isdigit() else w[:1].upper() + w[1:] for w in m.group("address1").split()
        ),
        "address2": address2,
        "city": m.group("city").strip().title(),
        "state": m.group("state").upper(),
        "country": "USA",
        "zip": m.group("zip"),
    }


_NEGATION = re.compile(
    r"\b(not|no|except|without|keep|leave|apart from|other than|instead of|rather than)\s+"
    r"(the|my|a|an|that|this|those|these)?\s*(\w+\s+){0,2}$",
    re.I,
)


def negated(text: str, start: int) -> bool:
    """Whether the mention at ``start`` is excluded ("not the backpack", "keep the kettle")."""
    return start > 0 and _NEGATION.search(text[max(0, start - 40) : start]) is not None


_POINTER = re.compile(
    r"(?<!along )(?<!together )\b(with|containing|contains|that has|which has|next to)\s+"
    r"(the|my|a|an|that|this|those|these)?\s*((\w+\s+){1,3}(and|&)\s+(the|my|a|an)?\s*)?"
    r"(\w+\s+){0,2}$",
    re.I,
)


def pointer(text: str, start: int) -> bool:
    """Whether the mention at ``start`` only points at an order ("the bookshelf from the order
    with the office chair", "the backpack I got with the vacuum") rather than naming a target."""
    return start > 0 and _POINTER.search(text[max(0, start - 40) : start]) is not None


_CLAUSE = re.compile(r"[.;!?]+\s+|,\s*(?:and|also|plus)\s+|\s+and\s+(?=(?:the|my)\b)", re.I)


def clauses(text: str) -> list[str]:
    """The clauses of a message: sentences, and parts joined by ", and" or "and the/my" — so
    "a white mouse and the glass bookshelf" says white of the mouse only."""
    return [c for c in _CLAUSE.split(text) if c and c.strip()]
