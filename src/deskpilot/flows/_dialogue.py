"""Small language helpers for conversations: negation, pointers, clauses."""

from __future__ import annotations

import re
from collections.abc import Callable

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


_SENTENCE = re.compile(r"[.;!?]+\s+")


def clauses(text: str) -> list[str]:
    """The clauses of a message: sentences, and parts joined by ", and" or "and the/my" — so
    "a white mouse and the glass bookshelf" says white of the mouse only."""
    return [c for c in _CLAUSE.split(text) if c and c.strip()]


def carry_subjects(
    text: str, named: list[set[str]], single: Callable[[set[str]], bool] | None = None
) -> list[set[str]]:
    """``named`` (what each clause of ``clauses(text)`` names), where a clause naming nothing
    takes the single subject of the clause before it in the same sentence: in "the bookshelf
    should be brown, and a foot shorter", "a foot shorter" is said of the bookshelf. A clause
    naming nothing at the start of a sentence stays said of no one (of every item).
    ``single`` tells whether a clause's names are one subject (default: one name)."""
    one = single or (lambda names: len(names) == 1)
    sentence_of = [
        index for index, sentence in enumerate(_SENTENCE.split(text)) for _ in clauses(sentence)
    ]
    carried = [set(n) for n in named]
    for i in range(1, len(carried)):
        same = i < len(sentence_of) and sentence_of[i] == sentence_of[i - 1]
        if not carried[i] and same and carried[i - 1] and one(carried[i - 1]):
            carried[i] = set(carried[i - 1])
    return carried
