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
from dataclasses import dataclass, replace
from typing import Any

from deskpilot.flows._dialogue import clauses, negated, pointer
from deskpilot.flows._resolvers import SlotContext, orders_of
from deskpilot.flows._variants import value_pattern

Record = dict[str, Any]

_SENTENCE = re.compile(r"(?<=[.;!?])\s+|\n+")
_KEPT_BEFORE = re.compile(
    r"\b(keeping|leaving|holding on to)\s+(the|my|a|an|that|this|those|these)?\s*(\w+\s+){0,2}$",
    re.I,
)
# After a mention, words that set it aside: "the boots you are keeping", "the lamp stays".
_KEPT_AFTER = re.compile(
    r"^[^\w.;,!?]{0,3}(?:\w+[^\w.;,!?]+){0,3}?"
    r"(?:keeping|keep|stays|stay|remains?|is fine|are fine)\b",
    re.I,
)
# "Everything", "all of it", "the whole order", "both": every item, unless set aside.
_EVERY = re.compile(
    r"\beverything\s+(?:in|from|on|of|but|except|goes|else)\b|"
    r"\b(?:all (?:the |of the |of )?(?:items|things|of (?:it|them))|whole order|entire order|"
    r"both (?:items|things|of them)|all (?:two|three|four|five) \w+)\b|"
    r"\b(?:return|send back|exchange|cancel|refund|swap)\w* (?:it |them )?(?:all|everything)\b",
    re.I,
)
# Words that ask for a change relative to what they have: evidence for an ordered option.
_RELATIVE = re.compile(
    r"\b(bigger|larger|smaller|more|less|fewer|higher|lower|longer|shorter|cheaper|cheapest|"
    r"priciest|most|least|max(?:imum)?|min(?:imum)?|faster|slower|heavier|lighter|thicker|"
    r"thinner|brighter|dimmer|wider|narrower|taller|upgrade|downgrade|step up|step down|"
    r"same \w+ as|like (?:the|my) other)",
    re.I,
)
# A wish with fallbacks or a correction: a value named need not be the one proposed.
_ALTERNATIVES = re.compile(
    r"\b(else|otherwise|or|if not|if (?:that|it|they)|failing that|second choice|next best|"
    r"actually|rather|i mean|changed? my mind|no,|sorry|prefer\w*|ideally|if possible|either)\b",
    re.I,
)
# Between two mentions of one list: "a charger, a grill and a skateboard".
_LISTED = re.compile(r"^\s*(?:,|,?\s*and|&)\s*(?:the|my|a|an|two|both)?\s*$", re.I)
_CONDITION = re.compile(r"\bif\b[^.]*(?:\bnot\b|n't\b|\bunavailable\b|\bno\b)[^.]*\bonly\b", re.I)
_OTHER = re.compile(r"\b(other|another|different|second)\b", re.I)
_YES_NO = frozenset({"yes", "no"})


@dataclass(frozen=True)
class Finding:
    """What the audit found: a gap that stops the proposal, or a note to state before "yes"."""

    text: str
    blocking: bool = True


Audit = Callable[[SlotContext, Any, bool], list[Finding]]


def _stem(text: str) -> str:
    """Letters only, each word cut to six letters: "water-resistant" ~ "water resistance"."""
    return " ".join(w[:6] for w in re.findall(r"[a-z0-9]+", text.lower()))


def _says(words: str, phrase: str) -> bool:
    return f" {_stem(phrase)} " in f" {_stem(words)} "


def _set_aside(words: str, start: int, end: int) -> bool:
    before = _KEPT_BEFORE.search(words[max(0, start - 40) : start]) is not None
    return before or negated(words, start) or _KEPT_AFTER.search(words[end : end + 40]) is not None


def _digits(order_id: str) -> str:
    return re.sub(r"\D", "", order_id)


def _named_ids(words: str, orders: Sequence[Record]) -> set[str]:
    return {
        str(o["order_id"])
        for o in orders
        if _digits(str(o["order_id"]))
        and re.search(rf"(?<!\d){_digits(str(o['order_id']))}(?!\d)", words)
    }


