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


def _anywhere(*lists: list[str]) -> str:
    """One alternation of the entries of ``lists``, matched inside longer words too."""
    return _p([f"~{e.strip().strip('~')}~" for entries in lists for e in entries])


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
    nth_described: re.Pattern[str]
    all_before: re.Pattern[str]
    all_of_them: re.Pattern[str]
    item_count: re.Pattern[str]
    all_counted: re.Pattern[str]
    all_orders: re.Pattern[str]
    singled: re.Pattern[str]
    every_listed: re.Pattern[str]
    set_apart: re.Pattern[str]
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
    leave_if_missing: re.Pattern[str]
    part: re.Pattern[str]
    joined: re.Pattern[str]
    continued: re.Pattern[str]
    next_record: re.Pattern[str]
    records_listed: re.Pattern[str]
    # what stands between one place an order goes and the next words of heading ("the one going
    # to San Jose and the one going to San Francisco"): the request is asked of each
    places_listed: re.Pattern[str]
    wanted_before: re.Pattern[str]
    heading_to: re.Pattern[str]
    received: re.Pattern[str]
    have: re.Pattern[str]
    ordered: re.Pattern[str]
    card: re.Pattern[str]
    any_card: re.Pattern[str]
    not_any_card: re.Pattern[str]
    method_words: re.Pattern[str]
    method_paying: re.Pattern[str]
    another_request: re.Pattern[str]
    the_method_which: re.Pattern[str]
    method_any: re.Pattern[str]
    original_method: re.Pattern[str]
    moved: re.Pattern[str]
    on_file: re.Pattern[str]
    new_address: re.Pattern[str]
    like_record: re.Pattern[str]
    to_account: re.Pattern[str]
    account_changed: re.Pattern[str]
    that_address: re.Pattern[str]
    new_unit: re.Pattern[str]
    same_place: re.Pattern[str]
    order_address: re.Pattern[str]
    takes_order_address: re.Pattern[str]
    other_order_address: re.Pattern[str]
    address_source: re.Pattern[str]
    left_address: re.Pattern[str]
    # a kind of payment method (its source) → the words that name it; and, inside longer words
    # too, with its other names (where a method of that kind is looked for)
    method_names: dict[str, re.Pattern[str]]
    method_anywhere: dict[str, re.Pattern[str]]
    # status → "my pending order"
    statuses: dict[str, re.Pattern[str]]
    # number words: "two" → 2
    numbers: dict[str, int]
    # "the first" → 1: the record described first
    nth_numbers: dict[str, int]
    # how many requests or records: "both" → 2
    counts: dict[str, int]
    # Pieces of patterns composed with a flow's cue (its request's verbs) when read: a count
    # (group), what follows a count of records ("… of my orders"), every record after the cue.
    count: str
    of_records: str
    # after a request's verb: it is a noun ("cancellation"); a noun of several ("returns")
    noun_ending: str
    counted_ending: str
    every_record: str
    # before an option's name (composed with it): the item lacks it
    lacking: str
    # after a count and a price word: what they are said of
    ranked: str
    # before a record's id (composed with it): a model, not the target; ruled out
    reference: str
    ruled_out: str
    # "the", "my"; "one", "ones": to compose with what the records hold
    determiners: str
    paid_through: str
    stand_ins: str
    partitive: str
    # the words that make "the same … as" every option of the model
    whole_item: frozenset[str]
    record_nouns: tuple[str, ...]
    brands: frozenset[str]
    moved_from: frozenset[str]
    moved_to: frozenset[str]
    # after a city (composed with it): an address of theirs; before one
    city_address: str
    address_in_city: str
    city_sent_to: str
    # after a word of likeness and a city: an order of theirs sent there ("the same address as
    # my Houston order")
    city_record: str
    # what customers call a city, in the order given
    city_aliases: tuple[tuple[str, str], ...]

    def wanted_right_before(self, text: str, at: int) -> bool:
        """Whether a word that says what the customer wants stands right before ``at`` ("… to
        1 liter", "I would like the 30MP one"): the words before it, however long the entry."""
        return self.wanted_before.search(text, 0, at) is not None

    @classmethod
    def of(cls, words: ResolverWords) -> OrderWords:
        """The patterns of ``words``, compiled."""
        shapes = {
            **_order_shapes(words),
            **_item_shapes(words),
            **_part_shapes(words),
            **_payment_shapes(words),
            **_address_shapes(words),
        }
        fields: dict[str, Any] = {
            **{name: re.compile(shape, re.I) for name, shape in shapes.items()},
            **_pieces(words),
            **_tables(words),
        }
        return cls(**fields)

    def nth_described_in(self, text: str, start: int = 0, end: int | None = None) -> int:
        """The place among the orders a message described that ``text[start:end]`` points at
        ("please cancel the first order" → 1); 0 when it points at none."""
        found = self.nth_described.search(text, start, len(text) if end is None else end)
        return self.nth_numbers.get(" ".join(found.group(1).lower().split()), 0) if found else 0

    def number(self, word: str) -> int:
        """The number a digit or a number word says, 0 for neither."""
        lowered = word.lower()
        return int(lowered) if lowered.isdigit() else self.numbers.get(lowered, 0)

    def pays_for(self, text: str, end: int, start: int | None = None) -> bool:
        """Whether the words from ``end`` name a payment method, a determiner or a word of
        paying through between: "everything on my gift card", "everything goes through PayPal"
        say how everything is paid, not which items are meant ("return them all to the gift
        card" still asks for every item). Or, given where the words of all begin (``start``),
        whether a method and a paying word stand right before them: "my Visa for all of it"."""
        ahead = re.match(
            rf"\s*(?:{self.paid_through}\s+)?(?:{self.determiners}\s+)?", text[end:], re.I
        )
        at = end + (ahead.end() if ahead else 0)
        if self.method_words.match(text, at) is not None:
            return True
        return start is not None and bool(
            self.method_paying.search(text[max(0, start - 60) : start])
        )

    def asks_every_item(self, text: str) -> bool:
        """Whether ``text`` asks for every item ("return them all", "everything in that
        order"), not for how all of it is paid ("everything on my gift card", "PayPal for all
        of it")."""
        return any(
            not self.pays_for(text, m.end(), m.start()) for m in self.every_item.finditer(text)
        )


