"""Matching product names, option values and the customer's own items against a store catalogue.

The catalogue is the store's ``products.json`` shape: ``{product_id: {name, product_id, variants:
{item_id: {item_id, options: {name: value}, available, price}}}}``. Order items are the store's
``orders.json`` item shape: ``{name, product_id, item_id, price, options}``.

Matching works on lower-cased word tokens joined without spaces, so ``t-shirt``, ``T shirt`` and
``tshirt`` are one key, as are ``Wi-Fi`` and ``wifi``. Exact keys are tried first (longest span
wins), then rapidfuzz ``ratio`` on what is left, for typos such as ``keybaord`` or
``stainles steel``.
"""

from __future__ import annotations

import functools
import re
from collections import Counter, defaultdict
from collections.abc import Container, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ConfigDict, Field
from rapidfuzz import fuzz, process
from rapidfuzz.distance import DamerauLevenshtein

from deskpilot.domain import Entity
from deskpilot.nlu.entities import ExtractionContext
from deskpilot.workspace import VocabularyFile

from ._address import address_spans
from ._variants import respelled

# How many (text, claimed tokens) readings of option values the matcher keeps.
_CANDIDATES_REMEMBERED = 512

_TOKEN = re.compile(r"[a-z0-9]+(?:\.[0-9]+)?[a-z]*%?", re.I)


