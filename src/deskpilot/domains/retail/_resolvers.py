"""The store's slot resolvers: turning what the customer said into exact ids (orders, items,
variants, payment methods, addresses, products), or a question naming the choices.

A resolver never guesses: when nothing fits it returns nothing (the flow asks), when two things
fit it returns the choices (the flow asks, naming them).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import replace
from functools import partial
from itertools import pairwise
from typing import Any

from deskpilot.domain import Entity, Ground
from deskpilot.flows import Phrasing, Record, Resolution, Resolver, SlotContext
from deskpilot.workspace import SENTENCE_BREAK, phrases

from ._address import STATE_NAMES, parse_address
from ._common import method_label
from ._matcher import CatalogueEntityMatcher
from ._numbers import number_spans
from ._order_words import OrderWords
from ._variants import (
    NO_SCALES,
    Scales,
    Unheard,
    _options_of,
    any_spelling,
    available_values,
    choose_variant,
    matching_variants,
    value_pattern,
)

# Whether the words around a mention (text, start, end) set it aside: "the boots I'm keeping".
Aside = Callable[[str, int, int], bool]


def _kept_nowhere(text: str, start: int, end: int) -> bool:
    return False


def _either(first: Aside, second: Aside) -> Aside:
    def either(text: str, start: int, end: int) -> bool:
        return first(text, start, end) or second(text, start, end)

    return either


def orders_of(ctx: SlotContext) -> list[Record]:
    if ctx.user is None:
        return []
    found = [ctx.record("order", oid) for oid in ctx.user.get("orders", [])]
    return [o for o in found if o is not None]


def _order_label(order: Record) -> str:
    names = ", ".join(sorted({i["name"] for i in order.get("items", [])}))
    return f"{order['order_id']} ({order['status']}: {names})"


def resolve_order(
    ctx: SlotContext,
    words: OrderWords,
    aside: Aside | None = None,
    model: Aside | None = None,
    exactly: Aside | None = None,
    states: Callable[[str], tuple[set[str], set[str]]] | None = None,
    kept: Aside | None = None,
) -> Resolution | None:
    """An order id the customer named, the one order holding the product they named, or the
    order they described (all of them, the latest, its last digits, its city, its status);
    ``aside`` tells where the workspace's words set a mention aside ("… orders are fine"),
    ``model`` where they make it the model of the request ("the same address as my lamp
    order"): neither names the order meant, and with the slot's ``model_elsewhere`` the order
    the model names is never the one changed; ``exactly`` where they say what they name is all
    the order holds ("my order with only the bookshelf and the bottle"); ``states`` the states
    the words say of it and rule out ("in my other pending order … not the pair I already
    received"); ``kept`` where they keep a mention as it is ("#W1 is fine, I'm keeping it"):
    an order named so is no target, nor one left to choose from; ``words`` are the
    workspace's ``resolvers`` words, compiled."""
    found = _resolve_order(ctx, words, aside, model, exactly, states, kept)
    if not ctx.options.get("model_elsewhere"):
        return found  # "the puzzle that came in the same box as my camera": the same order
    sources = _model_orders(ctx, words, model)
    if found is None or not sources:
        return found
    return _not_a_source(
        found,
        sources,
        ctx,
        partial(
            _resolve_order,
            words=words,
            aside=aside,
            model=model,
            exactly=exactly,
            states=states,
            kept=kept,
        ),
        model,
    )


def _model_orders(ctx: SlotContext, words: OrderWords, model: Aside | None) -> set[str]:
    """The orders the request takes something from, never the one it changes: an order whose
    id follows the workspace's words of reference ("the same address as #W2"), or the one
    order holding every product named as the model ("the same address as my order with the
    digital camera", "ship it to the address where my lamp order is going")."""
    sources = set(re.findall(words.reference + r"(#W\d{7})", ctx.text, re.I))
    if model is None or ctx.catalogue is None:
        return sources
    modelled = _mentions(
        e
        for e in ctx.catalogue.match(ctx.text)
        if e.type == "product"
        and model(ctx.text, e.start, e.end)
        and not ctx.phrasing.negated(ctx.text, e.start)
    )
    holding = [
        o for o in orders_of(ctx) if modelled and all(m & products_held(o) for m in modelled)
    ]
    if len(holding) == 1:
        sources.add(str(holding[0]["order_id"]))
    return sources


def _not_a_source(
    found: Resolution,
    sources: set[str],
    ctx: SlotContext,
    again: Callable[[SlotContext], Resolution | None],
    model: Aside | None,
) -> Resolution | None:
    """``found``, unless it is an order the request only takes something from ("the other
    order, bookshelf + water bottle - send it to houston, the same address as my order with the
    digital camera": the camera's order, in Houston, holds a bookshelf and a bottle too). Then
    the order the other words describe among the customer's remaining orders (``again``), when
    it holds every product named not as the model; otherwise nothing, and the flow asks which
    order is meant. Choices offered leave the model's order out."""
    if not found.resolved:
        return _choices_apart(found, sources)
    ids = [str(found.value), *(str(m) for m in found.more)]
    if not set(ids) & sources:
        return found
    if found.more:
        rest = [i for i in ids if i not in sources]
        return Resolution(value=rest[0], more=tuple(rest[1:])) if rest else None
    if ctx.user is None:
        return None
    others = [o for o in ctx.user.get("orders", []) if o not in sources]
    described = again(replace(ctx, user={**ctx.user, "orders": others}))
    target = ctx.record("order", str(described.value)) if described and described.resolved else None
    said = [
        e
        for e in (ctx.catalogue.match(ctx.text) if ctx.catalogue is not None else ())
        if e.type == "product"
        and not (model is not None and model(ctx.text, e.start, e.end))
        and not ctx.phrasing.negated(ctx.text, e.start)
    ]
    mentions = _mentions(said)
    if target is None or not mentions or not all(m & products_held(target) for m in mentions):
        return None
    return described


def _choices_apart(found: Resolution, sources: set[str]) -> Resolution | None:
    """The orders ``found`` asks to choose among (each labelled by its id first), without those
    the request copies from: the one left, when one is."""
    kept = tuple(c for c in found.choices if c.split(" ", 1)[0] not in sources)
    if kept == found.choices or len(kept) > 1:
        return replace(found, choices=kept)
    return Resolution(value=kept[0].split(" ", 1)[0]) if kept else None


def _resolve_order(
    ctx: SlotContext,
    words: OrderWords,
    aside: Aside | None = None,
    model: Aside | None = None,
    exactly: Aside | None = None,
    states: Callable[[str], tuple[set[str], set[str]]] | None = None,
    kept: Aside | None = None,
) -> Resolution | None:
    """``resolve_order`` before the model's order is set apart."""
    after = ctx.phrasing.corrected(ctx.text)
    if after is not None:
        # "Cancel my order going to Dallas … no wait, not the Dallas one - the other one, with
        # the headphones": the order described after the correction, when it describes one.
        corrected = resolve_order(
            replace(ctx, text=after), words, aside, model, exactly, states, kept
        )
        if corrected is not None and corrected.resolved:
            return corrected
    aside = _either(aside or _kept_nowhere, model or _kept_nowhere)
    exactly = exactly or _kept_nowhere
    statuses = tuple(ctx.options.get("statuses", ()))
    # Order ids of this part of the message only ("W5061109" and "9502127" are read as ids too).
    named = [
        e.value
        for e in ctx.understanding.entities_of("order_id")
        if re.sub(r"\D", "", str(e.value)) in ctx.text
    ]
    named += re.findall(r"#W\d{7}", ctx.text)
    # "Order #W1 is fine, I'm keeping it. Please cancel my pending order": not that one.
    keeps = kept_ids(ctx, kept) if kept is not None else set()
    named = [n for n in named if n not in keeps]
    references = set(re.findall(words.reference + r"(#W\d{7})", ctx.text, re.I))
    # "Cancel #W1, not #W2": an order ruled out is no target either.
    references |= set(re.findall(words.ruled_out + r"(#W\d{7})", ctx.text, re.I))
    if named and set(named) <= references:
        named = []  # "same as my order #W2" only points at another order: no target named
    if named:
        # "Change #W1 to the same address as #W2": the order pointed *to* is not the target.
        targets = list(dict.fromkeys(n for n in named if n not in references)) or named
        if len(set(targets)) > 1:
            by_part, parts_described = _by_described_parts(
                ctx, words, _fitting(ctx, statuses), orders_of(ctx), aside, exactly, model
            )
            if by_part is not None and parts_described > 1:
                return by_part  # "For #W1, exchange the keyboard. And for #W2, the kettle."
            return _one_of_named(ctx, words, targets, statuses)
        if words.hedged.search(ctx.text):
            # "I think it's #W… but I'm not sure": the order holding what they named wins.
            holder = _order_by_product(
                ctx, words, _fitting(ctx, statuses), orders_of(ctx), aside, exactly
            )
            order = ctx.record("order", targets[0])
            names = {i["name"] for i in order["items"]} if order else set()
            products = (
                {e.value for e in ctx.catalogue.match(ctx.text) if e.type == "product"}
                if ctx.catalogue
                else set()
            )
            if holder is not None and holder.resolved and products and not products & names:
                return holder
        return Resolution(value=targets[0])
    orders = orders_of(ctx)
    mine = {str(o["order_id"]) for o in orders}
    if any(o not in mine for o in re.findall(r"#W\d{7}", " ".join(ctx.dialogue.said))):
        # The request named an order that is not theirs (refused): none of theirs stands in.
        return None
    # "Cancel all my pending orders except the one with the vacuum": never that one.
    apart = _set_apart(ctx, words, orders) | keeps
    orders = [o for o in orders if str(o["order_id"]) not in apart]
    said, denied = states(ctx.text) if states is not None else (set(), set())
    if said and denied - said:
        # "No, not the one in the pending order - the one I already received": an order in a
        # state the customer ruled out, beside the state they said, is never the one meant.
        orders = [o for o in orders if not _in_state(o, denied - said)]
    candidates = [o for o in orders if not statuses or o["status"] in statuses]
    if statuses and denied & set(statuses) and said and not said & set(statuses):
        # "In my other pending order: the sunglasses … (not the pair I already received)",
        # asked as an exchange: the order in the state they said is meant (the flow's checks
        # then redirect), not the one in the state they ruled out.
        candidates = [o for o in orders if any(str(o["status"]).startswith(s) for s in said)]
    by_part, parts_described = _by_described_parts(
        ctx, words, candidates, orders, aside, exactly, model
    )
    if by_part is not None and parts_described > 1:
        return by_part
    if ctx.options.get("only_one") and len(candidates) == 1 and len(orders) == 1:
        return Resolution(value=candidates[0]["order_id"])
    live = [o for o in candidates if o["status"] != "cancelled"]
    if ctx.options.get("live_one") and len(live) == 1 and words.about_delivery.search(ctx.text):
        # "Where did my order go, what's the tracking number?" with one order not cancelled.
        return Resolution(value=live[0]["order_id"])
    last = ctx.dialogue.memory.get("order")
    if last and words.same_order.search(ctx.text) and _holds_named(ctx, orders, last):
        # "in the same order, the keyboard …": the order just talked about, whatever else
        # holds a keyboard
        return Resolution(value=last)
    by_product = _order_by_product(ctx, words, candidates, orders, aside, exactly)
    if by_product is not None and by_product.resolved:
        asking = _by_asking_sentence(ctx, words, candidates, by_product.value, aside)
        if asking is not None and asking != by_product.value:
            # "My makeup kit arrived in the wrong tone, it should be Brand B. Also I want to
            # return everything from my other delivery, the fleece jacket, the vacuum …": the
            # return is of the order its own sentence names, not of the one whose options the
            # message also says.
            by_product = Resolution(value=asking)
    if by_product is not None and _only_models(ctx, model):
        # "yes, the same address as my keyboard order": what is named is only the model of the
        # request, never the order it is about.
        by_product = None
    if by_product is not None and by_product.resolved and words.other_order.search(ctx.text):
        # "my luggage order already goes there, but my other order does not": not that one.
        rest = [o for o in candidates if o["order_id"] != by_product.value]
        return Resolution(value=rest[0]["order_id"]) if len(rest) == 1 else None
    if by_product is not None and by_product.resolved:
        return by_product
    holders = [o for o in orders if by_product and _order_label(o) in by_product.choices]
    if last and any(o["order_id"] == last for o in holders):
        # "… send it to the same address as my bicycle order. And those boots - size 7 - I'd
        # like them in synthetic": of the orders holding the boots, the one just talked about.
        return Resolution(value=last)
    question = ctx.dialogue.question
    listed = [o for o in orders if question and _order_label(o) in question.choices]
    if len(listed) > 1 and ctx.answering() and words.every_listed.search(ctx.text):
        # "Which order are the items from? …" answered "both of them": every order listed,
        # each with the words said before and the rest of the answer, not "both of them"
        # (which says which orders, not which of their items).
        ids = [str(o["order_id"]) for o in listed]
        beyond = words.every_listed.sub("", ctx.text).strip(" ,.;:!?")
        told = [str(s) for s in ctx.dialogue.said if s != ctx.text]
        each = tuple([*told, beyond] if beyond else told)
        return Resolution(
            value=ids[0], more=tuple(ids[1:]), words=each, more_words=tuple(each for _ in ids[1:])
        )
    described = _described_order(words, ctx.text, candidates, orders)
    if ctx.catalogue is not None:
        mentioned = [e for e in ctx.catalogue.match(ctx.text) if e.type == "product"]
        described = _not_the_model(described, ctx.text, mentioned, orders, model)
    if described is not None and holders and all(o["order_id"] != described.value for o in holders):
        # A city or a state said of something else ("the same address as the bicycle order,
        # in Denver") does not describe an order holding none of the products named.
        described = None
    if described is not None and described.resolved:
        return described
    earlier = " ".join(ctx.dialogue.last_said)
    if earlier and words.mine.search(ctx.text) and (by_product is None or not by_product.resolved):
        # "Exchange the one I have" after "I love the perfume I bought": the product named then.
        before = replace(ctx, text=earlier)
        from_then = _order_by_product(before, words, candidates, orders, aside, exactly)
        if from_then is not None and from_then.resolved:
            return from_then
    if last and words.that_order.search(ctx.text):
        return Resolution(value=last)  # "cancel that whole order": the one just talked about
    # "The order with the grinder was a mistake. Please cancel it. My monitor order is fine."
    if by_part is not None and parts_described == 1 and not by_part.more:
        return Resolution(value=by_part.value)
    if (
        described is None
        and by_product is None
        and last
        and any(o["order_id"] == last for o in candidates)
        and words.them.search(ctx.text)
        and not words.another.search(ctx.text)
    ):
        # "What colours does the kettle in my order come in?" … "Change it to black then":
        # nothing names an order, and "it" is what was just talked about.
        return Resolution(value=last)
    if described is None and by_product is None and not last and _points_back(ctx, words):
        # "How much more would the black tablet cost than the silver one I received?" … "let's
        # exchange it for the black one": "it" is the product the last request named, in the
        # one order of the request's kind holding it
        from_then = _order_by_product(
            replace(ctx, text=earlier), words, candidates, orders, aside, exactly
        )
        if from_then is not None and from_then.resolved:
            return from_then
    return described if described is not None else by_product


def _by_asking_sentence(
    ctx: SlotContext, words: OrderWords, candidates: Sequence[Record], found: Any, aside: Aside
) -> str | None:
    """The one order holding every product named in the sentences that say the flow's cue
    (its request's verb), when the message has other sentences too and the order ``found``
    holds none of those products; None when those sentences name no product, their products
    are not all in one order, or ``found`` holds one of them ("cancel my order with just the
    glass tea kettle" keeps the order holding only the kettle)."""
    cue = ctx.options.get("cue")
    if not cue or ctx.catalogue is None:
        return None
    sentences = [m.span() for m in re.finditer(r"[^.!?;\n]+", ctx.text)]
    asking = [(a, b) for a, b in sentences if cue_said(words, str(cue), ctx.text[a:b])]
    if len(sentences) < 2 or not asking:
        return None
    if any(
        name and name == ctx.case.intent and not cue_said(words, str(cue), piece)
        for name, piece in ctx.understanding.parts
    ):
        # "The coffee grinder I got is rattling. I want a new one … Also exchange my desk
        # chair …": another part asks the same request without its verb; the order found for
        # it stays.
        return None
    named = _mentions(
        e
        for e in ctx.catalogue.match(ctx.text)
        if e.type == "product"
        and any(a <= e.start < b for a, b in asking)
        and not ctx.phrasing.negated(ctx.text, e.start)
        and not aside(ctx.text, e.start, e.end)
    )
    holding = [o for o in candidates if named and all(m & products_held(o) for m in named)]
    record = ctx.record("order", str(found))
    if record is None or any(m & products_held(record) for m in named):
        return None
    return str(holding[0]["order_id"]) if len(holding) == 1 else None


def _points_back(ctx: SlotContext, words: OrderWords) -> bool:
    """Whether the request's words point back ("exchange it for …") at what the last request
    was about, naming no product of their own and no other thing ("another one")."""
    if not ctx.dialogue.last_said or ctx.catalogue is None:
        return False
    if not words.them.search(ctx.text) or words.another.search(ctx.text):
        return False
    return not any(e.type == "product" for e in ctx.catalogue.match(ctx.text))


def kept_ids(ctx: SlotContext, kept: Aside) -> set[str]:
    """The customer's orders named by their id in ``ctx.text`` and kept as they are wherever
    they are named ("#W1 is fine", "keeping #W1"): the workspace's words, not a negation,
    which may ask for the request itself ("I don't need #W1 any more")."""
    found: set[str] = set()
    for order in orders_of(ctx):
        digits = re.sub(r"\D", "", str(order["order_id"]))
        if not digits:
            continue
        spans = number_spans(ctx.text).get(digits, ())
        if spans and all(kept(ctx.text, start, end) for start, end in spans):
            found.add(str(order["order_id"]))
    return found


def _in_state(order: Record, states: set[str]) -> bool:
    """Whether ``order``'s status is one of ``states`` (a status starts with its state)."""
    return any(str(order["status"]).startswith(state) for state in states)


def _holds_named(ctx: SlotContext, orders: Sequence[Record], order_id: str) -> bool:
    """Whether ``order_id`` is one of ``orders`` and holds a product the words name, if they
    name any: "… cancel it. In that order I also want the laptop upgraded" is not about the
    order just cancelled when that one holds no laptop."""
    order = next((o for o in orders if o["order_id"] == order_id), None)
    if order is None:
        return False
    if ctx.catalogue is None:
        return True
    named = {e.value for e in ctx.catalogue.match(ctx.text) if e.type == "product"}
    return not named or any(i["name"] in named for i in order["items"])


def _set_apart(ctx: SlotContext, words: OrderWords, orders: Sequence[Record]) -> set[str]:
    """The orders a part of the message sets apart from the request's targets: described right
    after a setting-apart word ("except the one with the vacuum cleaner and the t-shirt",
    "apart from my lamp order"), to the end of the part. A product named alone ("everything
    except the camera") sets apart an item, not its order."""
    if ctx.catalogue is None or len(orders) < 2:
        return set()
    apart: set[str] = set()
    for start, end in _parts(words, ctx.text):
        # after a setting-apart word, or after words saying not to do the request ("but don't
        # cancel my order with the bookshelf")
        ends = [m.end() for m in words.set_apart.finditer(ctx.text, start, end)]
        ends += [at for at in ctx.not_asked if start <= at < end]
        for after in ends:
            rest = ctx.text[after:end]
            # Only an order described by what it holds ("the one with …", "my lamp order"),
            # not "the tablet from my delivered order": an item set apart inside its order.
            # What is set apart is what follows the word first: "other than the e-reader and
            # the tablet from the order with the skateboard" sets apart two items, and the
            # order described after them is the request's own.
            products = sorted(
                (e for e in ctx.catalogue.match(rest) if e.type == "product"),
                key=lambda e: e.start,
            )
            describing = [
                e
                for e in products
                if _describes_an_order(ctx.phrasing, words, rest, e.start)
                or words.order_after.match(rest[e.end :])
            ]
            if not describing or describing[0].start != products[0].start:
                continue
            pointing = _mentions(describing)
            holding = [
                o for o in orders if pointing and all(m & products_held(o) for m in pointing)
            ]
            if len(holding) == 1:
                apart.add(str(holding[0]["order_id"]))
    return apart


def _parts(words: OrderWords, text: str) -> list[tuple[int, int]]:
    """Where each part of ``text`` starts and ends: a sentence, or after ", and" / "; also"."""
    spans, start = [], 0
    for m in [*words.part.finditer(text), None]:
        end = m.start() if m else len(text)
        if text[start:end].strip():
            spans.append((start, end))
        if m is None:
            break
        start = m.end()
    return spans


def _pieces(words: OrderWords, text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The part ``text[start:end]`` cut before each further order of a list it describes ("…
    and the one with the headphones", "… and my lamp order")."""
    cuts = [start + m.start() for m in words.another_order.finditer(text[start:end])]
    bounds = [start, *cuts, end]
    return [(a, b) for a, b in pairwise(bounds) if text[a:b].strip()]


def _part_order(
    ph: Phrasing,
    words: OrderWords,
    part: str,
    products: Sequence[Any],
    orders: Sequence[Record],
    aside: Aside,
    exactly: Aside = _kept_nowhere,
    model: Aside | None = None,
) -> tuple[str | None, bool]:
    """The one order a part of a message is about, and whether the customer described it
    explicitly (by its number, or "the order with the kettle and the lamp") rather than only
    by naming a product that one order holds."""
    # "same as my order #W2" points at another order's details: it describes no target.
    referred = set(
        _named_ids_in(" ".join(re.findall(words.reference + r"(#?W?\d{7})", part)), orders)
    )
    ids = [i for i in _named_ids_in(part, orders) if i not in referred]
    if len(ids) == 1:
        return ids[0], True
    # "the order with the kettle and the lamp", "my makeup kit order": an order described by
    # what it holds.
    pointing = _mentions(
        e
        for e in products
        if (_describes_an_order(ph, words, part, e.start) or words.order_after.match(part[e.end :]))
        and not aside(part, e.start, e.end)
    )
    named = _mentions(
        e
        for e in products
        if not ph.pointer(part, e.start)
        and not ph.negated(part, e.start)
        and not aside(part, e.start, e.end)
    )
    only = any(exactly(part, e.start, e.end) for e in products)
    for said, explicit in ((pointing, True), (named, False)):
        holding = [o for o in orders if said and all(m & products_held(o) for m in said)]
        if len(holding) > 1 and only:
            # "the one with just the t-shirt": the order holding nothing else
            holding = [o for o in holding if _holds_only(o, said)] or holding
        if len(holding) == 1:
            return str(holding[0]["order_id"]), explicit
    # "the order going to Charlotte", "my latest order": described by where, when or how.
    described = (
        _described_order(words, part, orders, orders) if words.order_word.search(part) else None
    )
    described = _not_the_model(described, part, products, orders, model)
    if described is not None and described.resolved and not described.more:
        return str(described.value), True
    return None, False


def _only_models(ctx: SlotContext, model: Aside | None) -> bool:
    """Whether every product ``ctx.text`` names is the model of the request ("the same
    address as my keyboard order")."""
    if model is None or ctx.catalogue is None:
        return False
    named = [e for e in ctx.catalogue.match(ctx.text) if e.type == "product"]
    return bool(named) and all(model(ctx.text, e.start, e.end) for e in named)


def _not_the_model(
    described: Resolution | None,
    text: str,
    products: Sequence[Any],
    orders: Sequence[Record],
    model: Aside | None,
) -> Resolution | None:
    """``described``, unless it is the order that holds what ``text`` names as the model of
    the request: in "the same address as my keyboard order, in Austin" the city is said of the
    keyboard's order, which is where the address comes from, not the order to change — unless
    it holds something else the words name, of which the request may be."""
    if described is None or not described.resolved or model is None:
        return described
    modelled = _mentions(e for e in products if model(text, e.start, e.end))
    others = _mentions(e for e in products if not model(text, e.start, e.end))
    order = next((o for o in orders if o["order_id"] == described.value), None)
    if order is None or not modelled or any(m & products_held(order) for m in others):
        return described  # it holds what the request is about too ("… going to New York")
    return None if all(m & products_held(order) for m in modelled) else described


def _describes_an_order(ph: Phrasing, words: OrderWords, text: str, start: int) -> bool:
    """Whether the mention at ``start`` describes an order by what it holds ("my order with the
    speaker and the dumbbells"), not only points somewhere ("it went with the tablet")."""
    before = text[max(0, start - 60) : start]
    # "the one with the skateboard and the boots", "the t-shirt and vacuum one": "one" stands
    # for an order.
    return ph.pointer(text, start) and words.order_or_one.search(before) is not None


def _named_ids_in(text: str, orders: Sequence[Record]) -> list[str]:
    """The ids of ``orders`` that ``text`` names, with or without the '#' and letters the
    workspace's records put before an id's digits ("W8770097" is "#W8770097")."""
    digits = {re.sub(r"\D", "", str(o["order_id"])): str(o["order_id"]) for o in orders}
    found = [digits[d] for d in re.findall(r"(?<!\d)\d{7}(?!\d)", text) if d in digits]
    return list(dict.fromkeys(found))


def describes_order(ctx: SlotContext, order_id: Any, words: str) -> bool:
    """Whether ``words`` speak of order ``order_id``: its number, or a product it holds ("I
    ordered the fleece jacket by mistake")."""
    order = ctx.record("order", str(order_id))
    if order is None:
        return False
    if _named_ids_in(words, [order]):
        return True
    held = {str(i["name"]) for i in order.get("items", [])}
    found = ctx.catalogue.match(words) if ctx.catalogue is not None else ()
    return any(e.type == "product" and str(e.value) in held for e in found)


def cue_said(words: OrderWords, cue: str, text: str) -> bool:
    """Whether ``text`` says a flow's cue ("cancel|…") as a verb: "cancel it", "cancelled",
    not "the refund from the cancellation"; or as counted requests: "two cancellations"."""
    verb = re.search(rf"\b(?:{cue})(?!\w*{words.noun_ending})", text, re.I)
    return verb is not None or re.search(_counted_requests(words, cue), text, re.I) is not None


def _nth_asked(words: OrderWords, cue: str, part: str) -> int:
    """The place among the orders described that the flow's cue is said of, right after it
    ("please cancel the first order" → 1, "… the second one"); 0 when none is."""
    for verb in re.finditer(rf"\b(?:{cue})(?!\w*{words.noun_ending})\w*", part, re.I):
        nth = words.nth_described_in(part, verb.end(), verb.end() + 30)
        if nth:
            return nth
    return 0


def _counted_requests(words: OrderWords, cue: str) -> str:
    """ "two cancellations", "both returns": the request's noun, counted."""
    return rf"\b{words.count}\s+(?:\w+\s+)?(?:{cue})\w*{words.counted_ending}"


def _by_described_parts(
    ctx: SlotContext,
    words: OrderWords,
    candidates: Sequence[Record],
    orders: Sequence[Record],
    aside: Aside,
    exactly: Aside = _kept_nowhere,
    model: Aside | None = None,
) -> tuple[Resolution | None, int]:
    """A message that describes two or more orders, each in its own part ("From the order with
    the kettle, everything goes back. From the order with the camera, only the chair"): the
    request is for the orders whose parts ask for it (or all of them, when it is asked for
    before any is described), each with its own words and what was said before any order.
    With it, how many orders the parts describe: one described explicitly is enough for the
    caller's last resort ("the order with the grinder was a mistake. Please cancel it.")."""
    cue = ctx.options.get("cue")
    text = ctx.text
    # Each part, or each order a part describes in a list ("the skateboard one and the one
    # with the headphones - I don't need those"), with the part's words that may ask.
    spans = [
        (a, b, start, end)
        for start, end in _parts(words, text)
        for a, b in _pieces(words, text, start, end)
    ]
    if not cue or len(orders) < 2 or len(spans) < 2 or ctx.catalogue is None:
        return None, 0
    shared: list[tuple[int, int]] = []
    own: dict[str, list[tuple[int, int]]] = {}
    asked: list[str] = []
    current: str | None = None
    explicit = previous = False
    leading = False  # asked for before any order is described
    counted = 0  # how many orders the request is said to be for ("cancel both", "two returns")
    as_orders: set[str] = set()  # the orders described as orders, not by one product they hold
    seen: list[str] = []  # the orders described, in turn
    them: list[str] = []  # the orders "cancel them" is said of
    # Answering "which order?", the customer describes orders among those listed.
    pool = candidates if ctx.answering() else orders
    for start, end, whole_start, whole_end in spans:
        part = text[start:end]
        products = [e for e in ctx.catalogue.match(part) if e.type == "product"]
        order, described = _part_order(
            ctx.phrasing, words, part, products, pool, aside, exactly, model
        )
        nth = _nth_asked(words, cue, part)
        described_before = list(dict.fromkeys(seen))
        if 0 < nth <= len(described_before) and len(described_before) > 1:
            # "I have an order with a tablet … The luggage in my Jacksonville order is too
            # small. Please cancel the first order": the first of the orders described.
            order, described = described_before[nth - 1], True
        explicit = explicit or described
        if order is not None and described:
            as_orders.add(order)
        joined = words.joined.match(part) is not None
        asks = cue_said(words, cue, text[whole_start:whole_end])
        count = _orders_counted(words, cue, part, whole=bool(ctx.options.get("whole")))
        counted = counted or count
        if order is not None:
            current = order
            seen.append(order)
        if count == _EVERY:
            them = list(dict.fromkeys(seen))  # "cancel them": those described so far
        # What the whole part says holds for each order of its list ("… - I don't need those").
        said = (whole_start, whole_end)
        if count:
            shared.append(said)  # "Please cancel two orders: the one with …" asks for each
        if current is None:
            shared.append(said)
            leading = leading or asks
            continue
        if order is None and not products:
            # "Refund it to PayPal", "cancel it": said of every order described, and asking
            # for the request for the one just described.
            shared.append(said)
        elif said not in own.get(current, []):
            own.setdefault(current, []).append(said)
        # "… exchange the helmet. And the luggage set for a black one", "…, and also the big
        # one with the grill": asked for too; not "… and have order #W3 shipped to …", which
        # describes its order and asks something of its own.
        previous = asks or (
            joined and previous and not (described and _asks_other(words, cue, part))
        )
        if previous and current not in asked:
            asked.append(current)
    if not explicit or not own:
        return None, 0
    lead: tuple[str, ...] = ()
    if not asked and ctx.answering() and set(own) <= as_orders:
        # "Which order would you like to cancel?" answered with two orders, each described as
        # an order ("the one with the luggage set …, and the one going to Phoenix …"): both,
        # each with the words that asked for the request before the question.
        asked = list(own)
        lead = tuple(
            piece
            for said in ctx.dialogue.said
            if said != text
            for a, b in _parts(words, said)
            if cue_said(words, cue, piece := said[a:b].strip())
        )
    elif (not asked and leading) or (
        counted == len(own)
        and (set(own) <= as_orders or re.search(_counted_requests(words, cue), text, re.I))
    ):
        # "You want to make two returns. From the order with …"; "Please cancel two orders:
        # the one with …. And the one with …": every order described. Not "return both: the
        # camera and the kettle", which may count items; a count of the request's own noun
        # counts requests, each of the orders its parts name ("You have two exchanges to
        # make. First, the makeup kit you received … Second, from the order with two
        # skateboards, …").
        asked = list(own)
    elif counted == _EVERY and them and set(them) <= as_orders:
        # "The order with … and the order with … were mistakes, cancel them. Then …"
        asked = [o for o in own if o in them or o in asked]
    fitting = {str(o["order_id"]) for o in candidates}
    targets = [o for o in asked if o in fitting]
    if not targets:
        return None, len(own)

    def said_of(order: str) -> tuple[str, ...]:
        spans = sorted(set(shared) | set(own.get(order, [])))
        return (*lead, *(text[a:b].strip() for a, b in spans))

    found = Resolution(
        value=targets[0],
        more=tuple(targets[1:]),
        words=said_of(targets[0]),
        more_words=tuple(said_of(t) for t in targets[1:]),
    )
    return found, len(own)


_EVERY = -1  # "cancel them": every order described


def _orders_counted(words: OrderWords, cue: str, part: str, whole: bool = False) -> int:
    """How many orders ``part`` says the request (``cue``) is for, 0 when it does not say.
    With ``whole`` (a request only ever for whole orders, like a cancellation), "cancel them",
    "cancel both" and "cancel all of them" are for every order described: ``_EVERY``.
    Said right after its verb ("cancel both orders", "cancel two of my orders") or before its
    noun ("two cancellations"); not "return both" or "cancel them both", which may count
    items."""
    found = re.search(
        rf"\b(?:{cue})\w*\s+{words.count}{words.of_records}|{_counted_requests(words, cue)}",
        part,
        re.I,
    )
    if found is not None:
        word = (found.group(1) or found.group(2)).lower()
        return words.counts[word] if word in words.counts else int(word)
    every = rf"\b(?:{cue})\w*\s+{words.every_record}"
    return _EVERY if whole and re.search(every, part, re.I) else 0


def _asks_other(words: OrderWords, cue: str, part: str) -> bool:
    """Whether ``part`` says the verb of another request than the one of ``cue`` (the
    vocabulary's ``request_verbs``)."""
    return any(not cue_said(words, cue, m.group(0)) for m in words.request_verb.finditer(part))


def _fitting(ctx: SlotContext, statuses: Sequence[str]) -> list[Record]:
    return [o for o in orders_of(ctx) if not statuses or o["status"] in statuses]


def _one_of_named(
    ctx: SlotContext, words: OrderWords, named: Sequence[str], statuses: Sequence[str]
) -> Resolution:
    """Of several orders named in one message, the one this request is about: the one named in
    the same sentence as the request's own words (the slot's ``cue``), or the only one in a
    status the request accepts; otherwise the customer is asked which."""
    if words.all_of_them.search(ctx.text):
        # "Change both t-shirts (#W1 and #W2)": the request runs once per named order.
        return Resolution(value=named[0], more=tuple(named[1:]))
    cue = ctx.options.get("cue")
    if cue:
        parts = re.split(rf"[.;!?]+\s+|\s+-\s+|{words.next_record.pattern}", ctx.text, flags=re.I)
        if any(cue_said(words, cue, c) and _listed(words, c, named) for c in parts):
            # "Please cancel order #W1 and order #W2": the request, said in the sentence that
            # lists them, runs once per named order ("I have #W1 and #W2. Cancel one of them"
            # is still asked about).
            return Resolution(value=named[0], more=tuple(named[1:]))
        each = _each_in_own_sentence(words, cue, parts, named)
        if each is not None:
            return each
        near = {n for c in parts if cue_said(words, cue, c) for n in _ids_in(named, c)}
        if len(near) == 1:
            return Resolution(value=near.pop())
    found = [o for o in (ctx.record("order", n) for n in named) if o is not None]
    fitting = [o for o in found if not statuses or o["status"] in statuses]
    if len(fitting) == 1:
        return Resolution(value=fitting[0]["order_id"])
    return Resolution(choices=tuple(_order_label(o) for o in (fitting or found)))


def _each_in_own_sentence(
    words: OrderWords, cue: str, parts: Sequence[str], named: Sequence[str]
) -> Resolution | None:
    """The request for every order named, when each is named in a sentence of its own that
    asks for it, alone or in a list ("#W1 and #W2 can both be cancelled, not needed anymore.
    and #W3 I placed by accident, cancel that as well"): each with the words of its sentences
    and of those after it that name no order (its reason). None unless two or more such
    sentences name every order, each only once and none beside an unlisted one."""

    own: dict[str, list[str]] = {}
    asking = 0
    current: list[str] = []
    for part in parts:
        ids = _ids_in(named, part)
        if not ids:
            for n in current:
                own[n].append(part)  # "… cancel #W3. I ordered it by mistake"
            continue
        if not cue_said(words, cue, part) or any(n in own for n in ids):
            return None
        if len(ids) > 1 and not _listed(words, part, ids):
            return None
        asking += 1
        current = ids
        for n in ids:
            own[n] = [part]
    if asking < 2 or set(own) != set(named):
        return None
    said = [tuple(own[n]) for n in named]
    return Resolution(
        value=named[0], more=tuple(named[1:]), words=said[0], more_words=tuple(said[1:])
    )


def _ids_in(named: Sequence[str], text: str) -> list[str]:
    """The orders of ``named`` that ``text`` names (``_named_ids_in``), in ``named``'s order."""
    found = set(_named_ids_in(text, [{"order_id": n} for n in named]))
    return [n for n in named if n in found]


def _listed(words: OrderWords, text: str, named: Sequence[str]) -> bool:
    """Whether the orders ``named`` are one list in ``text``: nothing but a comma, a joining
    word, a determiner or the record's noun stands between one id and the next ("#W1 and
    order #W2", "#W1, #W2 and #W3"), so a request said of the list is said of each."""
    spans = []
    for order in named:
        digits = re.sub(r"\D", "", str(order))
        # the id as written, whatever letters the workspace's records put before its digits
        found = re.search(rf"#?[^\W\d_]*{digits}\b", text)
        if found is None:
            return False
        spans.append((found.start(), found.end()))
    spans.sort()
    return len(spans) > 1 and all(
        words.records_listed.search(text[a[1] : b[0]]) is not None
        for a, b in itertools.pairwise(spans)
    )


def _order_by_product(
    ctx: SlotContext,
    words: OrderWords,
    candidates: Sequence[Record],
    orders: Sequence[Record],
    aside: Aside,
    exactly: Aside = _kept_nowhere,
) -> Resolution | None:
    if ctx.catalogue is None or not orders:
        return None
    matches = ctx.catalogue.match(ctx.text)
    named = [e for e in matches if e.type == "product"]
    # "Cancel the kettle order, not the laptop one": what is ruled out or kept is no target.
    products = {
        e.value
        for e in named
        if not ctx.phrasing.negated(ctx.text, e.start) and not aside(ctx.text, e.start, e.end)
    } or {e.value for e in named}
    options = [e.value for e in matches if e.type == "option"]
    split = _one_order_per_product(ctx, words, matches, candidates, aside)
    if split is not None:
        return split
    # "My order with just the tea kettle", "only the bookshelf and the bottle"
    said_all = any(exactly(ctx.text, e.start, e.end) for e in named if e.value in products)
    exact = _mentions(e for e in named if e.value in products)
    if said_all:
        # The one order holding nothing else, in whatever state (the flow's checks then say
        # what can be done with it), not another holding more.
        only = [o for o in orders if _holds_only(o, exact)]
        if len(only) == 1:
            return Resolution(value=only[0]["order_id"])
    # Orders in the statuses the request needs come first; if none holds the product, the
    # order that does is still the one meant (the flow's checks then explain or redirect).
    # So is the order described by what it holds ("my order with the speaker and the
    # dumbbells") when no order in those statuses holds it all.
    pointed = {
        str(e.value)
        for e in named
        if _describes_an_order(ctx.phrasing, words, ctx.text, e.start)
        and not aside(ctx.text, e.start, e.end)
    }
    described = {
        str(o["order_id"]) for o in orders if pointed and pointed <= {i["name"] for i in o["items"]}
    }
    apart = described and not described & {str(o["order_id"]) for o in candidates}
    pools = (orders,) if apart else (candidates, orders)
    for pool in pools:
        holding = [o for o in pool if products & {i["name"] for i in o["items"]}]
        # "The watch" may name a product they never bought: only those they did must all fit.
        owned = {i["name"] for o in pool for i in o["items"]} & products
        every = [o for o in holding if owned <= {i["name"] for i in o["items"]}]
        if len(holding) > 1 and len(every) == 1:
            holding = every
        every_one = words.all_of_them.search(ctx.text) or any(
            e.type == "product"
            and words.all_before.search(ctx.text[max(0, e.start - 30) : e.start])
            for e in matches
        )
        if pool is candidates and len(holding) > 1 and every_one:
            # "Both of my 15-inch laptops", each in its own order: the request runs for each.
            ids = [str(o["order_id"]) for o in holding]
            return Resolution(value=ids[0], more=tuple(ids[1:]))
        if len(holding) > 1:
            # "My pending order going to New York: the phone to the black one with 8GB RAM":
            # where the order goes tells it apart before the options, which may be the wish.
            holding = _heading_to(words, ctx.text, holding) or holding
        if len(holding) > 1 and options:
            holding = _orders_by_item_options(holding, products, options) or holding
        if len(holding) > 1 and len(products) == 1:
            holding = _order_by_item_price(words, ctx.text, holding, products) or holding
        if len(holding) > 1:
            holding = _order_by_count(words, ctx.text, matches, holding) or holding
        if len(holding) > 1 and said_all:
            holding = [o for o in holding if _holds_only(o, exact)] or holding
        if pool is orders and len(holding) > 1:
            # Outside the statuses asked for, a cancelled order is never the one meant.
            holding = [o for o in holding if o["status"] != "cancelled"] or holding
        if len(holding) == 1:
            return Resolution(value=holding[0]["order_id"])
        if holding:
            return Resolution(choices=tuple(_order_label(o) for o in holding))
    return None


def acted_on_products(
    ph: Phrasing, words: OrderWords, text: str, matches: Sequence[Any], aside: Aside
) -> dict[str, int]:
    """The products ``text`` asks something of, with where each is first named: in a sentence
    that asks, not ruled out ("not the monitor one"), not only pointing at an order."""
    first_seen: dict[str, int] = {}
    acted = _acted_on_spans(words, text, [e.start for e in matches if e.type == "product"])
    for e in matches:
        if e.type != "product" or e.value in first_seen or ph.pointer(text, e.start):
            continue
        set_aside = ph.negated(text, e.start) or aside(text, e.start, e.end)
        if set_aside or not any(a <= e.start < b for a, b in acted):
            continue  # "the headphones are great, but …", "not the monitor one"
        first_seen[e.value] = e.start
    return first_seen


def _one_order_per_product(
    ctx: SlotContext,
    words: OrderWords,
    matches: Sequence[Any],
    candidates: Sequence[Record],
    aside: Aside,
) -> Resolution | None:
    """ "Return the keyboard and the mouse" when each sits in a different order: the request
    runs once per order, in the order the customer named them."""
    first_seen = acted_on_products(ctx.phrasing, words, ctx.text, matches, aside)
    if len(first_seen) < 2:
        return None
    owners: list[str] = []
    for product in sorted(first_seen, key=first_seen.__getitem__):
        holding = [o["order_id"] for o in candidates if product in {i["name"] for i in o["items"]}]
        if not holding:
            continue  # "the watch" may name a product they never ordered too
        if len(holding) != 1:
            return None
        if holding[0] not in owners:
            owners.append(holding[0])
    if len(owners) < 2:
        return None
    return Resolution(value=owners[0], more=tuple(owners[1:]))


def _acted_on_spans(words: OrderWords, text: str, mentions: Sequence[int]) -> list[tuple[int, int]]:
    """The sentences that ask for something ("return the keyboard and the mouse"), those
    continuing one ("And the luggage set for a black one"), and the sentence before one that
    asks without naming what ("The boots I got look worn. I want a new pair") or about "it": the
    last thing named there."""
    spans: list[tuple[int, int]] = []
    start, previous = 0, False
    last: tuple[int, int] | None = None
    for m in [*re.finditer(r"[.;!?]+(\s+|$)", text), None]:
        end = m.end() if m else len(text)
        sentence = text[start:end]
        acting = bool(words.acting.search(sentence)) or (
            previous and words.continued.match(sentence) is not None
        )
        it = words.acted_on_it.search(sentence) if acting else None
        if acting:
            unnamed = it is not None or not any(start <= at < end for at in mentions)
            named_before = [at for at in mentions if last is not None and last[0] <= at < last[1]]
            if unnamed and not previous and last is not None and named_before:
                # "It" is what was named last ("the headphones are great, but the hoodie
                # shrank. I want to return it": the hoodie).
                spans.append((max(named_before), last[1]))
            # "Ship it to where my toothbrush order goes": what follows "it" is no target.
            spans.append((start, start + it.start() if it else end))
        previous, start, last = acting, end, (start, end)
        if m is None:
            break
    return spans


def _order_by_count(
    words: OrderWords, text: str, matches: Sequence[Any], orders: Sequence[Record]
) -> list[Record]:
    """ "The order with the two t-shirts": the one holding that many of them."""
    for e in matches:
        if e.type != "product":
            continue
        before = text[: e.start].split()[-1:]
        n = words.number(before[0]) if before else 0
        if n > 1:
            fit = [o for o in orders if sum(i["name"] == e.value for i in o["items"]) == n]
            if len(fit) == 1:
                return fit
    return []


def _owned_price_direction(words: OrderWords, text: str) -> int:
    """+1 for "the more expensive one (I bought)", -1 for "the cheaper of the two"; 0 when the
    comparison describes what they want instead ("exchange it for a cheaper one")."""
    for pattern, direction in ((words.pricier, 1), (words.cheaper, -1)):
        for m in pattern.finditer(text):
            if not words.wanted_right_before(text, m.start()):
                return direction
    return 0


def _order_by_item_price(
    words: OrderWords, text: str, orders: Sequence[Record], products: set[str]
) -> list[Record]:
    """ "Return the more expensive one" of two orders holding the same product."""
    direction = _owned_price_direction(words, text)
    if not direction:
        return []
    prices = [
        (max(float(i["price"]) for i in o["items"] if i["name"] in products) * direction, o)
        for o in orders
    ]
    best = max(p for p, _ in prices)
    winners = [o for p, o in prices if p == best]
    return winners if len(winners) == 1 else []


def _heading_to(words: OrderWords, text: str, orders: Sequence[Record]) -> list[Record]:
    """Of several orders holding the product, the one going to the city the customer says
    it goes to (the first of their cities after the workspace's ``heading_to`` words), or none."""
    lowered = f" {text.lower()} "
    for alias, city in words.city_aliases:
        lowered = lowered.replace(f" {alias} ", f" {city} ")
    cities = {str(o["address"].get("city", "")).lower() for o in orders} - {""}
    going: set[str] = set()
    for heading in words.heading_to.findall(lowered):
        at = {c: heading.find(c) for c in cities if c in heading}
        if at:
            going.add(min(at, key=lambda c: at[c]))
    told = [o for o in orders if str(o["address"].get("city", "")).lower() in going]
    return told if len(told) == 1 else []


def _orders_by_item_options(
    orders: Sequence[Record], products: set[str], options: Sequence[Mapping[str, Any]]
) -> list[Record]:
    """Of several orders holding the product, the one whose item has the options described."""
    wanted = {(str(o["option"]), str(o["value"])) for o in options}
    scored: list[tuple[int, Record]] = []
    for order in orders:
        best = 0
        for item in order["items"]:
            if item["name"] in products:
                have = {(str(k), str(v)) for k, v in item.get("options", {}).items()}
                best = max(best, len(wanted & have))
        scored.append((best, order))
    top = max(score for score, _ in scored)
    winners = [o for score, o in scored if score == top and top > 0]
    return winners if len(winners) == 1 else []


def _described_order(
    words: OrderWords, text: str, candidates: Sequence[Record], orders: Sequence[Record]
) -> Resolution | None:
    """An order the customer described: all of them, the latest, by its last digits or city."""
    if not candidates:
        return None
    if words.all_orders.search(text):
        ids = [str(o["order_id"]) for o in candidates]
        return Resolution(value=ids[0], more=tuple(ids[1:]))
    said_status = {status for status, said in words.statuses.items() if said.search(text)}
    if said_status:
        by_status = [o for o in orders if str(o["status"]) in said_status]
        if len(by_status) == 1:
            return Resolution(value=by_status[0]["order_id"])
    count = words.item_count.search(text)
    if count:
        n = words.number(count.group(1))
        sized = [o for o in candidates if len(o["items"]) == n]
        if len(sized) == 1:
            return Resolution(value=sized[0]["order_id"])  # "the order with five items"
    ending = words.ending.search(text)
    if ending:
        hits = [o for o in candidates if str(o["order_id"]).endswith(ending.group(1))]
        if len(hits) == 1:
            return Resolution(value=hits[0]["order_id"])
    lowered = f" {text.lower()} "
    for alias, city in words.city_aliases:
        lowered = lowered.replace(f" {alias} ", f" {city} ")
    by_city = [o for o in candidates if str(o["address"].get("city", "")).lower() in lowered]
    if len(by_city) > 1:
        # "one of my orders is going to my son's address in Washington": where it goes now.
        # "my order going to San Jose should go to Denver instead": the first city after the
        # words is where it goes now; a later one is where the request sends it.
        cities = {str(o["address"]["city"]).lower() for o in by_city}
        headed = _headed_cities(words, lowered, cities)
        listed = _places_listed(words, lowered, headed, by_city)
        if listed:
            return Resolution(value=listed[0], more=tuple(listed[1:]))
        first: set[str] = set()
        for heading in words.heading_to.findall(lowered):
            at = {c: heading.find(c) for c in cities if c in heading}
            if at:
                first.add(min(at, key=lambda c: at[c]))
        by_city = [o for o in by_city if str(o["address"]["city"]).lower() in first] or by_city
    if len(by_city) == 1 and len({o["address"]["city"] for o in orders}) > 1:
        return Resolution(value=by_city[0]["order_id"])
    states = {code for name, code in STATE_NAMES.items() if f" {name} " in lowered}
    by_state = [o for o in candidates if str(o["address"].get("state", "")) in states]
    if len(by_state) == 1 and len({o["address"]["state"] for o in orders}) > 1:
        return Resolution(value=by_state[0]["order_id"])  # "the order sent to Texas"
    if words.latest.search(text) and orders and orders[-1] in candidates:
        return Resolution(value=orders[-1]["order_id"])
    return None


def _headed_cities(words: OrderWords, lowered: str, cities: set[str]) -> list[tuple[int, str, int]]:
    """Each word of heading ("going to") with the first of ``cities`` after it: where the
    heading starts, the city, and where the city ends, in the order said."""
    headed: list[tuple[int, str, int]] = []
    at = 0
    while (m := words.heading_to.search(lowered, at)) is not None:
        found = {c: m.group(1).find(c) for c in cities if c in m.group(1)}
        if found:
            city = min(found, key=lambda c: found[c])
            headed.append((m.start(), city, m.start(1) + found[city] + len(city)))
        at = m.start(1)
    return headed


def _places_listed(
    words: OrderWords,
    lowered: str,
    headed: Sequence[tuple[int, str, int]],
    orders: Sequence[Record],
) -> list[str]:
    """ "The one going to San Jose and the one going to San Francisco": orders told apart by
    where each goes, one list (nothing but a joining word, a determiner or "one" between a city
    and the next heading), each the only one of ``orders`` going there; otherwise none."""
    if len(headed) < 2 or len({city for _, city, _ in headed}) != len(headed):
        return []
    joined = all(
        words.places_listed.search(lowered[a[2] : b[0]]) is not None
        for a, b in itertools.pairwise(headed)
    )
    going = [[o for o in orders if str(o["address"]["city"]).lower() == c] for _, c, _ in headed]
    if not joined or any(len(g) != 1 for g in going):
        return []
    return [str(g[0]["order_id"]) for g in going]


def order_choices(ctx: SlotContext) -> tuple[str, ...]:
    """The customer's orders in the statuses a slot accepts, labelled for a question."""
    statuses = tuple(ctx.options.get("statuses", ()))
    return tuple(_order_label(o) for o in orders_of(ctx) if not statuses or o["status"] in statuses)


def item_choices(ctx: SlotContext) -> tuple[str, ...]:
    """The items of the slot's order, labelled for a question asked again ("Which items
    should change?"), each once."""
    order = ctx.record("order", str(ctx.slots.get(ctx.options.get("order_slot", "order_id"), "")))
    if order is None:
        return ()
    return tuple(dict.fromkeys(_item_label(i) for i in order.get("items", [])))


def method_choices(ctx: SlotContext) -> tuple[str, ...]:
    """The customer's payment methods as they know them, for a question asked again."""
    if ctx.user is None:
        return ()
    methods: Mapping[str, Record] = ctx.user.get("payment_methods", {})
    return tuple(dict.fromkeys(method_label(m) for m in methods.values()))


def _kept_describes_one(
    text: str, words: OrderWords, items: Sequence[Record], matches: Sequence[Any]
) -> list[str]:
    """The one item whose current options are all the values the words say stay ("same 1.5
    litre plastic": a keeping word, then up to three words before each value); none when no
    value is said to stay, or when several items or none have them all."""
    keeping = re.compile(rf"\b(?:{words.keeping.pattern})\s+(?:[\w.-]+\s+){{0,3}}$", re.I)
    kept = {
        (str(e.value["option"]), str(e.value["value"]))
        for e in matches
        if e.type == "option" and keeping.search(text[max(0, e.start - 60) : e.start])
    }
    if not kept:
        return []
    fitting = [
        str(i["item_id"])
        for i in items
        if kept <= {(str(k), str(v)) for k, v in i.get("options", {}).items()}
    ]
    return fitting if len(set(fitting)) == 1 else []


def by_current_options(
    items: Sequence[Record],
    ids: Sequence[str],
    options: Sequence[Mapping[str, Any]],
    said: Sequence[str] = (),
    scales: Scales = NO_SCALES,
) -> list[str]:
    """Of several same-named items, those whose current options the customer described: a
    value matched, or one of the item's own values written as ``said`` writes it ("the
    2-litre kettle" of a kettle of "2 liters", matched as another product's "2L")."""
    if not options:
        return []
    wanted = {(str(o["option"]), str(o["value"])) for o in options}

    def described(option: str, value: str) -> bool:
        if (option, value) in wanted:
            return True
        pattern = any_spelling(value, scales)
        return any(
            str(o["option"]) == option and re.search(pattern, words, re.I)
            for o, words in zip(options, said, strict=False)
        )

    scored = []
    for item in items:
        if item["item_id"] in ids:
            have = [(str(k), str(v)) for k, v in item.get("options", {}).items()]
            scored.append((sum(described(k, v) for k, v in have), item["item_id"]))
    best = max((score for score, _ in scored), default=0)
    top = [item_id for score, item_id in scored if score == best and best > 0]
    return top if len(top) == 1 else []


def the_other(words: OrderWords, text: str, start: int) -> bool:
    """Whether the mention at ``start`` is "the other" of same-named items ("leave the other
    keyboard alone"): the units not singled out already, not all of them."""
    before = text[max(0, start - 20) : start]
    return re.search(rf"(?:{words.another.pattern})\s+$", before, re.I) is not None


def _said_as_had(words: OrderWords, text: str, mention: Entity) -> bool:
    """Whether the words of the mention's sentence before it say what the customer has or got
    ("I have two skateboards", "I received two kettles")."""
    start = max(text.rfind(c, 0, mention.start) for c in ".!?;\n") + 1
    lead = text[start : mention.start]
    return bool(words.have.search(lead) or words.received.search(lead))


def described_after_pointer(
    words: OrderWords,
    text: str,
    items: Sequence[Record],
    ids: Sequence[str],
    matches: Sequence[Any],
    after: int,
) -> list[str]:
    """Of same-named items only pointed at ("in the order with the two mechanical keyboards"),
    the one a clause opening with "the … one" singles out by its values as they are now, in
    the next two sentences (": the small 60% one with the RGB lights, I want it …"; "… a white
    one and the RGB one. the rgb one is way too flashy"); none when no such clause is said, or
    its values fit several of them or none. Only at a clause's start: "I want the RGB one" may
    be a wish."""
    window = text[after:]
    ends = [m.end() for m in re.finditer(r"[.!?;](?:\s|$)", window)]
    window_end = after + (ends[1] if len(ends) > 1 else len(window))
    opening = re.compile(
        rf"(?:^|[:;,.!?(–—-])\s*{words.determiners}\s+((?:[\w%.-]+\s+){{1,3}}?)"
        rf"{words.stand_ins}\b",
        re.I,
    )
    for m in opening.finditer(text, after, window_end):
        start, end = m.span(1)
        said = [e.value for e in matches if e.type == "option" and start <= e.start < end]
        return by_current_options(items, ids, said)
    return []


def _by_lack_or_price(
    words: OrderWords, scales: Scales, items: Sequence[Record], ids: Sequence[str], text: str
) -> list[str]:
    """Of same-named items, the one "that is NOT water resistant", or "the more expensive one"."""
    pool = [i for i in items if i["item_id"] in ids]
    for name in {k for i in pool for k in i.get("options", {})}:
        word = re.escape(name.split()[0])
        if re.search(rf"{words.lacking}{word}", text, re.I):
            lacking = [i for i in pool if scales.lacks(str(i["options"].get(name, "")))]
            if lacking and len(lacking) < len(pool):
                pool = lacking
    if len(pool) > 1:
        direction = _owned_price_direction(words, text)
        if direction:
            pool = [max(pool, key=lambda i: float(i["price"]) * direction)]
    return [i["item_id"] for i in pool] if len(pool) < len(ids) else []


def _by_comparison(
    ctx: SlotContext,
    words: OrderWords,
    scales: Scales,
    items: Sequence[Record],
    ids: Sequence[str],
    after: int,
) -> list[str]:
    """Of same-named items, the one singled out by a comparison right after their mention, in
    its sentence ("i have two skateboards - the longer one (34 inch) …", "my two backpacks: the
    smaller of the two"): the workspace's comparative after a determiner and before a stand-in
    or a partitive ("the … one", "the … of"), on the first option the items differ in along a
    scale. None when no comparison, or more than one, is said ("the bigger one to red, the
    smaller one to green"), nor for a wish ("a bigger one")."""
    sentence = re.split(r"[.!?;](?:\s|$)", ctx.text[after:], maxsplit=1)[0]
    pool = [i for i in items if i["item_id"] in ids]
    after_it = f"{words.stand_ins}|{words.partitive}"
    said = [
        (m.start(), direction, names)
        for moving, direction, names in scales.moves
        for m in re.finditer(
            rf"(?:{words.determiners})\s+({moving.pattern})\s+(?:{after_it})", sentence, re.I
        )
    ]
    if len(said) != 1 or len(pool) < 2:
        return []
    _, direction, names = said[0]
    for name in names:
        ranks = [scales.rank(str(i.get("options", {}).get(name, ""))) for i in pool]
        if any(r is None for r in ranks) or len(set(ranks)) < len(ranks):
            continue
        ranked = sorted(zip(ranks, pool, strict=True), key=lambda pair: pair[0] or 0.0)
        return [str(ranked[-1 if direction > 0 else 0][1]["item_id"])]
    return []


def _item_label(item: Record) -> str:
    opts = ", ".join(str(v) for v in item.get("options", {}).values())
    return f"{item['name']} ({opts})" if opts else str(item["name"])


def _says_partial(ctx: SlotContext, words: OrderWords) -> bool:
    """Whether the customer asks for part of an order ("just the boots", "keep the kettle"),
    not describes an order by all it holds ("not the one with just the 8 inch tablet")."""
    return any(
        not ctx.phrasing.pointer(ctx.text, m.end() + 1) for m in words.partial.finditer(ctx.text)
    )


def _by_price_rank(words: OrderWords, text: str, scales: Scales) -> tuple[int, bool] | None:
    """ "The three cheapest things", "the two most expensive items": how many, and whether the
    dearest — in the vocabulary's number and price words."""
    numbers = phrases(list(scales.numbers))
    prices = f"{scales.cheapest.pattern}|{scales.priciest.pattern}"
    m = re.search(rf"\b(\d+|{numbers})\s+({prices})\s+{words.ranked}", text, re.I)
    if m is None:
        return None
    return int(scales.count(m.group(1))), scales.priciest.fullmatch(m.group(2)) is not None


def resolve_order_items(
    ctx: SlotContext,
    words: OrderWords,
    every: Callable[[str], bool] | None = None,
    aside: Callable[[str, int, int], bool] | None = None,
    scales: Scales = NO_SCALES,
    kept: Callable[[str, int, int], bool] | None = None,
) -> Resolution | None:
    """The items of the slot's order that the customer named ("the keyboard", "both shirts");
    ``every`` tells, besides the verbs here, the workspace's words for all of them, ``aside``
    where its words set a mention aside ("the boots you are keeping", "not the boots"), and
    ``kept`` where they keep it as it is, a negation aside ("I'll keep the boots as they
    are"): a request whose every item is kept so ends."""
    order = ctx.record("order", str(ctx.slots.get(ctx.options.get("order_slot", "order_id"), "")))
    if order is None or ctx.catalogue is None:
        return None
    items: list[Record] = order["items"]
    # Only "just the boots" / "keep the kettle", or things of the order named in words that
    # name no order at all ("I don't need the skateboard anymore"), say anything about items
    # here: "the keyboard, toothbrush and sneakers order", "the one that also has the
    # skateboard" describe the order.
    named_only = bool(ctx.options.get("partial_only")) and not _says_partial(ctx, words)
    if named_only and words.order_or_one.search(ctx.text):
        return None
    if ctx.options.get("whole") and words.whole_order.search(ctx.text):
        chosen_all = [i["item_id"] for i in items]
        total = round(sum(float(i.get("price", 0)) for i in items), 2)
        facts = {"items": [_item_label(i) for i in items], "items_total": total}
        return Resolution(value=sorted(chosen_all), facts=facts)
    chosen: list[str] = []
    ambiguous: list[list[str]] = []
    dropped: list[str] = []
    keeping: list[str] = []  # of those dropped, the ones said to stay as they are
    several: set[str] = set()
    matches = ctx.catalogue.match(ctx.text, items)
    # "The short one, the 3 ft … not the 5 ft one, I'm keeping that": what is ruled out or
    # kept describes no item asked for.
    described = [
        e
        for e in matches
        if e.type == "option"
        and not ctx.phrasing.negated(ctx.text, e.start)
        and not (aside is not None and aside(ctx.text, e.start, e.end))
    ]
    options = [e.value for e in described]
    said = [ctx.text[e.start : e.end] for e in described]
    wished = [e for e in described if words.wanted_right_before(ctx.text, e.start)]
    unwished = [e.value for e in described if e not in wished]
    unwished_said = [ctx.text[e.start : e.end] for e in described if e not in wished]
    precise = [
        set(e.value["item_ids"])
        for e in matches
        if e.type == "item"
        and len(e.value["item_ids"]) == 1
        and not ctx.phrasing.pointer(ctx.text, e.start)
    ]
    # "except the lamp, the kettle and the mouse": each member is read as its list's first.
    things = [e for e in matches if e.type in ("item", "product")]
    heads = ctx.phrasing.list_heads(ctx.text, [(e.start, e.end) for e in things])
    head_of = {id(e): things[h].start for e, h in zip(things, heads, strict=True)}
    # the units told apart that are asked of, not left as they are ("leave the black one")
    singled = [
        (start, end, unit)
        for start, end, unit in singled_out(ctx, words, items, ctx.text)
        if not (aside is not None and aside(ctx.text, start, end))
        and not ctx.phrasing.negated(ctx.text, start)
    ]
    for entity in matches:
        if entity.type != "item":
            continue
        ids = list(entity.value["item_ids"])
        head = head_of.get(id(entity))
        if ctx.phrasing.listed_pointer(ctx.text, entity.start, head):
            if len(ids) > 1 and entity.value.get("plural") is True:
                # "the order with the two keyboards: the 60% one, …"
                one = described_after_pointer(words, ctx.text, items, ids, matches, entity.end)
                chosen.extend(i for i in one if i not in chosen)
            continue
        if words.names_its_order.match(ctx.text[entity.end :]):
            continue  # "the watch in my laptop order": the laptop only names the order
        if len(ids) > 1 and any(p < set(ids) for p in precise) and not entity.value.get("plural"):
            continue  # "a laptop" earlier, "the 17-inch laptop" now: the precise mention
        apart = aside is not None and aside(ctx.text, entity.start, entity.end)
        if apart or ctx.phrasing.excluded(ctx.text, entity.start, head):
            if the_other(words, ctx.text, entity.start) and set(ids) & set(chosen):
                ids = [i for i in ids if i not in chosen]  # "leave the other keyboard alone"
            dropped.extend(ids)
            if kept is not None and kept(ctx.text, entity.start, entity.end):
                keeping.extend(ids)
            chosen = [i for i in chosen if i not in ids]  # "the backpack? … not the backpack"
            continue
        told_apart = [i for i in ids if i in {f[2] for f in singled}]
        if entity.value.get("plural") is True and len(told_apart) > 1:
            # "two speakers: the green one for a red one, and the black one for a blue one"
            chosen.extend(i for i in told_apart if i not in chosen)
            several.update(told_apart)
            continue
        everything = bool(words.all.search(ctx.text)) and bool(entity.value.get("ambiguous"))
        plural = entity.value.get("plural") is True
        if len(ids) > 1 and plural and not everything and _said_as_had(words, ctx.text, entity):
            # "I have two skateboards, the 34 inch plastic one I want to swap …": the plural
            # says what they have; the clause opening "the … one" singles out the one meant.
            one = described_after_pointer(words, ctx.text, items, ids, matches, entity.end)
            if len(one) == 1:
                ids, plural = one, False
        if len(ids) > 1 and not everything:
            ids = by_current_options(items, ids, options, said, scales) or ids
        if len(ids) > 1 and not everything and wished:
            # "change the 2 liter kettle to 1 liter": a value said as what they want does not
            # describe the kettle they have, when the values of both tie
            ids = by_current_options(items, ids, unwished, unwished_said, scales) or ids
        if len(ids) > 1 and not everything:
            ids = _by_lack_or_price(words, scales, items, ids, ctx.text) or ids
        if len(ids) > 1 and not everything:
            ids = _by_comparison(ctx, words, scales, items, ids, entity.end) or ids
        if len(ids) == 1 or plural or everything:
            chosen.extend(i for i in ids if i not in chosen)
            if plural or everything:
                several.update(ids)  # "both kettles": every unit the order holds of each
        else:
            ambiguous.append(ids)
    pasted = _only_pasted(ctx, items, matches, chosen)
    chosen = [i for i in chosen if i not in pasted]
    if named_only and (not chosen or ambiguous):
        return None
    current = ctx.slots.get(ctx.options.get("slot", "item_ids")) or []
    if dropped and not chosen and not ambiguous and set(dropped) & set(current):
        if set(current) <= set(keeping):
            # "No, I'll keep the helmet as it is", of the one thing the request was about:
            # nothing is left to change, and no other item is asked for in its place.
            kept_names = [str(i["name"]) for i in items if i["item_id"] in current]
            facts = {"items": list(dict.fromkeys(kept_names))}
            return Resolution(clear=True, problem="items_left_as_is", facts=facts, ends=True)
        rest = [i for i in current if i not in dropped]
        if not set(keeping) & set(current) or not rest:
            return Resolution(clear=True)
        # "Actually I'll keep the notebook", of the notebook and the puzzle: the rest stays
        # asked for (a negation, "not the notebook", may correct what was read: it is asked).
        chosen = list(dict.fromkeys(rest))
        several.update(i for i in chosen if current.count(i) > 1)
    asks_all = words.asks_every_item(ctx.text) or (every is not None and every(ctx.text))
    if not chosen and not ambiguous and asks_all:
        chosen = [i["item_id"] for i in items if i["item_id"] not in dropped]
    counted = words.all_counted.search(ctx.text)
    if (
        not chosen
        and not ambiguous
        and not dropped
        and counted is not None
        and words.number(counted.group(1)) == len(items)
    ):
        # "The order with the boots, the lamp and the bottle, I want to send all three back":
        # every item, when the order holds as many as were counted; else the flow asks.
        chosen = [i["item_id"] for i in items]
    ranked = _by_price_rank(words, ctx.text, scales)
    if not chosen and not ambiguous and ranked is not None:
        # "the three cheapest things", "the two most expensive items" (not those kept)
        count, dearest = ranked
        pool = sorted(
            (i for i in items if i["item_id"] not in dropped),
            key=lambda i: float(i.get("price", 0)),
            reverse=dearest,
        )
        if 0 < count <= len(pool):
            chosen = [str(i["item_id"]) for i in pool[:count]]
    earlier = " ".join(ctx.dialogue.last_said)
    if not chosen and not ambiguous and earlier and words.mine.search(ctx.text):
        named = {e.value for e in ctx.catalogue.match(earlier) if e.type == "product"}
        same = [i["item_id"] for i in items if i["name"] in named]
        chosen = same if len(same) == 1 else []
    if (
        not chosen
        and not ambiguous
        and len(items) == 1
        and (words.them.search(ctx.text) or options)
    ):
        chosen = [items[0]["item_id"]]  # "change it to bamboo" on a one-item order
    if not chosen and not ambiguous and not dropped and words.them.search(ctx.text):
        # "Change it to black then, same 1.5 litre plastic": the one item that is, as it is
        # now, what the words say stays (option values right after a keeping word).
        chosen = _kept_describes_one(ctx.text, words, items, matches)
    last = ctx.dialogue.memory.get("order_items")
    if not chosen and not ambiguous and last and words.them.search(ctx.text):
        # "They're faulty, I want a refund": the items the last request was about.
        chosen = [i for i in last if any(item["item_id"] == i for item in items)]
    if not chosen and not ambiguous and not last and not dropped and _points_back(ctx, words):
        # "let's exchange it for the black one" after a question about the tablet: the one
        # item of the order that is the product the last request named
        named = {e.value for e in ctx.catalogue.match(earlier) if e.type == "product"}
        same = [i["item_id"] for i in items if i["name"] in named]
        chosen = same if len(set(same)) == 1 else []
    if ambiguous:
        labels = [_item_label(i) for i in items if any(i["item_id"] in a for a in ambiguous)]
        return Resolution(choices=tuple(labels))
    if not chosen:
        return None
    if current and words.adding.search(ctx.text):
        # what the words set aside does not come back with what was asked before
        kept_on = [i for i in current if i not in dropped]
        chosen = [*kept_on, *(i for i in chosen if i not in kept_on)]
    # An id stands once per unit: the order may hold several units of one variant.
    picked = [
        unit
        for item_id in sorted(set(chosen))
        for n, unit in enumerate(i for i in items if i["item_id"] == item_id)
        if n == 0 or item_id in several
    ]
    total = round(sum(float(i.get("price", 0)) for i in picked), 2)
    facts = {"items": [_item_label(i) for i in picked], "items_total": total}
    return Resolution(value=[i["item_id"] for i in picked], facts=facts)


def _only_pasted(
    ctx: SlotContext, items: Sequence[Record], matches: Sequence[Entity], chosen: Sequence[str]
) -> set[str]:
    """The items ``chosen`` that the message names only on lines copied from the order ("Order
    #W1 - Delivered\nEspresso Machine - 19 bar / 1L / capsule ... $2,955.17\nBluetooth Speaker
    - black / 10 hours ... $293.46\n\nI want to exchange the espresso machine …": the lines say
    what the order holds), when another item is named outside such lines: that one is asked
    about. A pasted list of what is asked about, named nowhere else, stays as it is."""
    pasted: set[str] = set()
    elsewhere: set[str] = set()
    for entity in matches:
        if entity.type != "item":
            continue
        ids = set(entity.value["item_ids"])
        if _copied_line(ctx, items, entity):
            pasted |= ids
        else:
            elsewhere |= ids
    pasted -= elsewhere
    if not pasted or not set(chosen) & elsewhere:
        return set()
    return pasted & set(chosen)


def _copied_line(ctx: SlotContext, items: Sequence[Record], mention: Entity) -> bool:
    """Whether ``mention`` stands on a line of its own (one of several) that says nothing but
    the item and values it has now, besides figures and marks ("Bluetooth Speaker - black /
    10 hours ... $293.46"): a line copied from the order, not a wish."""
    text = ctx.text
    start = text.rfind("\n", 0, mention.start) + 1
    end = text.find("\n", mention.end)
    end = len(text) if end < 0 else end
    if ctx.catalogue is None or (start == 0 and end == len(text)):
        return False
    ids = set(mention.value["item_ids"])
    if len(ids) != 1:
        return False
    item = next((i for i in items if i["item_id"] in ids), None)
    if item is None:
        return False
    line = text[start:end]
    found = ctx.catalogue.match(line, [item])
    names = [e for e in found if e.type in ("item", "product")]
    said = [
        e
        for e in found
        if e.type == "option" and not any(n.start <= e.start < n.end for n in names)
    ]
    own = {str(k): str(v) for k, v in item["options"].items()}
    if not said or any(own.get(e.value["option"]) != e.value["value"] for e in said):
        return False
    rest = list(line)
    for e in found:
        rest[e.start : e.end] = " " * (e.end - e.start)
    return re.search(r"[^\W\d_]", "".join(rest)) is None


def _change_line(item: Record, variant: Record) -> str:
    return (
        f"{item['name']} ({', '.join(str(v) for v in item['options'].values())}) → "
        f"{', '.join(str(v) for v in variant['options'].values())} (${variant['price']:.2f})"
    )


def _variant_label(variant: Record) -> str:
    options = ", ".join(str(x) for x in variant["options"].values())
    return f"{options} (${variant['price']:.2f})"


def _variant_facts(pairs: Sequence[tuple[Record, Record]]) -> dict[str, Any]:
    difference = sum(float(v["price"]) - float(i["price"]) for i, v in pairs)
    return {
        "changes": [_change_line(i, v) for i, v in pairs],
        "price_difference": round(difference, 2),
    }


def _same_as_their_other(
    ctx: SlotContext, words: OrderWords, item: Record, product: Record, text: str
) -> list[dict[str, str]]:
    """ "The same type as the grill I already received" / "as the hose in my pending order":
    that option's value on the customer's other item of this product, when exactly one fits."""
    m = words.same_as.search(text)
    mine = words.same_i_have.search(text) if m is None else None
    if m is not None:
        # "the same as the phone in my other order": no option named, so every one
        word, where, said_of = (m.group(1) or "one").lower(), (m.group(3) or "").lower(), m.group(2)
    elif mine is not None:
        # "the same notebook I have in my other order": that item as it is.
        word, where, said_of = mine.group(1).lower(), mine.group(2).lower(), mine.group(1)
    else:
        return []
    named = set()
    if ctx.catalogue is not None:
        named = {e.value for e in ctx.catalogue.match(said_of) if e.type == "product"}
        if named and item["name"] not in named:
            return []  # "the same colour as my hoodie" is not about this t-shirt
    if word in words.whole_item or item["name"] in named:
        # "The same type as the grill I received": that item as it is, every option (the
        # confirmation names them all).
        names = _option_names(product)
    else:
        names = [n for n in _option_names(product) if word in n.lower().split()]
    if not names:
        return []
    # "I have" is what they received, unless they say it is in an order ("in my other order").
    have = not any(noun in where for noun in words.record_nouns)
    received = words.received.search(where) is not None or (
        have and words.have.search(where) is not None
    )
    ordered = words.ordered.search(where) is not None

    def fits(status: str) -> bool:
        # Received: delivered, or since sent for a return or exchange; ordered: not yet shipped.
        if received:
            return status not in ("pending", "processed", "cancelled") and not status.startswith(
                "pending"
            )
        return status.startswith("pending") if ordered else status != "cancelled"

    others = [
        i
        for o in orders_of(ctx)
        if fits(str(o["status"]))
        for i in o["items"]
        if i["product_id"] == item["product_id"] and i["item_id"] != item["item_id"]
    ]
    if len({tuple(str(i["options"].get(n)) for n in names) for i in others}) != 1:
        return []
    return [{"option": n, "value": str(others[0]["options"].get(n))} for n in names]


def without_descriptions(
    ctx: SlotContext, words: OrderWords, item: Record, text: str, scales: Scales
) -> str:
    """``text`` without the words that tell apart the items the customer has of this product
    ("both my laptops - first the 16GB one, then the 32GB one"): a value said to say which item
    is meant is no wish, nor a correction of one. Only "the"/"my" + a value one of those items
    has and another has not + "one" or the product's name counts, and not after "keep" or
    "same", nor after a word that says what they want ("… to the 13-inch one")."""
    owned = [
        {str(k): str(v) for k, v in i["options"].items()}
        for o in orders_of(ctx)
        for i in o["items"]
        if i["product_id"] == item["product_id"]
    ]
    # The values that tell the customer's items of this product apart (none when they have one).
    values = {
        v for options in owned for k, v in options.items() if any(o.get(k) != v for o in owned)
    }
    noun = re.escape(str(item["name"]).split()[-1].lower())

    def blank(m: re.Match[str]) -> str:
        kept = words.keeping.search(m.string[max(0, m.start() - 12) : m.start()])
        wished = words.wanted_right_before(m.string, m.start())
        return m.group(0) if kept or wished else " " * len(m.group(0))

    for value in sorted(values, key=len, reverse=True):
        said = value_pattern(value, scales)
        pattern = (
            rf"{words.determiners}\s+{said}\s+(?:{words.stand_ins}|{noun}{scales.maybe_plural}\b)"
        )
        text = re.sub(pattern, blank, text, flags=re.I)
    return text


def _option_names(product: Record) -> list[str]:
    return sorted({k for v in product["variants"].values() for k in v["options"]})


def singled_out(
    ctx: SlotContext, words: OrderWords, items: Sequence[Record], text: str
) -> list[tuple[int, int, str]]:
    """Where ``text`` singles out, each by its values as it is now, several items of one
    product the order holds ("two speakers: the green one for a red one, and the black one
    for a blue one"): the spans of "the … one" and the item each names. Only when two or
    more different units are so described: a single "I want the green one" may be a wish."""
    if ctx.catalogue is None:
        return []
    found: list[tuple[int, int, str]] = []
    options = [e for e in ctx.catalogue.match(text, items) if e.type == "option"]
    for m in words.singled.finditer(text):
        said = [e.value for e in options if m.start(1) <= e.start < m.end(1)]
        for product in {str(i["product_id"]) for i in items}:
            alike = [str(i["item_id"]) for i in items if str(i["product_id"]) == product]
            one = by_current_options(items, alike, said) if len(set(alike)) > 1 else []
            if len(one) == 1:
                found.append((m.start(), m.end(), one[0]))
    product_of = {str(i["item_id"]): str(i["product_id"]) for i in items}
    # "my order has two backpacks, a black one and the olive one. the 30L one is too big":
    # a unit is told apart for a wish of its own only when values follow its description
    # before the next one ("the green one for a red one, and the black one for a blue one").
    found.sort()
    ends = [f[0] for f in found[1:]] + [len(text)] if found else []
    found = [
        f
        for f, until in zip(found, ends, strict=True)
        if any(e.type == "option" for e in ctx.catalogue.match(text[f[1] : until]))
    ]
    units = [{f[2] for f in found if product_of[f[2]] == p} for p in set(product_of.values())]
    return found if any(len(ids) > 1 for ids in units) else []


def singled_clauses(
    ctx: SlotContext,
    words: OrderWords,
    items: Sequence[Record],
    parts: Sequence[str],
    chosen: Collection[str],
) -> tuple[list[str], list[set[str]]]:
    """The clauses ``parts`` of the message with the descriptions of ``singled_out`` blanked
    (what an item is now is no wish for it), and per clause the items those describe; only
    when two or more of the units described are ``chosen`` (one changed, the other left as
    it is, reads as before)."""
    found = singled_out(ctx, words, items, ctx.text)
    if len({f[2] for f in found} & set(chosen)) < 2:
        found = []
    blanked, named, at = list(parts), [set[str]() for _ in parts], 0
    for index, clause in enumerate(parts):
        start = ctx.text.find(clause, at)
        if start < 0 or not found:
            continue
        at = start + len(clause)
        for begin, end, item_id in found:
            if start <= begin < at:
                named[index].add(item_id)
                b, e = begin - start, end - start
                blanked[index] = blanked[index][:b] + " " * (e - b) + blanked[index][e:]
    if not any(named):
        return blanked, named
    # "…, and the black one for a blue one, that one needn't be waterproof": said of the black
    # one too, unless the clause names a thing of its own
    carried = ctx.phrasing.carry_subjects(ctx.text, named)
    return blanked, [
        units if units == own or not _names_a_thing(ctx, clause) else own
        for units, own, clause in zip(carried, named, parts, strict=True)
    ]


def _names_a_thing(ctx: SlotContext, clause: str) -> bool:
    catalogue = ctx.catalogue
    return catalogue is not None and any(
        e.type in ("item", "product") for e in catalogue.match(clause)
    )


def _item_windows(
    ctx: SlotContext, words: OrderWords, items: Sequence[Record], item_ids: Sequence[str]
) -> dict[str, str]:
    """With several items, what the customer said about each: the clauses naming it, plus those
    naming no item ("PayPal for the difference") — so "a white mouse and a glass bookshelf"
    does not make the bookshelf white."""
    if ctx.catalogue is None:
        return {}
    parts = ctx.phrasing.clauses(ctx.text)
    named: dict[int, set[str]] = {}
    # What the customer has bought: a product they never had ("the small 30ml bottle" of a
    # perfume) names no other item of theirs.
    bought = {i["name"] for o in orders_of(ctx) for i in o["items"]} | {i["name"] for i in items}
    for index, clause in enumerate(parts):
        for entity in ctx.catalogue.match(clause, items):
            if entity.type == "item" and not ctx.phrasing.pointer(clause, entity.start):
                named.setdefault(index, set()).update(entity.value["item_ids"])
            elif (
                entity.type == "product"
                and entity.value in bought
                and not ctx.phrasing.pointer(clause, entity.start)
            ):
                # A product of another order ("and the luggage set, in my other order, to
                # black") claims its clause too: its wishes are not this item's.
                named.setdefault(index, set()).add(f"product:{entity.value}")
    # "the green one for a red one, and the black one for a blue one": a clause describing
    # one of two alike items as it is now names that one (the description is no wish).
    parts, singled = singled_clauses(ctx, words, items, parts, item_ids)
    product_of = {str(i["item_id"]): str(i["product_id"]) for i in items}
    for index, ids in enumerate(singled):
        if ids:
            # "both chairs: the standard one to leather …": the clause is the one described's
            told = {product_of[i] for i in ids}
            kept = {i for i in named.get(index, set()) if product_of.get(i) not in told}
            named[index] = kept | ids
    products = {p for ids in named.values() for p in ids if p.startswith("product:")}
    if len(item_ids) < 2 and len(products) < 2 and not any(singled):
        return {}
    # "… the bookshelf should be brown, and a foot shorter": said of the bookshelf only
    carried = ctx.phrasing.carry_subjects(
        ctx.text,
        [named.get(i, set()) for i in range(len(parts))],
        # one item, named with its product or not, or one product of another order
        lambda ids: (
            len({i for i in ids if not i.startswith("product:")}) <= 1
            and len({i for i in ids if i.startswith("product:")}) <= 1
        ),
    )
    named = {i: ids for i, ids in enumerate(carried) if ids}
    windows: dict[str, str] = {}
    for item_id in item_ids:
        own = [i for i, ids in named.items() if item_id in ids]
        if not own:
            continue
        shared = [i for i in range(len(parts)) if i not in named]
        windows[item_id] = ". ".join(parts[i] for i in sorted(own + shared))
    return windows


def _option_asked_about(
    text: str, item: Record, product: Record, scales: Scales
) -> tuple[str, tuple[str, ...]] | None:
    """The one option of ``item`` the words name without a value ("change the colour"), with
    the other values it comes in, keeping the rest as it is where some do; None otherwise."""
    options: Mapping[str, str] = item.get("options", {})
    named = [
        name
        for name in options
        if any(re.search(rf"\b{re.escape(w)}\b", text, re.I) for w in scales.spellings(name))
    ]
    if len(named) != 1:
        return None
    option = named[0]
    available = [v for v in product.get("variants", {}).values() if v.get("available")]
    keeping = [
        v
        for v in available
        if all(v["options"].get(k) == value for k, value in options.items() if k != option)
    ]
    values = dict.fromkeys(
        str(v["options"].get(option))
        for v in keeping or available
        if v["options"].get(option) not in (None, options[option])
    )
    return (option, tuple(values)) if values else None


# Vets a candidate variant for an item against the customer's words (text, item, product,
# variant → whether it may be proposed).
Vet = Callable[[str, Record, Record, Record], bool]
# Whether the words just before a position rule out what is said there (text, position).
Ruled = Callable[[str, int], bool]


def resolve_variants(
    ctx: SlotContext,
    words: OrderWords,
    vet: Vet | None = None,
    ruled: Ruled | None = None,
    scales: Scales = NO_SCALES,
    qualities: Callable[[str, Record], dict[str, str]] | None = None,
    each_unit: Callable[[str, int], list[str] | None] | None = None,
    conditions: Callable[[str], list[tuple[int, int]]] | None = None,
) -> Resolution | None:
    """Per chosen item, the available variant of the same product the customer asked for;
    with ``vet``, only among the variants it lets through; ``qualities`` reads the yes/no
    options they name ("water-resistant", "not waterproof") as the audit does; ``each_unit``
    what is said of each unit of an item chosen more than once ("one for …, the other for …");
    ``conditions`` where a wish's fallback is conditioned on it ("if there's no 10, an 11").

    When one item has no exact match, the closest available variant is offered: the customer's
    yes takes it, and the confirmation still states every change.
    """
    order = ctx.record("order", str(ctx.slots.get("order_id", "")))
    item_ids: Sequence[str] = ctx.slots.get(ctx.options.get("items_slot", "item_ids")) or ()
    if order is None or not item_ids or ctx.catalogue is None:
        return None
    by_id = {i["item_id"]: i for i in order["items"]}
    windows = _item_windows(ctx, words, order["items"], item_ids)
    pairs: list[tuple[Record, Record]] = []
    missing: list[tuple[int, Record, tuple[Record, ...]]] = []
    unheard: dict[str, tuple[Unheard, ...]] = {}
    concerned: dict[str, tuple[str, ...]] = {}
    products: dict[str, Record] = {}
    for position, item_id in enumerate(item_ids):
        item = by_id.get(item_id)
        product = ctx.record("product", item["product_id"]) if item else None
        if item is None or product is None:
            return None
        text = without_descriptions(ctx, words, item, windows.get(item_id, ctx.text), scales)
        each = each_unit(text, list(item_ids).count(item_id)) if each_unit else None
        text = each[list(item_ids)[:position].count(item_id)] if each else text
        options_said = [e for e in ctx.catalogue.match(text) if e.type == "option"]
        mentioned = [
            e.value
            for e in options_said
            if not ctx.phrasing.negated(text, e.start)
            and not scales.excessive(text, e.start)
            and not (ruled is not None and ruled(text, e.start))
        ]
        # Words read as a value of one of the product's own options, the item's now or
        # another ("a red medium": its size M; "for a medium": size M) say that option's
        # value, and no other option's spelled the same (no medium ventilation).
        own = _options_of(product)
        if not options_said and len(item_ids) == 1 and ctx.answering():
            # "12 please" when asked which boots: a bare number is read only beside its
            # option's name, except as the answer about this one item, where it is the value
            # of the one option of the product that has it.
            mentioned += _bare_numbers(text, own)
        as_it_is = [
            (e.start, e.end, str(e.value["option"]))
            for e in options_said
            if str(e.value["value"]) in own.get(str(e.value["option"]), ())
        ]
        mentioned += _same_as_their_other(ctx, words, item, product, text)
        if qualities is not None:
            mentioned += [{"option": k, "value": v} for k, v in qualities(text, product).items()]
        among = [
            str(i["item_id"])
            for i in order["items"]
            if i["item_id"] != item_id and i["product_id"] == item["product_id"]
        ]
        named_ids = [
            v for v in re.findall(r"\b\d{10}\b", text) if v in product["variants"] and v != item_id
        ]
        if len(named_ids) == 1 and product["variants"][named_ids[0]].get("available"):
            # "Change the laptop to item 9844888101": the variant named by its id.
            pairs.append((item, product["variants"][named_ids[0]]))
            continue
        allowed = None if vet is None else partial(vet, text, item, product)
        choice = choose_variant(
            product,
            item,
            text,
            mentioned,
            among if words.others_in_order.search(text) else (),
            allowed,
            ruled,
            scales,
            phrasing=ctx.phrasing,
            conditions=conditions(text) if conditions is not None else (),
            as_it_is=as_it_is,
        )
        if choice.asked_nothing and len(item_ids) > 1:
            # One of several items with no change asked for: which change, if any, is meant is
            # not clear ("charge the difference" is no wish for the charger) — ask.
            return Resolution(facts={"item": item["name"], "stay": True}, problem="ask_change")
        if choice.asked_nothing and choice.unknown and _names_only(ctx, text, item):
            # "the speaker - red - could it be yellow instead?": it comes in no yellow, which
            # is said with the colours it has, before anything is asked
            lacked = {"item": item["name"], "unknown": [u.facts() for u in choice.unknown]}
            return Resolution(problem="no_such_variant", facts=lacked)
        if choice.asked_nothing:
            named = _option_asked_about(text, item, product, scales)
            if named is not None:
                # "Can I still change the colour of the mouse?": which one, among those it has.
                option, values = named
                return Resolution(
                    facts={"item": item["name"], "option": option},
                    problem="ask_change",
                    choices=values,
                )
            return Resolution(facts={"item": item["name"]}, problem="ask_change")
        if (
            choice.variant is not None
            and choice.variant["item_id"] == item_id
            and len(item_ids) > 1
            and not choice.same_asked  # "the exact same jacket again, a fresh one"
        ):
            return Resolution(facts={"item": item["name"], "stay": True}, problem="ask_change")
        if choice.several:
            # "A bigger one" with two bigger ones: the customer picks, nothing is offered.
            labels = tuple(_variant_label(v) for v in choice.near)
            return Resolution(choices=labels, problem="which_variant", facts={"item": item["name"]})
        gives_up = choice.variant is not None and not _keeps_what_was_named(
            ctx.phrasing, text, item, choice.variant, scales
        )
        if gives_up and _left_if_missing(ctx, words, order, item):
            # "black, but only if it comes wireless; if not, leave it": a variant that gives up
            # a value they named is no fallback of theirs.
            choice = replace(choice, variant=None, near=())
        if choice.variant is None:
            unheard[item_id] = choice.unknown
            concerned[item_id] = choice.concerned
            products[item_id] = product
            missing.append((position, item, choice.near))
            pairs.append((item, item))
        else:
            pairs.append((item, choice.variant))
    if not missing:
        return Resolution(value=[str(v["item_id"]) for _, v in pairs], facts=_variant_facts(pairs))
    condition = words.drop_if_missing.search(ctx.text)
    named_in_it = (
        {e.value for e in ctx.catalogue.match(condition.group(0)) if e.type == "product"}
        if condition
        else set()
    )
    # "If the navy hoodie isn't available, only exchange the sunglasses": the items the
    # condition names (or the one missing, for "if that one isn't…") are left out.
    dropped = [entry for entry in missing if entry[1]["name"] in named_in_it]
    if condition and len(missing) == 1 and words.if_that.match(condition.group(0)):
        dropped = list(missing)
    if not dropped and len(missing) == 1 and _left_if_missing(ctx, words, order, missing[0][1]):
        dropped = list(missing)
    items_slot = ctx.options.get("items_slot", "item_ids")
    narrowed: dict[str, Any] = {}
    if dropped and len(dropped) == len(pairs):
        # "… only if it comes in white; if not, leave it": nothing to change, nothing asked.
        _, item, _ = dropped[0]
        return Resolution(problem="variant_left_as_is", facts={"item": item["name"]}, ends=True)
    if dropped and len(dropped) < len(pairs):
        out = [m for _, m, _ in dropped]
        pairs = [(i, v) for i, v in pairs if all(i is not m for m in out)]
        missing = [entry for entry in missing if entry not in dropped]
        narrowed = {items_slot: [str(i["item_id"]) for i, _ in pairs]}
        if not missing:
            return Resolution(
                value=[str(v["item_id"]) for _, v in pairs],
                facts=_variant_facts(pairs),
                also=narrowed,
            )
    _, item, near = missing[0]
    facts: dict[str, Any] = {"item": item["name"]}
    unknown = [value for _, m, _ in missing for value in unheard.get(m["item_id"], ())]
    if unknown:
        facts["unknown"] = [u.facts() for u in unknown]
    if len(missing) == 1 and near:
        offered = [(i, near[0] if i is item else v) for i, v in pairs]
        offer_facts = _variant_facts(offered)
        facts["offer"] = _variant_label(near[0])
        return Resolution(
            choices=tuple(_variant_label(v) for v in near[1:]),
            problem="no_such_variant",
            facts=facts,
            offer=[str(v["item_id"]) for _, v in offered],
            offer_facts=offer_facts,
            # Taken with the offer: the items left out under the customer's condition.
            also=narrowed,
        )
    if not near and not unknown and item["item_id"] in products:
        # Nothing close to offer: the values the customer may pick among instead, of the
        # options their wish changes ("color: black, gold; screen size: 8-inch, 10-inch").
        pick = available_values(
            products[item["item_id"]], item, concerned.get(item["item_id"], ()), scales
        )
        if pick:
            facts["available"] = pick
    return Resolution(
        choices=tuple(_variant_label(v) for v in near), problem="no_such_variant", facts=facts
    )


# A number standing alone: no currency sign or '#' before it, no digit, dot or hyphen joined.
_BARE_NUMBER = re.compile(r"(?<![\w$#.\-])\d+(?![\w.\-%])")


def _bare_numbers(text: str, own: Mapping[str, Sequence[str]]) -> list[dict[str, str]]:
    """The option values of ``own`` (a product's options and their values) that a number
    standing alone in ``text`` says, when exactly one option has that value."""
    found: list[dict[str, str]] = []
    for number in dict.fromkeys(m.group(0) for m in _BARE_NUMBER.finditer(text)):
        having = [option for option, values in own.items() if number in values]
        if len(having) == 1:
            found.append({"option": having[0], "value": number})
    return found


def _names_only(ctx: SlotContext, text: str, item: Record) -> bool:
    """Whether ``text`` names no product but ``item``'s: the values it says are then the
    item's, not another thing's beside it ("the yoga mat … blue. the thermostat stays")."""
    if ctx.catalogue is None:
        return False
    named = {str(e.value) for e in ctx.catalogue.match(text) if e.type == "product"}
    return named <= {str(item["name"])}


def _keeps_what_was_named(
    ph: Phrasing, text: str, item: Record, variant: Record, scales: Scales
) -> bool:
    """Whether ``variant`` keeps every value of ``item`` the customer named in ``text`` and did
    not name a new value for ("only if it comes wireless": the wireless one stays wireless)."""

    def named(value: str) -> bool:
        return _says(ph, text, value_pattern(value, scales))

    return not any(
        str(new) != str(had) and named(str(had)) and not named(str(new))
        for key, new in variant["options"].items()
        if (had := item["options"].get(key)) is not None
    )


def _left_if_missing(ctx: SlotContext, words: OrderWords, order: Record, item: Record) -> bool:
    """Whether the customer said to leave ``item`` as it is if their wish for it cannot be met
    ("… and the coffee maker in white; if not, leave it"): it is the last of the order's items
    named before those words."""
    if ctx.catalogue is None:
        return False
    for m in words.leave_if_missing.finditer(ctx.text):
        named = [
            e
            for e in ctx.catalogue.match(ctx.text[: m.start()], order["items"])
            if e.type == "item" and not ctx.phrasing.pointer(ctx.text, e.start)
        ]
        if named and item["item_id"] in named[-1].value["item_ids"]:
            return True
    return False


def _says(ph: Phrasing, text: str, pattern: str) -> bool:
    """Whether ``text`` names this (and does not rule it out: "paypal, not the gift card")."""
    return any(not ph.negated(text, m.start()) for m in re.finditer(pattern, text, re.I))


def _original_method(ctx: SlotContext, methods: Mapping[str, Record]) -> Resolution | None:
    order = ctx.record("order", str(ctx.slots.get("order_id", "")))
    return None if order is None else _paid_with(order, methods)


def _paid_with(order: Record, methods: Mapping[str, Record]) -> Resolution | None:
    """The method that paid for ``order``, while the customer still has it: a record of the
    customer's, not words of theirs."""
    paid = [
        p["payment_method_id"]
        for p in order.get("payment_history", [])
        if p.get("transaction_type") == "payment"
    ]
    if paid and paid[0] in methods:
        facts = {"method": method_label(methods[paid[0]])}
        return Resolution(
            value=paid[0], facts=facts, grounds=(Ground.record("order", order["order_id"]),)
        )
    return None


def copied_payment(ctx: SlotContext, words: OrderWords, model: Aside | None) -> Resolution | None:
    """The method that paid the order a request copies its payment from ("the same card as my
    order with the headphones", "the card I used for my order with the grinder"): that order is
    found as an address's model is (``_model_orders``), never the order changed. An order paid
    by several methods names none of them: they are the choices."""
    if ctx.user is None or model is None:
        return None
    copied = model  # bound for the closure, as narrowed

    def of_payment(text: str, start: int, end: int) -> bool:
        # A model of the payment: a word for a method right before it ("the same card as my
        # order with …"), not of an item ("the same colour as the lamp in my other order").
        before = text[max(0, start - 60) : start]
        return copied(text, start, end) and words.method_any.search(before) is not None

    this = str(ctx.slots.get("order_id", ""))
    sources = _model_orders(ctx, words, of_payment) - {this}
    order = ctx.record("order", sources.pop()) if len(sources) == 1 else None
    if order is None:
        return None
    methods: Mapping[str, Record] = ctx.user.get("payment_methods", {})
    paid = list(
        dict.fromkeys(
            str(p["payment_method_id"])
            for p in order.get("payment_history", [])
            if p.get("transaction_type") == "payment"
        )
    )
    if len(paid) > 1:
        return Resolution(choices=tuple(method_label(methods[m]) for m in paid if m in methods))
    return _paid_with(order, methods)


def paid_for(ctx: SlotContext, words: OrderWords, text: str, now: str) -> Resolution | None:
    """The method that paid for another order, pointed at by what it holds: "switch it to the
    same card I paid for my makeup kit with" is the card of the order holding the makeup kit,
    a record of theirs. ``now`` is ``text`` with the words saying how something was paid
    blanked out (``without_history``)."""
    if ctx.catalogue is None or ctx.user is None or now == text:
        return None
    methods: Mapping[str, Record] = ctx.user.get("payment_methods", {})
    this = str(ctx.slots.get("order_id", ""))
    runs: list[list[re.Match[str]]] = []
    for m in re.finditer(r"[\w-]+", text):
        if now[m.start() : m.end()].strip():
            if runs and runs[-1]:
                runs.append([])
            continue
        if not runs:
            runs.append([])
        runs[-1].append(m)
    for run in filter(None, runs):
        # "the (same) card I paid …", "the method I used …" right before the words of payment:
        # a method pointed at by how something was paid
        if not words.the_method_which.search(text[: run[0].start()]):
            continue  # "I paid for the laptop with PayPal" says how, it points at nothing
        paid = text[run[0].start() : run[-1].end()]
        products = {e.value for e in ctx.catalogue.match(paid) if e.type == "product"}
        holding = [
            o
            for o in orders_of(ctx)
            if o["order_id"] != this and products & {i["name"] for i in o.get("items", [])}
        ]
        found = _paid_with(holding[0], methods) if len(holding) == 1 else None
        if found is not None:
            return found
    return None


def switched_to(
    words: OrderWords, text: str, methods: Mapping[str, Record], matches: Sequence[str]
) -> str | None:
    """Of two methods named, the one a change moves to: "switch the payment from my mastercard
    to paypal" (the one after "to", when the other follows "from")."""
    at = _said_at(words, text, methods, matches)
    if len(at) != 2:
        return None

    def led_by(start: int) -> str:
        found = words.moved.search(text[:start])
        return "" if found is None else found.group(1).lower()

    moved_from = [m for m, start in at.items() if led_by(start) in words.moved_from]
    moved_to = [m for m, start in at.items() if led_by(start) in words.moved_to]
    if len(moved_from) == 1 and len(moved_to) == 1 and moved_from != moved_to:
        return moved_to[0]
    return None


def payment_moved(
    ctx: SlotContext, words: OrderWords, history: Callable[[str], str] | None = None
) -> bool:
    """Whether the words move an order of the customer's off the method it was paid with onto
    another method of theirs ("the order with the running shoes: I paid with PayPal but I would
    like the Mastercard to be charged instead", "the order with the t-shirt: pay it with the
    gift card not the mastercard"): two of their methods named, one as how it is paid
    (``history``), ruled out or moved from, the other not; and the records agree — an order the
    words name (by its id or a product it holds) was paid with the first."""
    if ctx.user is None:
        return False
    methods: Mapping[str, Record] = ctx.user.get("payment_methods", {})
    text = ctx.text
    at = _said_at(words, text, methods, list(methods))
    if len(at) != 2:
        return False
    now = history(text) if history is not None else text

    def left(start: int) -> bool:
        # how it was paid (blanked out of ``now``), moved from, or ruled out
        found = words.moved.search(text[:start])
        moved_from = found is not None and found.group(1).lower() in words.moved_from
        return now[start].isspace() or moved_from or ctx.phrasing.negated(text, start)

    off = [m for m, start in at.items() if left(start)]
    onto = [m for m in at if m not in off]
    if len(off) != 1 or len(onto) != 1:
        return False
    found = ctx.catalogue.match(text) if ctx.catalogue is not None else []
    named = {str(e.value) for e in found if e.type == "product"}
    ids = set(re.findall(r"#W\d{7}", text))
    for order in orders_of(ctx):
        paid = _paid_with(order, methods)
        if paid is None or paid.value != off[0]:
            continue
        if order["order_id"] in ids or named & products_held(order):
            return True
    return False


def fallen_back(
    words: OrderWords,
    text: str,
    methods: Mapping[str, Record],
    matches: Sequence[str],
    weighs: Callable[[str], bool],
    difference: float | None,
) -> tuple[str, str] | None:
    """Of two methods named as a wish and its fallback ("try my gift card, and if it doesn't
    cover it, my mastercard"; ``weighs`` tells the words between them), the one that pays and
    the one wished for: the first, unless it is a gift card whose balance falls short of the
    ``difference`` to pay — unknown, the customer is asked."""
    at = _said_at(words, text, methods, matches)
    if len(at) != 2:
        return None
    first, second = sorted(at, key=at.__getitem__)
    if not weighs(text[at[first] : at[second]]):
        return None
    balance = methods[first].get("balance")
    if balance is None or (difference is not None and difference <= 0):
        return first, first
    if difference is None:
        return None
    return (first if float(balance) >= difference else second), first


def moved_off(ctx: SlotContext, words: OrderWords, method_id: str) -> bool:
    """Whether the words name method ``method_id`` only as the one a payment moves off ("off
    the gift card", "from my Visa"), for a slot whose option ``not_moved_from`` says such a
    method is never its value (the order's own payment; "take the difference from my gift
    card" pays with it)."""
    methods: Mapping[str, Record] = ctx.user.get("payment_methods", {}) if ctx.user else {}
    if not ctx.options.get("not_moved_from") or method_id not in methods:
        return False
    start = _said_at(words, ctx.text, methods, [method_id]).get(method_id)
    if start is None:
        return False
    led = words.moved.search(ctx.text[:start])
    return led is not None and led.group(1).lower() in words.moved_from


def _said_at(
    words: OrderWords, text: str, methods: Mapping[str, Record], matches: Sequence[str]
) -> dict[str, int]:
    """Where ``text`` first names each of the methods ``matches``."""
    at: dict[str, int] = {}
    for method_id in matches:
        method = methods[method_id]
        source = method.get("source")
        named = words.method_names.get(str(source))
        said = (
            named.pattern
            if named is not None
            else "|".join(
                re.escape(str(w)) for w in (method.get("brand"), method.get("last_four")) if w
            )
        )
        found = re.search(rf"\b(?:{said})\b", text, re.I) if said else None
        if found is not None:
            at[method_id] = found.start()
    return at


# Where a sentence ends, or the next thing of a numbered list begins ("1) the watch …, pay with
# PayPal 2) the camera …, the gift card"): each listed thing is said apart, as a sentence is.
_LISTED_APART = re.compile(r"(?<=[.!?])\s+|\s+(?=\(?(?:\d{1,2}|[a-h])\)\s)", re.I)


def about_proposal(ctx: SlotContext, words: OrderWords) -> str:
    """The sentences naming the items the proposal is about (by their product's name or what
    customers call it) and those that go on about them, or "" when none does."""
    order = ctx.record("order", str(ctx.slots.get("order_id", "")))
    ids = {str(i) for i in ctx.slots.get("item_ids") or ()}
    items = [i for i in (order or {}).get("items", []) if str(i["item_id"]) in ids]
    names = {str(i["name"]).lower() for i in items}

    def names_them(sentence: str) -> bool:
        if any(n in sentence.lower() for n in names):
            return True
        found = ctx.catalogue.match(sentence, items) if ctx.catalogue is not None else []
        return any(e.type == "item" and ids & set(e.value["item_ids"]) for e in found)

    def names_another(sentence: str) -> bool:
        found = ctx.catalogue.match(sentence) if ctx.catalogue is not None else []
        return any(e.type == "product" for e in found)

    # A sentence naming nothing goes on about the items named before it ("The kettle … 2
    # liters. Put that on my Mastercard."), until another product is named.
    kept: list[str] = []
    going_on = False
    for sentence in _LISTED_APART.split(ctx.text):
        if names_them(sentence):
            kept.append(sentence)
            going_on = True
        # a sentence opening with another request ("Also PayPal for the rest") ends them
        elif names_another(sentence) or words.another_request.match(sentence):
            going_on = False
        elif going_on:
            kept.append(sentence)
    return " ".join(kept)


def resolve_payment_method(
    ctx: SlotContext,
    words: OrderWords,
    history: Callable[[str], str] | None = None,
    weighs: Callable[[str], bool] | None = None,
    model: Aside | None = None,
) -> Resolution | None:
    """The customer's payment method their words name: PayPal, a gift card, the Visa ending 1234.
    ``history`` blanks out how something was paid ("I paid that order with PayPal, but put the
    difference on my Mastercard"): such a method counts only when no other is named. ``weighs``
    tells words that make the second of two methods a fallback ("…, otherwise …"). ``model``
    tells where the words make a mention the model: "the same card as my order with the
    headphones" is the method that paid that order (``copied_payment``), unless the words name
    another, which is then asked about. A method taken back by a correction ("gift card -
    actually no, PayPal") is not read."""
    ctx = replace(ctx, text=ctx.phrasing.taken_back(ctx.text, _methods_in(ctx, words, history)))
    found = _payment_method(ctx, words, history, beside=True, weighs=weighs)
    if found is not None and found.resolved and moved_off(ctx, words, str(found.value)):
        # "Take the payment off the gift card" (for a slot with option ``not_moved_from``):
        # the method a payment leaves is never the one it goes to; which of the others is
        # meant is asked.
        methods: Mapping[str, Record] = ctx.user.get("payment_methods", {}) if ctx.user else {}
        others = [method_label(m) for k, m in methods.items() if k != found.value]
        found = Resolution(choices=tuple(others)) if others else None
    copied = copied_payment(ctx, words, model)
    if copied is None or found is None:
        return found or copied
    if copied.resolved and (found.value == copied.value or copied.value in _choice_ids(ctx, found)):
        return copied  # "the same card as …" named both their cards; that order's is meant
    # The words name a method the order copied from was not paid with: which is meant is asked.
    return Resolution(choices=tuple(dict.fromkeys((*_labels(found), *_labels(copied)))))


def _methods_in(
    ctx: SlotContext, words: OrderWords, history: Callable[[str], str] | None
) -> Callable[[str], set[str]]:
    """What names the customer's methods in some words: the one they resolve to, or the
    choices they leave."""

    def named(text: str) -> set[str]:
        found = _payment_method(replace(ctx, text=text), words, history, beside=False)
        return set() if found is None else set(_labels(found))

    return named


def _labels(found: Resolution) -> tuple[str, ...]:
    """The methods a resolution names: its one value's label, or its choices."""
    if found.resolved:
        return (str(found.facts.get("method", found.value)),)
    return tuple(found.choices)


def _choice_ids(ctx: SlotContext, found: Resolution) -> set[str]:
    """The ids of the customer's methods among ``found``'s choices."""
    methods: Mapping[str, Record] = ctx.user.get("payment_methods", {}) if ctx.user else {}
    return {m for m, method in methods.items() if method_label(method) in found.choices}


def _payment_method(
    ctx: SlotContext,
    words: OrderWords,
    history: Callable[[str], str] | None,
    beside: bool,
    weighs: Callable[[str], bool] | None = None,
) -> Resolution | None:
    """``resolve_payment_method``; with ``beside``, the method named beside the proposal's
    items is looked for first when the words name several."""
    if ctx.user is None:
        return None
    if history is not None:
        now = history(ctx.text)
        blanked = " ".join(
            m.group(0)
            for m in re.finditer(r"[\w-]+", ctx.text)
            if not now[m.start() : m.end()].strip()
        )
        # "the card that order was paid with" names no method in what it says was paid: it
        # points at the order's own payment, read below, not at a method to set aside.
        if now != ctx.text and words.method_words.search(blanked):
            found = _payment_method(replace(ctx, text=now), words, None, beside, weighs)
            if found is not None and found.resolved:
                return found
        pointed = paid_for(ctx, words, ctx.text, now)
        if pointed is not None:
            return pointed
    methods: dict[str, Record] = ctx.user.get("payment_methods", {})
    text = ctx.text.lower()
    if ctx.options.get("allow_original") and words.original_method.search(text):
        original = _original_method(ctx, methods)
        if original is not None:
            return original
    matches: list[str] = []
    digits = {
        m.group(1)
        for m in re.finditer(r"\b(\d{4})\b", text)
        if not ctx.phrasing.negated(text, m.start())
    }
    brands_named = any(
        str(m.get("brand", "")).lower() in text for m in methods.values() if m.get("brand")
    )
    # "My amex" from a customer with no Amex names none of their cards, not any card.
    theirs = {str(m.get("brand", "")).lower() for m in methods.values()}
    other_brand = any(
        m.group(1).lower() in words.brands and m.group(1).lower() not in theirs
        for m in words.card.finditer(text)
        if not ctx.phrasing.negated(text, m.start())
    )
    for method_id, method in methods.items():
        source = method.get("source")
        if method_id.lower() in text:
            matches = [method_id]
            break
        # PayPal, a gift card: named by the words of its kind
        by_kind = words.method_anywhere.get(str(source))
        if by_kind is not None and _says(ctx.phrasing, text, by_kind.pattern):
            matches.append(method_id)
        elif source == "credit_card":
            if method.get("last_four") in digits:
                matches = [method_id]
                break
            brand = str(method.get("brand", "")).lower()
            named = bool(brand) and _says(ctx.phrasing, text, rf"\b{re.escape(brand)}\b")
            card = _says(ctx.phrasing, text, words.card.pattern)
            # "gift card" names no card of theirs; "credit card" does, beside it too ("paid
            # with my gift card … put that difference on my credit card")
            generic = (
                card
                and (
                    not words.not_any_card.search(text)
                    or _says(ctx.phrasing, text, words.any_card.pattern)
                )
                and not brands_named
                and not other_brand
            )
            if named or generic:
                matches.append(method_id)
    if matches and beside:
        # "The watch … refund the difference to my PayPal. And the camera … take that from my
        # gift card": the one named beside the items this proposal is about.
        near = about_proposal(ctx, words)
        if near and near != ctx.text:
            found = _payment_method(replace(ctx, text=near), words, history, False, weighs)
            if found is not None and found.resolved:
                return found
    difference = ctx.dialogue.facts.get("new_item_ids", {}).get("price_difference")
    switched = switched_to(words, text, methods, matches) if len(matches) == 2 else None
    if switched is not None:
        matches = [switched]  # "from my mastercard to paypal": the one it moves to
    elif len(matches) == 2 and weighs is not None:
        weighed = fallen_back(words, text, methods, matches, weighs, difference)
        if weighed is not None:
            taken, wished = weighed
            facts = {"method": method_label(methods[taken])}
            if taken != wished:
                # Said before the "yes": the method wished for cannot pay it.
                facts["uncovered"] = method_label(methods[wished])
            return Resolution(value=taken, facts=facts)
    if len(matches) == 1:
        return Resolution(value=matches[0], facts={"method": method_label(methods[matches[0]])})
    if len(matches) > 1:
        marked = _marked_method(ctx, words, history) if beside else None
        if marked is not None:
            return marked
        return Resolution(choices=tuple(method_label(methods[m]) for m in matches))
    if not (
        ctx.options.get("original_unless_paying") and difference is not None and difference <= 0
    ):
        return None
    # Nothing to pay: a refund goes back the way the order was paid, as stores do, and an even
    # swap keeps that method (the confirmation names it) — unless the customer named a method.
    if words.method_words.search(" ".join([ctx.text, *ctx.dialogue.said])):
        return None
    original = _original_method(ctx, methods)
    # The whole messages the request's words were cut from count too ("Refund the difference
    # to PayPal" read as a part of its own leaves the request's words naming no method): a
    # method named there, other than as how something was paid, must be the original one.
    around = " ".join(_source_messages(ctx))
    if original is None or not words.method_words.search(around):
        return original
    there = _payment_method(replace(ctx, text=around), words, history, beside=False)
    return original if there is not None and there.value == original.value else None


# Where a sentence of the customer's ends: the audit cuts their words here too.
SENTENCE_END = SENTENCE_BREAK


def _source_messages(ctx: SlotContext) -> list[str]:
    """The customer's recent whole messages that the request's words were cut from."""
    starts = [s.strip()[:40] for said in ctx.dialogue.said for s in SENTENCE_END.split(said)]
    starts = [s for s in starts if len(s) >= 12]
    return [m for m in ctx.dialogue.messages if any(s in m for s in starts)]


def _marked_method(
    ctx: SlotContext, words: OrderWords, history: Callable[[str], str] | None
) -> Resolution | None:
    """Of several methods named, the one the words the span tagger marked as where the money
    goes name ("it's on my visa now - put it on [my gift card]"), when they name one. The
    tagger judges the methods of the sentences it marked in; a method named in another
    sentence, other than as how something was paid, may be another request's ("… PayPal
    instead of the visa. And … gift card for that difference"): then the marks decide nothing."""
    found: dict[str, Resolution] = {}
    for mark in ctx.marked:
        read = _payment_method(replace(ctx, text=mark.text), words, None, beside=False)
        if read is not None and read.resolved:
            found[str(read.value)] = replace(read, grounds=(Ground.said(mark.text),))
    if len(found) != 1:
        return None
    rest = unmarked_sentences(ctx)
    rest = history(rest) if history is not None else rest
    left = (
        _payment_method(replace(ctx, text=rest), words, None, beside=False)
        if rest.strip()
        else None
    )
    if left is not None and (left.choices or (left.resolved and str(left.value) not in found)):
        return None
    return next(iter(found.values()))


def unmarked_sentences(ctx: SlotContext) -> str:
    """The sentences of the slot's words in which the span tagger marked nothing of its kind."""
    sentences = re.split(r"(?<=[.!?])\s+", ctx.text)
    return " ".join(s for s in sentences if not any(m.text in s for m in ctx.marked))


def _address_of(record: Record) -> dict[str, str]:
    fields = ("address1", "address2", "city", "state", "country", "zip")
    return {k: str(record["address"].get(k, "")) for k in fields}


def resolve_address(
    ctx: SlotContext, words: OrderWords, model: Aside | None = None
) -> Resolution | None:
    """A postal address: written out, "the same as order #W…", or "my default address";
    ``model`` tells where the workspace's words make a mention the model ("the same address as
    my lamp order")."""
    address = parse_address(ctx.text)
    grounds: tuple[Ground, ...] = (Ground.said(ctx.text),)
    if address is None:
        address = _address_by_reference(ctx, words, model or _kept_nowhere)
        # An address on file: the customer's own account and orders hold it.
        user = ctx.case.verification.user_id if ctx.case.verification is not None else ""
        grounds = (Ground.record("user", user),) if user else ()
    if address is None:
        return None
    line = ", ".join(v for v in (address["address1"], address["address2"], address["city"]) if v)
    facts = {"address": f"{line}, {address['state']} {address['zip']}"}
    return Resolution(value=address, facts=facts, grounds=grounds)


def _address_by_reference(
    ctx: SlotContext, words: OrderWords, model: Aside
) -> dict[str, str] | None:
    """An address the customer points to instead of writing it: another order's ("same as
    #W…", "the NYC address on my other order", "the one my last order went to", "the address on
    the luggage order"), or the one on their account. Only an address that is already on file
    is ever used, and only when exactly one fits."""
    current = ctx.slots.get("order_id")
    named = [o for o in re.findall(r"#W\d{7}", ctx.text) if o != current]
    if named and words.like_record.search(ctx.text):
        other = ctx.record("order", named[-1])
        return _address_of(other) if other is not None else None
    changing_account = ctx.options.get("target") == "account"
    if changing_account and words.to_account.search(ctx.text):
        return None  # "send it to my default address" is not a change of the default address
    known = _known_addresses(ctx)
    own: dict[str, str] | None = None
    if changing_account and ctx.user is not None:
        own = _address_of(ctx.user)
    else:
        order = ctx.record("order", str(current)) if current else None
        own = _address_of(order) if order is not None else None
    others = [(a, orders) for a, orders in known if a != own]
    just_used = ctx.dialogue.memory.get("address")
    if just_used and just_used != own and words.that_address.search(ctx.text):
        return dict(just_used)  # "… and make it my default address too"
    found = _pointed_address(ctx, words, others, model)
    if found is not None:
        return found
    unit = words.new_unit.search(ctx.text)
    if own is not None and unit and words.same_place.search(ctx.text):
        # "Suite 641 instead, same street and city": the address as it is, another unit.
        return {**own, "address2": f"{unit.group(1).capitalize()} {unit.group(2)}"}
    last = ctx.dialogue.memory.get("order")
    that = ctx.record("order", str(last)) if last and words.that_order.search(ctx.text) else None
    if that is not None and words.order_address.search(ctx.text) and _address_of(that) != own:
        return _address_of(that)  # "the one that order went to"
    on_file = words.on_file.search(ctx.text) and not words.new_address.search(ctx.text)
    # "Change my default address to the one my order is going to": the account's address is
    # what the words change, so it is no value for an order's.
    on_file = on_file and not words.account_changed.search(ctx.text)
    if ctx.user is not None and on_file and not changing_account:
        return _address_of(ctx.user)
    return None


def _known_addresses(ctx: SlotContext) -> list[tuple[dict[str, str], list[Record]]]:
    """The customer's distinct addresses on file, each with the orders that ship to it."""
    known: list[tuple[dict[str, str], list[Record]]] = []
    if ctx.user is not None:
        known.append((_address_of(ctx.user), []))
    for order in orders_of(ctx):
        address = _address_of(order)
        for have, orders in known:
            if have == address:
                orders.append(order)
                break
        else:
            known.append((address, [order]))
    return known


def _pointed_address(
    ctx: SlotContext,
    words: OrderWords,
    others: Sequence[tuple[dict[str, str], list[Record]]],
    model: Aside,
) -> dict[str, str] | None:
    if not others:
        return None
    lowered = f" {re.sub(r'[^a-z0-9 ]', ' ', ctx.text.lower())} "
    for alias, city in words.city_aliases:
        lowered = lowered.replace(f" {alias} ", f" {city} ")
    named = (
        [e for e in ctx.catalogue.match(ctx.text) if e.type == "product"]
        if ctx.catalogue is not None
        else []
    )
    # "… to the same address as my camera order": the camera's order is the one meant.
    modelled = {e.value for e in named if model(ctx.text, e.start, e.end)}
    in_city = [
        (a, orders)
        for a, orders in others
        if _names_address_by_city(words, lowered, a["city"].lower())
    ]
    if len(in_city) > 1 and modelled:
        # "send it to nashville, the same address as my order with the bulb", two addresses
        # of theirs in Nashville: the one the bulb's order goes to.
        in_city = [
            (a, orders) for a, orders in in_city if any(_holds(o, modelled) for o in orders)
        ] or in_city
    if len(in_city) == 1:
        return in_city[0][0]
    if in_city:
        return None  # two addresses in that city: the customer must say which
    if not words.order_address.search(ctx.text):
        return None
    on_orders = [(a, orders) for a, orders in others if orders]
    if ctx.catalogue is not None:
        # Without words that take an order's address ("the address on", "where … goes"), a
        # product named only describes an order ("my order going to San Francisco, the
        # perfume: …"): it points at no address.
        pointing = modelled or words.takes_order_address.search(ctx.text) is not None
        products = modelled or ({e.value for e in named} if pointing else set())
        holding = [a for a, orders in on_orders if any(_holds(o, products) for o in orders)]
        if products and len(holding) == 1:
            return holding[0]
    latest = orders_of(ctx)[-1:] if words.latest.search(ctx.text) else []
    if latest:
        hits = [a for a, orders in on_orders if latest[0] in orders]
        return hits[0] if hits else None
    if len(on_orders) == 1 and words.other_order_address.search(ctx.text):
        return on_orders[0][0]  # "the address on my other order", and there is one such
    return None


def _names_address_by_city(words: OrderWords, text: str, city: str) -> bool:
    """ "my NYC address", "the Seattle one", "my address in Charlotte", "ship it to New York",
    "the same address as my Houston order" — not a city in passing ("the order shipped to
    Boston"), nor one they left ("I no longer live at my Madison place")."""
    c = re.escape(city)
    spots = [
        m.start()
        for m in [
            *re.finditer(rf" {c}{words.city_address}", text),
            *re.finditer(rf"{words.address_in_city}{c} ", text),
            *re.finditer(rf"{words.city_sent_to}{c} ", text),
            *re.finditer(rf"{words.reference}{c}{words.city_record}", text),
        ]
    ]
    return any(not words.left_address.search(text[max(0, at - 40) : at]) for at in spots)


def _holds(order: Record, products: set[str]) -> bool:
    return bool(products & {i["name"] for i in order.get("items", [])})


def products_held(order: Record) -> set[str]:
    """The names of the products ``order`` holds."""
    return {str(i["name"]) for i in order.get("items", [])}


def _mentions(products: Iterable[Entity]) -> list[frozenset[str]]:
    """The products named, one set per mention: "the camera" may be any of the cameras of
    the catalogue, and an order holding one of them holds what was named."""
    at: dict[tuple[int, int], set[str]] = {}
    for e in products:
        at.setdefault((e.start, e.end), set()).add(str(e.value))
    return [frozenset(names) for names in at.values()]


def _holds_only(order: Record, mentions: Sequence[frozenset[str]]) -> bool:
    """Whether ``order`` holds a product of each mention and nothing else."""
    held = products_held(order)
    named = set().union(*mentions) if mentions else set()
    return all(m & held for m in mentions) and held <= named and len(held) <= len(mentions)


def resolve_product(ctx: SlotContext, words: OrderWords) -> Resolution | None:
    """A product of the catalogue the customer named, or the one of theirs just talked about
    ("how much would the 10x zoom version cost, same storage as mine?")."""
    if ctx.catalogue is None:
        return None
    names = [e.value for e in ctx.catalogue.match(ctx.text) if e.type == "product"]
    unique = sorted(set(names))
    if len(unique) == 1:
        return Resolution(value=unique[0])
    if unique:
        return Resolution(choices=tuple(unique))
    mine = _last_item(ctx)
    if mine is not None and words.mine.search(ctx.text):
        return Resolution(value=mine["name"], facts={"mine": mine})
    return None


def _last_item(ctx: SlotContext) -> Record | None:
    """The item the conversation was last about: the only one named, or the only one in the
    order last talked about."""
    order = (
        ctx.record("order", str(ctx.dialogue.memory.get("order", "")))
        if ctx.dialogue.memory.get("order")
        else None
    )
    if order is None:
        return None
    last = ctx.dialogue.memory.get("order_items") or []
    items = [i for i in order["items"] if i["item_id"] in last]
    if not items and ctx.catalogue is not None:
        said = " ".join(ctx.dialogue.last_said)
        named = {e.value for e in ctx.catalogue.match(said) if e.type == "product"}
        items = [i for i in order["items"] if i["name"] in named]
    items = items or order["items"]
    return items[0] if len(items) == 1 else None


def resolve_variant_filter(ctx: SlotContext, scales: Scales = NO_SCALES) -> Resolution | None:
    """The available variants of the slot's product that fit the options the customer named."""
    name = ctx.slots.get(ctx.options.get("product_slot", "product"))
    if ctx.catalogue is None or not name:
        return None
    if not isinstance(ctx.catalogue, CatalogueEntityMatcher):
        return None
    pid = ctx.catalogue.product_id(str(name))
    product = ctx.record("product", pid) if pid else None
    if product is None:
        return None
    mine = ctx.dialogue.facts.get(ctx.options.get("product_slot", "product"), {})
    fits, said = matching_variants(
        product, ctx.text, mine.get("mine"), scales, phrasing=ctx.phrasing
    )
    if not said:
        return None
    found = [{"options": v["options"], "price": v["price"]} for v in fits]
    return Resolution(value=[v["item_id"] for v in fits], facts={"matching": found, "asked": said})


def resolve_purchases(ctx: SlotContext) -> Resolution | None:
    """What the customer bought of the slot's product, over all orders not cancelled: how many,
    in which orders, and what they paid in all."""
    name = ctx.slots.get(ctx.options.get("product_slot", "product"))
    if not name:
        return None
    bought = [
        (o["order_id"], i)
        for o in orders_of(ctx)
        if o["status"] != "cancelled"
        for i in o["items"]
        if i["name"] == name
    ]
    total = round(sum(float(i["price"]) for _, i in bought), 2)
    lines = [f"{_item_label(i)} in {oid} (${float(i['price']):.2f})" for oid, i in bought]
    return Resolution(value=total, facts={"bought": lines, "count": len(bought), "total": total})


def resolvers(words: OrderWords) -> dict[str, Resolver]:
    """The store's resolvers by slot kind, reading the workspace's ``resolvers`` words (the
    workspace's other words are bound by the caller)."""
    return {
        "order": partial(resolve_order, words=words),
        "order_items": partial(resolve_order_items, words=words),
        "variants": partial(resolve_variants, words=words),
        "payment_method": partial(resolve_payment_method, words=words),
        "address": partial(resolve_address, words=words),
        "product": partial(resolve_product, words=words),
        "variant_filter": resolve_variant_filter,
        "purchases": resolve_purchases,
    }