def _nouns(w: ResolverWords) -> tuple[str, str]:
    """The record's nouns (singular or plural), and those with its stand-ins ("one")."""
    nouns = [w.record_noun, w.record_noun_plural, w.record_synonyms, w.record_synonyms_plural]
    return _p(*nouns), _p(*nouns, w.stand_in, w.stand_in_plural)


def _order_shapes(w: ResolverWords) -> dict[str, str]:
    """Which order: named, described, pointed back at."""
    det = _p(w.determiners)
    any_noun, either = _nouns(w)
    stand_in = _p(w.stand_in)
    acting = _p(w.acting)
    return {
        "hedged": (
            rf"{_p(w.hedged_before)}[^.]{{0,25}}{_ORDER_ID}"
            rf"|{_ORDER_ID}[^.]{{0,30}}{_p(w.hedged_after)}"
        ),
        # "… and the one with the headphones", "… and also my lamp order": another order of a
        # list
        "another_order": (
            rf"\s+(?={_p(w.list_joiners)}\s+(?:{_p(w.joined)}\s+)?{det}\s+(?:[\w-]+\s+){{0,2}}?"
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
        # "please cancel the first order", "the second one": of the orders the message
        # described, the one in that place (group: the words that say which)
        "nth_described": rf"({_p(list(w.nth_described))})\s+(?:{either})\b",
        # "both of my camping tents", "all the t-shirts": right before a product's name
        "all_before": rf"{_p(w.all_before)}\s+(?:{det}\s+)?([\w-]+\s+)?$",
        "all_of_them": (
            rf"{_p(w.all_of)} (?:{det} )?{_p(w.all_of_what)}"
            rf"|{_p(w.all_before_plural)} (?:{det} )?(?:[\w-]*\d[\w-]* )?"
            rf"(?!{_p(w.not_plural)})[\w-]+s\b"
        ),
        # "the order with five items", not "Two things: …" (a count of requests)
        "item_count": (
            rf"{_p(w.counted_after)}\s+(\d|{_p(list(w.numbers))}) {_p(w.counted)}"
            if w.counted_after
            else rf"\b(\d|{_p(list(w.numbers))}) {_p(w.counted)}"
        ),
        # "send all three back": as many as the order holds (group 1), not "all three orders"
        "all_counted": (
            rf"{_p(w.all_counted)}\s+(\d|{_p(list(w.numbers))})\b"
            rf"(?!\s+(?:{_p(w.partitive)}\s+)?(?:[\w-]+\s+){{0,2}}"
            rf"{_p(w.record_noun_plural, w.record_synonyms_plural)})"
        ),
        # "both", "all of them, to my gift card" answering a question that listed orders: the
        # words alone, with nothing after them but the end of a clause
        "every_listed": (
            rf"{_p([*w.all_of, *w.all_before])}(?: {_p(w.all_of_what)})?(?=\s*(?:[,.;!?]|$))"
        ),
        "all_orders": (
            rf"{_p(w.all_records)} (?:{_p(w.all_records_determiners)} )?(\w+ )?"
            rf"{_p(w.record_noun_plural)}"
        ),
        # "all my pending orders except the one with the vacuum": what follows is no target
        "set_apart": _p(w.set_apart_record),
        "latest": _p(w.latest),
        "ending": rf"{_p(w.ending)} (\d{{2,6}})\b",
    }


def _partial(w: ResolverWords) -> str:
    """A word saying part of a record, only where it is said of a thing: before what it names,
    maybe after a few asking words ("just the boots", "only want the boots cancelled"), or
    closing its clause ("the boots only"); "work just gave me a laptop" says no part."""
    if not w.partial_then:
        return _p(w.partial)
    between = rf"(?:{_p(w.partial_between)}\s+){{0,3}}" if w.partial_between else ""
    return rf"{_p(w.partial)}(?=\s*(?:[.,;:!?]|$)|\s+{between}{_p(w.partial_then)})"


def _item_shapes(w: ResolverWords) -> dict[str, str]:
    """Which items of the order, and which variant."""
    det = _p(w.determiners)
    return {
        "whole_order": _p(w.whole_record),
        "partial": _partial(w),
        # "the green one", "the 34 inch plastic one": a thing of the order by what it is now
        "singled": rf"\b{det}\s+((?:[\w%.-]+\s+){{1,3}}?){_p(w.stand_in, w.stand_in_plural)}\b",
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
        # "…, if not, leave it": the thing just named stays as it is when its wish cannot be met
        "leave_if_missing": rf"{_p(w.leave_unmet)}\W{{0,3}}(?:\w+\W+){{0,3}}?{_p(w.leave_as_is)}",
    }


def _part_shapes(w: ResolverWords) -> dict[str, str]:
    """Parts of a message, and what the words around a mention say of it."""
    return {
        # where one part of a message ends and another starts: a sentence, or ", and"
        "part": rf"(?<=[.;!?])\s+|\n+|,\s*(?={_p(w.part_joiners)})",
        "joined": rf"^\W*{_p(w.joined)}",  # not "then": a next step
        "continued": rf"\s*{_p(w.joined)}",
        "next_record": _p(w.next_record),
        # what stands between two ids of one list ("#W1 and order #W2", "#W1, #W2"): the
        # request is asked of each of them
        "records_listed": (
            rf"^[\s,]*(?:{_p(w.joined)}\s+)*(?:{_p(w.determiners)}\s+)?"
            rf"(?:{_nouns(w)[0]}\s*)?$"
        ),
        "places_listed": (
            rf"^[\s,]*(?:{_p(w.joined)}\s+)*(?:{_p(w.determiners)}\s+)?"
            rf"(?:{_nouns(w)[1]}\s*)?$"
        ),
        "wanted_before": (rf"{_p(w.wanted_before)}\s+(?:{_p(w.wanted_determiners)})?\s*$"),
        "heading_to": rf"{_p(w.heading_to)}(.{{0,50}})",
        "received": _p(w.received),
        "have": _p(w.have),
        "ordered": _p(w.ordered),
    }


def _payment_shapes(w: ResolverWords) -> dict[str, str]:
    """Which payment method."""
    moved = _p(w.moved_from, w.moved_to)
    return {
        "card": (rf"({_p(w.brands)}|{_p(w.any_card)}|{_not_after(w.card_not_after)}{_p(w.card)})"),
        "any_card": _p(w.any_card),
        "not_any_card": _p(w.not_any_card),
        "method_words": _p(*w.method_names.values(), w.method_words),
        # "my Visa for all of it": a method's words, then a paying word, right before
        "method_paying": (
            rf"{_p(*w.method_names.values(), w.method_words)}\s+{_p(w.paying_for)}\s+$"
        ),
        "another_request": rf"^\W*{_p(w.another_request)}",
        "the_method_which": rf"{_p(w.method_nouns)}(?:\s+[\w']+){{1,4}}\s*$",
        # a method of any kind, or a word for one: "the same card as", "the method I used for"
        "method_any": _p(w.method_nouns, *w.method_names.values(), w.method_words),
        "original_method": (
            rf"{_p(w.original_method)}|{_not_after(w.paid_not_after)}{_p(w.paid_as_before)}"
        ),
        # "from my mastercard", "to the card ending 1234": the nearer of the two words, then
        # up to three words
        "moved": rf"({moved})\s+(?:(?!{moved})[\w-]+\s+){{0,3}}$",
    }


def _address_shapes(w: ResolverWords) -> dict[str, str]:
    """Which address."""
    any_noun, _ = _nouns(w)
    det = _p(w.determiners)
    return {
        "on_file": _p(w.on_file),
        "new_address": _p(w.new_address),
        "like_record": _p(w.like_record),
        "to_account": _p(w.to_account),
        "account_changed": _p(w.account_changed),
        "that_address": _p(w.that_address),
        "new_unit": rf"({_p(w.units)})\s+#?(\w*\d\w*)\b",
        "same_place": _p(w.same_place),
        "order_address": (
            rf"{_p(w.address_nouns)}.{{0,60}}{_p(w.address_of)}.{{0,40}}{any_noun}"
            rf"|{any_noun}.{{0,40}}{_p(w.record_sent)}"
            rf"|{_p(w.sent)}.{{0,30}}{_p(w.sent_to)}"
        ),
        "takes_order_address": (
            rf"{_p(w.taking_address_nouns)}.{{0,60}}{_p(w.address_of)}.{{0,40}}{any_noun}"
            rf"|{_p(w.where)}.{{0,40}}{any_noun}.{{0,30}}{_p(w.where_sent)}"
        ),
        "other_order_address": (
            rf"{_p(w.address_nouns)}[^.]{{0,30}}{_p(w.address_of)} "
            rf"{_p(w.address_other_record)}"
        ),
        # "ship it to the New York address my watch order was delivered to", "… to the Phoenix
        # address where my toothbrush order is going", "… to the one on my lamp order": what
        # follows names the order the address is taken from. Only where the address is what
        # something goes to: "change the address on my lamp order" names the order changed.
        # Up to two words may describe the product there ("… of my smart bulb order").
        "address_source": (
            rf"(?:(?:{_p(w.address_to)})\s+(?:{det})\s+(?:[\w-]+\s+){{0,2}}?"
            rf"{_p(w.taking_address_nouns)}"
            # "… to Dallas, the address my … is going to": a place named, then the address
            rf"|(?:{_p(w.address_to)})\s+[\w-]+(?:\s[\w-]+)?,\s+(?:{det})\s+"
            rf"{_p(w.named_address)})"
            rf"\s+(?:(?:{_p(w.address_of, w.where)})\s+)?"
            rf"(?:(?:{det})\s+(?:[\w-]+\s+){{0,2}})?$"
        ),
        "left_address": _p(w.left_address),
    }


def _pieces(w: ResolverWords) -> dict[str, str]:
    """Pieces of patterns, composed with what only a message gives (a cue, a name, an id)."""
    det = _p(w.determiners)
    return {
        "count": rf"({_p(list(w.counts))}|[2-4])",
        "of_records": (
            rf"\s+(?:{_p(w.partitive)}\s+)?(?:{det}\s+)?(?:\w+\s+)?"
            rf"{_p(w.record_noun_plural, w.record_synonyms_plural)}"
        ),
        "every_record": _p(w.every_record),
        "noun_ending": _p(w.noun_endings),
        "counted_ending": _p(w.counted_endings),
        "lacking": rf"{_p(w.lacking)}\s+(?:{_p(w.lacking_determiners)}\s+)?",
        "ranked": _p(w.ranked),
        "ruled_out": rf"{_p(w.ruled_out_record)}\s+(?:{_p(w.record_noun)}\s+)?",
        "determiners": det,
        "paid_through": _p(w.paid_through),
        "stand_ins": _p(w.stand_in, w.stand_in_plural),
        "partitive": _p(w.partitive),
        "reference": (rf"{_p(w.reference)}\s+(?:(?:{det}|{_p(w.record_noun)}) )*"),
    }


def _tables(w: ResolverWords) -> dict[str, Any]:
    """Words looked up, and patterns by status, by kind of method."""
    # "pending order", "pending orders", "pending ordered": the noun opens the next word
    noun_opening = _p([f"{n}~" for n in w.record_noun])
    return {
        "statuses": {
            status: re.compile(rf"{_p(said)} {noun_opening}", re.I)
            for status, said in w.statuses.items()
        },
        "numbers": {word.lower(): n for word, n in w.numbers.items()},
        "nth_numbers": {" ".join(word.lower().split()): n for word, n in w.nth_described.items()},
        "counts": {word.lower(): n for word, n in w.counts.items()},
        "whole_item": frozenset(e.lower() for e in w.whole_item),
        "record_nouns": tuple(n.lower() for n in w.record_noun),
        "brands": frozenset(b.lower() for b in w.brands),
        "method_names": {kind: re.compile(_p(said), re.I) for kind, said in w.method_names.items()},
        "method_anywhere": {
            kind: re.compile(_anywhere(said, w.method_other_names.get(kind, [])), re.I)
            for kind, said in w.method_names.items()
        },
        "moved_from": frozenset(e.lower() for e in w.moved_from),
        "moved_to": frozenset(e.lower() for e in w.moved_to),
        "city_address": rf"(?: [a-z]{{2}})? {_p(w.city_address)}",
        "address_in_city": rf"{_p(w.address_in)} {_p(w.in_city)} ",
        "city_record": rf" {_p(w.record_noun)}\b",
        # "ship my order with the speaker to new york": the request's own verb, a few words,
        # then where it goes (not "the order shipped to Boston", which describes an order)
        # (read, as the cities are, in small letters with marks as spaces: "don t ship")
        "city_sent_to": (
            rf"{_not_after([re.sub(r'[^a-z0-9 ]', ' ', e.lower()) for e in w.ship_not_after])}"
            rf"{_p(w.ship_to)}\s+(?:[a-z0-9]+\s+){{0,10}}?{_p(w.address_to)}\s+"
        ),
        "city_aliases": tuple((a.lower(), c.lower()) for a, c in w.city_aliases.items()),
    }
