"""Where the store's slot values come from: the grounds each resolution gives the engine.

The engine proposes no write whose argument has no ground that holds (``deskpilot.flows``
checks them against the conversation and the customer's records). Here the store says, for
each kind of slot, what its value rests on: an order, or the items of one, are records of the
customer's (and the words that named them, when the words did); a new variant rests on the
words that described it; a payment method or an address on the words that named it, or on the
record it was taken from (the order's own payment, an address on file): those resolvers say
so themselves.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

from deskpilot.domain import Ground
from deskpilot.flows import Resolution, Resolver, SlotContext

Grounder = Callable[[SlotContext, Resolution], tuple[Ground, ...]]


def _words(ctx: SlotContext, found: Resolution) -> tuple[Ground, ...]:
    return (Ground.said(ctx.text),) if ctx.text.strip() else ()


def _order(ctx: SlotContext, found: Resolution) -> tuple[Ground, ...]:
    order_id = str(found.value)
    digits = order_id.lstrip("#W")
    at = ctx.text.find(digits) if digits else -1
    said: tuple[Ground, ...] = ()
    if at >= 0:
        start = at - 1 if at > 0 and ctx.text[at - 1] in "Ww" else at
        start = start - 1 if start > 0 and ctx.text[start - 1] == "#" else start
        said = (Ground.said(ctx.text[start : at + len(digits)]),)
    return (*said, Ground.record("order", order_id))


def _items(ctx: SlotContext, found: Resolution) -> tuple[Ground, ...]:
    order_id = str(ctx.slots.get(ctx.options.get("order_slot", "order_id"), ""))
    order = ctx.record("order", order_id)
    if order is None:
        return ()
    ids = set(found.value)
    named: list[Ground] = []
    if ctx.catalogue is not None:
        for entity in ctx.catalogue.match(ctx.text, order["items"]):
            item_ids = entity.value.get("item_ids", ()) if isinstance(entity.value, dict) else ()
            if entity.type == "item" and ids & set(item_ids) and entity.text:
                named.append(Ground.said(entity.text))
    return (*dict.fromkeys(named), Ground.record("order", order_id))


def _described(ctx: SlotContext, found: Resolution) -> tuple[Ground, ...]:
    """A new variant: the words that name its product or options, or all the words read (a
    comparison — "a bigger one" — names no option value)."""
    if ctx.catalogue is None:
        return _words(ctx, found)
    named = [
        Ground.said(e.text)
        for e in ctx.catalogue.match(ctx.text)
        if e.type in ("product", "option") and e.text
    ]
    return tuple(dict.fromkeys(named)) or _words(ctx, found)


_GROUNDERS: dict[str, Grounder] = {
    "order": _order,
    "order_items": _items,
    "variants": _described,
}


def grounded(kind: str, resolve: Resolver) -> Resolver:
    """``resolve`` giving the grounds of what it finds, for slot kind ``kind`` (the words read,
    unless the kind says better); grounds the resolver gave itself are kept."""
    ground = _GROUNDERS.get(kind, _words)

    def resolve_grounded(ctx: SlotContext) -> Resolution | None:
        found = resolve(ctx)
        if found is None or not found.resolved or found.grounds:
            return found
        return replace(found, grounds=ground(ctx, found))

    return resolve_grounded


def grounded_all(resolvers: dict[str, Any]) -> dict[str, Resolver]:
    """Every resolver of the store, grounded by its kind."""
    return {kind: grounded(kind, resolve) for kind, resolve in resolvers.items()}