def audit_order(ctx: SlotContext, value: Any, chosen: bool) -> list[Finding]:
    """The order proposed is the one named or described in the sentence asking for it."""
    if chosen or not isinstance(value, str):
        return []
    orders = orders_of(ctx)
    named = _named_ids(ctx.text, orders)
    if value in named:
        return []
    cue = ctx.options.get("cue")
    if not cue:
        return []
    asking = [s for s in _SENTENCE.split(ctx.text) if re.search(cue, s, re.I)]
    in_asking = _named_ids(" ".join(asking), orders)
    if in_asking:
        listed = ", ".join(sorted(in_asking))
        return [Finding(f"you named order {listed}, not {value}")]
    if ctx.catalogue is None:
        return []
    products: set[str] = set()
    for sentence in asking:
        other = _OTHER.search(sentence) is not None
        for entity in ctx.catalogue.match(sentence):
            if entity.type != "product" or _set_aside(sentence, entity.start, entity.end):
                continue
            # Beside "my other order", only what describes it ("with a bookshelf") counts: "my
            # luggage order is fine, but my other order…" does not describe the target.
            if not other or pointer(sentence, entity.start):
                products.add(str(entity.value))
    if not products:
        return []
    proposed = ctx.order(value)
    holds = {str(i["name"]) for i in proposed["items"]} if proposed else set()
    elsewhere = any(
        products & {str(i["name"]) for i in o["items"]} for o in orders if o["order_id"] != value
    )
    if not products & holds and elsewhere:
        described = ", ".join(sorted(products))
        return [
            Finding(f"you described the order with the {described}, and {value} does not hold it")
        ]
    return []


def _sentence_at(words: str, at: int) -> int:
    return len(_SENTENCE.findall(words[:at]))


def _items_named(
    ctx: SlotContext, items: Sequence[Record]
) -> tuple[set[str], set[str], list[tuple[set[str], int]]]:
    """Item ids named as targets, those set aside (the latest mention decides: "change the
    lamp" then "leave the lamp as it is"), and each target mention (ids, sentence)."""
    latest: dict[str, bool] = {}
    mentions: list[tuple[set[str], int]] = []
    if ctx.catalogue is None:
        return set(), set(), mentions
    pointed_until = -1
    for entity in ctx.catalogue.match(ctx.text, items):
        if entity.type not in ("item", "product"):
            continue
        listed = pointed_until >= 0 and _LISTED.match(ctx.text[pointed_until : entity.start])
        if pointer(ctx.text, entity.start) or listed:
            # "The order with a charger, a grill and a skateboard": all three only point at it.
            pointed_until = entity.end
            continue
        pointed_until = -1
        if entity.type == "item":
            ids = {str(i) for i in entity.value["item_ids"]}
        else:  # "the earbuds": the order's items of that product
            ids = {str(i["item_id"]) for i in items if i["name"] == entity.value}
        if not ids:
            continue
        kept = _set_aside(ctx.text, entity.start, entity.end)
        latest.update(dict.fromkeys(ids, kept))
        if not kept:
            mentions.append((ids, _sentence_at(ctx.text, entity.start)))
    named = {i for i, kept in latest.items() if not kept}
    aside = {i for i, kept in latest.items() if kept}
    return named, aside, [(ids - aside, at) for ids, at in mentions if ids - aside]


def _every(words: str) -> bool:
    """ "Return everything", "all the items" — not "I don't want to cancel the whole order"."""
    return any(
        not re.search(r"(\bnot|n't|\bno)\b[^.,;]*$", words[max(0, m.start() - 40) : m.start()])
        for m in _EVERY.finditer(words)
    )


def audit_items(ctx: SlotContext, value: Any, chosen: bool) -> list[Finding]:
    """Each item proposed was asked for, and no item asked for with it is silently left out."""
    if chosen or not isinstance(value, list):
        return []
    order = ctx.order(str(ctx.slots.get(ctx.options.get("order_slot", "order_id"), "")))
    if order is None:
        return []
    items: list[Record] = order["items"]
    labels = {str(i["item_id"]): str(i["name"]) for i in items}
    named, aside, mentions = _items_named(ctx, items)
    # The items the last request was about ("they're faulty, refund them").
    named |= {str(i) for i in ctx.slots.get("_last_items") or ()} - aside
    earlier = ". ".join(t for t in ctx.slots.get("_last_said", []) if t)
    if earlier:
        named |= _items_named(replace(ctx, text=earlier), items)[0] - aside
    every = _every(ctx.text)
    proposed = {str(v) for v in value}
    findings = []
    for item_id in sorted(proposed):
        name = labels.get(item_id, item_id)
        if item_id in aside and item_id not in named:
            findings.append(Finding(f"you said the {name} is not part of it"))
        elif item_id not in named and not every and len(items) > 1:
            findings.append(Finding(f"you did not mention the {name}"))
    # Left out: named in the same sentence as an item proposed ("the lamp and the boots").
    together = {at for ids, at in mentions if ids & proposed}
    left = [ids for ids, at in mentions if at in together and not ids & proposed]
    if every:
        left += [{i} for i in labels if i not in proposed and i not in aside]
    # A condition the customer set ("if that keyboard isn't available, only exchange the
    # thermostat") explains what is left out: it is said before "yes" rather than stopping.
    conditional = _CONDITION.search(ctx.text) is not None
    for name in sorted({labels[i] for ids in left for i in ids if i in labels}):
        findings.append(
            Finding(f"you mentioned the {name}, which this leaves out", blocking=not conditional)
        )
    return findings


