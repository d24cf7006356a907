"""Why each value of a request holds: its grounds, checked by the engine, never taken on trust.

The first safety invariant of the design: every argument of a proposed write traces to
evidence — the customer's own words, a record the verified customer owns, or their explicit
choice among options DeskPilot offered. A resolver says where a value came from
(``Resolution.grounds``): the words it read, the records it read. The engine keeps a ground
only when it holds in the conversation itself: the words are found in what the customer wrote,
the record is read as theirs through the guard. A choice among options offered, or a value
settled earlier (a subject of a request asked for several, a choice asked to be reused), is a
ground only the engine gives. A write whose argument has no ground that holds is not proposed.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from deskpilot.commands import CorrectSlot, SetSlot, Span
from deskpilot.domain import Case, Ground

# What a resolver may claim; a choice or an earlier value is the engine's to say.
_RESOLVER_SOURCES = frozenset({"said", "record"})
_PIECES = re.compile(r"[.;,:!?\n]+")
_NOT_WORD = re.compile(r"[^\w#@]+")


def _normal(text: str) -> str:
    return _NOT_WORD.sub(" ", text.lower()).strip()


def customer_words(text: str, case: Case) -> list[str]:
    """Everything the customer wrote that the conversation still holds, this message first."""
    d = case.dialogue
    kept = (text, d.said_first or "", *d.said, *d.messages, *d.last_said, *d.context)
    return [t for t in (*kept, *d.queued_said) if t]


def words_said(words: str, customer: Sequence[str]) -> bool:
    """Whether ``words`` were written by the customer: each of its pieces (between punctuation)
    is found in what they wrote, whatever the case and the spacing."""
    said = " ".join(_normal(t) for t in customer)
    pieces = [p for p in (_normal(piece) for piece in _PIECES.split(words)) if p]
    return bool(pieces) and all(p in said for p in pieces)


def holding(
    grounds: Iterable[Ground],
    customer: Sequence[str],
    record: Callable[[str, str], dict[str, Any] | None],
) -> tuple[Ground, ...]:
    """The grounds a resolver gave that hold: words the customer wrote, records read as theirs."""
    kept: list[Ground] = []
    for ground in grounds:
        if ground.source not in _RESOLVER_SOURCES or ground in kept:
            continue
        if ground.source == "said" and not words_said(ground.text, customer):
            continue
        if ground.source == "record" and record(ground.kind, ground.text) is None:
            continue
        kept.append(ground)
    return tuple(kept)


def untraced(case: Case, args: Iterable[str]) -> list[str]:
    """The slots among ``args`` (the slots a write's arguments use) with no ground kept."""
    return [name for name in args if not case.dialogue.grounds.get(name)]


def slot_command(
    name: str, value: Any, grounds: tuple[Ground, ...], before: Any, message: str
) -> SetSlot | CorrectSlot:
    """The command a filled slot gives the turn's event log: a value set, or one corrected
    (it replaces another), with the spans of this message its words were found at."""
    spans: list[Span] = []
    lowered = message.lower()
    for ground in grounds:
        at = lowered.find(ground.text.lower()) if ground.source == "said" and ground.text else -1
        if at >= 0:
            spans.append(Span(at, at + len(ground.text), message[at : at + len(ground.text)]))
    if before is not None:
        return CorrectSlot(slot=name, value=value, grounds=grounds, evidence=tuple(spans))
    return SetSlot(slot=name, value=value, grounds=grounds, evidence=tuple(spans))
