"""The ``resolvers`` section of ``vocabulary.yaml``: the words a domain pack's slot resolvers
read to tell which record, which of its things and which variant the customer means."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field


def _words(description: str) -> Any:
    """A list of vocabulary entries, empty unless the workspace gives some."""
    return Field(default_factory=list, description=description)


class ResolverWords(BaseModel):
    """Words the domain pack's slot resolvers read to tell which record, which of its things
    and which variant the customer means (docs/workspace.md, ``resolvers``). The resolvers'
    rules are code; the words are here. Where a rule reads words in a set order (a word of one
    list, then one of another), the docs say which."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    record_noun: list[str] = _words('the word for the record itself ("that whole …")')
    record_noun_plural: list[str] = _words("its plural")
    record_synonyms: list[str] = _words(
        "other words for it, read where a record is described by what it holds"
    )
    record_synonyms_plural: list[str] = _words("their plurals")
    stand_in: list[str] = _words(
        'stands for a record by what it holds: "the laptop one", "another with the laptop"'
    )
    stand_in_plural: list[str] = _words("its plural")
    not_stand_in_after: list[str] = _words(
        'right after a stand-in, it stands for no record: "one size smaller", "one of"'
    )
    determiners: list[str] = _words('between a word of a rule and what it is said of: "the"')
    list_joiners: list[str] = _words('before a further record of a list: "and"')
    hedged_before: list[str] = _words('before a record\'s id, a guess: "i think", "maybe"')
    hedged_after: list[str] = _words('after a record\'s id, a guess: "not sure"')
    request_verbs: list[str] = _words(
        "the verbs of requests: a part saying another than the request's own asks for another"
    )
    noun_endings: list[str] = _words(
        'the endings that make a request\'s verb a noun, which asks for nothing: "~ation" '
        '("the refund from the cancellation")'
    )
    counted_endings: list[str] = _words(
        'the ending of a request\'s noun said of several, after a count: "~s" ("two cancellations")'
    )
    acting: list[str] = _words('a sentence that asks for something done: "return~"')
    acted_on: list[str] = _words('right after an acting word, what was named before: "it"')
    pricier: list[str] = _words('"the more expensive one" of two the customer has')
    cheaper: list[str] = _words('"the cheaper one" of two the customer has')
    same_record: list[str] = _words('the record just talked about, as where: "in that …"')
    that_record: list[str] = _words('the record just talked about: "that whole …"')
    other_record: list[str] = _words('"my other …": the one not named')
    other_record_not_after: list[str] = _words(
        'right before ``other_record``, it is a place, no record: "on", "from"'
    )
    other_record_goes: list[str] = _words(
        'right after ``other_record``, says it is another than the one named: "still goes"'
    )
    nth_described: dict[str, int] = Field(
        default_factory=dict,
        description=(
            "before a record noun or a stand-in, the record a message described in that place "
            'among those it described: "the first" → 1 ("please cancel the first order")'
        ),
    )
    about_delivery: list[str] = _words('asks where a record went: "track~", "where"')
    all_before: list[str] = _words(
        'right before a thing\'s name (up to a determiner and a word): every one: "both"'
    )
    all_of: list[str] = _words('before ``all_of_what``: every one of several: "each of"')
    all_of_what: list[str] = _words('after ``all_of`` (and a determiner): "them", "those"')
    all_before_plural: list[str] = _words(
        "before a plural (a determiner and a word with a digit between): every one"
    )
    not_plural: list[str] = _words('ends in "s" and is no plural: "this", "is"')
    numbers: dict[str, int] = Field(
        default_factory=dict, description='number words: "two" → 2 ("the two t-shirts")'
    )
    counted: list[str] = _words('after a number: what a record holds, counted ("five items")')
    counted_after: list[str] = _words(
        'right before that number: it describes a record ("with", "of"); none: anywhere'
    )
    all_records: list[str] = _words(
        "before ``all_records_determiners`` (optional), a word (optional) and the plural noun"
    )
    all_records_determiners: list[str] = _words('"my", "these"')
    latest: list[str] = _words('the latest record: "most recent", "newest"')
    ending: list[str] = _words('before digits, the last digits of an id: "ending in"')
    statuses: dict[str, list[str]] = Field(
        default_factory=dict,
        description="a status, and the words that say it right before the record noun",
    )
    whole_record: list[str] = _words('all of a record: "the whole …", "all of it"')
    partial: list[str] = _words('part of a record: "just", "only", "keep", "except"')
    partial_then: list[str] = _words(
        'what follows a ``partial`` word that names part of a record: "the", "it", "items"'
    )
    partial_between: list[str] = _words(
        'between a ``partial`` word and ``partial_then``: "want", "to", "cancel"'
    )
    every_item_verbs: list[str] = _words(
        "then (optionally) ``every_item_objects``, then ``every_item_after_verb``"
    )
    every_item_objects: list[str] = _words('"it", "them"')
    every_item_after_verb: list[str] = _words('"all", "everything"')
    everything_in: list[str] = _words('then ``everything_in_what``: "everything in"')
    everything_in_what: list[str] = _words('"the", "that", "my"')
    every_item: list[str] = _words('every thing a record holds: "all the items"')
    all_counted: list[str] = _words(
        "then a number (and no record noun): all of that many, when the record holds that"
        ' many: "all three", "all of the three"'
    )
    referring: list[str] = _words('points back at what was talked about: "it", "they"')
    another: list[str] = _words('points away from it: "other", "new"')
    adding: list[str] = _words('adds to what was chosen: "also", "as well"')
    all_things: list[str] = _words('every one of several alike: "all", "both"')
    mine: list[str] = _words('the customer\'s own, named before: "mine", "the one i have"')
    keeping: list[str] = _words('just before a value, says it stays: "keep", "same"')
    same: list[str] = _words('"same", opening "same colour as the …" and "same one i have"')
    same_as: list[str] = _words('after ``same`` and a word: "as", then a determiner')
    same_as_mine: list[str] = _words('after what is named, says where it is: "in my"')
    same_which: list[str] = _words('"that", "which": between ``same`` … and ``same_i_have``')
    same_i_have: list[str] = _words('"i have", "i received"')
    others_in_record: list[str] = _words('"other", "another": before ``in_that_record``')
    in_that_record: list[str] = _words('"in that …": other things of the same record')
    drop_if: list[str] = _words('opens a condition that drops a thing: "if it", "if the"')
    drop_if_that: list[str] = _words('of those, the ones about the thing just named: "if it"')
    drop_unmet: list[str] = _words('"isn\'t", "not"')
    drop_missing: list[str] = _words('"available", "in stock"')
    drop_only: list[str] = _words('"only", "just"')
    leave_unmet: list[str] = _words('opens a fallback of a wish: "if not", "otherwise"')
    leave_as_is: list[str] = _words('after ``leave_unmet``, keeps the thing: "leave it"')
    part_joiners: list[str] = _words('after a comma, where a part of a message starts: "and"')
    joined: list[str] = _words('opening a part, it goes on with the one before: "and", "also"')
    next_record: list[str] = _words('where what is said of another record starts: "and for"')
    counts: dict[str, int] = Field(
        default_factory=dict,
        description='how many requests or records: "both" → 2 ("cancel both", "two returns")',
    )
    partitive: list[str] = _words('between a count and the records counted: "of"')
    every_record: list[str] = _words(
        'right after the request\'s verb, every record described: "them", "all of them"'
    )
    wanted_before: list[str] = _words(
        'before "a cheaper one", says it is what they want, not which they have: "for"'
    )
    wanted_determiners: list[str] = _words('between those and the word: "a", "the"')
    heading_to: list[str] = _words('where a record goes now: "going to", "sent to"')
    lacking: list[str] = _words('before an option\'s name, the item lacks it: "not", "without"')
    lacking_determiners: list[str] = _words('between those and the name: "a", "an"')
    ranked: list[str] = _words('after a count and a price word: "the three cheapest things"')
    reference: list[str] = _words(
        'before a record\'s id, points at it as a model, not as the target: "~same as"'
    )
    ruled_out_record: list[str] = _words('before a record\'s id, rules it out: "not", "except"')
    set_apart_record: list[str] = _words(
        "before a record described by what it holds or where it goes, sets it apart from the "
        'targets: "except", "apart from" ("all my orders except the one with the lamp")'
    )
    whole_item: list[str] = _words(
        'in "the same type as the grill I received", every option of it: "type", "model"'
    )
    received: list[str] = _words('where the model is, what was received: "~got~"')
    have: list[str] = _words('what was received, unless the words name the record: "~have~"')
    ordered: list[str] = _words('where the model is, what is not yet shipped: "~pending~"')
    brands: list[str] = _words("the card brands a customer may name, held or not")
    any_card: list[str] = _words('a card of any brand: "credit card"')
    card: list[str] = _words("a card, unless right after a word of ``card_not_after``")
    card_not_after: list[str] = _words('"memory card" is no payment card: "memory"')
    method_names: dict[str, list[str]] = Field(
        default_factory=dict,
        description="a kind of payment method (its source, as the records write it) and the words "
        "that name it",
    )
    method_other_names: dict[str, list[str]] = Field(
        default_factory=dict,
        description="more words for a kind, read where a method of that kind is looked for",
    )
    not_any_card: list[str] = _words('anywhere in the words, "card" is no card of theirs: "gift"')
    method_words: list[str] = _words("with the ``method_names``: a method of some kind")
    paying_for: list[str] = _words(
        'between a method and what it pays: "my Visa *for* all of it" says how all is paid'
    )
    paid_through: list[str] = _words(
        'between "everything" and a method: "everything goes *through* PayPal" says how all is '
        "paid, not which things are meant"
    )
    another_request: list[str] = _words('opening a sentence, another request: "also"')
    method_nouns: list[str] = _words('"the card I paid … with": the method pointed at')
    original_method: list[str] = _words('the method that paid: "original~", "~same card~"')
    paid_as_before: list[str] = _words('"what i paid", unless right after ``paid_not_after``')
    paid_not_after: list[str] = _words('"cheaper than what i paid" is a price: "than"')
    moved_from: list[str] = _words('of two methods, the one a change leaves: "from"')
    moved_to: list[str] = _words('of two methods, the one a change moves to: "to", "onto"')
    on_file: list[str] = _words('the address the account holds: "default", "address on file"')
    new_address: list[str] = _words('an address not yet on file: "new"')
    like_record: list[str] = _words("beside another record's id, its address is meant")
    to_account: list[str] = _words('"send it to my default address": no account change')
    account_changed: list[str] = _words(
        '"change my default address to …": the account\'s address is what changes, not a value'
    )
    that_address: list[str] = _words('the address just used: "make it", "that address"')
    units: list[str] = _words('a unit of a building, before its number: "suite", "apt"')
    same_place: list[str] = _words('the address as it is, another unit: "same street"')
    address_nouns: list[str] = _words('an address, or "one" for it')
    taking_address_nouns: list[str] = _words('words that take a record\'s address: "place"')
    address_of: list[str] = _words('between such a word and the record: "on", "from"')
    named_address: list[str] = _words(
        'after a place and a comma, the address something goes to: "to Dallas, the address my '
        'order … is going to"'
    )
    where: list[str] = _words('"where" the record goes')
    where_sent: list[str] = _words('after "where" and the record noun: "was shipped"')
    record_sent: list[str] = _words('after the record noun, where it goes: "shipped"')
    sent: list[str] = _words('before ``sent_to``, where something goes: "went"')
    sent_to: list[str] = _words('"to", "there"')
    address_to: list[str] = _words(
        "before a determiner and an address that another record's words describe, where "
        'something goes: "ship it to the Phoenix address where my lamp order is going"'
    )
    address_other_record: list[str] = _words('"the address on my other …": "my other …"')
    city_address: list[str] = _words('after a city, an address of theirs: "the Seattle one"')
    address_in: list[str] = _words('before ``in_city`` and a city: "my address in Denver"')
    in_city: list[str] = _words('"in", "at"')
    ship_to: list[str] = _words(
        'a request sending the order, then ``address_to`` and a city: "ship it to New York"'
    )
    ship_not_after: list[str] = _words('not right after these: "don\'t ship it to Boston"')
    left_address: list[str] = _words('before such an address, one they left: "old"')
    city_aliases: dict[str, str] = Field(
        default_factory=dict, description='what customers call a city: "nyc" → "new york"'
    )
