"""Slot kinds every workspace has without a domain pack: values understanding already types,
and words the span tagger marks.

A flow's slot may name ``amount``, ``date`` or ``email`` as its resolver: the value is the one
entity of that type in the customer's words for the slot (an amount as a decimal string, a date
as an ISO date, an email address as written). Two different ones said at once is no value
unless the words the span tagger marked for the kind hold one of them ("refund [$20] of the
$50"): otherwise the flow asks its question. A domain pack's own kinds of the same name take
precedence. ``slots.yaml`` may declare a kind of one of these types under its own name
(``refund_amount: {type: amount}``), or of type ``text``: the customer's own words, as the
span tagger marks them.
"""

from __future__ import annotations

from deskpilot.domain import Entity, Ground
from deskpilot.flows._slots import Resolution, Resolver, SlotContext
from deskpilot.nlu.entities import to_come
from deskpilot.workspace import SlotsFile


class EntityResolver:
    """The one value of an entity type that understanding found in the slot's words; with
    ``ahead``, a date of something to come ("on Friday": the coming one, not the last)."""

    def __init__(self, entity: str, *, ahead: bool = False) -> None:
        self._entity = entity
        self._ahead = ahead

    def _value(self, e: Entity) -> str:
        return to_come(e.text, str(e.value)) if self._ahead else str(e.value)

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


def declared_resolvers(slots: SlotsFile) -> dict[str, Resolver]:
    """A resolver for each kind ``slots.yaml`` declares of a type the engine reads itself
    (``amount``, ``date``, ``email``, ``text``)."""
    out: dict[str, Resolver] = {}
    for kind, spec in slots.kinds.items():
        if spec.type in ("amount", "date", "email"):
            out[kind] = EntityResolver(spec.type, ahead=spec.ahead)
        elif spec.type == "text":
            out[kind] = MarkedWordsResolver()
    return out


TYPED_RESOLVERS: dict[str, Resolver] = {
    kind: EntityResolver(kind) for kind in ("amount", "date", "email")
}