def _windows(ctx: SlotContext, items: Sequence[Record]) -> dict[str, str]:
    """Per item, the clauses naming its product plus those naming no product."""
    if ctx.catalogue is None:
        return {}
    parts = clauses(ctx.text)
    names: list[set[str]] = []
    for clause in parts:
        found = {
            str(e.value)
            for e in ctx.catalogue.match(clause)
            if e.type == "product" and not pointer(clause, e.start)
        }
        names.append(found)
    windows = {}
    for item in items:
        own = [c for c, n in zip(parts, names, strict=True) if item["name"] in n or not n]
        if any(item["name"] in n for n in names):
            windows[str(item["item_id"])] = ". ".join(own)
    return windows


def _option_values(product: Record) -> dict[str, set[str]]:
    values: dict[str, set[str]] = {}
    for variant in product.get("variants", {}).values():
        for name, option in variant.get("options", {}).items():
            values.setdefault(str(name), set()).add(str(option))
    return values


def _loose_pattern(value: str) -> str:
    """A value as customers also write it: "55-75 lbs" ~ "55 - 75 lbs", "wood" ~ "wooden" (a
    word of four letters or more may take an ending; numbers never do)."""
    tokens = re.findall(r"[a-z]+|\d+(?:\.\d+)?", value.lower())
    if not tokens:
        return r"(?!)"
    parts = [re.escape(t) for t in tokens]
    if tokens[-1].isalpha() and len(tokens[-1]) >= 4:
        parts[-1] += r"\w*"
    return r"(?<![\w.'’])" + r"[\s\-]*".join(parts) + r"(?![\w])"


def _asked_values(
    ctx: SlotContext, text: str, item: Record, product: Record
) -> dict[str, set[str]]:
    """Option values of this product the customer asks for in ``text`` (not ruled out)."""
    own = _option_values(product)
    asked: dict[str, set[str]] = {}
    if ctx.catalogue is not None:
        for entity in ctx.catalogue.match(text, [item]):
            if entity.type != "option" or negated(text, entity.start):
                continue
            name, value = str(entity.value["option"]), str(entity.value["value"])
            if value in own.get(name, set()):
                asked.setdefault(name, set()).add(value)
    lowered = text.lower()
    for name, values in own.items():
        for value in values - _YES_NO:
            hits = [
                *re.finditer(_loose_pattern(value), lowered),
                *re.finditer(value_pattern(value), text, re.I),
            ]
            if any(not negated(text, m.start()) for m in hits):
                asked.setdefault(name, set()).add(value)
        if values <= _YES_NO and _says(text, name):
            # A quality named ("water-resistant"): yes, unless ruled out ("not waterproof").
            at = _stem(text).find(_stem(name))
            ruled_out = re.search(
                r"\b(not|no|without|non)\W*$", " ".join(_stem(text)[:at].split()[-2:])
            )
            asked.setdefault(name, set()).add("no" if ruled_out else "yes")
    return asked


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


