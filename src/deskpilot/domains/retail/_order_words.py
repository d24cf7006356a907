"""The words the store's slot resolvers read (``vocabulary.yaml``, section ``resolvers``),
compiled once per workspace into the shapes the resolvers match them in.

The shapes are code: the order in which words follow each other, what may stand between them
(a determiner, a word, up to so many characters), lookarounds and what a match captures. The
words are the workspace's: another language or business changes its file, not this module.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from deskpilot.workspace import ResolverWords, phrases

# An order's id as the store writes it: a shape, not a word.
_ORDER_ID = r"#W\d{7}"


def _p(*lists: list[str]) -> str:
    """One alternation of the entries of ``lists`` (the vocabulary's phrase syntax)."""
    return phrases([e for entries in lists for e in entries])


def _not_after(words: list[str]) -> str:
    """A lookbehind per entry: not right after it and a space (``(?<!on )``)."""
    return "".join(rf"(?<!{re.escape(w.strip().lower())} )" for w in words if w.strip())


@dataclass(frozen=True)
class OrderWords:
    """The resolvers' patterns, compiled from a workspace's ``resolvers`` words."""

    hedged: re.Pattern[str]
    another_order: re.Pattern[str]
    order_word: re.Pattern[str]
    order_or_one: re.Pattern[str]
    order_after: re.Pattern[str]
    names_its_order: re.Pattern[str]
    request_verb: re.Pattern[str]
    acting: re.Pattern[str]
    acted_on_it: re.Pattern[str]
    pricier: re.Pattern[str]
    cheaper: re.Pattern[str]
    same_order: re.Pattern[str]
    that_order: re.Pattern[str]
    other_order: re.Pattern[str]
    about_delivery: re.Pattern[str]
    all_before: re.Pattern[str]
    all_of_them: re.Pattern[str]
    item_count: re.Pattern[str]
    all_orders: re.Pattern[str]
    latest: re.Pattern[str]
    ending: re.Pattern[str]
    whole_order: re.Pattern[str]
    partial: re.Pattern[str]
    every_item: re.Pattern[str]
    them: re.Pattern[str]
    another: re.Pattern[str]
    adding: re.Pattern[str]
    all: re.Pattern[str]
    mine: re.Pattern[str]
    keeping: re.Pattern[str]
    same_as: re.Pattern[str]
    same_i_have: re.Pattern[str]
    others_in_order: re.Pattern[str]
    drop_if_missing: re.Pattern[str]
    if_that: re.Pattern[str]
    # status → "my pending order"
    statuses: dict[str, re.Pattern[str]]
    # number words: "two" → 2
    numbers: dict[str, int]

    @classmethod
    def of(cls, words: ResolverWords) -> OrderWords:
        """The patterns of ``words``, compiled."""
        w = words
        det = _p(w.determiners)
        any_noun = _p(
            w.record_noun, w.record_noun_plural, w.record_synonyms, w.record_synonyms_plural
        )
        stand_in = _p(w.stand_in)
        either = _p(
            w.record_noun,
            w.record_noun_plural,
            w.record_synonyms,
            w.record_synonyms_plural,
            w.stand_in,
            w.stand_in_plural,
        )
        acting = _p(w.acting)
        # "pending order", "pending orders", "pending ordered": the noun opens the next word
        noun_opening = _p([f"{n}~" for n in w.record_noun])
        shapes: dict[str, str] = {
            "hedged": (
                rf"{_p(w.hedged_before)}[^.]{{0,25}}{_ORDER_ID}"
                rf"|{_ORDER_ID}[^.]{{0,30}}{_p(w.hedged_after)}"
            ),
            # "… and the one with the headphones", "… and my lamp order": another order of a list
            "another_order": (
                rf"\s+(?={_p(w.list_joiners)}\s+{det}\s+(?:[\w-]+\s+){{0,2}}?"
                rf"{_p(w.stand_in, w.record_noun, w.record_synonyms)})"
            ),
            "order_word": any_noun,
            # "the one with the skateboard and the boots", "the t-shirt and vacuum one": an
            # order described by what it holds, where "one" stands for an order
            "order_or_one": either,
            "order_after": rf"\s*{either}",
            # After a product's name, what makes it name the order holding it: "the laptop
            # order", "the makeup kit one" ("keep the smart watch one, cancel the makeup kit
            # one"); not "the boots one size smaller", a step asked
            "names_its_order": (rf"\s*{any_noun}|\s+{stand_in}(?!\s+{_p(w.not_stand_in_after)})"),
            # the verbs of requests: a part saying one other than its request's own asks for
            # another
            "request_verb": _p(w.request_verbs),
            "acting": acting,
            "acted_on_it": rf"{acting}\s+{_p(w.acted_on)}",
            "pricier": _p(w.pricier),
            "cheaper": _p(w.cheaper),
            "same_order": _p(w.same_record),
            "that_order": _p(w.that_record),
            "other_order": (
                rf"{_not_after(w.other_record_not_after)}{_p(w.other_record)}\s+"
                rf"{_p(w.other_record_goes)}"
            ),
            "about_delivery": _p(w.about_delivery),
            # "both of my camping tents", "all the t-shirts": right before a product's name
            "all_before": rf"{_p(w.all_before)}\s+(?:{det}\s+)?([\w-]+\s+)?$",
            "all_of_them": (
                rf"{_p(w.all_of)} (?:{det} )?{_p(w.all_of_what)}"
                rf"|{_p(w.all_before_plural)} (?:{det} )?(?:[\w-]*\d[\w-]* )?"
                rf"(?!{_p(w.not_plural)})[\w-]+s\b"
            ),
            "item_count": rf"\b(\d|{_p(list(w.numbers))}) {_p(w.counted)}",
            "all_orders": (
                rf"{_p(w.all_records)} (?:{_p(w.all_records_determiners)} )?(\w+ )?"
                rf"{_p(w.record_noun_plural)}"
            ),
            "latest": _p(w.latest),
            "ending": rf"{_p(w.ending)} (\d{{2,6}})\b",
            "whole_order": _p(w.whole_record),
            "partial": _p(w.partial),
            # "return them all", "everything in that order", "all the items" — not "I tried
            # everything"
            "every_item": (
                rf"{_p(w.every_item_verbs)}\s+(?:{_p(w.every_item_objects)}\s+)?"
                rf"{_p(w.every_item_after_verb)}"
                rf"|{_p(w.everything_in)}\s+{_p(w.everything_in_what)}|{_p(w.every_item)}"
            ),
            "them": _p(w.referring),
            "another": _p(w.another),
            "adding": _p(w.adding),
            "all": _p(w.all_things),
            "mine": _p(w.mine),
            "keeping": _p(w.keeping),
            # "the same type as the grill I received": the option's word (group 1), what it is
            # said of (2) and where that is (3)
            "same_as": (
                rf"{_p(w.same)} (?:(\w+) )?{_p(w.same_as)} {det} ([\w -]+?)"
                rf"(?: {_p(w.same_as_mine)}(.*))?$"
            ),
            # "the same notebook I have in my other order": what (group 1), and where (2)
            "same_i_have": (
                rf"{_p(w.same)} ([\w-]+(?: [\w-]+)?) (?:{_p(w.same_which)} )?"
                rf"({_p(w.same_i_have)}.*)$"
            ),
            "others_in_order": rf"{_p(w.others_in_record)}[^.]{{0,40}}{_p(w.in_that_record)}",
            "drop_if_missing": (
                rf"{_p(w.drop_if)}[^.]{{0,40}}{_p(w.drop_unmet)}[^.]{{0,20}}"
                rf"{_p(w.drop_missing)}.{{0,20}}{_p(w.drop_only)}"
            ),
            "if_that": _p(w.drop_if_that),
        }
        compiled = {name: re.compile(shape, re.I) for name, shape in shapes.items()}
        statuses = {
            status: re.compile(rf"{_p(said)} {noun_opening}", re.I)
            for status, said in w.statuses.items()
        }
        numbers = {word.lower(): n for word, n in w.numbers.items()}
        fields: dict[str, Any] = {**compiled, "statuses": statuses, "numbers": numbers}
        return cls(**fields)

    def number(self, word: str) -> int:
        """The number a digit or a number word says, 0 for neither."""
        lowered = word.lower()
        return int(lowered) if lowered.isdigit() else self.numbers.get(lowered, 0)
