"""Small language helpers for conversations: negation, pointers, clauses."""

from __future__ import annotations

import re

_NEGATION = re.compile(
    r"\b(not|no|except|without|keep|leave|apart from|other than|instead of|rather than)\s+"
    r"(the|my|a|an|that|this|those|these)?\s*(\w+\s+){0,2}$",
    re.I,
)


def negated(text: str, start: int) -> bool:
    """Whether the mention at ``start`` is excluded ("not the backpack", "keep the kettle")."""
    return start > 0 and _NEGATION.search(text[max(0, start - 40) : start]) is not None


_DET = r"(?:the|my|a|an|that|this|those|these)"
_ITEM = r"[\w-]+(?:\s+[\w-]+){0,2}"
_POINTER = re.compile(
    r"(?<!along )(?<!together )\b(?:with|containing|contains|that has|which has|next to)\s+"
    rf"(?:{_DET}\s+)?"
    rf"(?:(([\w-]+\s+){{1,3}}(and|&)\s+(?:{_DET}\s+)?)?([\w-]+\s+){{0,2}}"
    # or a list of what it holds, its items parted by commas and the last perhaps by "and":
    # "the kettle, backpack, desk lamp and " right before it (not "switches, and the …")
    rf"|(?:{_ITEM}\s*,\s*(?:{_DET}\s+)?){{1,8}}"
    rf"(?:{_ITEM}\s*,?\s*(?:and|&)\s+(?:{_DET}\s+)?)?)$",
    re.I,
)


def pointer(text: str, start: int) -> bool:
    """Whether the mention at ``start`` only points at an order ("the bookshelf from the order
    with the office chair", "the backpack I got with the vacuum") rather than naming a target."""
    return start > 0 and _POINTER.search(text[max(0, start - 100) : start]) is not None


_CLAUSE = re.compile(r"[.;!?]+\s+|,\s*(?:and|also|plus)\s+|\s+and\s+(?=(?:the|my)\b)", re.I)


def clauses(text: str) -> list[str]:
    """The clauses of a message: sentences, and parts joined by ", and" or "and the/my" — so
    "a white mouse and the glass bookshelf" says white of the mouse only."""
    return [c for c in _CLAUSE.split(text) if c and c.strip()]
