"""Slot kinds every workspace has without a domain pack: values understanding already types.

A flow's slot may name ``amount``, ``date`` or ``email`` as its resolver: the value is the one
entity of that type in the customer's words for the slot (an amount as a decimal string, a date
as an ISO date, an email address as written). Two different ones said at once is no value: the
flow asks its question. A domain pack's own kinds of the same name take precedence.
"""

from __future__ import annotations

from deskpilot.domain import Ground
from deskpilot.flows._slots import Resolution, Resolver, SlotContext


class EntityResolver:
    """The one value of an entity type that understanding found in the slot's words."""

    def __init__(self, entity: str) -> None:
        self._entity = entity

    def __call__(self, ctx: SlotContext) -> Resolution | None:
        """The value said in ``ctx.text`` (one, or the same one repeated), or None."""
        said = [
            e for e in ctx.understanding.entities_of(self._entity) if e.text and e.text in ctx.text
        ]
        found = {str(e.value) for e in said}
        if len(found) != 1:
            return None
        return Resolution(value=found.pop(), grounds=tuple(Ground.said(e.text) for e in said))


TYPED_RESOLVERS: dict[str, Resolver] = {
    kind: EntityResolver(kind) for kind in ("amount", "date", "email")
}