class CatalogueMatcherConfig(BaseModel):
    """Tuning for ``CatalogueEntityMatcher``; aliases map what customers say to catalogue names."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    product_fuzzy_cutoff: float = Field(85.0, ge=0, le=100)
    option_fuzzy_cutoff: float = Field(90.0, ge=0, le=100)
    fuzzy_min_chars: int = Field(5, ge=1)
    # What customers call the catalogue's entries and option values: the workspace's
    # vocabulary (``aliases``), see ``from_vocabulary``.
    product_aliases: dict[str, list[str]] = Field(default_factory=dict)
    option_aliases: dict[str, str] = Field(default_factory=dict)
    # How customers write the units values are written in ("4 hours" also as "4 hrs"): the
    # vocabulary's ``scales.unit_words``.
    unit_words: dict[str, list[str]] = Field(default_factory=dict)
    # The words the matcher reads (the vocabulary's ``aliases``, keys as ``key_of`` makes them):
    # an option's values said in words ("a medium": size M), by option and key; the words that
    # alone name no entry; everyday values, read only near their option; words of a kind ("the
    # manual one"); words toward a value; words of several ("both shirts") and of one of them;
    # words never read as a typo of an entry.
    option_words: dict[str, dict[str, str]] = Field(default_factory=dict)
    generic_heads: frozenset[str] = frozenset()
    generic_words: frozenset[str] = frozenset()
    everyday_values: frozenset[str] = frozenset()
    kind_words: frozenset[str] = frozenset()
    list_joiners: frozenset[str] = frozenset()
    toward: frozenset[str] = frozenset()
    several: dict[str, int | None] = Field(default_factory=dict)
    one_of: dict[str, str] = Field(default_factory=dict)
    never_fuzzy: frozenset[str] = frozenset()
    number_endings: dict[str, list[str]] = Field(default_factory=dict)
    plural_endings: tuple[str, ...] = ()

    @classmethod
    def from_vocabulary(cls, vocabulary: VocabularyFile) -> CatalogueMatcherConfig:
        """The matcher's aliases from the workspace's ``vocabulary.yaml``."""
        values = {
            said: value for value, words in vocabulary.aliases.values.items() for said in words
        }
        aliases = vocabulary.aliases
        units = {unit.lower(): list(u.words) for unit, u in vocabulary.scales.unit_words.items()}

        def keys(words: Iterable[str]) -> frozenset[str]:
            return frozenset(key_of(w) for w in words)

        return cls(
            product_aliases=dict(aliases.entries),
            option_aliases=values,
            unit_words=units,
            option_words={
                option: {key_of(w): value for value, words in said.items() for w in words}
                for option, said in aliases.option_words.items()
            },
            generic_heads=keys(aliases.generic_heads),
            generic_words=keys(aliases.generic_words),
            everyday_values=keys(aliases.everyday_values),
            kind_words=keys(aliases.kind_words),
            list_joiners=keys(aliases.list_joiners),
            toward=keys(aliases.toward),
            several={key_of(w): n for w, n in aliases.several.items()},
            one_of={key_of(w): key_of(after) for w, after in aliases.one_of.items()},
            never_fuzzy=keys(aliases.never_fuzzy),
            number_endings={
                e.lower(): [o.lower() for o in n] for e, n in aliases.number_endings.items()
            },
            plural_endings=tuple(e.lower() for e in vocabulary.scales.plural_endings if e.strip()),
        )


@dataclass(frozen=True)
class _Token:
    key: str
    start: int
    end: int
    upper: bool


@dataclass(frozen=True)
class _OptionRef:
    product_id: str
    option: str
    value: str


@dataclass(frozen=True)
class _Hit:
    """A run of tokens ``[first, last]`` that matched one catalogue key."""

    first: int
    last: int
    key: str


def tokens_of(text: str) -> list[_Token]:
    """Lower-cased word tokens of ``text`` with their character spans."""
    return [
        _Token(m.group().lower(), m.start(), m.end(), m.group().isupper())
        for m in _TOKEN.finditer(text)
    ]


def key_of(phrase: str) -> str:
    """The matching key of a phrase: its tokens joined without spaces."""
    return "".join(t.key for t in tokens_of(phrase))


class CatalogueEntityMatcher:
    """Finds products, option values and the customer's own order items named in a message."""

    def __init__(
        self,
        products: Mapping[str, Mapping[str, Any]],
        config: CatalogueMatcherConfig | None = None,
    ) -> None:
        self._config = config or CatalogueMatcherConfig()
        self._names: dict[str, str] = {pid: str(p["name"]) for pid, p in products.items()}
        self._product_keys, self._base_keys = _product_index(self._names, self._config)
        self._option_keys, self._option_phrases = _option_index(products, self._config)
        self._parts, self._choices = _part_index(products)
        self._max_product_len = max(_token_counts(self._names.values()), default=1)
        self._max_option_len = max(_token_counts(self._option_phrases), default=1)
        self._fuzzy_products = _Closest(list(self._product_keys), self._config.product_fuzzy_cutoff)
        self._fuzzy_options = _Closest(
            [k for k in self._option_keys if not any(c.isdigit() for c in k)],
            self._config.option_fuzzy_cutoff,
        )
        # Per option said in words ("a medium": size M), the products that have it with one of
        # those values, known once rather than looked for in every message.
        self._worded = {
            option: frozenset(
                ref.product_id
                for refs in self._option_keys.values()
                for ref in refs
                if ref.option == option and ref.value in said.values()
            )
            for option, said in self._config.option_words.items()
        }
        # What a message names of the catalogue does not depend on the orders it is read
        # against: one message is read against each of the customer's orders in a turn.
        self._scanned = functools.lru_cache(maxsize=256)(self._scan)
        self._candidates: dict[
            tuple[str, frozenset[int]], tuple[tuple[_Hit, ...], frozenset[int]]
        ] = {}

    def product_id(self, name: str) -> str | None:
        """The id of the product called ``name`` in the catalogue."""
        return next((pid for pid, known in self._names.items() if known == name), None)

    def extract(self, text: str, context: ExtractionContext | None = None) -> list[Entity]:
        """Entities of ``text``; ``item`` entities too when the context has order items."""
        return self.match(text, context.held if context is not None else ())

    def entries(self, text: str) -> set[str]:
        """The products ``text`` names."""
        return {str(e.value) for e in self.match(text) if e.type == "product"}

    def match(self, text: str, held: Sequence[Mapping[str, Any]] = ()) -> list[Entity]:
        """Product, option and (when ``held``, an order's items, is given) item entities, in
        text order."""
        order_items = held
        tokens, address, products = self._scanned(text)
        claimed = set(address)
        item_pids = {str(i.get("product_id", "")) for i in order_items}
        context = {pid for hit in products for pid in self._product_keys[hit.key]} | item_pids
        options = self._match_options(text, tokens, claimed, context, products)
        entities: list[Entity] = []
        for hit in products:
            entities.extend(self._product_entities(text, tokens, hit, item_pids))
        for hit, ref in options:
            span = _span(text, tokens, hit)
            entities.append(Entity("option", {"option": ref.option, "value": ref.value}, *span))
        if order_items:
            for hit in products:
                item = self._item_entity(text, tokens, hit, options, order_items)
                if item is not None:
                    entities.append(item)
        return sorted(entities, key=lambda e: (e.start, e.type))

    def _scan(self, text: str) -> tuple[tuple[_Token, ...], frozenset[int], tuple[_Hit, ...]]:
        """The tokens of ``text``, those an address written out claims (its street names no
        product), and the products named."""
        tokens = tokens_of(text)
        spans = address_spans(text)
        claimed = {i for i, t in enumerate(tokens) if any(a <= t.start < b for a, b in spans)}
        address = frozenset(claimed)
        return tuple(tokens), address, tuple(self._match_products(text, tokens, claimed))

    def _match_products(self, text: str, tokens: Sequence[_Token], claimed: set[int]) -> list[_Hit]:
        keys = self._product_keys
        hits = _exact_hits(tokens, claimed, keys.keys(), self._max_product_len)
        hits += _fuzzy_hits(
            tokens,
            claimed,
            self._fuzzy_products,
            self._config.fuzzy_min_chars,
            max_len=2,
            never=self._config.never_fuzzy,
            stand_ins=self._config.kind_words,
        )
        return _heads_only(text, tokens, sorted(hits, key=lambda h: h.first), keys)

    def _match_options(
        self,
        text: str,
        tokens: Sequence[_Token],
        claimed: set[int],
        context: set[str],
        products: Sequence[_Hit] = (),
    ) -> list[tuple[_Hit, _OptionRef]]:
        found: list[tuple[_Hit, _OptionRef]] = []
        for option, said in self._config.option_words.items():
            for hit in self._worded_hits(tokens, claimed, context, option):
                found.append((hit, _OptionRef("", option, said[hit.key])))
        candidates = self._option_candidates(text, tokens, claimed)
        weak = self._config.everyday_values
        sure = self._sure_in_lists(tokens, candidates)
        for hit in candidates:
            refs = self._option_keys[hit.key]
            if not _is_weak(tokens, hit, weak):
                found.append((hit, _choose_option(refs, context)))
                continue
            if (
                _has_cue(tokens, hit, refs, self._config)
                or hit in sure
                or _picks_a_variant(tokens, hit, self._config.kind_words)
            ):
                found.append((hit, _choose_option(refs, context)))
                continue
            described = self._before_its_noun(text, tokens, hit, refs, products)
            if described:
                found.append((hit, _choose_option(described, context)))
                continue
            for i in range(hit.first, hit.last + 1):
                claimed.discard(i)
        return sorted(found, key=lambda pair: pair[0].first)

    def _option_candidates(
        self, text: str, tokens: Sequence[_Token], claimed: set[int]
    ) -> list[_Hit]:
        """The runs of ``tokens`` (of ``text``) not ``claimed`` that name an option value, or
        are a typo of one; their tokens are added to ``claimed``. Remembered by text and the
        tokens claimed before: one message is matched against each of the customer's orders
        and each request's wished values in a turn, with the same words claimed each time."""
        key = (text, frozenset(claimed))
        found = self._candidates.get(key)
        if found is None:
            taken = set(claimed)
            hits = _exact_hits(tokens, taken, self._option_keys.keys(), self._max_option_len)
            hits += _fuzzy_hits(
                tokens,
                taken,
                self._fuzzy_options,
                self._config.fuzzy_min_chars,
                max_len=3,
                never=self._config.never_fuzzy,
                stand_ins=self._config.kind_words,
            )
            found = (tuple(hits), frozenset(taken))
            if len(self._candidates) >= _CANDIDATES_REMEMBERED:
                # started afresh rather than trimmed: no thread iterates what another changes
                self._candidates = {}
            self._candidates[key] = found
        claimed.update(found[1])
        return list(found[0])

    def _before_its_noun(
        self,
        text: str,
        tokens: Sequence[_Token],
        hit: _Hit,
        refs: Sequence[_OptionRef],
        products: Sequence[_Hit],
    ) -> list[_OptionRef]:
        """The readings of an everyday value that stands right before a word naming its product
        or a part of it ("a gas grill", "with a plain deck": a word of one of its options'
        names), as a value of an option with a choice of more than two (never a yes or a no)."""
        at = hit.last + 1
        if at >= len(tokens) or text[tokens[hit.last].end : tokens[at].start].strip():
            return []
        named = {
            pid for p in products if p.first <= at <= p.last for pid in self._product_keys[p.key]
        }
        named |= self._parts.get(tokens[at].key, frozenset())
        return [
            ref
            for ref in refs
            if ref.product_id in named and self._choices.get((ref.product_id, ref.option), 0) > 2
        ]

    def _sure_in_lists(self, tokens: Sequence[_Token], candidates: Sequence[_Hit]) -> list[_Hit]:
        """The values read surely: those not weak, and a short value listed beside a sure one
        of the same product ("i7, 8GB, 1TB SSD"), in turn sure for the next one in the list
        ("gas, portable, with a side burner": the side burner vouches for portable, portable
        for gas). Between two values of a list stand at most two ``list_joiners``."""
        weak = self._config.everyday_values
        sure = [h for h in candidates if not _is_weak(tokens, h, weak)]
        waiting = [h for h in candidates if h not in sure]
        grown = True
        while grown:
            grown = False
            for hit in list(waiting):
                if any(self._listed_with(tokens, hit, other) for other in sure):
                    sure.append(hit)
                    waiting.remove(hit)
                    grown = True
        return sure

    def _listed_with(self, tokens: Sequence[_Token], hit: _Hit, other: _Hit) -> bool:
        """Whether ``hit`` and ``other``, values of one product, stand next to each other, or
        with no more than two joining words between them ("portable, with a side burner")."""
        products = {ref.product_id for ref in self._option_keys[hit.key]}
        if not products & {ref.product_id for ref in self._option_keys[other.key]}:
            return False
        first, last = (hit, other) if hit.last < other.first else (other, hit)
        if last.first <= first.last:
            return False
        between = [t.key for t in tokens[first.last + 1 : last.first]]
        return len(between) <= 2 and all(key in self._config.list_joiners for key in between)

    def _worded_hits(
        self, tokens: Sequence[_Token], claimed: set[int], context: set[str], option: str
    ) -> list[_Hit]:
        """``a medium`` means size M when a product in context comes in letter sizes: the words
        for ``option``'s values (``option_words``) when a product in context has them."""
        if self._worded[option].isdisjoint(context):
            return []
        hits = []
        for hit in _exact_hits(tokens, claimed, self._config.option_words[option].keys(), 2):
            if self._names_its_option(tokens, hit, option):
                # "medium ventilation": the value of the option named right after it, no size
                claimed.difference_update(range(hit.first, hit.last + 1))
                continue
            hits.append(hit)
        return hits

    def _names_its_option(self, tokens: Sequence[_Token], hit: _Hit, option: str) -> bool:
        """Whether the words right after ``hit`` name an option, other than ``option`` (the
        size), that the word is a value of ("medium ventilation", "small room size")."""
        names = {key_of(r.option) for r in self._option_keys.get(hit.key, ()) if r.option != option}
        after = {"".join(t.key for t in tokens[hit.last + 1 : hit.last + 1 + n]) for n in (1, 2, 3)}
        return bool(names & after)

    def _product_entities(
        self, text: str, tokens: Sequence[_Token], hit: _Hit, item_pids: set[str]
    ) -> list[Entity]:
        pids = self._product_keys[hit.key]
        in_order = [pid for pid in pids if pid in item_pids]
        span = _span(text, tokens, hit)
        return [Entity("product", self._names[pid], *span) for pid in (in_order or pids)]

    def _item_entity(
        self,
        text: str,
        tokens: Sequence[_Token],
        hit: _Hit,
        options: Sequence[tuple[_Hit, _OptionRef]],
        order_items: Sequence[Mapping[str, Any]],
    ) -> Entity | None:
        pids = set(self._product_keys[hit.key])
        candidates = [i for i in order_items if str(i.get("product_id")) in pids]
        if not candidates:
            return None
        # "… same white plastic. the black toothbrush": only values the product comes in
        # describe it, not the last words said of another thing
        descriptors = [
            ref
            for h, ref in options
            if hit.first - 3 <= h.last < hit.first
            and any(r.product_id in pids for r in self._option_keys[h.key])
        ]
        narrowed = [i for i in candidates if _has_options(i, descriptors)]
        candidates = narrowed or candidates
        ids = [str(i["item_id"]) for i in candidates]
        plural, count = self._plurality(tokens, hit, text, [h for h, _ in options])
        if plural:
            ambiguous = count is not None and count != len(ids)
        else:
            ambiguous = len(set(ids)) > 1
            ids = ids if ambiguous else ids[:1]
        value = {"item_ids": ids, "ambiguous": ambiguous, "plural": plural}
        return Entity("item", value, *_span(text, tokens, hit))

    def _plurality(
        self, tokens: Sequence[_Token], hit: _Hit, text: str = "", values: Sequence[_Hit] = ()
    ) -> tuple[bool, int | None]:
        """Whether the mention means several items (``both shirts``), and how many if it says.
        A number that measures ("the 2-litre kettle", "the 2 liters one") counts nothing."""
        first = max(0, hit.first - 3)
        before = [t.key for t in tokens[first : hit.first]]
        if any(
            one in before and of in before[before.index(one) :]
            for one, of in self._config.one_of.items()
        ):
            return False, None  # "one of the shirts": a single item, to be asked about
        several = self._config.several
        for at, key in enumerate(before, start=first):
            if key in several and not _measures(tokens[at], at, text, values):
                if _CLAUSE_MARK.search(text[tokens[at].end : tokens[hit.first].start]):
                    continue  # "Two things: the grill …" counts the things, not the grill
                return True, several[key]
        plural = any(hit.key.endswith(e) for e in self._config.plural_endings)
        return hit.key not in self._base_keys and plural, None