def audit_variants(ctx: SlotContext, value: Any, chosen: bool) -> list[Finding]:
    """Every option that changes was asked for — or, when no available variant keeps it, the
    customer is told before "yes" — and every value asked for is honoured."""
    if chosen or not isinstance(value, list):
        return []
    order = ctx.order(str(ctx.slots.get(ctx.options.get("order_slot", "order_id"), "")))
    item_ids = ctx.slots.get(ctx.options.get("items_slot", "item_ids")) or []
    if order is None or len(item_ids) != len(value):
        return []
    by_id = {str(i["item_id"]): i for i in order["items"]}
    windows = _windows(ctx, [by_id[str(i)] for i in item_ids if str(i) in by_id])
    findings = []
    for item_id, new_id in zip(item_ids, value, strict=True):
        item = by_id.get(str(item_id))
        product = ctx.product(str(item["product_id"])) if item else None
        new = product.get("variants", {}).get(str(new_id)) if product else None
        if item is None or product is None or new is None or str(new_id) in ctx.text:
            continue  # a variant named by its own id is evidence enough
        findings += _variant_findings(ctx, windows.get(str(item_id), ctx.text), item, product, new)
    return findings


def _variant_findings(
    ctx: SlotContext, text: str, item: Record, product: Record, new: Record
) -> list[Finding]:
    asked = _asked_values(ctx, text, item, product)
    relative = _RELATIVE.search(text) is not None
    name = item["name"]
    changes = {
        str(k): (str(item["options"].get(k, "")), str(v))
        for k, v in new["options"].items()
        if str(v) != str(item["options"].get(k, ""))
    }
    wished = {
        k: w
        for k, (_, w) in changes.items()
        if w in asked.get(k, set()) or _says(text, k) or relative
    }
    findings = []
    for option, (had, wanted) in sorted(changes.items()):
        if option in wished:
            continue
        change = f"the {name}'s {option} would change from {had} to {wanted}"
        if _kept_by_another(product, new, option, had, wished):
            findings.append(Finding(f"{change}, which you did not ask for"))
        else:
            # No variant with what they asked for keeps it: said plainly, before "yes".
            note = f"{change}: no {name} with what you asked for has {had}"
            findings.append(Finding(note, blocking=False))
    if not _ALTERNATIVES.search(text):
        owners: dict[str, int] = {}
        for values in _option_values(product).values():
            for v in values:
                owners[v] = owners.get(v, 0) + 1
        for option, values in sorted(asked.items()):
            now = {str(new["options"].get(option, "")), str(item["options"].get(option, ""))}
            # One value of one option only ("medium" may be a size or a ventilation).
            extra = {v for v in values - now if owners.get(v, 0) == 1 and len(v) > 1}
            if len(values) == 1 and extra and option in new["options"]:
                findings.append(
                    Finding(
                        f"you asked for {next(iter(extra))} ({option}) on the {name}, "
                        f"and this one is {new['options'][option]}"
                    )
                )
    return findings


def _method_words(method: Record) -> tuple[list[str], list[str]]:
    """How a customer names this method: exactly (its brand, its last digits) or by its kind
    ("paypal", "gift card", "credit card")."""
    source = str(method.get("source", ""))
    exact = [str(method[k]) for k in ("brand", "last_four") if method.get(k)]
    kind = [source.replace("_", " "), source.replace("_", "")] if source else []
    return exact, kind


def audit_payment(ctx: SlotContext, value: Any, chosen: bool) -> list[Finding]:
    """A payment method the customer named is the one used."""
    if chosen or ctx.user is None or not isinstance(value, str):
        return []
    methods: Mapping[str, Record] = ctx.user.get("payment_methods", {})
    exact: set[str] = set()
    kind: set[str] = set()
    refused: set[str] = set()
    lowered = ctx.text.lower()
    for method_id, method in methods.items():
        for words, named in zip(_method_words(method), (exact, kind), strict=True):
            for word in words:
                for m in re.finditer(rf"(?<![\w-]){re.escape(word.lower())}(?![\w-])", lowered):
                    (refused if negated(ctx.text, m.start()) else named).add(method_id)
    named = exact or kind
    if value in named or (not named and value not in refused):
        return []
    if not named:
        return [Finding("you said not to use this payment method")]
    labels = sorted(_label(methods[m]) for m in named)
    return [Finding(f"you asked to use {' or '.join(labels)}")]


def _label(method: Record) -> str:
    source = str(method.get("source", "")).replace("_", " ")
    if method.get("brand"):
        return f"the {str(method['brand']).title()} ending {method.get('last_four', '')}"
    return f"your {source}"


AUDITS: dict[str, Audit] = {
    "order": audit_order,
    "order_items": audit_items,
    "variants": audit_variants,
    "payment_method": audit_payment,
}
