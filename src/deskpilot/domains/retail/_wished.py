"""Whether a message, read against the customer's own records, wishes an item of theirs were
another variant of its product — said without any word of asking ("bottle in my other order
500ml green"): an item of their orders named, then option values the catalogue has for that
same product and that differ from the item's own.

The engine reads such a message as the change it can only mean, and proposes it for a yes
(``SlotKind.wished``); never in a question, of values ruled out, or of words that say what the
item is or was ("my bottle is 500ml", "my 500ml green bottle arrived broken").
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from deskpilot.domain import Entity
from deskpilot.flows import Record, SlotContext
from deskpilot.workspace import EvidenceWords, phrases

from ._resolvers import by_current_options
from ._variants import NO_SCALES, Scales, _name_words, _options_of, any_spelling

# A sentence: what a question's opening word is looked for at the start of.
_SENTENCE = re.compile(r"[^.!?;\n]+")
_NEVER = r"(?!)"
# Where a clause of a sentence starts: what says how a thing is or was ("I got the bottle in
# green") is looked for from there to the value.
_CLAUSE_END = re.compile(r"[,:;(]|\s[-–>]+\s")


def _clause_start(text: str, at: int) -> int:
    """Where the clause holding ``at`` starts: after the last sentence end or clause mark."""
    sentence = max(text.rfind(end, 0, at) for end in ".!?;\n") + 1
    marks = [m.end() for m in _CLAUSE_END.finditer(text, sentence, at)]
    return marks[-1] if marks else sentence


def _clause_end(text: str, at: int) -> int:
    """Where the clause holding ``at`` ends: at the next clause mark or sentence end."""
    ends = [i for c in ".!?;\n" if (i := text.find(c, at)) >= 0]
    mark = _CLAUSE_END.search(text, at)
    return min([*ends, *([mark.start()] if mark else []), len(text)])


def _named_before_colon(text: str, mention_end: int, value_start: int) -> int | None:
    """Where what is said of a thing named before a colon begins, when a colon stands between
    the thing and a value said after it ("the kettle I bought for my mum: glass, 1 liter"):
    the words before the colon only say which thing it is, what follows how it ought to be.
    None when there is no such colon (not a time: "at 10:30")."""
    colon = text.rfind(":", mention_end, value_start)
    if colon < 0 or not text[colon + 1 : colon + 2].isspace():
        return None
    return colon + 1


@dataclass(frozen=True)
class WishedVariant:
    """The reading, in the workspace's evidence words (``asking``, ``describing``); ``ruled``
    says whether the words just before a place rule out what is said there (the audit's)."""

    asking: re.Pattern[str]
    requesting: re.Pattern[str]
    describing: re.Pattern[str]
    ruled: Callable[[str, int], bool]
    # how a thing ought to be ("should", "I'd like"): a describing word before it is the
    # story ("the mat is too thin, so I'd like the 6mm one"), one right after it is the wish
    # ("the sunglasses should have a black frame")
    wanted: re.Pattern[str] = re.compile(_NEVER)
    # the workspace's scales: a value's unit in any of its spellings ("2-litre" for 2 liters)
    scales: Scales = NO_SCALES
    # words pointing back at what was just talked about ("make it the 500 piece one")
    referring: re.Pattern[str] = re.compile(_NEVER)

    @classmethod
    def of(
        cls,
        words: EvidenceWords,
        ruled: Callable[[str, int], bool],
        wanted: Sequence[str] = (),
        scales: Scales = NO_SCALES,
        referring: re.Pattern[str] | None = None,
    ) -> WishedVariant:
        """The reading of ``words``; without ``asking`` words, no message is read so."""
        never = re.compile(_NEVER)
        return cls(
            referring=referring or never,
            wanted=re.compile(phrases(wanted), re.I) if wanted else never,
            asking=re.compile(rf"\s*{phrases(words.asking)}", re.I) if words.asking else never,
            requesting=re.compile(phrases(words.requesting), re.I),
            describing=re.compile(phrases(words.describing), re.I),
            ruled=ruled,
            scales=scales,
        )

    def __call__(self, ctx: SlotContext) -> int:
        """In how many of the customer's orders ``ctx.text`` names an item with another value
        of its product, outside a question (0: in none)."""
        text = ctx.text
        if ctx.user is None or ctx.catalogue is None or self.asking.pattern == _NEVER:
            return 0
        if any(self._questions(text)):
            return 0
        # A value read under another product's option ("black" as a colour, of sunglasses
        # whose frame and lenses each have one) is looked at only when no value is read under
        # an option of the thing's own: a wish said plainly leads.
        read: list[tuple[list[Entity], list[Record]]] = []
        for order_id in ctx.user.get("orders", []):
            order = ctx.record("order", str(order_id))
            items = list(order.get("items") or []) if order else []
            read.append((ctx.catalogue.match(text, items) if items else [], items))
        for loose in (False, True):
            holding = sum(
                any(
                    self._other_value(ctx, text, m, found, items, loose)
                    for m in found
                    if m.type == "item"
                )
                for found, items in read
            )
            if holding:
                return holding
        return self._pointed_back(ctx, text)

    def _pointed_back(self, ctx: SlotContext, text: str) -> int:
        """1 when ``text`` names no thing of its own but points back at what was just talked
        about ("also make it the 500 piece one, intermediate" once the puzzle's order is sent
        elsewhere) and says another value of its product: the one item of the order last
        talked about, or the one of its items the last request named; 0 otherwise."""
        last = ctx.dialogue.memory.get("order")
        pointer = self.referring.search(text)
        order = ctx.record("order", str(last)) if last and pointer is not None else None
        items = list(order.get("items") or []) if order else []
        if pointer is None or not items or ctx.catalogue is None:
            return 0
        found = ctx.catalogue.match(text, items)
        if any(e.type in ("item", "product") for e in found):
            return 0
        ids = {str(i.get("item_id")) for i in items}
        if len(ids) > 1:
            earlier = " ".join(ctx.dialogue.last_said)
            named = {e.value for e in ctx.catalogue.match(earlier) if e.type == "product"}
            ids = {str(i.get("item_id")) for i in items if i.get("name") in named}
        if len(ids) != 1:
            return 0
        said = text[pointer.start() : pointer.end()]
        mention = Entity("item", {"item_ids": sorted(ids)}, said, pointer.start(), pointer.end())
        return int(self._other_value(ctx, text, mention, found, items))

    def _wish_start(self, text: str, mention: Entity, said: Entity) -> int:
        """Where what says how the thing is or was is looked for, up to the value ``said``:
        from the start of the mention's clause, or after the last word of wanting before the
        value and a describing word right after it ("… is too thin for my knees, so I'd like
        | the 6mm one", "the sunglasses should have | a black frame"), or after words asking
        for the change in so many words ("I have the black lamp - can it be | silver?")."""
        start = _clause_start(text, mention.start)
        named = _named_before_colon(text, mention.end, said.start)
        if named is not None:
            start = named
        wishes = list(self.wanted.finditer(text, start, said.start))
        wishes += self.requesting.finditer(text, start, said.start)
        wishes.sort(key=lambda m: m.end())
        if not wishes:
            return start
        after = wishes[-1].end()
        right = self.describing.match(text, after + len(text[after:]) - len(text[after:].lstrip()))
        return right.end() if right is not None else after

    def _questions(self, text: str) -> Iterator[bool]:
        """Whether each sentence of ``text`` is a question (opening with a word of asking, or
        ending with "?") that asks for no change in so many words ("could it be grey
        instead?" asks for one: ``requesting``)."""
        for sentence in _SENTENCE.finditer(text):
            words = sentence.group(0)
            asked = text[sentence.end() : sentence.end() + 1] == "?"
            if (asked or self.asking.match(words)) and not self.requesting.search(words):
                yield True
        yield "?" in text and not self.requesting.search(text)

    def _own_spelling(self, values: Sequence[str], value: str, said: str) -> str:
        """``value`` as the product itself writes it: the one of its ``values`` that the words
        ``said`` also spell ("1 liter" read as another product's "1L", of a kettle whose
        sizes are written "1 liter"); ``value`` when it is the product's or none is."""
        if value in values:
            return value
        same = [v for v in values if re.fullmatch(any_spelling(v, self.scales), said, re.I)]
        return same[0] if len(same) == 1 else value

    def _described_otherwise(
        self,
        ctx: SlotContext,
        text: str,
        mention: Entity,
        found: list[Entity],
        own: Mapping[str, Any],
        known: Mapping[str, Sequence[str]],
    ) -> bool:
        """Whether the values said right before ``mention`` (only values between them: "the
        white glass bookshelf") describe a thing this item is not: a value of one of its
        product's options that differs from the item's own. Such words name the same product
        in another order ("the white glass bookshelf" is not the wood one), unless a word of
        wanting or asking comes before them ("I'd like a brown bookshelf")."""
        start = _clause_start(text, mention.start)
        before = sorted(
            (
                e
                for e in found
                if e.type == "option" and start <= e.start and e.end <= mention.start
            ),
            key=lambda e: e.start,
        )
        run: list[Entity] = []
        edge = mention.start
        for e in reversed(before):
            if not re.fullmatch(r"[\s,/-]*", text[e.end : edge]):
                break
            run.append(e)
            edge = e.start
        if not run:
            return False
        lead = text[start:edge]
        if self.wanted.search(lead) or self.requesting.search(lead):
            return False
        for e in run:
            option, value = str(e.value["option"]), str(e.value["value"])
            value = self._own_spelling(known.get(option, []), value, text[e.start : e.end])
            differs = option in own and str(own[option]) != value
            if (
                differs
                and value in known.get(option, [])
                and not ctx.phrasing.negated(text, e.start)
            ):
                return True
        return False

    def _other_value(
        self,
        ctx: SlotContext,
        text: str,
        mention: Entity,
        found: list[Entity],
        items: list[Record],
        loose: bool = False,
    ) -> bool:
        """Whether a value said after ``mention`` in its sentence belongs to its product and
        differs from the item's own, neither ruled out nor said of what the item is or was
        (a describing word from the start of the mention's clause to the value, or after the
        value in its own clause)."""
        ids = list(mention.value.get("item_ids") or [])
        if mention.value.get("ambiguous") and len(set(ids)) <= 1:
            return False
        if len(set(ids)) > 1:
            # "the big 2-litre steel kettle" of two kettles: the one the values said before it
            # in its clause describe as it is now
            start = _clause_start(text, mention.start)
            before = [e for e in found if e.type == "option" and start <= e.start < mention.start]
            options = [e.value for e in before]
            spoken = [text[e.start : e.end] for e in before]
            ids = by_current_options(items, ids, options, spoken, self.scales)
        if len(set(ids)) != 1:
            return False
        item = next((i for i in items if str(i.get("item_id")) == ids[0]), None)
        product = ctx.record("product", str(item.get("product_id"))) if item else None
        if item is None or product is None:
            return False
        own = item.get("options") or {}
        known = _options_of(product)
        if self._described_otherwise(ctx, text, mention, found, own, known):
            return False
        # the mention's own sentence: "the grinder. black would be nicer" wishes nothing of it
        ends = min(
            (i for c in ".!?;\n" if (i := text.find(c, mention.end)) >= 0), default=len(text)
        )
        for said in (e for e in found if e.type == "option" and mention.end <= e.start < ends):
            option, value = str(said.value["option"]), str(said.value["value"])
            value = self._own_spelling(known.get(option, []), value, text[said.start : said.end])
            # ``loose``: a value read under another product's option is the product's when
            # options of its own take it, and wished when one of those the item holds differs
            named = [option] if option in known or not loose else list(known)
            options = [o for o in named if value in known.get(o, [])]
            if not options or all(str(own.get(o)) == value for o in options):
                continue
            if self.describing.search(text[self._wish_start(text, mention, said) : said.start]):
                continue
            if self.describing.search(text[said.end : _clause_end(text, said.end)]):
                continue  # "my other hose, the 25 ft one I already got": what it is
            if ctx.phrasing.negated(text, said.start) or self.ruled(text, said.start):
                continue
            return True
        return self._compared(ctx, text, mention, own, product, ends)

    def _compared(
        self,
        ctx: SlotContext,
        text: str,
        mention: Entity,
        own: Record,
        product: Record,
        ends: int,
    ) -> bool:
        """Whether a comparative said after ``mention`` in its sentence ("the perfume in my
        order, can I get a smaller bottle?") moves an option of the item's product on its
        scale to a value an available variant has, that way from the item's own; not said of
        what the item is ("it is smaller than I thought"), nor ruled out."""
        said: list[tuple[re.Match[str], int, tuple[str, ...]]] = [
            (m, direction, names)
            for words, direction, names in self.scales.moves
            for m in words.finditer(text, mention.end, ends)
        ]
        for name in own:
            # "a size up", "the next capacity down": the option named, which way
            for way, direction in zip(self.scales.after, (1, -1), strict=True):
                for word in _name_words(str(name), self.scales):
                    pattern = re.compile(rf"\b{re.escape(word)}\s+{way}\b", re.I)
                    said += [(m, direction, (str(name),)) for m in pattern.finditer(text, 0, ends)]
        for m, direction, names in said:
            if m.start() < mention.end:
                continue
            at = Entity("option", {}, m.group(0), m.start(), m.end())
            if self.describing.search(text[self._wish_start(text, mention, at) : m.start()]):
                continue  # "it is smaller than I thought": what it is
            if ctx.phrasing.negated(text, m.start()) or self.ruled(text, m.start()):
                continue
            if any(self._further(product, own, name, direction) for name in names):
                return True
        return False

    def _further(self, product: Record, own: Record, name: str, direction: int) -> bool:
        """Whether an available variant of ``product`` has a value of option ``name`` that
        way (``direction``) from the item's own on the option's scale."""
        here = self.scales.rank(str(own.get(name, "")))
        if here is None:
            return False
        for variant in (product.get("variants") or {}).values():
            there = variant.get("options", {}).get(name)
            rank = self.scales.rank(str(there)) if there is not None else None
            if variant.get("available") and rank is not None and (rank - here) * direction > 0:
                return True
        return False