# Between a number and a mention, a mark that ends the number's clause: it counts nothing there.
_CLAUSE_MARK = re.compile(r"[:;.!?]")


def _heads_only(
    text: str, tokens: Sequence[_Token], hits: Sequence[_Hit], keys: Mapping[str, Sequence[str]]
) -> list[_Hit]:
    """The products named, a name written right before another product's (nothing but spaces
    between them) read as a compound's modifier: the words name the second one only ("the
    bike helmet" is a helmet, "a laptop backpack" a backpack)."""
    heads: list[_Hit] = []
    for hit in hits:
        before = heads[-1] if heads else None
        if (
            before is not None
            and hit.first == before.last + 1
            and not text[tokens[before.last].end : tokens[hit.first].start].strip()
            and not set(keys[before.key]) & set(keys[hit.key])  # "the trail shoes": one name
        ):
            heads[-1] = _Hit(before.first, hit.last, hit.key)
            continue
        heads.append(hit)
    return heads


def _measures(token: _Token, at: int, text: str, values: Sequence[_Hit]) -> bool:
    """Whether the number ``token`` (the ``at``-th) is part of a measure, not a count: joined
    by a hyphen to the word after it ("2-litre", "3-piece") or inside an option value named."""
    joined = text[token.end : token.end + 2]
    if len(joined) == 2 and joined[0] == "-" and joined[1].isalpha():
        return True
    return any(h.first <= at <= h.last for h in values)


