"""Evidence for a proposal: every argument of a write must trace to what the customer said, to
their own records, or to their explicit choice — checked once more, independently of the
readings that produced it, before DeskPilot asks for "yes".

The readings (``_resolvers``) try hard to understand; this module only audits their result
against the customer's words and records, with simple, conservative rules:

- an order the customer named by its number, or described by the products in the sentence that
  asks for the request, is the order proposed;
- an item proposed was named (and not set aside: "the boots I'm keeping"), or the customer said
  "everything", or it is the order's only item; an item they named is not silently left out;
- an option of a new variant that differs from the item they have was asked for (its value, its
  name, or a comparison such as "bigger" is in their words), and a value they asked for is in it;
- a payment method they named is the one used.

A finding is a sentence a person can read; any finding stops the proposal (the engine hands the
case to a person with the findings) — a wrong write is worse than no write.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from deskpilot.domain import Entity
from deskpilot.flows import Finding, Phrasing, Record, SlotContext, may_be_an_entry
from deskpilot.workspace import EvidenceWords, ResolverWords, VocabularyFile, phrases

from ._common import method_label
from ._order_words import OrderWords
from ._resolvers import (
    SENTENCE_END,
    about_proposal,
    acted_on_products,
    copied_payment,
    cue_said,
    described_after_pointer,
    kept_ids,
    moved_off,
    orders_of,
    paid_for,
    products_held,
    singled_clauses,
    switched_to,
    the_other,
    unmarked_sentences,
    without_descriptions,
)
from ._variants import (
    NO_SCALES,
    Scales,
    is_measure_of,
    measures_said,
    negation_of,
    replaced_in_other,
    scales_of,
    unit_spellings,
    value_pattern,
    without_differences,
)

_SENTENCE = SENTENCE_END
# where a clause ends, inside a sentence
_CLAUSE_MARKS = (",", ";", ":", "(", ")")


# One entry of a list: up to three words.
_ITEM = r"[\w-]+(?:\s+[\w-]+){0,2}"


@dataclass(frozen=True)
class _Patterns:
    """The vocabulary compiled once, into the shapes the rules read."""

    kept_before: re.Pattern[str]
    kept_one: re.Pattern[str]
    kept_after: re.Pattern[str]
    kept_near: re.Pattern[str]
    listed: re.Pattern[str]
    every: re.Pattern[str]
    negation_before: re.Pattern[str]
    verb_negated: re.Pattern[str]
    ruled_out: re.Pattern[str]
    if_before: re.Pattern[str]
    list_joined: re.Pattern[str]
    most: re.Pattern[str]
    least: re.Pattern[str]
    compare: re.Pattern[str]
    alternatives: re.Pattern[str]
    bare_alternatives: re.Pattern[str]
    negation_stops: re.Pattern[str]
    condition: re.Pattern[str]
    unmet: re.Pattern[str]
    another: re.Pattern[str]
    each_unit: re.Pattern[str]
    requests: re.Pattern[str]
    likeness: re.Pattern[str]
    exactly: re.Pattern[str]
    alike: re.Pattern[str]
    unchanged: re.Pattern[str]
    same: re.Pattern[str]
    paid_before: re.Pattern[str]
    object_after: re.Pattern[str]
    statuses: dict[str, re.Pattern[str]]
    # the words the resolvers read ("my laptop order" names an order, not an item)
    orders: OrderWords
    scales: Scales = NO_SCALES
    # other names of yes/no options ("waterproof" for "water resistance")
    names: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    # negation, pointers and clauses in the workspace's words
    phrasing: Phrasing = field(default_factory=Phrasing)

    @classmethod
    def of(
        cls,
        words: EvidenceWords,
        scales: Scales = NO_SCALES,
        names: Mapping[str, Sequence[str]] | None = None,
        phrasing: Phrasing | None = None,
        orders: OrderWords | None = None,
    ) -> _Patterns:
        det = phrases(words.determiners)
        joiners = phrases(words.list_joiners)
        aside_after = phrases(words.set_aside_after)
        condition = (
            # Bounded, not sentence-bound: the message's parts are rejoined with full stops.
            f"{phrases(words.condition_if)}.{{0,80}}?{phrases(words.condition_unmet)}"
            f".{{0,60}}?{phrases(words.condition_only)}"
        )
        shapes = {
            # "keeping the boots": the word, a determiner, up to two words, then the mention.
            # Or one of a list kept: "keeping the vacuum cleaner, perfume and light bulb",
            # "keeping hold of the garden hose and the security camera" (a word of the
            # member's own before the mention).
            # The same of one mention: the list it belongs to is read over the mentions
            # (``Phrasing.list_heads``), where a verb ends it ("keep the headphones, return
            # the keyboard and the water bottle" keeps the headphones alone).
            "kept_one": rf"{phrases(words.set_aside_before)}\s+(?:{det}\s+)?(?:\w+\s+){{0,2}}$",
            "kept_before": (
                rf"{phrases(words.set_aside_before)}\s+(?:{det}\s+)?"
                rf"(?:(?:\w+\s+){{0,2}}|(?:{_ITEM}\s*,\s*(?:{det}\s+)?){{1,8}}"
                rf"(?:{_ITEM}\s*,?\s*{joiners}\s+(?:{det}\s+)?)?(?:[\w-]+\s+)?"
                rf"|{_ITEM}\s+{joiners}\s+(?:{det}\s+)?(?:[\w-]+\s+)?)$"
            ),
            # "the boots you are keeping": within three words after the mention, same clause.
            # Not "the mat but I'm keeping the backpack": that one is set aside before its own.
            # the first of the shapes of "kept_after" alone: right after the mention, in its
            # clause ("#W1 is fine"), not a thing of it said later ("#W1: the tablet, it's fine")
            "kept_near": (
                rf"^[^\w.;,!?]{{0,3}}(?:\w+[^\w.;,!?]+){{0,3}}?{aside_after}(?!\s+{det}\b)"
            ),
            "kept_after": (
                # after where it is, too: "the camera in that order i keep"
                rf"^(?:\s+{phrases(words.set_aside_places)}\s+(?:{det}\s+)?[\w-]+)?"
                rf"[^\w.;,!?]{{0,3}}(?:\w+[^\w.;,!?]+){{0,3}}?{aside_after}(?!\s+{det}\b)"
                # or the first of a list the words are said of: "the charger, headphones and
                # pet bed stay"
                rf"|^\s*,\s*(?:{det}\s+)?(?:{_ITEM}\s*,\s*(?:{det}\s+)?){{0,6}}"
                rf"{_ITEM}\s*,?\s*{joiners}\s+(?:{det}\s+)?{_ITEM}\s+{aside_after}(?!\s+{det}\b)"
                # or the first of two: "the boots and the keyboard in that order stay"
                rf"|^\s+{joiners}\s+(?:{det}\s+)?{_ITEM}"
                rf"(?:\s+{phrases(words.set_aside_places)}\s+(?:{det}\s+)?[\w-]+)?\s+{aside_after}"
                rf"(?!\s+{det}\b)"
                # or pointed at after a comma later in its sentence: "the makeup kit was a
                # present for my wife, she loves it, that stays"
                rf"|^[^.;!?]{{0,100}}?[,(–—-]\s*{phrases(words.set_aside_pointers)}\s+"
                rf"{aside_after}(?!\s+{det}\b)(?=\s*(?:[.;!?),]|$))"
                # or kept by a clause of its own right after a comma: "the tablet, I'm happy
                # with it"
                rf"|^[^.;!?]{{0,100}}?[,(–—-]\s*{phrases(words.set_aside_clauses)}"
                rf"(?=\s*(?:[.;!?),]|$))"
            ),
            # Between two mentions of one list: "a charger, a grill and a skateboard".
            "listed": rf"^\s*(?:,|,?\s*{phrases(words.list_joiners)})?\s*(?:{det})?\s*$",
            "every": phrases(words.every_item),
            "negation_before": rf"{phrases(words.negation)}[^.,;]*$",
            # "don't like the …": a negated verb, then the thing it governs (a determiner)
            "verb_negated": rf"{phrases(words.negation)}(?:\s+[\w'’]+){{1,2}}?\s+{det}\s",
            # "anything but the rotisserie", "it doesn't need to be waterproof": just before.
            "ruled_out": rf"{phrases(words.rule_out)}\s+(?:\w+\s+){{0,3}}$",
            # "if there's no glass one": a condition on the wish, not a value ruled out
            "if_before": rf"{phrases(words.condition_if)}\s+(?:[\w'’]+\s+){{0,3}}[\w'’]*$",
            "list_joined": rf"(?:^|\s){phrases(words.list_joiners)}\s",
            "most": phrases(words.most),
            "least": phrases(words.least),
            "compare": phrases(words.compare),
            "alternatives": phrases(words.alternatives),
            # "black or blue": words of a fallback that alone weigh nothing
            "bare_alternatives": phrases(words.bare_alternatives),
            "negation_stops": phrases(words.negation_stops),
            "condition": condition,
            # "if the balance isn't enough": what is wished for may not do
            "unmet": f"{phrases(words.condition_if)}.{{0,40}}?{phrases(words.condition_unmet)}",
            "another": phrases(words.another),
            # "…: one for a ceramic one, the other for …": a clause about one unit of an item
            "each_unit": (
                rf"(?:(?<=[:;,.])\s*|{phrases(words.each_unit_joiners)}\s+)"
                rf"{phrases(words.each_unit)}\s"
            ),
            # Where ", and" starts another request: sentence ends, or a comma and a joiner.
            "requests": rf"(?<=[.;!?])\s+|\n+|,\s*(?={phrases(words.request_joiners)})",
            # "the same type as the grill": the word, a determiner, up to two words, the mention.
            # "the same battery life and water resistance": up to five words before the option,
            # none of contrast ("the same boots but waterproof").
            "unchanged": (
                rf"{phrases(words.unchanged)}\s+"
                rf"(?:(?!{phrases(words.contrast)})[\w-]+\s+){{0,5}}$"
            ),
            # "I paid that order with PayPal": up to four words, then the method.
            "paid_before": rf"{phrases(words.paid_before)}\s+(?:[\w-]+\s+){{0,4}}$",
            "same": phrases(words.unchanged),
            # Or one of a list there: "the same address as my hoodie and running shoes order";
            # or up to three words on ("the same address as the order i got with …").
            "likeness": (
                rf"{phrases(words.likeness)}\s+(?:{det}\s+)?"
                rf"(?:{_ITEM}\s*,?\s*{joiners}\s+(?:{det}\s+)?(?:\w+\s+){{0,2}}"
                rf"|(?:\w+\s+){{0,3}})$"
                # or said again after a comma: "the same address as my other pending order,
                # the one with the keyboards", a word before "one" too after a determiner ("the
                # big one with …"; not ", return the hoodie")
                rf"|{phrases(words.likeness)}\s+(?:{det}\s+)?(?:[\w-]+\s+){{0,3}}[\w-]+\s*,"
                rf"\s*(?:(?:{det}\s+)?[\w-]+|{det}\s+[\w-]+\s+[\w-]+)\s+$"
            ),
            "alike": phrases(words.likeness),
            # "the order with only the bookshelf and the bottle": the word, a determiner, the
            # mention.
            "exactly": rf"{phrases(words.exactly)}\s+(?:{det}\s+)?(?:\w+\s+){{0,1}}$",
            # "… got an induction cooktop": a word with an object of its own right after it
            "object_after": rf"^\s+{det}\s",
        }
        statuses = {
            state: re.compile(phrases(said), re.I) for state, said in words.statuses.items()
        }
        compiled = {name: re.compile(shape, re.I) for name, shape in shapes.items()}
        others = {option: tuple(n) for option, n in (names or {}).items()}
        fields: dict[str, Any] = {
            **compiled,
            "statuses": statuses,
            "scales": scales,
            "orders": orders or OrderWords.of(ResolverWords()),
        }
        return cls(**fields, names=others, phrasing=phrasing or Phrasing())


Audit = Callable[[_Patterns, SlotContext, Any, bool], list[Finding]]


def _knowing(p: _Patterns, ctx: SlotContext) -> _Patterns:
    """``p`` telling a list that points at an order by ``ctx``'s catalogue, as the flow engine's
    phrasing does ("with clicky switches and the thermostat" lists no order's items): the audit
    and the resolvers it checks count the same mentions as targets."""
    if ctx.catalogue is None:
        return p
    return replace(p, phrasing=p.phrasing.knowing(may_be_an_entry(ctx.catalogue)))


def _stem(text: str) -> str:
    """Letters only, each word cut to six letters: "water-resistant" ~ "water resistance"."""
    return " ".join(w[:6] for w in re.findall(r"[a-z0-9]+", text.lower()))


def _says(words: str, phrase: str) -> bool:
    return f" {_stem(phrase)} " in f" {_stem(words)} "


def _set_aside(p: _Patterns, words: str, start: int, end: int, head: int | None = None) -> bool:
    """Whether the mention at ``start:end`` is set aside; ``head``: where the first member of
    a list it belongs to starts ("except the lamp, the kettle and the mouse", ``list_heads``)."""
    if head is None:
        before = p.kept_before.search(words[max(0, start - 60) : start]) is not None
    else:  # the list read over the mentions: what keeps its first member keeps it
        before = any(p.kept_one.search(words[max(0, at - 60) : at]) for at in {start, head})
    first = start if head is None else head
    return (
        before
        or p.phrasing.excluded(words, start, head)
        or (p.phrasing.set_aside_but(words, start) and not p.phrasing.excepted(words, first))
        or p.kept_after.search(words[end : end + 80]) is not None
    )


def _kept(p: _Patterns, words: str, start: int, end: int) -> bool:
    """``_set_aside`` by the words that keep a mention as it is only, not by a negation, and
    only right beside it: "#W1 is fine", "keeping #W1" (not "#W1: the tablet, it's fine")."""
    return (
        p.kept_before.search(words[max(0, start - 60) : start]) is not None
        or p.kept_near.search(words[end : end + 80]) is not None
    )


def _digits(order_id: str) -> str:
    return re.sub(r"\D", "", order_id)


def _named_ids(words: str, orders: Sequence[Record]) -> set[str]:
    return {
        str(o["order_id"])
        for o in orders
        if _digits(str(o["order_id"]))
        and re.search(rf"(?<!\d){_digits(str(o['order_id']))}(?!\d)", words)
    }


def audit_order(p: _Patterns, ctx: SlotContext, value: Any, chosen: bool) -> list[Finding]:
    """The order proposed is the one named or described in the sentences asking for it."""
    if chosen or not isinstance(value, str):
        return []
    ctx = _after_corrections(ctx)
    orders = orders_of(ctx)
    cue = ctx.options.get("cue")
    # One request run for several orders: each one's own words ask for it.
    own_words = [*_sentences(ctx.text), *_sources(ctx, _sentences)]
    if cue and value in ctx.dialogue.together and not _asking(p, cue, own_words):
        return [Finding("found_order_not_asked", {"order": value})]
    whole = _whole_only(p, ctx, value, own_words)
    if value in _named_ids(ctx.text, orders):
        return whole
    if not cue:
        return whole

    # The sentences asking for the request: in its own words, and the whole sentences those
    # words were cut from ("Then the desk lamp order: ship it to …" reached it as "ship it to").
    # What points at an order ("the order with the watch") is read in the asking clause only:
    # "cancel the order with the watch, and return the keyboard" holds two requests.
    # An asking sentence that names nothing ("Please cancel it.") asks about what the sentence
    # before it named ("the order with the espresso machine was a mistake").
    def names(piece: str) -> bool:
        return bool(_named_ids(piece, orders)) or _names_a_product(ctx, piece)

    asking = _asking(p, cue, [*_sentences(ctx.text), *_sources(ctx, _sentences)], names)

    def requests(text: str) -> list[str]:
        return _requests(p, text)

    pointing = _asking(p, cue, [*requests(ctx.text), *_sources(ctx, requests)], names)
    # "#W1 is fine, I'm keeping it": an order kept as it is was not asked about.
    in_asking = _named_ids(" ".join(asking), orders) - kept_ids(
        ctx, lambda t, a, b: _kept(p, t, a, b)
    )
    if value in in_asking:
        return whole
    if in_asking:
        return [Finding("found_other_order_named", {"named": sorted(in_asking), "order": value})]
    if ctx.catalogue is None:
        return []
    proposed = ctx.record("order", value)
    holds = {str(i["name"]) for i in proposed["items"]} if proposed else set()
    pointed = {n for c in pointing for n in _products_in(p, ctx, c)[1]}
    named = {n for s in asking for n in _products_in(p, ctx, s)[0]}
    # One request run for several orders in turn: what was described of the others is theirs,
    # as long as this order holds something the customer asked about,
    asked_of = acted_on_products(
        ctx.phrasing,
        p.orders,
        ctx.text,
        ctx.catalogue.match(ctx.text),
        lambda t, a, b: _set_aside(p, t, a, b),
    )
    # Or as long as its own words describe it ("cancel two orders: the one with the lamp, ….
    # And the one with the kettle, …").
    described_here = {n for s in _sentences(ctx.text) for n in _products_in(p, ctx, s)[1]}
    siblings = set(ctx.dialogue.together) if holds & {*asked_of, *described_here} else set()
    theirs = {
        str(i["name"]) for o in orders if o["order_id"] in siblings - {value} for i in o["items"]
    }
    for described in (pointed - theirs, (named | pointed) - theirs):
        # "The order with the speaker and the dumbbells" holds one of them; so does the order
        # of a product named as the target ("ship the desk lamp order to …").
        if not described or described & holds:
            continue
        if any(
            described & {str(i["name"]) for i in o["items"]}
            for o in orders
            if o["order_id"] != value
        ):
            facts = {"described": sorted(described), "order": value}
            return [Finding("found_order_lacks_described", facts)]
    return whole


def _whole_only(p: _Patterns, ctx: SlotContext, value: str, sentences: list[str]) -> list[Finding]:
    """A request that takes a whole order ("cancel") while the customer named only some of what
    it holds as what to act on ("cancel the smartphone in my order"), not as what describes the
    order ("my smartphone order", "the order with the smartphone"): said before the yes."""
    whole = ctx.options.get("whole") and not ctx.dialogue.waived  # not told again once agreed
    order = ctx.record("order", value) if whole else None
    if order is None or ctx.catalogue is None:
        return []
    holds = {str(i["name"]) for i in order["items"]}
    named = set()
    for sentence in sentences:
        for e in ctx.catalogue.match(sentence):
            if e.type != "product" or str(e.value) not in holds:
                continue
            if p.orders.names_its_order.match(sentence[e.end :]) or ctx.phrasing.pointer(
                sentence, e.start
            ):
                continue  # "my smartphone order", "the order with the smartphone"
            if _set_aside(p, sentence, e.start, e.end) or _model(p, sentence, e.start):
                continue
            named.add(str(e.value))
    rest = sorted(holds - named)
    if not named or not rest:
        return []
    return [Finding("found_whole_order_only", {"named": sorted(named), "rest": rest}, False)]


def _after_corrections(ctx: SlotContext) -> SlotContext:
    """``ctx`` without what the customer took back ("cancel my order with the skillet … no
    wait, not that one - the other one, with the hoodie"): the words after the correction, in
    the request's words and in the whole messages they were cut from."""
    ph = ctx.phrasing
    after = ph.corrected(ctx.text)
    if after is None:
        return ctx

    def from_correction(texts: tuple[str, ...]) -> tuple[str, ...]:
        # A message that corrects takes back what the ones before it said, too.
        last = max((i for i, t in enumerate(texts) if ph.corrected(t) is not None), default=-1)
        if last < 0:
            return texts
        return (ph.corrected(texts[last]) or texts[last], *texts[last + 1 :])

    messages = from_correction(ctx.dialogue.messages)
    said = from_correction(ctx.dialogue.said)
    return replace(ctx, text=after, dialogue=replace(ctx.dialogue, messages=messages, said=said))


def _sources(ctx: SlotContext, split: Callable[[str], list[str]]) -> list[str]:
    """The pieces (``split``: sentences or clauses) of the customer's recent whole messages
    that this request's words were cut from."""
    found: list[str] = []
    for message in ctx.dialogue.messages:
        spans, at = [], 0
        for piece in split(message):
            start = message.find(piece, at)
            spans.append((start, start + len(piece)))
            at = start + len(piece)
        # Each sentence of the request's words on its own: they were joined from pieces that
        # need not be neighbours in the message.
        for said in (s for words in ctx.dialogue.said for s in _sentences(words)):
            begin = message.find(said[:40]) if len(said) >= 12 else -1
            if begin < 0:
                continue
            end = begin + len(said)
            found += [message[a:b] for a, b in spans if a < end and b > begin]
    return list(dict.fromkeys(found))


def _sentences(text: str) -> list[str]:
    return [s for s in _SENTENCE.split(text) if s.strip()]


def _requests(p: _Patterns, text: str) -> list[str]:
    """Sentences, cut again where ", and" starts another request — not inside a list ("the
    order with the headphones and the luggage set")."""
    return [s for s in p.requests.split(text) if s.strip()]


def _asking(
    p: _Patterns, cue: str, pieces: list[str], names: Callable[[str], bool] | None = None
) -> list[str]:
    """The pieces that ask (say the cue); with ``names``, also the piece before one that asks
    without naming anything ("… was a mistake. Please cancel it.")."""
    found: list[str] = []
    for i, piece in enumerate(pieces):
        if cue_said(p.orders, cue, piece):
            if names is not None and i > 0 and not names(piece):
                found.append(pieces[i - 1])
            found.append(piece)
    return list(dict.fromkeys(found))


def _names_a_product(ctx: SlotContext, text: str) -> bool:
    return ctx.catalogue is not None and any(e.type == "product" for e in ctx.catalogue.match(text))


def _products_in(p: _Patterns, ctx: SlotContext, sentence: str) -> tuple[set[str], set[str]]:
    """The products a sentence names as targets, and those it only points at an order with."""
    assert ctx.catalogue is not None
    targets: set[str] = set()
    pointed: set[str] = set()
    other = p.another.search(sentence) is not None
    pointed_until = -1
    # "all my orders except the one with the vacuum": an order described after it is no target
    apart_from = min((m.end() for m in p.orders.set_apart.finditer(sentence)), default=-1)
    # (or after words saying not to do the request: "but don't cancel my order with the …")
    at = ctx.text.find(sentence)
    unasked = [end - at for end in ctx.not_asked if at >= 0 and at <= end <= at + len(sentence)]
    apart_from = min([e for e in (apart_from, *unasked) if e >= 0], default=-1)
    for entity in ctx.catalogue.match(sentence):
        if entity.type != "product" or _set_aside(p, sentence, entity.start, entity.end):
            continue
        if _model(p, sentence, entity.start):
            continue  # "the new address on the luggage order": where the change comes from
        listed = pointed_until >= 0 and p.listed.match(sentence[pointed_until : entity.start])
        if p.phrasing.pointer(sentence, entity.start) or listed:
            if not 0 <= apart_from <= entity.start:
                pointed.add(str(entity.value))
            pointed_until = entity.end
        elif not other:
            # Beside "my other order", only what points at it ("with a bookshelf") describes
            # it: "my luggage order is fine, but my other order…" does not.
            targets.add(str(entity.value))
            pointed_until = -1
    return targets, pointed


def _sentence_at(words: str, at: int) -> int:
    return len(_SENTENCE.findall(words[:at]))


def _items_named(
    p: _Patterns, ctx: SlotContext, items: Sequence[Record]
) -> tuple[set[str], set[str], list[tuple[set[str], int]]]:
    """Item ids named as targets, those set aside (the latest mention decides: "change the
    lamp" then "leave the lamp as it is"), and each target mention (ids, sentence)."""
    latest: dict[str, bool] = {}
    mentions: list[tuple[set[str], int]] = []
    if ctx.catalogue is None:
        return set(), set(), mentions
    pointed_until = -1
    found = ctx.catalogue.match(ctx.text, items)
    matches = [e for e in found if e.type in ("item", "product")]
    heads = p.phrasing.list_heads(ctx.text, [(e.start, e.end) for e in matches])
    for index, entity in enumerate(matches):
        listed = pointed_until >= 0 and p.listed.match(ctx.text[pointed_until : entity.start])
        if p.orders.names_its_order.match(ctx.text[entity.end :]):
            continue  # "the watch in my laptop order": the laptop names the order, no target
        head = matches[heads[index]].start
        if p.phrasing.listed_pointer(ctx.text, entity.start, head) or listed:
            # "The order with a charger, a grill and a skateboard": all three only point at it.
            pointed_until = entity.end
            several = [str(i) for i in entity.value["item_ids"]] if entity.type == "item" else []
            if len(several) > 1 and entity.value.get("plural") is True:
                # "the order with the two keyboards: the 60% one, …", as the resolver reads it
                one = described_after_pointer(p.orders, ctx.text, items, several, found, entity.end)
                latest.update(dict.fromkeys(one, False))
                if one:
                    mentions.append((set(one), _sentence_at(ctx.text, entity.start)))
            continue
        pointed_until = -1
        if entity.type == "item":
            ids = {str(i) for i in entity.value["item_ids"]}
        else:  # "the earbuds": the order's items of that product
            ids = {str(i["item_id"]) for i in items if i["name"] == entity.value}
        if not ids:
            continue
        kept = _set_aside(p, ctx.text, entity.start, entity.end, head)
        if kept and the_other(p.orders, ctx.text, entity.start):
            # "leave the other keyboard alone": the units not singled out already
            ids = {i for i in ids if latest.get(i) is not False} or ids
        latest.update(dict.fromkeys(ids, kept))
        if not kept:
            mentions.append((ids, _sentence_at(ctx.text, entity.start)))
    named = {i for i, kept in latest.items() if not kept}
    aside = {i for i, kept in latest.items() if kept}
    return named, aside, [(ids - aside, at) for ids, at in mentions if ids - aside]


def _every(p: _Patterns, words: str) -> bool:
    """ "Return everything", "all the items" — not "I don't want to cancel the whole order"."""
    return any(
        not p.negation_before.search(words[max(0, m.start() - 40) : m.start()])
        and not p.orders.pays_for(words, m.end(), m.start())
        for m in p.every.finditer(words)
    )


def audit_items(p: _Patterns, ctx: SlotContext, value: Any, chosen: bool) -> list[Finding]:
    """Each item proposed was asked for, and no item asked for with it is silently left out."""
    if chosen or not isinstance(value, list):
        return []
    order = ctx.record("order", str(ctx.slots.get(ctx.options.get("order_slot", "order_id"), "")))
    if order is None:
        return []
    items: list[Record] = order["items"]
    labels = {str(i["item_id"]): str(i["name"]) for i in items}
    named, aside, mentions = _items_named(p, ctx, items)
    # The items the last request was about ("they're faulty, refund them").
    named |= {str(i) for i in ctx.dialogue.memory.get("order_items") or ()} - aside
    earlier = ". ".join(t for t in ctx.dialogue.last_said if t)
    if earlier:
        named |= _items_named(p, replace(ctx, text=earlier), items)[0] - aside
    every = _every(p, ctx.text)
    proposed = {str(v) for v in value}
    findings = []
    for item_id in sorted(proposed):
        name = labels.get(item_id, item_id)
        if item_id in aside and item_id not in named:
            findings.append(Finding("found_item_set_aside", {"item": name}))
        elif item_id not in named and not every and len(items) > 1:
            findings.append(Finding("found_item_not_mentioned", {"item": name}))
    # Left out: named in the same sentence as an item proposed ("the lamp and the boots").
    together = {at for ids, at in mentions if ids & proposed}
    left = [ids for ids, at in mentions if at in together and not ids & proposed]
    left += _left_in_message(p, ctx, items, proposed)
    mentioned = {labels[i] for ids in left for i in ids if i in labels}
    # "Everything except the lamp and the kettle": every other item is asked for, named or not.
    unnamed: set[str] = set()
    if every:
        unnamed = {labels[i] for i in labels if i not in proposed and i not in aside} - mentioned
    # A condition the customer set ("if that keyboard isn't available, only exchange the
    # thermostat") explains what is left out: it is said before "yes" rather than stopping.
    conditional = p.condition.search(ctx.text) is not None
    # Left out under their condition, the reason is said too.
    for name in sorted(mentioned | unnamed):
        facts = {"item": name, "every": name in unnamed, "conditional": conditional}
        findings.append(Finding("found_item_left_out", facts, blocking=not conditional))
    names = {labels[i] for i in proposed if i in labels}
    elsewhere = _left_in_other_orders(p, ctx, order)
    return findings + elsewhere + _status_findings(p, ctx, order, names)


def _left_in_message(
    p: _Patterns, ctx: SlotContext, items: Sequence[Record], proposed: set[str]
) -> list[set[str]]:
    """A request run behind another reads only its own words; an item of the same order that a
    sentence of the customer's whole message, left out of those words, names with a value
    ("the helmet should be blue; the steel kettle should be glass") is left out all the same,
    and is said before the yes."""
    if ctx.catalogue is None:
        return []
    # The message the request's words were cut from (it may be answered by a "yes" since).
    opening = ctx.text.strip()[:40]
    message = next((m for m in reversed(ctx.dialogue.messages) if opening and opening in m), "")
    if not message or message == ctx.text:
        return []
    own = {s.strip() for s in _sentences(ctx.text)}
    left: list[set[str]] = []
    for sentence in _sentences(message):
        if sentence.strip() in own or _named_ids(sentence, orders_of(ctx)):
            continue
        found = ctx.catalogue.match(sentence, items)
        if not any(e.type == "option" for e in found):
            continue
        _, aside, mentions = _items_named(p, replace(ctx, text=sentence), items)
        left += [ids - aside for ids, _ in mentions if not ids & proposed and ids - aside]
    return left


def _left_in_other_orders(p: _Patterns, ctx: SlotContext, order: Record) -> list[Finding]:
    """A product the request's words name as what to act on, held by one other order of the
    customer's that neither this request nor one done or waiting its turn takes ("My pending
    yoga mat: same 6mm, but PVC in green. Then the desk lamp order: … change the lamp to …"):
    said before the yes, so nothing asked for is dropped without a word. Not what only points
    at an order ("the order with the boots", "my boots order"), the model of a change ("the
    same as …"), what is set aside, nor a word inside a longer name ("bike" in "bike helmet")."""
    if ctx.catalogue is None:
        return []
    here = products_held(order)
    # Items a write of this conversation already took, and orders in no state a request acts
    # on (the vocabulary's ``statuses``: a cancelled order's products are nobody's request).
    done = {
        str(i)
        for w in ctx.dialogue.writes
        for v in dict(w.get("args") or {}).values()
        if isinstance(v, list)
        for i in v
    }
    orders = [
        o
        for o in orders_of(ctx)
        if str(o["order_id"]) != str(order["order_id"])
        and any(str(o.get("status", "")).startswith(state) for state in p.statuses)
    ]
    taken = set(ctx.dialogue.together)
    waiting = " ".join(ctx.dialogue.queued_said)
    later = {str(e.value) for e in ctx.catalogue.match(waiting)} if waiting else set()
    left: dict[str, str] = {}
    asked: dict[str, list[str]] = {}  # the sentences naming each order's products left out
    # The request's words, and the whole sentences they were cut from: "My pending yoga mat:
    # same 6mm, but PVC in green" reached the lamp's change as "but PVC in green".
    messages = ctx.dialogue.messages

    def place(sentence: str) -> tuple[int, int]:
        """Where the customer said ``sentence``: which of their messages, how far into it."""
        return next(
            ((i, m.find(sentence)) for i, m in enumerate(messages) if sentence in m),
            (len(messages), 0),
        )

    at: dict[str, tuple[int, int]] = {}  # where each order left out is first named
    first_here: tuple[int, int] | None = None  # where a product of the order proposed is
    for sentence in dict.fromkeys([*_sentences(ctx.text), *_sources(ctx, _sentences)]):
        found = [e for e in ctx.catalogue.match(sentence) if e.type == "product"]
        if any(str(e.value) in here for e in found):
            where = place(sentence)
            first_here = where if first_here is None else min(first_here, where)
        for entity in found:
            name = str(entity.value)
            if name in here or name in later or name in left:
                continue
            if any(
                o is not entity
                and (
                    o.start <= entity.start <= entity.end <= o.end
                    or (o.start >= entity.end and not sentence[entity.end : o.start].strip())
                )
                for o in found
            ):
                continue  # "bike" in "bike helmet": a word of a longer name, or its modifier
            if p.orders.names_its_order.match(sentence[entity.end :]) or _model(
                p, sentence, entity.start
            ):
                continue
            if p.phrasing.pointer(sentence, entity.start):
                continue
            if _set_aside(p, sentence, entity.start, entity.end):
                continue
            holding = [o for o in orders if name in products_held(o)]
            if len(holding) != 1 or str(holding[0]["order_id"]) in taken:
                continue
            if not {str(i["item_id"]) for i in holding[0]["items"] if i["name"] == name} - done:
                continue
            left[name] = str(holding[0]["order_id"])
            asked.setdefault(left[name], []).append(sentence)
            at.setdefault(left[name], place(sentence))
    # What was said of each order left out: the request of its own it may be, once.
    findings = []
    for name, oid in sorted(left.items()):
        words = tuple(dict.fromkeys(asked.pop(oid, [])))
        facts = {"item": name, "order": oid}
        first = first_here is not None and oid in at and at[oid] < first_here
        findings.append(
            Finding("found_left_in_other_order", facts, False, words, first and bool(words))
        )
    return findings


def _state_negated(
    p: _Patterns, text: str, m: re.Match[str], mentions: Sequence[int] = ()
) -> bool | None:
    """Whether the state word ``m`` is ruled out ("not the pair I already received"), None when
    a negation right before it makes a state of its own ("not shipped"). A negated verb's reach
    stops at the thing it governs, when ``mentions`` (where things are named) put one between
    them: "i don't like the espresso machine i got" says the machine was got."""
    if p.negation_before.search(text[max(0, m.start() - 12) : m.start()]):
        return None
    start = max(0, m.start() - 40)
    negation = p.negation_before.search(text[start : m.start()])
    if negation is None:
        return False
    at = start + negation.start()
    return not any(
        at < mention < m.start() and p.verb_negated.match(text, at, mention) for mention in mentions
    )


def _status_findings(
    p: _Patterns, ctx: SlotContext, order: Record, names: set[str]
) -> list[Finding]:
    """Where the customer says what state the items are in ("the smart watch I received"),
    the order proposed is in that state."""
    if ctx.catalogue is None:
        return []
    status = str(order.get("status", ""))

    said: dict[str, str] = {}
    # "(not the brown pair I already received)": the items meant are not in that state.
    denied: dict[str, str] = {}
    # Sentences, not clauses: "my pending order with the watch: …, and the tablet …" says the
    # tablet is pending too; any state said of the items will do.
    for piece in dict.fromkeys([*_sentences(ctx.text), *_sources(ctx, _sentences)]):
        products = [e for e in ctx.catalogue.match(piece) if e.type == "product"]
        about = {
            str(e.value)
            for e in products
            if not p.phrasing.pointer(piece, e.start) and not _model(p, piece, e.start)
        }
        if not about & names:
            continue
        for state, pattern in p.statuses.items():
            for m in pattern.finditer(piece):
                negated = _state_negated(p, piece, m, [e.start for e in products])
                if negated is None:
                    continue
                if negated:
                    denied[state] = m.group(0)
                    continue
                if _of_another(p, piece, m, products, names):
                    continue
                # Said of the model of the change ("the same type as the grill I received"):
                # the item named last before it, or else the first one after it.
                before = [e for e in products if e.start < m.start()]
                after = [e for e in products if e.start > m.start()]
                of = before[-1] if before else (after[0] if after else None)
                if of is None or not _model(p, piece, of.start):
                    said[state] = m.group(0)
    if not said and any(status.startswith(state) for state in denied):
        facts = {"items": sorted(names), "words": list(denied.values()), "status": status}
        return [Finding("found_status_denied", {**facts, "order": order["order_id"]})]
    if not said or any(status.startswith(state) for state in said):
        return []
    facts = {"items": sorted(names), "words": list(said.values()), "status": status}
    return [Finding("found_status_said", {**facts, "order": order["order_id"]})]


def _of_another(
    p: _Patterns, piece: str, m: re.Match[str], products: list[Entity], names: set[str]
) -> bool:
    """Whether the state word ``m`` is said of a thing of its own, not of the items: an object
    right after it ("You ordered a glass kettle for a gas stove, but you have just got an
    induction cooktop"), and none of the items named in its clause ("the kettle I got a week
    ago" and "I received a broken kettle" still say it of the kettle)."""
    if p.object_after.match(piece[m.end() :]) is None:
        return False
    start = max(piece.rfind(mark, 0, m.start()) for mark in _CLAUSE_MARKS) + 1
    ends = [at for at in (piece.find(mark, m.end()) for mark in _CLAUSE_MARKS) if at >= 0]
    end = min(ends, default=len(piece))
    return not any(str(e.value) in names and start <= e.start < end for e in products)


def _model(p: _Patterns, words: str, start: int) -> bool:
    """Whether the mention at ``start`` is the model of a change ("the same type as the grill I
    received"), not its target: also when it describes the order that is the model ("the same
    address as my order with the keyboard and the kettle")."""
    if _likeness_before(p, words, start):
        return True
    at = p.phrasing.pointed_from(words, start)
    return at is not None and _likeness_before(p, words, at, span=60)


def _likeness_before(p: _Patterns, words: str, start: int, span: int = 40) -> bool:
    """Whether the ``span`` characters before ``start`` make what is named there a model: "the
    same type as", or the address something goes to ("ship it to the Phoenix address where my
    …")."""
    before = words[max(0, start - span) : start]
    return (
        p.likeness.search(before) is not None
        or p.orders.address_source.search(words[max(0, start - 60) : start]) is not None
    )


def _each_unit(p: _Patterns, text: str, units: int) -> list[str] | None:
    """What is said of each of ``units`` units of one item ("both kettles: one for a ceramic
    one, the other for a 1.5 liter one"): the words before the first clause about a unit, with
    that clause up to the next; None unless there is one such clause per unit."""
    starts = [m.start() for m in p.each_unit.finditer(text)]
    if units < 2 or len(starts) != units:
        return None
    head = text[: starts[0]]
    return [head + text[a:b] for a, b in zip(starts, [*starts[1:], len(text)], strict=True)]


def _windows(
    ctx: SlotContext,
    words: OrderWords,
    order_items: Sequence[Record],
    items: Sequence[Record],
    shared: bool = True,
) -> dict[str, str]:
    """Per item of ``items`` (of the order's ``order_items``), the clauses naming its product
    plus (``shared``) those naming no product; a clause telling alike units apart is the one
    unit's it describes."""
    if ctx.catalogue is None:
        return {}
    parts = ctx.phrasing.clauses(ctx.text)
    # Two alike items told apart ("the green one for a red one, and the black one for …"):
    # each clause describing one is that unit's only.
    chosen = [str(i["item_id"]) for i in items]
    parts, singled = singled_clauses(ctx, words, order_items, parts, chosen)
    names: list[set[str]] = []
    # A product the customer never bought ("the small 30ml bottle" of a perfume) names no item
    # of theirs; the items proposed always count.
    bought = {i["name"] for o in orders_of(ctx) for i in o["items"]} | {i["name"] for i in items}
    for clause in parts:
        found = {
            str(e.value)
            for e in ctx.catalogue.match(clause)
            if e.type == "product"
            and str(e.value) in bought
            and not ctx.phrasing.pointer(clause, e.start)
        }
        names.append(found)
    names = ctx.phrasing.carry_subjects(
        ctx.text, names
    )  # "…, and a foot shorter": of the one before
    windows = {}
    for item in items:
        own = [
            c
            for c, n, units in zip(parts, names, singled, strict=True)
            if str(item["item_id"]) in units
            or (not units and (item["name"] in n or (shared and not n)))
        ]
        if any(item["name"] in n for n in names):
            windows[str(item["item_id"])] = ". ".join(own)
    return windows


def _option_values(product: Record) -> dict[str, set[str]]:
    values: dict[str, set[str]] = {}
    for variant in product.get("variants", {}).values():
        for name, option in variant.get("options", {}).items():
            values.setdefault(str(name), set()).add(str(option))
    return values


def _loose_pattern(value: str, scales: Scales) -> str:
    """A value as customers also write it: "55-75 lbs" ~ "55 - 75 lbs", "wood" ~ "wooden" (a
    word of four letters or more may take an ending; numbers never do), "5 to 25 pounds" (the
    workspace's ``scales.unit_words`` and ``range_joiners``)."""
    tokens: list[str] = re.findall(r"[a-z]+|\d+(?:\.\d+)?", value.lower())
    if not tokens:
        return r"(?!)"
    parts = [re.escape(t) for t in tokens]
    spelled = unit_spellings(tokens[-1], scales.unit_words)
    if len(tokens) > 1 and len(spelled) > 1:  # "5-25 lbs" also as "5-25 lb", "5-25 pounds"
        parts[-1] = "(?:" + "|".join(re.escape(u) for u in spelled) + ")"
    elif tokens[-1].isalpha() and len(tokens[-1]) >= 4:
        parts[-1] += r"\w*"
    joined = parts[0]
    for before, token, part in zip(tokens, tokens[1:], parts[1:], strict=False):
        ranged = before[0].isdigit() and token[0].isdigit()  # "5-25", "5 to 25"
        between = rf"(?:\s*(?:-|–|{scales.range_joiners})\s*|\s+)"
        joined += (between if ranged else r"[\s\-]*") + part
    return r"(?<![\w.'’])" + joined + r"(?![\w])"


def _asked_values(
    p: _Patterns, ctx: SlotContext, text: str, item: Record, product: Record
) -> dict[str, set[str]]:
    """Option values of this product the customer asks for in ``text`` (not ruled out)."""
    text = without_differences(text, p.scales)
    own = _option_values(product)
    # "wooden not glass and 4ft tall" rules out glass, not 4 ft: as the variant's choice reads it
    own_values = {name: sorted(values) for name, values in own.items()}
    negated = negation_of(p.phrasing, own_values, p.scales)
    asked: dict[str, set[str]] = {}
    # Words read as a value of one of the product's own options, the item's now or another
    # ("a red medium": its size M; "for a medium": size M), say no other option's value.
    as_it_is: list[tuple[int, int, str]] = []
    if ctx.catalogue is not None:
        for entity in ctx.catalogue.match(text, [item]):
            if entity.type != "option":
                continue
            name, value = str(entity.value["option"]), str(entity.value["value"])
            if value in own.get(name, set()):
                as_it_is.append((entity.start, entity.end, name))
            if negated(text, entity.start):
                continue
            if value in own.get(name, set()):
                asked.setdefault(name, set()).add(value)
    for name, values in own.items():
        others = [(start, end) for start, end, option in as_it_is if option != name]
        for value in values - {*p.scales.present, *p.scales.absent}:
            if _said(p, text, value, others, negated):
                asked.setdefault(name, set()).add(value)
    for start, measure, unit in measures_said(text, p.scales):
        if negated(text, start):
            continue
        for name, values in own.items():
            for value in values:
                if is_measure_of(value, measure, unit, p.scales):
                    asked.setdefault(name, set()).add(value)
    for name, quality in _asked_qualities(p, text, product).items():
        asked.setdefault(name, set()).add(quality)
    return asked


def _kept_as_is(p: _Patterns, text: str, option: str) -> bool:
    """Whether every mention of ``option`` follows a word that keeps it ("the same battery life
    and water resistance")."""
    lowered = text.lower()
    mentions = list(re.finditer(_loose_pattern(option, p.scales), lowered))
    return bool(mentions) and all(
        p.unchanged.search(lowered[max(0, m.start() - 50) : m.start()]) for m in mentions
    )


def _weighs(p: _Patterns, text: str) -> bool:
    """``EvidenceAudit.weighs``."""
    if p.unmet.search(text):
        return True
    return any(
        not p.bare_alternatives.fullmatch(m.group(0).strip()) for m in p.alternatives.finditer(text)
    )


def _kept_last(p: _Patterns, text: str, value: str, instead: str) -> bool:
    """Whether the last mention of ``value`` comes right after a word that keeps it ("still
    glass", "keep the glass"), after every mention of ``instead``: what the customer last said
    of it is that it stays ("it's still polyester now. Cotton please" wants cotton), and not
    as what stands in for a wish."""
    lowered = text.lower()
    mentions = list(re.finditer(_loose_pattern(value, p.scales), lowered))
    if not mentions or _weighs(p, text):
        return False  # "blue if you have it, otherwise keep the green": a fallback
    last = mentions[-1].start()
    if any(m.start() > last for m in re.finditer(_loose_pattern(instead, p.scales), lowered)):
        return False
    before = " ".join(lowered[:last].split()[-2:])
    return p.same.search(before) is not None


def _asked_qualities(p: _Patterns, text: str, product: Record) -> dict[str, str]:
    """The yes/no options of this product the customer names ("water-resistant"): yes, unless
    ruled out ("not waterproof", "it doesn't need to be waterproof")."""
    found: dict[str, str] = {}
    for option, values in _option_values(product).items():
        if not p.scales.yes_no(values):
            continue
        # The option's own name, else another the vocabulary gives it ("waterproof").
        said = [n for n in (option, *p.names.get(option, ())) if _says(text, n)]
        if not said:
            continue
        name = said[0]
        # The latest mention decides: "it isn't waterproof; I want the waterproof one" is yes.
        at = _stem(text).rfind(_stem(name))
        before = " ".join(_stem(text)[:at].split()[-2:])
        lowered = text.lower()
        # as found above, by its stem: "water resistance" said "water resistant"
        mentions = list(re.finditer(_loose_pattern(_stem(name), p.scales), lowered))
        if _kept_as_is(p, text, name):
            continue  # "the same battery life and water resistance"
        ruled_out = p.negation_before.search(before) is not None or (
            bool(mentions) and _ruled_out(p, lowered, mentions[-1].start())
        )
        found[option] = p.scales.quality_value(values, has=not ruled_out)
    return found


def _kept_by_another(
    product: Record, new: Record, option: str, had: str, settled: Mapping[str, str]
) -> bool:
    """Whether an available variant keeps ``option`` as it is and has every value settled."""
    for variant in product.get("variants", {}).values():
        options = {k: str(v) for k, v in variant.get("options", {}).items()}
        if variant is new or not variant.get("available", True) or options.get(option) != had:
            continue
        if all(options.get(k) == v for k, v in settled.items()):
            return True
    return False


def audit_variants(p: _Patterns, ctx: SlotContext, value: Any, chosen: bool) -> list[Finding]:
    """Every option that changes was asked for — or, when no available variant keeps it, the
    customer is told before "yes" — and every value asked for is honoured."""
    if chosen or not isinstance(value, list):
        return []
    order = ctx.record("order", str(ctx.slots.get(ctx.options.get("order_slot", "order_id"), "")))
    item_ids = ctx.slots.get(ctx.options.get("items_slot", "item_ids")) or []
    if order is None or len(item_ids) != len(value):
        return []
    by_id = {str(i["item_id"]): i for i in order["items"]}
    chosen_items = [by_id[str(i)] for i in item_ids if str(i) in by_id]
    windows = _windows(ctx, p.orders, order["items"], chosen_items)
    # Only the clauses that name the item: there, a single value asked is a wish even when the
    # message weighs alternatives before it ("black, but no, keep them blue. The speaker: red").
    own = _windows(ctx, p.orders, order["items"], chosen_items, shared=False)
    findings = []
    seen: dict[str, int] = {}
    for item_id, new_id in zip(item_ids, value, strict=True):
        item = by_id.get(str(item_id))
        product = ctx.record("product", str(item["product_id"])) if item else None
        new = product.get("variants", {}).get(str(new_id)) if product else None
        if item is None or product is None or new is None or str(new_id) in ctx.text:
            continue  # a variant named by its own id is evidence enough
        # As the resolver reads it: "the navy one" of two jackets tells which is meant, no wish.
        text = without_descriptions(
            ctx, p.orders, item, windows.get(str(item_id), ctx.text), p.scales
        )
        unit = seen[str(item_id)] = seen.get(str(item_id), -1) + 1
        each = _each_unit(p, text, list(map(str, item_ids)).count(str(item_id)))
        text = each[unit] if each else text
        findings += _variant_findings(p, ctx, text, item, product, new)
        said = without_descriptions(ctx, p.orders, item, own.get(str(item_id), ""), p.scales)
        begins = text.find(said.split(". ")[0]) if said else -1
        weighed = [m.start() for m in p.alternatives.finditer(text)]
        if begins > 0 and weighed and max(weighed) < begins:
            # Alternatives weighed only before the item is named are not about it.
            findings += _unhonoured(p, ctx, said, item, product, new)
    return findings


def _variant_findings(
    p: _Patterns, ctx: SlotContext, text: str, item: Record, product: Record, new: Record
) -> list[Finding]:
    mine = p.same.search(text) and p.another.search(text)
    if mine and _like_their_other(ctx, item, new):
        return []  # "the same notebook I have in my other order": a record they own
    asked = _asked_values(p, ctx, text, item, product)
    # "bigger", and "the biggest": a change on a scale was asked for (its end is checked below).
    relative = any(x.search(text) is not None for x in (p.compare, p.most, p.least))
    # "the smallest tank": a comparison that names an option on a scale moves that one only
    # ("the longest deck" names none: the deck's material is on no scale)
    compared = {
        o
        for o in _compared_options(p, text, [str(k) for k in new["options"]])
        if _on_a_scale(p, product, o)
    }
    broad = any(x.search(text) is not None for x in (p.scales.cheapest, p.scales.priciest, p.alike))
    name = item["name"]
    changes = {
        str(k): (str(item["options"].get(k, "")), str(v))
        for k, v in new["options"].items()
        if str(v) != str(item["options"].get(k, ""))
    }
    wished = {
        k: w
        for k, (had, w) in changes.items()
        if w in asked.get(k, set())
        or (any(_says(text, s) for s in p.scales.spellings(k)) and not _kept_as_is(p, text, k))
        # a comparison moves options on a scale, never a colour or a feature; a price ("the
        # cheapest") or a likeness ("like the other one") may move any
        or (
            relative
            and (not compared or k in compared)
            and _on_a_scale(p, product, k)
            and not _kept_as_is(p, text, had)
            and _compared_that_way(p, text, had, w)
        )
        or broad
        or _said_last_ruled_out(p, text, had)  # "anything but the rotisserie" it has now
    }
    # What they asked to keep as it is settles the choice too: "the wireless one, still black"
    # leaves no variant keeping the sensor if every black wireless one has another.
    settled = {
        **{
            str(k): str(v)
            for k, v in new["options"].items()
            if str(k) not in changes and str(v) in asked.get(str(k), set())
        },
        **wished,
    }
    findings = []
    for option, (had, wanted) in sorted(changes.items()):
        if option in wished and _kept_last(p, text, had, wanted):
            # "I want it in brown, still glass" beside another sentence naming a wood one: the
            # last word of theirs on what it has now keeps it.
            change = {"item": name, "option": option, "had": had, "wanted": wanted}
            findings.append(Finding("found_option_change", {**change, "why": "kept"}))
            continue
        if option in wished:
            continue
        change = {"item": name, "option": option, "had": had, "wanted": wanted}
        if _kept_by_another(product, new, option, had, settled):
            findings.append(Finding("found_option_change", {**change, "why": "unasked"}))
        elif _names_value(p, text, had):
            # They named what it is now ("it has to stay a mountain bike", "only if it comes
            # wireless"), and no variant with the rest of their wishes keeps it: not a choice to
            # make for them.
            findings.append(Finding("found_option_change", {**change, "why": "named"}))
        else:
            # No variant with what they asked for keeps it: said plainly, before "yes".
            note = {**change, "why": "unkept"}
            findings.append(Finding("found_option_change", note, blocking=False))
    findings += _ruled_out_findings(p, text, item, product, new)
    findings += _extreme_findings(p, text, item, product, new)
    if not p.alternatives.search(text):
        findings += _unhonoured(p, ctx, text, item, product, new, asked)
    return findings


def _unhonoured(
    p: _Patterns,
    ctx: SlotContext,
    text: str,
    item: Record,
    product: Record,
    new: Record,
    asked: Mapping[str, set[str]] | None = None,
) -> list[Finding]:
    """A single value asked for an option in ``text`` that ``new`` does not have."""
    if asked is None:
        asked = _asked_values(p, ctx, text, item, product)
    owners: dict[str, int] = {}
    for values in _option_values(product).values():
        for v in values:
            owners[v] = owners.get(v, 0) + 1
    findings = []
    for option, values in sorted(asked.items()):
        had = str(item["options"].get(option, ""))
        now = {str(new["options"].get(option, "")), had}
        # One value of one option only ("medium" may be a size or a ventilation), besides
        # the one the item has ("rubber instead of iron": rubber).
        extra = {v for v in values - now if owners.get(v, 0) == 1 and len(v) > 1}
        if extra and _kept_last(p, text, had, next(iter(extra))):
            # "I'd like the red one … on second thought keep it blue": their last word on
            # the option keeps what it has, after the value they asked for first.
            continue
        if len(values - {had}) == 1 and extra and option in new["options"]:
            facts = {"value": next(iter(extra)), "option": option, "item": item["name"]}
            facts["proposed"] = new["options"][option]
            findings.append(Finding("found_value_not_given", facts))
    return findings


def _said(
    p: _Patterns,
    text: str,
    value: str,
    aside: Sequence[tuple[int, int]] = (),
    negated: Callable[[str, int], bool] | None = None,
) -> bool:
    """Whether ``text`` says ``value`` as customers write it ("55 - 75 lbs", "wooden"), not
    negated (by ``negated``, plain negation when None), and not only within the spans
    ``aside`` (words read as another option's value)."""
    negated = negated or p.phrasing.negated
    hits = [
        *re.finditer(_loose_pattern(value, p.scales), text.lower()),
        *re.finditer(value_pattern(value, p.scales), text, re.I),
    ]
    return any(
        not negated(text, m.start()) and not any(start <= m.start() < end for start, end in aside)
        for m in hits
    )


def _names_value(p: _Patterns, text: str, value: str) -> bool:
    """Whether ``text`` names ``value`` (a word of some length, or a measure), not negated."""
    quality = value.lower() in {v.lower() for v in (*p.scales.present, *p.scales.absent)}
    return len(value) >= 3 and not quality and _said(p, text, value)


def _on_a_scale(p: _Patterns, product: Record, option: str) -> bool:
    """Whether every value of ``option`` is ordered on the workspace's scales."""
    values = _option_values(product).get(option, set())
    return bool(values) and all(p.scales.rank(v) is not None for v in values)


def _compared_that_way(p: _Patterns, text: str, had: str, new: str) -> bool:
    """Whether the comparisons in ``text`` allow moving from ``had`` to ``new``: "smaller"
    never allows a bigger one. Comparisons whose way the scales do not tell ("an upgrade")
    allow either."""
    scales = p.scales
    ways = {way for words, way, _ in scales.moves if words.search(text)}
    for words, way in (*scales.named_moves, *scales.ends, *scales.named_ends):
        if re.search(words, text, re.I):
            ways.add(way)
    before, after = scales.rank(had), scales.rank(new)
    if not ways or before is None or after is None or before == after:
        return True
    return (1 if after > before else -1) in ways


def _like_their_other(ctx: SlotContext, item: Record, new: Record) -> bool:
    """Whether ``new`` is exactly another item of this product the customer has."""
    wanted = {str(k): str(v) for k, v in new["options"].items()}
    return any(
        i["product_id"] == item["product_id"]
        and i["item_id"] != item["item_id"]
        and {str(k): str(v) for k, v in i["options"].items()} == wanted
        for o in orders_of(ctx)
        for i in o["items"]
    )


def _ruled_out_findings(
    p: _Patterns, text: str, item: Record, product: Record, new: Record
) -> list[Finding]:
    """A value the customer ruled out for this item ("anything but the rotisserie", "it
    doesn't need to be waterproof") is not in the proposal, kept or new."""
    findings = []
    for option, values in sorted(_option_values(product).items()):
        proposed = str(new["options"].get(option, ""))
        # A quality is ruled out by its name ("not waterproof"): then "yes" is.
        quality = p.scales.yes_no(values)
        words = ([option] if p.scales.has_it(proposed) else []) if quality else [proposed]
        for word in words:
            # The latest mention decides ("no, brown… the brown one" asks for brown).
            if _said_last_ruled_out(p, text, word) and not _replaced_elsewhere(
                p, text, word, option, item, new
            ):
                facts = {"value": word, "option": option, "item": item["name"]}
                findings.append(Finding("found_value_ruled_out", {**facts, "proposed": proposed}))
    return findings


def _replaced_elsewhere(
    p: _Patterns, text: str, value: str, option: str, item: Record, new: Record
) -> bool:
    """Whether ``value``, ruled out at its latest mention and kept by ``new`` in ``option``,
    was ruled out for another option ``new`` changes ("a black frame instead of the brown
    one" keeps the brown lenses)."""
    had = {k: str(v) for k, v in item["options"].items()}
    if had.get(option) != value:
        return False
    changing = {k for k, v in had.items() if str(new["options"].get(k, v)) != v}
    lowered = text.lower()
    last = list(re.finditer(_loose_pattern(value, p.scales), lowered))[-1]
    return replaced_in_other(lowered, last.end(), option, had, changing)


def _ruled_out(p: _Patterns, text: str, start: int) -> bool:
    """Whether the words just before ``start`` rule out what follows, within one list
    member ("no backlight and 80%" rules out no 80%) and not taken back ("no, sorry, keep it
    black" asks for black)."""
    before = text[max(0, start - 60) : start]
    found = p.ruled_out.search(before)
    if found is None:
        return False
    between = found.group(0)
    stopped = p.alternatives.search(between) or p.negation_stops.search(between)
    conditional = p.if_before.search(before[: found.start()]) is not None
    return not p.list_joined.search(between) and not stopped and not conditional


def _said_last_ruled_out(p: _Patterns, text: str, value: str) -> bool:
    """Whether the latest mention of ``value`` in ``text`` rules it out."""
    lowered = text.lower()
    mentions = list(re.finditer(_loose_pattern(value, p.scales), lowered))
    return bool(mentions) and _ruled_out(p, lowered, mentions[-1].start())


def _scale_of(
    product: Record, new: Record, option: str, scales: Scales
) -> list[tuple[float, str]] | None:
    """The available values of ``option`` among variants like ``new`` in every other option,
    ranked; None when the option's values are not a scale."""
    ranked = []
    for variant in product.get("variants", {}).values():
        options = {k: str(v) for k, v in variant.get("options", {}).items()}
        same = all(options.get(k) == str(v) for k, v in new["options"].items() if k != option)
        if not same or not variant.get("available", True):
            continue
        rank = scales.rank(options.get(option, ""))
        if rank is None:
            return None
        ranked.append((rank, options[option]))
    return sorted(ranked)


def _named_after(p: _Patterns, text: str, at: int, options: Sequence[str]) -> list[str]:
    """The options named (or spelled otherwise: "tank") in the three words of ``text`` after
    ``at``, read without their punctuation ("the smallest tank, same 19 bar")."""
    after = re.findall(r"[\w-]+", text[at : at + 30].lower())[:3]
    return [
        o
        for o in options
        if any(w in after for spelling in p.scales.spellings(o) for w in spelling.lower().split())
    ]


def _compared_options(p: _Patterns, text: str, options: Sequence[str]) -> set[str]:
    """The options a comparison or a superlative names right after it ("a smaller tank",
    "the highest pressure")."""
    return {
        o
        for pattern in (p.compare, p.most, p.least)
        for m in pattern.finditer(text)
        for o in _named_after(p, text, m.end(), options)
    }


def _extreme_findings(
    p: _Patterns, text: str, item: Record, product: Record, new: Record
) -> list[Finding]:
    """ "The biggest", "the smallest tank": the proposal is at that end of the scale it names,
    among the available variants like it in every other option. When the words name no option
    of the product, every scale of the product is checked — stopping rather than guessing."""
    findings = []
    for pattern, top in ((p.most, True), (p.least, False)):
        for m in pattern.finditer(text):
            options = [str(k) for k in new["options"]]
            named = _named_after(p, text, m.end(), options)
            for option in named or options:
                scale = _scale_of(product, new, option, p.scales)
                if not scale:
                    continue
                best_rank, best = scale[-1] if top else scale[0]
                proposed = str(new["options"].get(option, ""))
                if {v: r for r, v in scale}.get(proposed) != best_rank:
                    facts = {"asked": m.group(0).lower(), "item": item["name"], "best": best}
                    facts |= {"proposed": proposed, "option": option}
                    findings.append(Finding("found_not_the_end", facts))
    return list(dict.fromkeys(findings))  # one finding for "the biggest" said twice


def _method_words(method: Record) -> tuple[list[str], list[str]]:
    """How a customer names this method: exactly (its brand, its last digits) or by its kind
    ("paypal", "gift card", "credit card")."""
    source = str(method.get("source", ""))
    exact = [str(method[k]) for k in ("brand", "last_four") if method.get(k)]
    kind = [source.replace("_", " "), source.replace("_", "")] if source else []
    return exact, kind


def _methods_named(
    p: _Patterns, text: str, methods: Mapping[str, Record]
) -> tuple[set[str], set[str]]:
    """The methods ``text`` names, and those it rules out ("not the gift card"). Naming one
    exactly ("the Visa ending 1234") takes its kind's general word ("card") for that one. How
    an order was paid ("I paid it with PayPal") names that method only when no other is."""
    stripped = without_history(p, text)
    if stripped != text:
        named, refused = _methods_named(p, stripped, methods)
        if named:
            return named, refused
    exact: set[str] = set()
    kind: set[str] = set()
    refused = set()
    lowered = text.lower()
    for method_id, method in methods.items():
        for words, named in zip(_method_words(method), (exact, kind), strict=True):
            for word in words:
                for m in re.finditer(rf"(?<![\w-]){re.escape(word.lower())}(?![\w-])", lowered):
                    (refused if p.phrasing.negated(text, m.start()) else named).add(method_id)
    exact_sources = {methods[m].get("source") for m in exact}
    named = exact | {m for m in kind if methods[m].get("source") not in exact_sources}
    return named, refused - named


def without_history(p: _Patterns, text: str) -> str:
    """``text`` with the payment methods it says something was paid with ("I paid that order
    with PayPal") blanked out, keeping its length."""
    found = []
    for m in re.finditer(r"[\w-]+", text):
        if p.paid_before.search(text[max(0, m.start() - 60) : m.start()]):
            found.append((m.start(), m.end()))
    if not found:
        return text
    chars = list(text)
    for start, end in found:
        chars[start:end] = " " * (end - start)
    return "".join(chars)


def audit_payment(p: _Patterns, ctx: SlotContext, value: Any, chosen: bool) -> list[Finding]:
    """A payment method the customer named is the one used — the one named beside the items
    the proposal is about, when the message names one for each of several requests."""
    if chosen or ctx.user is None or not isinstance(value, str):
        return []
    methods: Mapping[str, Record] = ctx.user.get("payment_methods", {})
    pointed = paid_for(ctx, p.orders, ctx.text, without_history(p, ctx.text))
    if pointed is not None and pointed.value == value:
        return []  # "the same card I paid for my makeup kit with": that order's record
    pk = _knowing(p, ctx)
    copied = copied_payment(ctx, p.orders, lambda text, start, _end: _model(pk, text, start))
    if copied is not None and copied.resolved and copied.value == value:
        return []  # "the same card as my order with the headphones": that order's record
    text = ctx.phrasing.taken_back(ctx.text, lambda t: _methods_named(p, t, methods)[0])
    ctx = replace(ctx, text=text)
    named, refused = _methods_named(p, text, methods)
    moved_to = switched_to(p.orders, ctx.text, methods, sorted(named)) if len(named) == 2 else None
    if moved_to is not None:
        named = {moved_to}  # "from my mastercard to paypal"
    # "Take the payment off the gift card": a method named only as the one left is no choice.
    named = {m for m in named if not moved_off(ctx, p.orders, m)} or named
    if len(named) > 1:
        near, _ = _methods_named(p, about_proposal(ctx, p.orders), methods)
        if not near:
            # "It's paid with my gift card - put it on [my mastercard] instead": the one the
            # words the span tagger marked as where the money goes name.
            near = _marked_methods(p, ctx, methods)
        if not near and value in named:
            # Several methods named, none beside these items: which pays for this is a guess.
            both = sorted(method_label(methods[m]) for m in named)
            return [Finding("found_methods_unclear", {"methods": both})]
        named = near or named
    if value in named or (not named and value not in refused):
        return []
    if not named:
        return [Finding("found_method_refused")]
    either = sorted(method_label(methods[m]) for m in named)
    return [Finding("found_method_other", {"methods": either})]


def _marked_methods(p: _Patterns, ctx: SlotContext, methods: Mapping[str, Record]) -> set[str]:
    """The one method the marked words name, when no other is named, other than as how
    something was paid, in a sentence where nothing was marked (as the resolver reads them:
    ``_resolvers.unmarked_sentences``); otherwise none."""
    marked: set[str] = set()
    for mark in ctx.marked:
        marked |= _methods_named(p, mark.text, methods)[0]
    if len(marked) != 1:
        return set()
    rest, _ = _methods_named(p, without_history(p, unmarked_sentences(ctx)), methods)
    return marked if rest <= marked else set()


_AUDITS: dict[str, Audit] = {
    "order": audit_order,
    "order_items": audit_items,
    "variants": audit_variants,
    "payment_method": audit_payment,
}


class EvidenceAudit:
    """The audit of a proposal's slots, reading the workspace's vocabulary."""

    KINDS = frozenset(_AUDITS)  # the slot resolvers whose values are audited

    def __init__(
        self,
        words: EvidenceWords,
        scales: Scales = NO_SCALES,
        names: Mapping[str, Sequence[str]] | None = None,
        phrasing: Phrasing | None = None,
        orders: OrderWords | None = None,
    ) -> None:
        self._patterns = _Patterns.of(words, scales, names, phrasing, orders)

    @classmethod
    def of(cls, vocabulary: VocabularyFile) -> EvidenceAudit:
        """The audit reading a workspace's vocabulary: its evidence words, its scales and the
        other names of its yes/no options."""
        return cls(
            vocabulary.evidence,
            scales_of(vocabulary.scales, vocabulary.aliases.names),
            vocabulary.aliases.options,
            Phrasing(vocabulary.dialogue),
            OrderWords.of(vocabulary.resolvers),
        )

    def qualities(self, text: str, product: Record) -> dict[str, str]:
        """The yes/no options of ``product`` that ``text`` asks for, and the answer it gives."""
        return _asked_qualities(self._patterns, text, product)

    def without_history(self, text: str) -> str:
        """``text`` without the payment methods it says something was paid with."""
        return without_history(self._patterns, text)

    def weighs(self, text: str) -> bool:
        """Whether ``text`` weighs alternatives, a wish and what stands in for it ("otherwise",
        "if the balance isn't enough"), more than only "or"."""
        return _weighs(self._patterns, text)

    def conditions(self, text: str) -> list[tuple[int, int]]:
        """Where ``text`` says what must not be so for a fallback ("if there's no 10 in
        leather"): from the condition's first word to the end of its clause."""
        p = self._patterns
        spans = []
        for m in p.unmet.finditer(text):
            rest = text[m.end() :]
            ends = [
                x.start()
                for x in (
                    re.search(r"[.,;:!?]", rest),
                    p.negation_stops.search(rest),
                    p.alternatives.search(rest),
                )
                if x
            ]
            spans.append((m.start(), m.end() + min(ends, default=len(rest))))
        return spans

    def set_aside(self, text: str, start: int, end: int) -> bool:
        """Whether the mention at ``start:end`` is set aside or ruled out ("the boots you are
        keeping", "keeping the lamp, the kettle and the mat", "not the backpack")."""
        return _set_aside(self._patterns, text, start, end)

    def kept(self, text: str, start: int, end: int) -> bool:
        """Whether the words around the mention at ``start:end`` keep it as it is ("#W1 is
        fine", "keeping the lamp"), a negation aside: "I don't need #W1" asks for a change."""
        return _kept(self._patterns, text, start, end)

    def each_unit(self, text: str, units: int) -> list[str] | None:
        """What is said of each of ``units`` units of one item, or None (``_each_unit``)."""
        return _each_unit(self._patterns, text, units)

    def model_at(self, text: str, start: int, end: int) -> bool:
        """Whether the mention at ``start`` is the model of a request, not its subject ("the
        same address as my lamp order", "the same type as the grill I received")."""
        return _model(self._patterns, text, start)

    def model_in(self, ctx: SlotContext) -> Callable[[str, int, int], bool]:
        """``model_at`` telling what points at an order by ``ctx``'s catalogue, as the audit
        and the conversation's phrasing do."""
        p = _knowing(self._patterns, ctx)
        return lambda text, start, _end: _model(p, text, start)

    def states_said(self, text: str) -> tuple[set[str], set[str]]:
        """The states ``text`` says of what it names ("my other pending order"), and those it
        rules out ("not the pair I already received"), as the status audit reads them."""
        p = self._patterns
        said: set[str] = set()
        denied: set[str] = set()
        for state, pattern in p.statuses.items():
            for m in pattern.finditer(text):
                negated = _state_negated(p, text, m)
                if negated is not None:
                    (denied if negated else said).add(state)
        return said, denied

    def exactly_at(self, text: str, start: int, end: int) -> bool:
        """Whether the words before the mention at ``start`` say it and what is listed with it
        are all a record holds ("my order with only the bookshelf and the bottle")."""
        return self._patterns.exactly.search(text[max(0, start - 40) : start]) is not None

    def asks_every_item(self, text: str) -> bool:
        """Whether ``text`` asks for all of what a request is about ("everything goes back")."""
        p = self._patterns
        return any(not p.orders.pays_for(text, m.end(), m.start()) for m in p.every.finditer(text))

    def ruled_out_at(self, text: str, start: int) -> bool:
        """Whether the words just before ``start`` rule out what is said there."""
        return _ruled_out(self._patterns, text.lower(), start)

    def fits_words(self, text: str, item: Record, product: Record, variant: Record) -> bool:
        """Whether ``variant`` keeps to the customer's words about ``item``: no value they ruled
        out, and the end of a scale they asked for — so a reading proposes only what this
        audit would let through."""
        p = self._patterns
        found = _ruled_out_findings(p, text, item, product, variant)
        return not found and not _extreme_findings(p, text, item, product, variant)

    def __call__(self, kind: str, ctx: SlotContext, value: Any, chosen: bool) -> list[Finding]:
        """What is missing from the evidence for ``value``, a slot filled by resolver ``kind``;
        ``chosen`` when the customer picked it among options DeskPilot offered."""
        audit = _AUDITS.get(kind)
        if audit is None:
            return []
        return audit(_knowing(self._patterns, ctx), ctx, value, chosen)
