"""Small language helpers for conversations: yes or no, negation, pointers, clauses."""

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