def _is_weak(tokens: Sequence[_Token], hit: _Hit, everyday: Container[str]) -> bool:
    """Bare numbers, ``everyday`` words and one- or two-letter codes need their option's name
    nearby; a two-letter code typed in capitals (``XL``, ``4K``) stands on its own."""
    if hit.first != hit.last:
        return False
    key = hit.key
    if key.isdigit() or key in everyday:
        return True
    return len(key) <= 2 and not (len(key) == 2 and tokens[hit.first].upper)


def _picks_a_variant(tokens: Sequence[_Token], hit: _Hit, kinds: Container[str]) -> bool:
    """ "An art one", "the manual version": a value followed by a word of ``kinds``."""
    after = tokens[hit.last + 1].key if hit.last + 1 < len(tokens) else ""
    return hit.key.isalpha() and len(hit.key) > 2 and after in kinds


def _has_cue(
    tokens: Sequence[_Token], hit: _Hit, refs: Sequence[_OptionRef], config: CatalogueMatcherConfig
) -> bool:
    toward = config.toward
    names = {key_of(ref.option) for ref in refs}
    # an option named in the singular before a noun: "a 2000 piece puzzle" for pieces
    names |= {
        n[: -len(e)] for n in names for e in config.plural_endings if n.endswith(e) and len(n) > 3
    }
    near = {
        "".join(t.key for t in tokens[i : i + n])
        for i in range(max(0, hit.first - 2), min(len(tokens), hit.last + 3))
        for n in (1, 2, 3)
    }
    if names & near:
        return True
    before = tokens[hit.first - 1].key if hit.first > 0 else ""
    if before in toward and len(hit.key) == 1 and tokens[hit.first].upper:
        return True  # a one-letter code typed in capitals right after "an", "to": "an L"
    window = {t.key for t in tokens[max(0, hit.first - 8) : hit.first]}
    return before in toward and bool(names & window)


