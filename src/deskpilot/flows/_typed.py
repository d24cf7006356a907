"""Slot kinds every workspace has without a domain pack: values understanding already types,
and words the span tagger marks.

A flow's slot may name ``amount``, ``date`` or ``email`` as its resolver: the value is the one
entity of that type in the customer's words for the slot (an amount as a decimal string, a date
as an ISO date, an email address as written). Two different ones said at once is no value
unless the words the span tagger marked for the kind hold one of them ("refund [$20] of the
$50"): otherwise the flow asks its question. A domain pack's own kinds of the same name take
precedence. ``slots.yaml`` may declare a kind of one of these types under its own name
(``refund_amount: {type: amount}``), or of type ``text``: the customer's own words, as the
span tagger marks them, or of type ``count``: a whole number said before one of the kind's
``units`` ("2 checked bags", "one more suitcase"; number words are the vocabulary's
``scales.numbers``), or a short answer that is only a number ("two").
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from deskpilot.domain import Entity, Ground
from deskpilot.flows._dialogue import sentence_at
from deskpilot.flows._slots import Resolution, Resolver, SlotContext
from deskpilot.nlu.entities import NO_DATE_FORMS, DateForms, to_come
from deskpilot.workspace import SlotsFile, phrases

_GAP = 2  # words between a number and its unit: "2 checked bags", "one more suitcase"
_SHORT = 4  # an answer this short may be a number alone: "two", "just 1 please"


class EntityResolver:
    """The one value of an entity type that understanding found in the slot's words; with
    ``ahead``, a date of something to come ("on Friday": the coming one, not the last), read
    in the workspace's date words (``dates``)."""

    def __init__(
        self, entity: str, *, ahead: bool = False, dates: DateForms = NO_DATE_FORMS
    ) -> None:
        self._entity = entity
        self._ahead = ahead
        self._dates = dates

    def _value(self, e: Entity) -> str:
        return to_come(e.text, str(e.value), self._dates) if self._ahead else str(e.value)

    def __call__(self, ctx: SlotContext) -> Resolution | None:
        """The value said in ``ctx.text`` (one, or the same one repeated), or None."""
        said = [
            e for e in ctx.understanding.entities_of(self._entity) if e.text and e.text in ctx.text
        ]
        found = {self._value(e) for e in said}
        if len(found) > 1:
            said = [
                e for e in said if any(m.start <= e.start and e.end <= m.end for m in ctx.marked)
            ]
            found = {self._value(e) for e in said}
        if len(found) != 1:
            return None
        return Resolution(value=found.pop(), grounds=tuple(Ground.said(e.text) for e in said))


class MarkedWordsResolver:
    """A kind whose value is the customer's own words (a note for the courier, what went
    wrong): the one stretch of words the span tagger marked for it."""

    def __call__(self, ctx: SlotContext) -> Resolution | None:
        """The marked words, or None when none or several different ones are marked."""
        said = {m.text for m in ctx.marked}
        if len(said) != 1:
            return None
        words = said.pop()
        return Resolution(value=words, grounds=(Ground.said(words),))


class CountResolver:
    """A kind whose value is how many of something: the one whole number said before one of
    its units, with at most two words between ("2 checked bags", "one more suitcase"), or a
    short answer that is only a number ("two", "just 1"). A number with one of the kind's
    ``totals`` beside it ("3 bags in total", "a total of 3") is the whole number: a kind that
    is a ``total`` reads only those, any other kind only the rest. A number in a sentence with
    one of its ``unclear`` words ("one suitcase each", "I already have 2 bags") is not
    taken."""

    def __init__(
        self,
        units: Sequence[str],
        numbers: Mapping[str, float],
        totals: Sequence[str] = (),
        unclear: Sequence[str] = (),
        *,
        total: bool = False,
    ) -> None:
        self._words = {w.lower(): int(n) for w, n in numbers.items() if float(n).is_integer()}
        number = r"\d{1,3}(?![\w.,%])"
        if self._words:
            number = f"{number}|{phrases(self._words)}"
        lone = rf"(?<![\w.,$/-])({number})"
        word = rf"(?!(?:{number})\W)[\w'-]+"  # no number between a number and its unit
        gap = rf"(?:\s+{word}){{0,{_GAP}}}?"
        self._counted = re.compile(rf"{lone}{gap}\s+(?:{phrases(units)})", re.I)
        self._lone = re.compile(lone, re.I)
        said_total = phrases(totals)
        self._totals = re.compile(
            rf"{lone}(?:{gap}\s+(?:{phrases(units)}))?\s+(?:{said_total})(?!\s+(?:{number}))"
            rf"|(?:{said_total})\s+{lone}",
            re.I,
        )
        self._total = total
        self._unclear = re.compile(phrases(unclear), re.I)

    def __call__(self, ctx: SlotContext) -> Resolution | None:
        """The number said, or None when none is, or two different ones are and the words the
        span tagger marked for the kind do not tell which."""
        totals = list(self._totals.finditer(ctx.text))
        if self._total:
            said = totals
        else:
            said = [
                m
                for m in self._counted.finditer(ctx.text)
                if not any(t.start() <= m.start(1) < t.end() for t in totals)
            ]
            if not said and not totals and len(ctx.text.split()) <= _SHORT:
                said = list(self._lone.finditer(ctx.text))
        # "one suitcase each", "I already have 2" is not how many to add: the flow asks.
        said = [m for m in said if not self._unclear.search(sentence_at(ctx.text, m.start()))]
        if len({self._value(m) for m in said}) > 1:
            said = [m for m in said if any(m.group() in k.text for k in ctx.marked)]
        found = {self._value(m) for m in said}
        if len(found) != 1:
            return None
        return Resolution(value=found.pop(), grounds=tuple(Ground.said(m.group()) for m in said))

    def _value(self, m: re.Match[str]) -> int:
        number = next(n for n in m.groups() if n is not None)
        return int(number) if number.isdigit() else self._words[number.lower()]


def declared_resolvers(
    slots: SlotsFile,
    numbers: Mapping[str, float] | None = None,
    dates: DateForms = NO_DATE_FORMS,
) -> dict[str, Resolver]:
    """A resolver for each kind ``slots.yaml`` declares of a type the engine reads itself
    (``amount``, ``date``, ``email``, ``text``, ``count``, whose number words are
    ``numbers``; a date to come is read in the words of ``dates``)."""
    out: dict[str, Resolver] = {}
    for kind, spec in slots.kinds.items():
        if spec.type in ("amount", "date", "email"):
            out[kind] = EntityResolver(spec.type, ahead=spec.ahead, dates=dates)
        elif spec.type == "text":
            out[kind] = MarkedWordsResolver()
        elif spec.type == "count":
            out[kind] = CountResolver(
                spec.units, numbers or {}, spec.totals, spec.unclear, total=spec.total
            )
    return out


TYPED_RESOLVERS: dict[str, Resolver] = {
    kind: EntityResolver(kind) for kind in ("amount", "date", "email")
}