def _product_index(
    names: Mapping[str, str], config: CatalogueMatcherConfig
) -> tuple[dict[str, list[str]], set[str]]:
    """Key → product ids (full name, head noun, aliases, and their plurals); and the base keys."""
    by_key: dict[str, list[str]] = defaultdict(list)
    base: set[str] = set()
    # A word that appears in one product name only is that product ("the jigsaw" → Jigsaw
    # Puzzle), unless it is a generic word like "smart" or "set".
    counts: dict[str, int] = defaultdict(int)
    for name in names.values():
        for word in {t.key for t in tokens_of(name)}:
            counts[word] += 1
    for pid, name in names.items():
        words = [t.key for t in tokens_of(name)]
        forms = {"".join(words)}
        if words and words[-1] not in config.generic_heads and len(words[-1]) >= 3:
            forms.add(words[-1])
        forms.update(
            w
            for w in words[:-1]
            if counts[w] == 1
            and len(w) >= 5
            and w not in config.generic_heads
            and w not in config.generic_words
        )
        forms.update(key_of(alias) for alias in config.product_aliases.get(name, ()))
        base.update(forms)
        for form in forms:
            for variant in _number_variants(form, config.number_endings):
                if pid not in by_key[variant]:
                    by_key[variant].append(pid)
    return dict(by_key), base


def _part_index(
    products: Mapping[str, Mapping[str, Any]],
) -> tuple[dict[str, frozenset[str]], dict[tuple[str, str], int]]:
    """The words naming a part of a product (each word of its options' names of several words:
    "deck" of a skateboard's "deck material") → those products; and per product and option, how
    many values it comes in."""
    parts: dict[str, set[str]] = defaultdict(set)
    values: dict[tuple[str, str], set[str]] = defaultdict(set)
    for pid, product in products.items():
        for variant in product.get("variants", {}).values():
            for option, value in variant.get("options", {}).items():
                values[(str(pid), str(option))].add(str(value))
        for pid_option in [k for k in values if k[0] == str(pid)]:
            words = tokens_of(pid_option[1])
            if len(words) > 1:
                for word in words:
                    parts[word.key].add(str(pid))
    return {k: frozenset(v) for k, v in parts.items()}, {k: len(v) for k, v in values.items()}


def _number_variants(key: str, endings: Mapping[str, Sequence[str]]) -> set[str]:
    """``key`` and its other numbers: each ending of ``endings`` it has (``aliases.number_endings``:
    "" for any) replaced by each of the endings given for it ("puzzle" → "puzzles")."""
    variants = {key}
    for ending, others in endings.items():
        if key.endswith(ending):
            stem = key[: len(key) - len(ending)]
            variants.update(stem + other for other in others)
    return {v for v in variants if v}


def _option_index(
    products: Mapping[str, Mapping[str, Any]], config: CatalogueMatcherConfig
) -> tuple[dict[str, list[_OptionRef]], list[str]]:
    """Key → every (product, option, value) with that value; and all phrases indexed."""
    index: dict[str, list[_OptionRef]] = defaultdict(list)
    phrases: list[str] = []
    for pid, product in products.items():
        seen: set[tuple[str, str]] = set()
        for variant in product.get("variants", {}).values():
            for option, value in variant.get("options", {}).items():
                seen.add((str(option), str(value)))
        for option, value in sorted(seen):
            index[key_of(value)].append(_OptionRef(str(pid), option, value))
            phrases.append(value)
        for option, value in sorted(seen):
            for said in respelled(value, config.unit_words):  # "a 4 hour battery" for 4 hours
                ref = _OptionRef(str(pid), option, value)
                if ref not in index[key_of(said)]:
                    index[key_of(said)].append(ref)
                    phrases.append(said)
    # An alias adds to what its word already names: "grey" is some products' value and
    # another spelling of the "gray" of others, and names both.
    written = {key: list(refs) for key, refs in index.items()}
    for alias, value in config.option_aliases.items():
        refs = written.get(key_of(value))
        if refs:
            named = index[key_of(alias)]
            named.extend(ref for ref in refs if ref not in named)
            phrases.append(alias)
    return dict(index), phrases


def _token_counts(phrases: Iterable[str]) -> list[int]:
    return [len(tokens_of(p)) for p in phrases]


def _choose_option(refs: Sequence[_OptionRef], context: set[str]) -> _OptionRef:
    """The option a value most likely belongs to: a product in context first, then the commonest."""
    in_context = [r for r in refs if r.product_id in context]
    pool = in_context or list(refs)
    votes = Counter(r.option for r in pool)
    best = min(votes, key=lambda name: (-votes[name], name))
    return next(r for r in pool if r.option == best)


def _exact_hits(
    tokens: Sequence[_Token], claimed: set[int], keys: Container[str], max_len: int
) -> list[_Hit]:
    # ``keys`` is looked up as it is (a dict's keys): copying the catalogue's keys into a set
    # cost more than the whole search.
    hits: list[_Hit] = []
    i = 0
    while i < len(tokens):
        for n in range(min(max_len, len(tokens) - i), 0, -1):
            span = range(i, i + n)
            key = "".join(tokens[j].key for j in span)
            if key in keys and not claimed.intersection(span):
                hits.append(_Hit(i, i + n - 1, key))
                claimed.update(span)
                i += n - 1
                break
        i += 1
    return hits


def _typo_of(word: str, key: str, score: float, cutoff: float) -> bool:
    """Whether ``word`` is a misspelling of ``key``: same first letter (typos rarely change it,
    and "those" is no hose), close enough by ratio, or one edit away in a longer word ("vaccum");
    a short key needs a very close match ("house" is no hose either)."""
    if word[:1] != key[:1]:
        return False
    if len(key) <= 5:
        return score >= 90.0
    return score >= cutoff or (len(word) >= 6 and DamerauLevenshtein.distance(word, key) <= 1)


class _Closest:
    """The key a word is a misspelling of (``_typo_of``) among ``keys``, remembered per word:
    the catalogue does not change, and the words customers write repeat from message to
    message ("order", "thanks"), each searched through every key otherwise."""

    _REMEMBERED = 4096

    def __init__(self, keys: list[str], cutoff: float) -> None:
        self.keys = keys
        self.cutoff = cutoff
        self._found: dict[str, tuple[str, float] | None] = {}

    def __call__(self, word: str) -> tuple[str, float] | None:
        try:
            return self._found[word]
        except KeyError:
            pass
        cutoff = self.cutoff
        typos = [
            (name, score)
            for name, score, _ in process.extract(
                word, self.keys, scorer=fuzz.ratio, score_cutoff=min(cutoff, 75.0), limit=5
            )
            if _typo_of(word, name, score, cutoff)
        ]
        best = typos[0] if typos else None
        if best is not None and sum(1 for _, score in typos if score == best[1]) > 1:
            # as close to several keys alike, it misspells none of them: "brand" is each of
            # "Brand A", "Brand B" and "Brand C" less a letter, and names the option, no value
            best = None
        if len(self._found) >= self._REMEMBERED:
            # started afresh rather than trimmed: no thread iterates what another one changes
            self._found = {}
        self._found[word] = best
        return best


def _fuzzy_hits(
    tokens: Sequence[_Token],
    claimed: set[int],
    closest: _Closest,
    min_chars: int,
    max_len: int,
    never: Container[str] = frozenset(),
    stand_ins: Container[str] = frozenset(),
) -> list[_Hit]:
    """Close matches for unclaimed runs of up to ``max_len`` tokens, best score first; never
    for a word of ``never`` ("charge" is no charger), nor for a run of several words one of
    which stands for a thing (``stand_ins``: "over-ear ones" is no misspelt "earphones") or is
    a word of ``never``."""
    scored: list[tuple[float, int, _Hit]] = []
    for n in range(1, max_len + 1):
        for i in range(len(tokens) - n + 1):
            if claimed.intersection(range(i, i + n)):
                continue
            key = "".join(t.key for t in tokens[i : i + n])
            if len(key) < min_chars or any(c.isdigit() for c in key) or key in never:
                continue
            if n > 1 and any(t.key in stand_ins or t.key in never for t in tokens[i : i + n]):
                # nor for a run holding an everyday word: "brand as now" is no misspelt "Brand A"
                continue
            best = closest(key)
            if best is not None:
                scored.append((best[1], n, _Hit(i, i + n - 1, best[0])))
    hits: list[_Hit] = []
    for _score, n, hit in sorted(scored, key=lambda s: (-s[0], s[1])):
        span = range(hit.first, hit.first + n)
        if not claimed.intersection(span):
            hits.append(hit)
            claimed.update(span)
    return hits


def _has_options(item: Mapping[str, Any], refs: Sequence[_OptionRef]) -> bool:
    options = {str(v).lower() for v in dict(item.get("options", {})).values()}
    return all(ref.value.lower() in options for ref in refs)


def _span(text: str, tokens: Sequence[_Token], hit: _Hit) -> tuple[str, int, int]:
    start, end = tokens[hit.first].start, tokens[hit.last].end
    return text[start:end], start, end
