"""Choosing the variant a customer asks for: "clicky switches", "a dimmer one", "the cheapest".

The rule is the store's: another *available* variant of the same product. Options the customer
names change; options they compare ("bigger", "less bright") move along that option's scale;
"cheapest" / "most expensive" pick by price; everything else stays as it is. When several
variants fit equally, or none does, the caller asks — naming the choices.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from deskpilot.flows import Phrasing
from deskpilot.workspace import SENTENCE_BREAK, ScaleWords, phrases

Record = dict[str, Any]


@dataclass(frozen=True)
class Unheard:
    """Values asked for of an option that the product has none of, with the values it has
    (ordered on their scale): "yellow" of a speaker's colour (black, blue, green, red), or
    "XXXL" past the sizes it ends at. ``either``: said as alternatives ("yellow or orange"),
    not as a list of steps."""

    said: tuple[str, ...]
    option: str
    values: tuple[str, ...]
    either: bool = True

    def facts(self) -> dict[str, Any]:
        """What a reply says of it (the template ``no_such_variant``'s ``unknown``)."""
        return {
            "said": list(self.said),
            "option": self.option,
            "known": list(self.values),
            "either": self.either,
        }


@dataclass(frozen=True)
class VariantChoice:
    """The chosen variant, or the available ones that came closest (to ask about)."""

    variant: Record | None
    near: tuple[Record, ...] = ()
    changes: dict[str, str] = field(default_factory=dict)
    asked_nothing: bool = False
    # Values asked for that the product has none of, each with the values it has: XXXL of
    # the sizes S, M, L, XL, XXL
    unknown: tuple[Unheard, ...] = ()
    # "A bigger one" when two sizes are bigger: ``near`` are the ones that fit, to choose from.
    several: bool = False
    # "The exact same jacket again": the very variant it is, asked for in so many words.
    same_asked: bool = False
    # No available variant holds the wish: the options it changes, whose values the
    # customer may pick among instead (``available_values``).
    concerned: tuple[str, ...] = ()


_NEVER = re.compile(r"(?!)")


@dataclass(frozen=True)
class Scales:
    """How option values are ordered, and the words that compare them (the workspace's
    ``vocabulary.yaml``, ``scales``): named steps ("S" < "M" < "L"), units that bring numbers to
    one measure ("1TB" > "512GB"), comparatives and superlatives, price words, "the same one".
    Without them (``NO_SCALES``) nothing compares and only numbers are ordered."""

    ordered: tuple[tuple[str, ...], ...] = ()
    units: Mapping[str, float] = field(default_factory=dict)
    # The endings of a noun said of several ("pieces"), as written.
    plural_endings: tuple[str, ...] = ()
    # (words, direction, options moved) per comparative; (words, direction) per superlative.
    moves: tuple[tuple[re.Pattern[str], int, tuple[str, ...]], ...] = ()
    named_moves: tuple[tuple[str, int], ...] = ()
    ends: tuple[tuple[str, int], ...] = ()
    named_ends: tuple[tuple[str, int], ...] = ()
    difference: re.Pattern[str] = _NEVER
    # "two sizes down", "one size up": a number (or a number word), what it counts, which way
    steps: re.Pattern[str] = _NEVER
    # after an option's word, which way it moves ("the next resolution up"): (up words, down)
    after: tuple[str, str] = ("(?!)", "(?!)")
    numbers: Mapping[str, float] = field(default_factory=dict)
    # "one step down in pressure": a step of the option named beside it
    step_nouns: frozenset[str] = frozenset()
    # "another colour": any value of the option named after it but the one it has
    other_value: str = "(?!)"
    # other spellings of option names ("colour" for color), by option name
    names: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    # "half the pieces": the word, then the option's word; the factors by word
    factor: re.Pattern[str] = _NEVER
    factors: Mapping[str, float] = field(default_factory=dict)
    fewer: re.Pattern[str] = _NEVER
    below: re.Pattern[str] = _NEVER
    above: re.Pattern[str] = _NEVER
    cheapest: re.Pattern[str] = _NEVER
    priciest: re.Pattern[str] = _NEVER
    qualified_price: re.Pattern[str] = _NEVER
    below_mine: re.Pattern[str] = _NEVER
    free: str = "(?!)"
    free_after: str = "(?!)"
    same_item: re.Pattern[str] = _NEVER
    # before the product's own name: the very same item ("the same helmet")
    same_named: str = "(?!)"
    vague: frozenset[str] = frozenset()
    # "it's too small": right before a value, what is wrong with the item, no wish for it
    excess: re.Pattern[str] = _NEVER
    # "white... no, brown": what takes back the value before it; what looks so but does not
    taken_back: re.Pattern[str] = _NEVER
    not_taken_back: re.Pattern[str] = _NEVER
    # "same difficulty", "keeping the storage"; "still stainless" (words, as alternations)
    kept: str = "(?!)"
    kept_values: str = "(?!)"
    # "battery first, USB second": a ranked list; "USB second", "otherwise USB": a fallback
    ranking: re.Pattern[str] = _NEVER
    fallback_after: str = "(?!)"
    fallback_before: str = "(?!)"
    # before a comparative, the next value only ("slightly bigger")
    next_only: re.Pattern[str] = _NEVER
    # "the same storage as mine": (the words before the options, the words after them)
    same_as: re.Pattern[str] = _NEVER
    # "no backlight", "without any water resistance": the lack, and what may stand between
    lacking: str = "(?!)"
    lacking_any: str = "(?!)"
    # the units values are written in, by unit: how customers write it, what it measures; the
    # units whose words alone measure nothing ("I tried 2 times")
    unit_words: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    measured: Mapping[str, str] = field(default_factory=dict)
    unread_units: frozenset[str] = frozenset()
    # "5 or 6 ft": between numbers sharing a unit; "5 to 25 lb": inside a range (as written)
    number_joiners: str = "(?!)"
    range_joiners: str = "(?!)"
    # "not resistant" also said "no water resistance": the words of a value's lack
    lacking_values: frozenset[str] = frozenset()
    lacking_value: str = "(?!)"
    # The catalogue's own values of a yes/no option (the first of each as the one written
    # when a quality is asked for or ruled out), and of a value that lacks what its option
    # names: whole ("none") or by its first word ("not resistant"); lower case.
    present: tuple[str, ...] = ()
    absent: tuple[str, ...] = ()
    lacks_whole: frozenset[str] = frozenset()
    lacks_first: frozenset[str] = frozenset()
    # "up to 10 inch": a bound after an option's word and a word of difference, not a step
    bound_after: str = "(?!)"
    # "waterproof or not": no wish for the quality
    quality_undecided: str = "(?!)"
    # "a fancier theme", "waterproof or not doesn't matter": an option named, left open
    left_open_before: str = "(?!)"
    left_open_after: str = "(?!)"

    def yes_no(self, values: Collection[str]) -> bool:
        """Whether ``values`` are a yes/no option's, as the catalogue writes them."""
        return set(values) <= {*self.present, *self.absent}

    def has_it(self, value: str) -> bool:
        """Whether ``value`` is a yes/no option's value that has the quality ("yes")."""
        return value.lower() in {v.lower() for v in self.present}

    def lacks(self, value: str) -> bool:
        """Whether ``value`` says the item lacks what its option names ("no", "none", "not
        resistant")."""
        lowered = value.lower()
        first, _, rest = lowered.partition(" ")
        return lowered in self.lacks_whole or (bool(rest) and first in self.lacks_first)

    def quality_value(self, values: Collection[str], has: bool) -> str:
        """The value of a yes/no option among ``values`` that has the quality (``has``) or
        lacks it, as the catalogue writes it; else the first the vocabulary gives."""
        own = self.present if has else self.absent
        return next((v for v in sorted(values) if v in own), own[0] if own else "")

    def rank(self, value: str) -> float | None:
        """A number for ordering ``value`` among its option's values, or None when it is on no
        scale: the step of the first list holding it, else its number in the common unit."""
        text = value.strip().lower()
        for steps in self.ordered:
            lowered = [step.lower() for step in steps]
            if text in lowered:
                return float(lowered.index(text))
        m = re.match(r"^\s*(\d+(?:\.\d+)?)\s*([a-zA-Z%\"']*)", value.strip())
        if not m:
            return None
        return float(m.group(1)) * self.units.get(m.group(2).lower(), 1.0)

    @property
    def maybe_plural(self) -> str:
        """After a noun: one of its plural endings, or none ("piece", "pieces")."""
        return f"(?:{_written(self.plural_endings)})?"

    def is_plural(self, word: str) -> bool:
        """Whether ``word`` ends as a noun said of several does."""
        return any(ending and word.endswith(ending) for ending in self.plural_endings)

    def singular(self, noun: str) -> str:
        """``noun`` without its plural endings, each as often as it ends it ("pieces": piece)."""
        while self.is_plural(noun):
            ending = next(e for e in self.plural_endings if e and noun.endswith(e))
            noun = noun[: -len(ending)]
        return noun

    def excessive(self, text: str, at: int) -> bool:
        """Whether a word of excess stands right before ``at`` ("too small"): the value there
        says what is wrong with the item, it is no wish."""
        return self.excess.search(text[max(0, at - 24) : at]) is not None

    def spellings(self, option: str) -> tuple[str, ...]:
        """How customers write the name of ``option``: itself and the workspace's spellings."""
        return (option, *self.names.get(option.lower(), ()))

    def count(self, said: str) -> float:
        """How many ``said`` counts: digits, or a number word of the vocabulary ("two"); 0
        when it is neither."""
        said = " ".join(said.lower().split())
        return float(said) if said.isdigit() else self.numbers.get(said, 0.0)

    def steps_beyond(self, text: str, values: Sequence[str]) -> list[str]:
        """The named steps written in capitals in ``text`` ("XXXL") that are on the scale of
        ``values`` but are none of them: a value the customer asked for that does not exist.
        Only steps written in capitals count, so "small" or "high" in a sentence never do."""
        lowered = {v.lower() for v in values}
        found: list[str] = []
        for steps in self.ordered:
            if not lowered & {s.lower() for s in steps}:
                continue
            for step in steps:
                capital = len(step) >= 2 and step.isalpha() and step.isupper()
                if capital and step.lower() not in lowered and re.search(rf"\b{step}\b", text):
                    found.append(step)
        return found


NO_SCALES = Scales()


def _written(entries: Sequence[str]) -> str:
    """One alternation of ``entries`` as written, longest first, with no word boundaries: for
    words a number may touch ("5to6"), or that begin one ("non-")."""
    unique = sorted({e.strip().lower() for e in entries if e.strip()}, key=lambda e: (-len(e), e))
    return "|".join(re.escape(e) for e in unique) if unique else "(?!)"


def scales_of(words: ScaleWords, names: Mapping[str, Sequence[str]] | None = None) -> Scales:
    """The scales a workspace's vocabulary declares (``scales``), with the other spellings of
    option names (``aliases.names``)."""
    way = {"up": 1, "down": -1}

    def compiled(entries: Sequence[str]) -> re.Pattern[str]:
        return re.compile(phrases(entries), re.I) if entries else _NEVER

    superlatives = [*words.cheapest, *words.priciest]
    more, less = words.differences.get("up", []), words.differences.get("down", [])
    return Scales(
        ordered=tuple(tuple(steps) for steps in words.ordered),
        plural_endings=tuple(e.lower() for e in words.plural_endings if e.strip()),
        units=dict(words.units),
        moves=tuple((compiled(m.words), way[m.direction], tuple(m.options)) for m in words.moves),
        named_moves=tuple((phrases(w), way[d]) for d, w in words.named_moves.items() if w),
        ends=tuple((phrases(w), way[d]) for d, w in words.ends.items() if w),
        named_ends=tuple((phrases(w), way[d]) for d, w in words.named_ends.items() if w),
        # "500 fewer pieces": a number, a word of difference, what it counts.
        difference=re.compile(rf"\b(\d+(?:\.\d+)?)\s*({phrases([*more, *less])})\s+(\w+)", re.I)
        if more or less
        else _NEVER,
        steps=re.compile(
            rf"\b(\d+|{phrases(words.numbers)})\s+(\w+?)(?:{_written(words.plural_endings)})?\s+"
            rf"({phrases([*more, *less])})",
            re.I,
        )
        if more or less
        else _NEVER,
        numbers={word.lower(): n for word, n in words.numbers.items()},
        step_nouns=frozenset(w.lower() for w in words.step_nouns),
        other_value=phrases(words.other_value),
        names={k.lower(): tuple(v) for k, v in (names or {}).items()},
        after=(phrases(more), phrases(less)),
        factor=re.compile(
            rf"({phrases(words.factors)})\s+(?:{phrases(words.factor_between)}\s+)?(\w+)", re.I
        )
        if words.factors
        else _NEVER,
        factors={word.lower(): factor for word, factor in words.factors.items()},
        fewer=compiled(less),
        below=compiled(words.bounds.get("down", [])),
        above=compiled(words.bounds.get("up", [])),
        cheapest=compiled([*words.cheapest, *words.cheaper]),
        priciest=compiled(words.priciest),
        below_mine=re.compile(rf"{phrases(words.cheaper)}\s+{phrases(words.below_mine)}", re.I)
        if words.cheaper and words.below_mine
        else _NEVER,
        free=phrases(words.free),
        free_after=phrases(words.free_after),
        qualified_price=re.compile(
            rf"{phrases(superlatives)}\s+(\w+\s+){{0,3}}?{phrases(words.among)}", re.I
        )
        if superlatives and words.among
        else _NEVER,
        same_item=compiled(words.same_item),
        same_named=phrases(words.same_named),
        vague=frozenset(v.lower() for v in words.vague),
        excess=re.compile(rf"{phrases(words.excess)}\s+$", re.I) if words.excess else _NEVER,
        taken_back=compiled(words.taken_back),
        not_taken_back=compiled(words.not_taken_back),
        kept=phrases(words.kept),
        kept_values=phrases(words.kept_values),
        ranking=compiled(words.ranking),
        fallback_after=phrases(words.fallback_after),
        fallback_before=phrases(words.fallback_before),
        next_only=re.compile(rf"{phrases(words.next_only)}\s+$", re.I)
        if words.next_only
        else _NEVER,
        same_as=re.compile(rf"{phrases(words.same_as)} ([\w ,]+?) {phrases(words.as_mine)}", re.I)
        if words.same_as and words.as_mine
        else _NEVER,
        lacking=phrases(words.lacking),
        lacking_any=phrases(words.lacking_any),
        unit_words={u.lower(): tuple(w.words) for u, w in words.unit_words.items()},
        measured={u.lower(): w.measures for u, w in words.unit_words.items()},
        unread_units=frozenset(u.lower() for u, w in words.unit_words.items() if not w.read_alone),
        number_joiners=_written(words.number_joiners),
        range_joiners=_written(words.range_joiners),
        present=tuple(words.quality_values.present),
        absent=tuple(words.quality_values.absent),
        lacks_whole=frozenset(
            v.lower() for v in (*words.quality_values.absent, *words.quality_values.lacking)
        ),
        lacks_first=frozenset(w.lower() for w in words.quality_values.lacking_first),
        lacking_values=frozenset(w.lower() for w in words.lacking_values),
        lacking_value=_written(words.lacking_values),
        bound_after=phrases(words.bound_after),
        quality_undecided=phrases(words.quality_undecided),
        left_open_before=phrases(words.left_open_before),
        left_open_after=phrases(words.left_open_after),
    )


def _options_of(product: Record) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for variant in product["variants"].values():
        for key, value in variant["options"].items():
            values = found.setdefault(key, [])
            if str(value) not in values:
                values.append(str(value))
    return found


def _wanted(
    text: str,
    item: Record,
    known: Mapping[str, list[str]],
    mentioned: Sequence[Mapping[str, Any]],
    ruled: Callable[[str, int], bool],
    rule_out: Callable[[str, int], bool] | None = None,
    scales: Scales = NO_SCALES,
    negated: Callable[[str, int], bool] | None = None,
    as_it_is: Sequence[tuple[int, int, str]] = (),
) -> dict[str, list[str]]:
    """For each option the customer named, the values they would take, in order of preference;
    ``ruled`` tells a value ruled out where it is said ("not the black one"), ``rule_out`` the
    workspace's words that do ("anything but the black one"); ``as_it_is`` the spans (start,
    end, option) where the words were read as the value an option of the item has now."""
    wanted: dict[str, list[str]] = {}
    ranked = bool(scales.ranking.search(text)) and any(
        _fallback(text, str(v), scales) for v in item["options"].values()
    )
    for ref in mentioned:
        name, value = str(ref["option"]), str(ref["value"])
        if name not in known or value not in known[name]:
            continue
        if str(item["options"].get(name)) == value and not _fallback(text, value, scales):
            continue  # "instead of Apple HomeKit": the value it has now, not a wish
        wanted.setdefault(name, [])
        if value not in wanted[name]:
            wanted[name].append(value)
    current = {k: str(v) for k, v in item["options"].items()}
    undiffered = without_differences(text, scales)  # "half the zoom" asks for no "half"
    for name, values in known.items():
        # A value of this product's own options, written out, is a wish even when the
        # catalogue matcher gave the word to another product ("the silicone watch -> metal").
        for value in values:
            if value in wanted.get(name, []) or (
                value == current.get(name) and not _fallback(text, value, scales)
            ):
                continue
            distinctive = (
                (len(value) >= 4 and not value.isdigit() and value.lower() not in scales.vague)
                or bool(re.match(r"^\d+(\.\d+)?\s*[a-zA-Z]+$", value))  # "1L", "8GB", "5 ft"
                or bool(re.match(r"^[a-zA-Z]+\d+$", value))  # a model code: "i7", "A4"
                or (len(value) >= 2 and value.isalpha() and value.isupper())  # "XL", "XXL"
            )
            said = [
                m
                for m in re.finditer(value_pattern(value, scales), undiffered, re.I)
                if not ruled(text, m.start())
                and not _beside_other_option(undiffered, m.start(), m.end(), name, value, known)
                # "a red medium with low ventilation": "medium" read as the size it has now
                # describes the item, it wishes for no medium ventilation
                and not any(
                    start <= m.start() < end and other != name for start, end, other in as_it_is
                )
            ]
            if distinctive and said:
                wanted.setdefault(name, []).append(value)
    for name, values in _measured(text, current, known, scales, ruled).items():
        wanted.setdefault(name, values)
    for name in list(wanted):
        # "size 10, otherwise 11": a value named as the fallback of an option already wished
        # for is that option's, even a bare number no option's word stands beside.
        for value in known[name]:
            if (
                value not in wanted[name]
                and value != current.get(name)
                and _fallback(text, value, scales)
            ):
                wanted[name].append(value)
    wanted.update(_relative(text, current, known, scales))
    _apply_corrections(text, current, known, wanted, scales)
    for name in known:
        word = re.escape(name.split()[0])
        have = re.escape(current.get(name, ""))
        # "same difficulty", "keeping the SD card storage", "same medium size"
        kept = rf"{scales.kept}\s*(?:{have}\s+)?{word}"
        # "same 1 cup drip with timer": the values it has, listed after "same", stay too
        said_as = value_pattern(current.get(name, ""), scales)
        head = current.get(name, "").split()
        if len(head) > 1 and len(head[0]) >= 5 and head[0].isalpha():
            said_as += rf"|\b{re.escape(head[0])}\b"  # "still stainless" for stainless steel
        listed = (
            rf"{scales.kept_values}\s+(?:[\w-]+,?\s+){{0,4}}?(?:{said_as})"
            if current.get(name) and len(current[name]) > 2
            else None
        )
        if (
            name not in wanted
            and name in current
            and (re.search(kept, text, re.I) or (listed and re.search(listed, text, re.I)))
        ):
            wanted[name] = [current[name]]
    for name, values in known.items():
        # "Anything but the rotisserie" when it has the rotisserie: any other value will do.
        have = current.get(name, "")
        if name in wanted or not have or rule_out is None:
            continue
        found = list(re.finditer(value_pattern(have, scales), text, re.I))
        if found and rule_out(text, found[-1].start()):  # the latest mention decides
            if replaced_in_other(text, found[-1].end(), name, current, wanted):
                continue
            wanted[name] = [v for v in values if v != have]
    for name, values in known.items():
        lacking = [v for v in values if scales.lacks(v)]
        # The latest mention decides ("it isn't waterproof; the waterproof one, please").
        quality = _last(
            rf"({scales.lacking}\s+)?({scales.lacking_any}\s+)?\b{re.escape(name)}"
            rf"{scales.maybe_plural}\b",
            text,
        )
        # "without water resistance" is "not resistant"; so is "not the waterproof kind"; but
        # "a white backlight instead of no backlight" rules the lack out.
        lacks = quality is not None and quality.group(1) is not None
        ruled_out = quality is not None and rule_out is not None and rule_out(text, quality.start())
        if len(lacking) == 1 and quality is not None and lacks != ruled_out:
            wanted[name] = lacking
        elif any(scales.has_it(v) for v in values) and name not in wanted:
            # "the same boots but waterproof": an option named like a quality is a yes
            said_it = _last(rf"\b{re.escape(name)}\b(?!\s+{scales.quality_undecided})", text)
            if (
                said_it
                and not (negated or ruled)(text, said_it.start())
                and not re.search(rf"{scales.lacking}\s*{re.escape(name)}", text, re.I)
            ):
                wanted[name] = [scales.quality_value(values, has=True)]
    for name, values in wanted.items():
        # "Blue again if possible, otherwise green" when it is blue: its own value comes first;
        # "… carbon if there's one, otherwise HEPA" when it is HEPA: it comes after. Where its
        # own value stands is its latest mention: an earlier one describes the item ("the air
        # purifier is a large HEPA …"), and wishes for nothing.
        have = current.get(name, "")
        # Only a value that reads as one when written alone ("no" or "none" never does).
        plain = len(have) > 2 and have.lower() not in scales.vague and not scales.has_it(have)
        latest = _last(value_pattern(have, scales), text) if plain else None
        if (
            latest is not None
            and have not in values
            and any(_fallback(text, v, scales) for v in values)
            # "keep it silver if possible" keeps it; "anything but silver, else black" does not
            and not (rule_out is not None and rule_out(text, latest.start()))
        ):
            if all(
                (hit := re.search(value_pattern(v, scales), text, re.I)) is None
                or hit.start() > latest.start()
                for v in values
            ):
                values.insert(0, have)
            elif _fallback(text, have, scales):
                values.append(have)
    if not ranked:
        _latest_said(text, wanted, scales)
    if ranked:
        _order_by_mention(text, wanted, current, scales)
        for name in [n for n, v in wanted.items() if v == [current.get(n)]]:
            del wanted[name]  # only the value it has now was named: no change asked
    return wanted


def _latest_said(text: str, wanted: dict[str, list[str]], scales: Scales) -> None:
    """Of several values of one option said in different sentences, with no word ranking them
    ("… to size L? hmm ok, the XL then"), those of the latest sentence: the customer's latest
    word replaces the earlier one, it is no second choice."""
    for name, values in wanted.items():
        if len(values) < 2:
            continue
        sentence: dict[str, int] = {}
        for value in values:
            mentions = list(re.finditer(value_pattern(value, scales), text, re.I))
            if mentions:
                sentence[value] = len(SENTENCE_BREAK.findall(text, 0, mentions[-1].start()))
        if len(sentence) != len(values) or len(set(sentence.values())) < 2:
            continue
        latest = max(sentence.values())
        wanted[name] = [v for v in values if sentence[v] == latest]


# The word right after a place, or right before it, a mark or two of punctuation between.
_WORD_AFTER = re.compile(r"\W{0,2}([^\W\d_]+)")
_WORD_BEFORE = re.compile(r"([^\W\d_]+)\W{0,2}$")


def replaced_in_other(
    text: str, end: int, name: str, had: Mapping[str, str], changing: Collection[str]
) -> bool:
    """Whether the value ruled out up to ``end``, which option ``name`` has now (``had``), is
    as well the value of another option that changes (``changing``), and the words right after
    it do not name option ``name``: "a black frame instead of the brown one" replaces the
    frame's brown, and rules out no brown lenses ("instead of the brown lenses" would)."""
    have = had.get(name)
    if not any(o != name and o in changing and had.get(o) == have for o in had):
        return False
    after = _WORD_AFTER.match(text, end)
    own = {w.lower() for w in name.split()}
    return after is None or not any(after.group(1).lower().startswith(w) for w in own)


def _beside_other_option(
    text: str, start: int, end: int, name: str, value: str, known: Mapping[str, list[str]]
) -> bool:
    """Whether the value said at ``start:end`` stands beside a word that names another option
    taking that value too, and not option ``name``: "black frame" and "the frame black" are
    the frame colour's, not the lens colour's. The word after the value decides first ("the
    brown frame, black lenses": black is the lenses'); only when it names no option does the
    word right before it."""
    own = {w.lower() for w in name.split()}
    others = {
        w.lower()
        for other, values in known.items()
        if other != name and value in values
        for w in other.split()
        if w.lower() not in own
    }
    after = _WORD_AFTER.match(text, end)
    if after is not None:
        word = after.group(1).lower()
        if any(word.startswith(w) for w in others):
            return True
        if any(word.startswith(w) for w in own):
            return False
    before = _WORD_BEFORE.search(text[:start])
    return before is not None and any(before.group(1).lower().startswith(w) for w in others)


def _same_named(text: str, product: Record, scales: Scales) -> bool:
    """Whether ``text`` asks for the very same item by a word of ``same_named`` before the
    product's own noun (the last word of its name), one word between at most: "exchange it
    for the same helmet", "the same bike helmet"."""
    noun = str(product.get("name", "")).split()[-1:]
    if not noun:
        return False
    named = rf"{re.escape(noun[0])}{scales.maybe_plural}\b"
    pattern = rf"{scales.same_named}\s+(?:[\w-]+\s+)?{named}"
    return re.search(pattern, text, re.I) is not None


def _other_value_said(
    text: str,
    item: Record,
    known: Mapping[str, list[str]],
    ruled: Callable[[str, int], bool],
    scales: Scales,
    as_it_is: Sequence[tuple[int, int, str]] = (),
) -> bool:
    """Whether ``text`` names, not ruled out, a value of the product's options other than the
    one ``item`` has (a word of some length that reads as a value when written alone), but not
    where the words were read as another option's value it has now (``as_it_is``)."""
    undiffered = without_differences(text, scales)  # "half the zoom" asks for no "half"
    for name, values in known.items():
        have = str(item["options"].get(name, ""))
        for value in values:
            plain = len(value) >= 4 and not value.isdigit() and value.lower() not in scales.vague
            quality = scales.has_it(value) or value.lower() in scales.lacks_whole
            if value == have or not plain or quality:
                continue
            for m in re.finditer(value_pattern(value, scales), undiffered, re.I):
                described = any(a <= m.start() < b and o != name for a, b, o in as_it_is)
                if not described and not ruled(text, m.start()):
                    return True
    return False


def _other_values(
    text: str,
    item: Record,
    known: Mapping[str, list[str]],
    scales: Scales,
    ruled: Callable[[str, int], bool],
) -> dict[str, list[str]]:
    """ "Can I swap it for another colour? Not black either": for an option named after the
    workspace's words for another value, every value but the one it has and those ruled out."""
    found: dict[str, list[str]] = {}
    for name, values in known.items():
        spelled = "|".join(re.escape(s) for s in scales.spellings(name))
        if not re.search(rf"{scales.other_value}\s+(?:{spelled})\b", text, re.I):
            continue
        have = str(item["options"].get(name, ""))
        left = [
            v
            for v in values
            if v != have
            and not any(
                ruled(text, m.start()) for m in re.finditer(value_pattern(v, scales), text, re.I)
            )
        ]
        if left:
            found[name] = left
    return found


def _last(pattern: str, text: str) -> re.Match[str] | None:
    """The last match of ``pattern`` in ``text`` (case-blind), or None."""
    found = None
    for found in re.finditer(pattern, text, re.I):  # noqa: B007 - the last one is kept
        pass
    return found


# "Battery first, USB second, AC last": the current value may be one of the fallbacks.
def _fallback(text: str, value: str, scales: Scales) -> bool:
    """Whether ``value`` is listed as a fallback ("USB second", "then USB", "otherwise USB")."""
    v = value_pattern(value, scales)
    return bool(
        re.search(rf"(?:{v})\s*,?\s*{scales.fallback_after}", text, re.I)
        or re.search(rf"{scales.fallback_before}\s*,?\s*(?:{v})", text, re.I)
    )


def _order_by_mention(
    text: str, wanted: dict[str, list[str]], current: Mapping[str, str], scales: Scales
) -> None:
    """Values of one option in the order the customer listed them (the value the item has now
    by its latest mention: an earlier one describes it); a ranked list with only the current
    value in it is no wish."""
    for name, values in list(wanted.items()):
        spots = []
        for value in values:
            pattern = value_pattern(value, scales)
            hit = _last(pattern, text) if value == current.get(name) else None
            hit = hit or re.search(pattern, text, re.I)
            spots.append((hit.start() if hit else len(text), value))
        wanted[name] = [v for _, v in sorted(spots)]


# A comparison and the option it names, apart or hyphened ("the highest-resolution version")
_JOINED = r"(?:\s+|\s*-\s*)"


# How many words may stand between a value and the correction that takes it back ("black, no
# wait - brown"; "red for the helmet, no, black").
_CORRECTION_REACH = 4


def _takes_back(text: str, before: list[tuple[int, str]], mark: int, wished: list[str]) -> bool:
    """Whether the correction at ``mark`` takes back what was said ``before`` it (each value's
    end and value, in order): opening a sentence of its own, all of it ("No wait, sorry - not
    the grinder": the proposal's words as a whole); inside one, the value just before it, when
    that is one ``wished`` a few words before at most."""
    said = text[:mark].rstrip()
    if not said or said[-1] in ".!?\n":
        return True
    end, value = before[-1]
    return value in wished and len(re.findall(r"\w+", text[end:mark])) <= _CORRECTION_REACH


def _apply_corrections(
    text: str,
    current: Mapping[str, str],
    known: Mapping[str, list[str]],
    wanted: dict[str, list[str]],
    scales: Scales,
) -> None:
    """ "White maybe... or black... no - brown": what follows the last correction wins (the
    workspace's ``scales.taken_back``; not inside ``not_taken_back``: "rubber rather than iron"
    wishes for rubber). A
    correction inside a sentence takes back the value said just before it, so it is this
    option's only when a value wished of it stands a few words before it at most ("bottle in
    red, bookshelf in brown - no sorry, black" corrects the bookshelf's brown, not the bottle's
    red)."""
    for name in list(wanted):
        spots = []
        for value in known[name]:
            for m in re.finditer(value_pattern(value, scales), text, re.I):
                spots.append((m.start(), m.end(), value))
        spots.sort()
        marks = _taking_back(text, scales)
        for mark in reversed(marks):
            before = [(end, v) for at, end, v in spots if at < mark]
            after = [v for at, _, v in spots if at > mark]
            if before and after and _takes_back(text, before, mark, wanted[name]):
                wanted[name] = list(dict.fromkeys(after))
                if wanted[name] == [current.get(name)]:
                    del wanted[name]  # corrected back to what it is now: no change asked
                break


def _taking_back(text: str, scales: Scales) -> list[int]:
    """Where a word that takes back the value before it starts, outside the phrases that only
    look like one."""
    not_back = [(m.start(), m.end()) for m in scales.not_taken_back.finditer(text)]
    return [
        m.start()
        for m in scales.taken_back.finditer(text)
        if not any(start <= m.start() < end for start, end in not_back)
    ]


def matching_variants(
    product: Record,
    text: str,
    mine: Record | None = None,
    scales: Scales = NO_SCALES,
    *,
    phrasing: Phrasing,
) -> tuple[list[Record], list[str]]:
    """The available variants that fit what the customer described ("shorter bamboo ones than my
    31 inch", "the 10x zoom one, same resolution as mine"), and the description; nothing
    described, nothing returned."""
    known = _options_of(product)
    keep: dict[str, set[str]] = {}
    said: list[str] = []
    same = scales.same_as.search(text)
    if mine is not None and same:
        for name in known:
            if re.search(rf"\b{re.escape(name.split()[0])}", same.group(1), re.I):
                value = str(mine["options"].get(name))
                keep[name] = {value}
                said.append(f"{name} {value}")
    for name, values in known.items():
        for value in values:
            short = len(value) <= 2  # "S", "XL": only as written, never the "s" of "what's"
            pattern = rf"(?<!['’])\b{re.escape(value)}\b" if short else value_pattern(value, scales)
            hit = re.search(pattern, text, 0 if short else re.I)
            if hit is None or phrasing.negated(text, hit.start()):
                continue
            rank = scales.rank(value)
            tail = text[hit.end() : hit.end() + 1]
            before = text[max(0, hit.start() - 30) : hit.start()]
            after = text[hit.end() : hit.end() + 40]
            if rank is not None and (scales.below.search(after) or scales.below.search(before)):
                keep[name] = {v for v in values if (scales.rank(v) or rank) < rank}
                said.append(f"{name} under {value}")
            elif rank is not None and (scales.above.search(after) or scales.above.search(before)):
                keep[name] = {v for v in values if (scales.rank(v) or rank) > rank}
                said.append(f"{name} over {value}")
            elif tail != "-":
                keep.setdefault(name, set()).add(value)
                said.append(value)
    if not keep:
        return [], []
    fits = [
        v
        for v in product["variants"].values()
        if v.get("available")
        and all(str(v["options"].get(name)) in allowed for name, allowed in keep.items())
    ]
    if scales.cheapest.search(text) or scales.priciest.search(text):
        fits.sort(key=lambda v: float(v["price"]), reverse=bool(scales.priciest.search(text)))
    return fits, said


def without_differences(text: str, scales: Scales) -> str:
    """``text`` with its differences ("500 fewer pieces": from the current value, not a value
    asked for) blanked out, keeping its length so offsets still hold."""
    text = scales.difference.sub(lambda m: " " * len(m.group(0)), text)
    text = scales.steps.sub(lambda m: " " * len(m.group(0)), text)
    # "half the zoom" (not "half zip", where the word may be a value): a multiple of the
    # current value, so "half" is no value asked for.
    return scales.factor.sub(
        lambda m: (
            m.group(0) if not m.string[m.end(1) : m.start(2)].strip() else " " * len(m.group(0))
        ),
        text,
    )


def _relative(
    text: str, current: Mapping[str, str], known: Mapping[str, list[str]], scales: Scales
) -> dict[str, list[str]]:
    """ "500 fewer pieces", "2 sizes bigger", "half the pieces": the value that far from the
    current one."""
    found: dict[str, list[str]] = {}

    def counted(noun: str) -> list[tuple[str, list[str], float]]:
        """The options ``noun`` names that are on a scale: name, values, rank of the current."""
        ranked = ((n, v, scales.rank(current.get(n, ""))) for n, v in known.items())
        return [(n, v, now) for n, v, now in ranked if noun in n.lower() and now is not None]

    def same_rank(values: list[str], target: float) -> list[str]:
        return [v for v in values if scales.rank(v) == target][:1]

    for m in scales.difference.finditer(text):
        amount = float(m.group(1)) * (-1 if scales.fewer.fullmatch(m.group(2)) else 1)
        for name, values, now in counted(scales.singular(m.group(3).lower())):
            if hits := same_rank(values, now + amount):
                found[name] = hits

    def named_beside(start: int, end: int) -> list[tuple[str, list[str], float]]:
        """The options on a scale named just after ("one step down in pressure") or, when none
        is, just before ("the pressure one step down") a step that counts no option of its
        own: "1000 more pieces and a step up in difficulty" steps the difficulty only."""
        for beside in (text[end : end + 25].lower(), text[max(0, start - 25) : start].lower()):
            named = [
                c
                for c in counted("")
                if re.search(rf"\b{re.escape(c[0].split()[0].lower())}", beside)
            ]
            if named:
                return named
        return []

    for m in scales.steps.finditer(text):
        amount = int(scales.count(m.group(1)) * (-1 if scales.fewer.fullmatch(m.group(3)) else 1))
        noun = m.group(2).lower()
        targets = named_beside(m.start(), m.end()) if noun in scales.step_nouns else counted(noun)
        for name, values, now in targets if amount else []:
            # a step is a place on the option's own scale: "two sizes down" from M is XS
            ladder = sorted({scales.rank(v) or 0.0 for v in values})
            if now in ladder and 0 <= ladder.index(now) + amount < len(ladder):
                found[name] = same_rank(values, ladder[ladder.index(now) + amount])
    for name, hits in _measured_moves(text, known, current, scales).items():
        found.setdefault(name, hits)
    for m in scales.factor.finditer(text):
        factor = scales.factors.get(" ".join(m.group(1).lower().split()), 1.0)
        for name, values, now in counted(scales.singular(m.group(2).lower())):
            if hits := same_rank(values, now * factor):
                found[name] = hits
    return found


def _measured_moves(
    text: str, known: Mapping[str, list[str]], current: Mapping[str, str], scales: Scales
) -> dict[str, list[str]]:
    """ "A foot shorter", "2 TB more storage": a count of a unit (``scales.units``) before a
    comparative (``scales.moves``) asks for the value that far from the current one on the
    first option of the comparative the item has on a scale; nothing when no value is there."""
    if not scales.units:
        return {}
    count = rf"(\d+(?:\.\d+)?|{phrases(list(scales.numbers))})"
    unit = rf"({phrases(list(scales.units))})"
    found: dict[str, list[str]] = {}
    for words, direction, names in scales.moves:
        for m in re.finditer(rf"{count}\s*{unit}\s+(?:{words.pattern})", text, re.I):
            amount = scales.count(m.group(1)) * scales.units.get(m.group(2).lower(), 1.0)
            for name in names:
                now = scales.rank(current.get(name, ""))
                if name not in known or now is None:
                    continue
                target = now + direction * amount
                found[name] = [v for v in known[name] if scales.rank(v) == target][:1]
                break
    return {name: hits for name, hits in found.items() if hits}


def unit_spellings(unit: str, units: Mapping[str, Sequence[str]]) -> tuple[str, ...]:
    """How customers write ``unit`` ("lbs" also as "lb", "pounds"; "liters" also as "l",
    "litre"), by the workspace's ``units`` (``Scales.unit_words``); itself when not a unit."""
    said = unit.lower()
    return next(
        (tuple(spelled) for key, spelled in units.items() if said == key or said in spelled),
        (unit,),
    )


def _unit_of(written: str, units: Mapping[str, Sequence[str]]) -> str | None:
    """The unit (a key of ``units``) that ``written`` spells, or None."""
    said = written.lower()
    return next((key for key, spelled in units.items() if said == key or said in spelled), None)


def any_spelling(value: str, scales: Scales) -> str:
    """``value_pattern`` of ``value``, its unit in any of its spellings ("2 liters" as
    "2-litre", "2L"), whichever spelling the catalogue wrote it in."""
    m = re.match(r"^(\d+(?:\.\d+)?)\s*([a-zA-Z]+)$", value.strip())
    if m is None:
        return value_pattern(value, scales)
    key = _unit_of(m.group(2), scales.unit_words)
    return value_pattern(f"{m.group(1)} {key}" if key else value, scales)


def respelled(value: str, units: Mapping[str, Sequence[str]]) -> list[str]:
    """A measure as customers also write it, in the unit's other spellings ("4 hours" as
    "4 hour", "4 hrs"; "2 liters" as "2 litre"; a "2-piece" set as "2 pieces") and thousands
    shortened ("20k mAh" for 20000mAh): none for a value that is no measure."""
    m = re.match(r"^(\d+(?:\.\d+)?)(\s*|-)([a-zA-Z]+)$", value.strip())
    if m is None:
        return []
    number, joined, unit = m.groups()
    spellings = [s for s in unit_spellings(unit, units) if s.isalpha() and len(s) > 2]
    if joined == "-" and unit.isalpha() and len(spellings) == 1:
        # a count written as one word, "2-piece", said as a number of things: "2 pieces"
        spellings.append(f"{unit.lower()}s")
    said = [f"{number} {s}" for s in spellings if s != unit.lower()]
    if "." not in number and int(number) >= 1000 and int(number) % 1000 == 0:
        # thousands as customers shorten them: "a 20k mAh charger" for 20000mAh
        shortened = dict.fromkeys([unit, *(s for s in spellings if s.lower() != unit.lower())])
        said += [f"{int(number) // 1000}k {s}" for s in shortened]
    return said


def negation_of(
    phrasing: Phrasing, known: Mapping[str, list[str]], scales: Scales
) -> Callable[[str, int], bool]:
    """Plain negation, save where it names one option's value and a list joiner leads on to
    another option's: "wooden not glass and 4ft tall" rules glass out and wishes for 4 ft,
    while "not black and white" rules out both colours."""

    def negated(text: str, at: int) -> bool:
        if scales.excessive(text, at):
            return True  # "it's too small": what is wrong with it, no wish for small
        named = phrasing.negated_then_joined(text, at)
        if named is None:
            return phrasing.negated(text, at)
        options = [
            values
            for values in known.values()
            if any(re.fullmatch(value_pattern(v, scales), named, re.I) for v in values)
        ]
        return not options or any(
            re.match(value_pattern(v, scales), text[at:], re.I)
            for values in options
            for v in values
        )

    return negated


def _measured(
    text: str,
    current: Mapping[str, str],
    known: Mapping[str, list[str]],
    scales: Scales,
    ruled: Callable[[str, int], bool],
) -> dict[str, list[str]]:
    """Values asked for as a measure written in another unit than the catalogue's ("a full 1
    litre one" for 1000ml): the value with the same measure, not the one it has now."""
    found: dict[str, list[str]] = {}
    for start, measure, unit in measures_said(text, scales):
        if ruled(text, start):
            continue
        for name, values in known.items():
            same = [
                v
                for v in values
                if v != current.get(name) and is_measure_of(v, measure, unit, scales)
            ]
            if len(same) == 1 and scales.rank(current.get(name, "")) is not None:
                found.setdefault(name, same)
    return found


def measures_said(text: str, scales: Scales) -> list[tuple[int, float, str]]:
    """Each number written with a unit in ``text`` ("1 litre", "2 feet"), as where it starts,
    its measure in the scales' common unit (a litre is 1000 of ml) and its unit."""
    said: list[tuple[int, float, str]] = []
    for unit, spellings in scales.unit_words.items():
        if unit in scales.unread_units:
            continue  # "I tried 2 times" is no zoom
        spelled = "|".join(re.escape(w) for w in sorted(spellings, key=len, reverse=True))
        for m in re.finditer(rf"\b(\d+(?:\.\d+)?)(\s*-?\s*)({spelled})\b", text, re.I):
            letter = m.group(3)
            if len(letter) == 1 and (
                not letter.isalpha() or ("." not in m.group(1) and m.group(2))
            ):
                # one letter is a unit after a decimal ("0.75 l") or a number it is joined to
                # ("2l"); "a 10 L" may be a size, and a quote mark is read elsewhere
                continue
            measure = scales.rank(f"{m.group(1)}{unit}")
            if measure is not None:
                said.append((m.start(), measure, unit))
    return sorted(said)


def is_measure_of(value: str, measure: float, unit: str, scales: Scales) -> bool:
    """Whether ``value`` is the ``measure`` said in ``unit`` (a key of the unit words): the
    same number in the common unit, and, when the value is written with a unit, one that
    measures the same thing ("8GB" is no 8-inch screen, "1 litre" is the 1000ml bottle)."""
    if not re.match(r"\s*\d", value) or scales.rank(value) != measure:
        return False
    m = re.match(r"^\s*\d+(?:\.\d+)?\s*-?\s*([a-zA-Z\"']+)", value)
    written = m.group(1).lower() if m else ""
    own = _unit_of(written, scales.unit_words)
    return own is None or scales.measured.get(own) == scales.measured.get(unit)


def _named_but_unread(name: str, text: str, scales: Scales) -> bool:
    """Whether the customer named option ``name`` with a wish not read as a value: "waterproof
    or not doesn't matter" and "a fancier theme" allow a change (the workspace's
    ``scales.left_open_after``, ``left_open_before``); "the one without water resistance"
    (unread) does not."""
    n = re.escape(name)
    if not re.search(rf"\b{n}\b", text, re.I):
        return False
    free = (
        rf"\b{n}\b[^.]{{0,30}}{scales.left_open_after}"
        rf"|{scales.left_open_before}\s+{n}\b"
    )
    return not re.search(free, text, re.I)


def value_pattern(value: str, scales: Scales) -> str:
    """How a value may be written: "not resistant" also as "not water resistant", "beginner" as
    "beginners", "5-25 lbs" as "5 to 25 pounds" (the workspace's ``scales.unit_words``,
    ``range_joiners``, ``number_joiners`` and ``lacking_values``)."""
    words = value.split()
    units = scales.unit_words
    ranged = re.match(r"^(\d+(?:\.\d+)?)\s*-\s*(\d+(?:\.\d+)?)\s*([a-zA-Z]+)$", value.strip())
    if ranged and ranged.group(3).lower() in units:
        # "5-25 lbs" also as "5 to 25 lb", "5-25 pounds"
        low, high, unit = ranged.groups()
        spelled = "|".join(re.escape(u) for u in units[unit.lower()])
        between = rf"\s*(?:-|–|{scales.range_joiners})\s*"
        return rf"\b{re.escape(low)}{between}{re.escape(high)}\s*-?\s*(?:{spelled})(?![a-z])"
    measured = re.match(r"^(\d+(?:\.\d+)?)\s*([a-zA-Z\"']+)$", value.strip())
    if measured and measured.group(2).lower() in units:
        number, unit = measured.groups()
        spelled = "|".join(re.escape(u) for u in units[unit.lower()])
        # "5 or 6 ft", "8, 10 or 12 inches": a number listed before others shares their unit
        joiner = scales.number_joiners
        listed = rf"(?:\s*(?:,|{joiner})\s*\d+(?:\.\d+)?)+\s*-?\s*(?:{spelled})(?![a-z])"
        return rf"\b{re.escape(number)}(?:\s*-?\s*(?:{spelled})(?![a-z])|(?={listed}))"
    if len(words) == 2 and words[0].lower() in scales.lacking_values:
        rest = re.escape(words[1])
        return rf"\b(?:{scales.lacking_value})\s*(?:\w+[\s-])?{rest}\b"
    if len(words) > 1 and words[0].isupper() and 2 <= len(words[0]) <= 4:
        # "AC adapter" is also just "AC" (in capitals, so "ac" in a word never counts)
        return rf"(?i:\b{re.escape(value)}\b)|\b{re.escape(words[0])}\b"
    plural = value.isalpha() and value.islower() and len(value) >= 5
    if len(words) == 1 and plural and scales.plural_endings and not scales.is_plural(value):
        return rf"\b{re.escape(value)}{scales.maybe_plural}\b"  # "a puzzle for beginners"
    # Never the ending of a contraction: the "s" of "it's", the "d" of "I'd", the "m" of "I'm".
    return rf"(?<!['’])\b{re.escape(value)}\b"


def _name_words(name: str, scales: Scales) -> list[str]:
    """The words that name option ``name``: its own and those of its other spellings ("tank"
    for capacity, in the workspace's ``aliases.names``)."""
    return [word for spelling in scales.spellings(name) for word in spelling.split()]


def _scale_moves(
    text: str,
    item: Record,
    known: Mapping[str, list[str]],
    scales: Scales,
    kept: Collection[str] = (),
) -> dict[str, int]:
    """Options the customer compared: +1 for more, -1 for less, ±2 for the extreme, ±3 for a
    bare comparative ("a bigger one": any value that way, the customer picks among them).
    A comparative naming no option moves the first of its options that is not ``kept`` (said
    to stay as it is: "a smaller one? Same 128GB" moves the screen, not the storage)."""
    moves: dict[str, int] = {}
    ordinal = [n for n in known if all(scales.rank(v) is not None for v in known[n])]
    # "A longer battery", "lower pressure": the option named after the word moves, and that
    # word moves nothing else ("longer" is no longer the length of what has one).
    taken: set[int] = set()
    for pattern, direction in scales.named_moves:
        for name in ordinal:
            for word in _name_words(name, scales):
                for m in re.finditer(rf"{_word_after(pattern, word)}\b", text, re.I):
                    bare = scales.next_only.search(text[max(0, m.start() - 12) : m.start()]) is None
                    moves[name] = 3 * direction if bare else direction
                    taken.add(m.start())
    for name in ordinal:
        # "the next resolution up", "a size down" (not "up to 10 inch": a bound)
        for word in _name_words(name, scales):
            for way, direction in zip(scales.after, (1, -1), strict=True):
                if re.search(
                    rf"\b{re.escape(word)}\s+{way}(?!\s+{scales.bound_after})", text, re.I
                ):
                    moves.setdefault(name, direction)
    for words, direction, names in scales.moves:
        found = [m for m in words.finditer(text) if m.start() not in taken]
        if found:
            bare = all(
                scales.next_only.search(text[max(0, m.start() - 12) : m.start()]) is None
                for m in found
            )
            for name in names:
                if name in kept:
                    continue
                if name in known and scales.rank(str(item["options"].get(name, ""))) is not None:
                    moves.setdefault(name, 3 * direction if bare else direction)
                    break
    for pattern, direction in scales.ends:
        if not re.search(pattern, text, re.I):
            continue
        # "the maximum zoom": the option named after the word; else the only ordinal one.
        named = [
            n
            for n in ordinal
            if any(
                re.search(_word_after(pattern, word), text, re.I) for word in _name_words(n, scales)
            )
        ]
        for name in named or (ordinal[:1] if len(ordinal) == 1 else []):
            moves[name] = 2 * direction  # "the easiest level with the fewest pieces": both
    for pattern, direction in scales.named_ends:
        for name in ordinal:
            if any(
                re.search(_word_after(pattern, word), text, re.I)
                for word in _name_words(name, scales)
            ):
                moves[name] = 2 * direction
    return moves


def _word_after(pattern: str, word: str) -> str:
    """``word`` right after what ``pattern`` matches, or one word after it ("longer battery",
    "longer lasting battery")."""
    return rf"{pattern}{_JOINED}(\w+{_JOINED})?{re.escape(word)}"


def _fits(
    variant: Record,
    item: Record,
    wanted: Mapping[str, list[str]],
    moves: Mapping[str, int],
    keep_others: bool,
    scales: Scales,
    free: set[str] | frozenset[str] = frozenset(),
) -> bool:
    options = {k: str(v) for k, v in variant["options"].items()}
    current = {k: str(v) for k, v in item["options"].items()}
    for name, values in wanted.items():
        if options.get(name) not in values:
            return False
    for name, direction in moves.items():
        have, now = scales.rank(options.get(name, "")), scales.rank(current.get(name, ""))
        if have is None or now is None or (have - now) * (1 if direction > 0 else -1) <= 0:
            return False
    if keep_others:
        touched = set(wanted) | set(moves) | set(free)
        return all(options.get(k) == v for k, v in current.items() if k not in touched)
    return True


def _only_as_is(fits: Sequence[Record], item: Record, ranks: Mapping[str, list[str]]) -> bool:
    """Whether every variant keeping the unmentioned options keeps each ranked option as the
    item has it now: "AC adapter preferred, then battery, then USB" of a USB lamp gives up the
    colour for the AC adapter, while "an L, otherwise XL" of an XXL black crew neck takes the
    black crew neck XL over a red v-neck L (a fallback they named, nothing changed unasked)."""
    current = {k: str(v) for k, v in item["options"].items()}
    ranked = [n for n, values in ranks.items() if len(values) > 1]
    return all(str(v["options"].get(n)) == current.get(n) for v in fits for n in ranked)


def _preference(variant: Record, wanted: Mapping[str, list[str]]) -> int:
    options = {k: str(v) for k, v in variant["options"].items()}
    return sum(values.index(options[n]) for n, values in wanted.items() if options.get(n) in values)


def _foreign_values(
    mentioned: Sequence[Mapping[str, Any]], known: Mapping[str, list[str]], scales: Scales
) -> tuple[Unheard, ...]:
    """The values asked for (not negated, not ruled out: ``mentioned``) of an option the
    product has, that the product has none of — the catalogue knows them of another product
    ("yellow" of a speaker that comes in black, blue, green and red) — each with the values it
    has. None when a value is said of an option
    the product lacks ("6mm … green" beside a thermostat): the words speak of another thing."""
    if any(str(m.get("option")) not in known for m in mentioned):
        return ()
    said: dict[str, list[str]] = {}
    for m in mentioned:
        option, value = str(m.get("option")), str(m.get("value"))
        values = known.get(option)
        if values and value not in values and value not in said.get(option, []):
            said.setdefault(option, []).append(value)
    return tuple(
        Unheard(
            tuple(values),
            option,
            tuple(sorted(known[option], key=lambda v: (scales.rank(v) or 0.0, v))),
        )
        for option, values in said.items()
    )


def available_values(
    product: Record, item: Record, options: Sequence[str], scales: Scales = NO_SCALES
) -> str:
    """The values of ``options`` (all of the product's when none) that an available variant
    other than ``item`` has, ordered on their scale: "color: black, gold; screen size: 8-inch,
    10-inch" — what the customer may pick among when no variant holds their wish. Empty when
    no other variant is available."""
    found: dict[str, list[str]] = {}
    for variant in product["variants"].values():
        if not variant.get("available") or variant["item_id"] == item["item_id"]:
            continue
        for key, value in variant["options"].items():
            if options and key not in options:
                continue
            values = found.setdefault(str(key), [])
            if str(value) not in values:
                values.append(str(value))
    return "; ".join(
        f"{name}: {', '.join(sorted(values, key=lambda v: (scales.rank(v) or 0.0, v)))}"
        for name, values in found.items()
    )


def choose_variant(
    product: Record,
    item: Record,
    text: str,
    mentioned: Sequence[Mapping[str, Any]],
    among: Sequence[str] = (),
    allowed: Callable[[Record], bool] | None = None,
    ruled: Callable[[str, int], bool] | None = None,
    scales: Scales = NO_SCALES,
    *,
    phrasing: Phrasing,
    conditions: Sequence[tuple[int, int]] = (),
    as_it_is: Sequence[tuple[int, int, str]] = (),
) -> VariantChoice:
    """The variant of ``item``'s product the customer asked for, or the closest ones to ask.

    It never proposes what the customer did not ask for: a variant that changes an option they
    did not mention is only listed as a choice, unless they asked for the cheapest or the most
    expensive one, which decides among all available variants. ``allowed`` vets each
    candidate (the evidence audit's word-level rules: a value ruled out, the end of a scale);
    ``ruled`` tells, besides plain negation, where the workspace's words rule a value out.
    A first choice outranks keeping what was not mentioned ("AC adapter preferred" may change
    the colour), unless the wish is conditioned (``conditions``, spans of ``text``: "size 10,
    and if there's no 10, an 11"): then a fallback that keeps the rest comes first, and what
    keeps none of the rest is only offered. ``as_it_is`` (spans of ``text``, with the option)
    are words the catalogue read as a value the item has now: they describe it, and wish for
    no other option's value spelled the same ("a red medium" helmet asks for no medium
    ventilation).
    """
    known = _options_of(product)
    negated = negation_of(phrasing, known, scales)
    out = negated if ruled is None else (lambda t, at: negated(t, at) or ruled(t, at))
    wanted = _wanted(text, item, known, mentioned, out, ruled, scales, negated, as_it_is)
    others = _other_values(text, item, known, scales, out)
    for name, values in others.items():
        wanted.setdefault(name, values)
    current = {k: str(v) for k, v in item["options"].items()}
    kept = {name for name, values in wanted.items() if values == [current.get(name)]}
    moves = _scale_moves(text, item, known, scales, kept)
    for name, direction in list(moves.items()):
        # "the longer one (34 inch) … for a 28 inch one": a comparison every value asked for
        # goes against told which item it is, not which way to move; the values decide.
        now = scales.rank(str(item["options"].get(name, "")))
        asked = [scales.rank(v) for v in wanted.get(name, [])]
        if (
            now is not None
            and asked
            and all(r is not None and (r - now) * direction <= 0 for r in asked)
        ):
            del moves[name]
    by_price = 1 if scales.priciest.search(text) else (-1 if scales.cheapest.search(text) else 0)
    # "The cheapest of the other earbuds in that order": the choice is among those (``among``).
    qualified = scales.qualified_price.search(text) is not None and not among
    current = {k: str(v) for k, v in item["options"].items()}
    # "Whichever display": that option may change, as the price or the rest decides.
    # "The pressure doesn't matter": so may that one.
    free = {
        n
        for n in known
        if any(
            re.search(rf"{scales.free}\s+{re.escape(w)}\b", text, re.I)
            or re.search(rf"\b{re.escape(w)}\W+(?:\w+\W+){{0,2}}?{scales.free_after}", text, re.I)
            for w in n.split()
        )
    }
    keeps_only = all(values == [current.get(name)] for name, values in wanted.items())
    beyond = {n: scales.steps_beyond(text, values) for n, values in known.items()}
    if any(beyond.values()) and keeps_only and not moves:
        # "The same one in XXXL" where sizes end at XXL: never the same item, never a guess.
        said = [
            Unheard(
                tuple(steps),
                name,
                tuple(sorted(known[name], key=lambda v: scales.rank(v) or 0.0)),
                either=False,
            )
            for name, steps in beyond.items()
            if steps
        ]
        return VariantChoice(None, unknown=tuple(said))
    if keeps_only and not moves and not by_price:  # "same type", and nothing to change
        # "The same one in white … then leave it, I'll keep the blue one": a wish for another
        # value, given up, is no wish for the very same item.
        again = scales.same_item.search(text) or _same_named(text, product, scales)
        if again and not _other_value_said(text, item, known, out, scales, as_it_is):
            same = product["variants"].get(item["item_id"])
            if same is not None and same.get("available"):
                return VariantChoice(same, same_asked=True)
        # "could it be yellow instead?" of a speaker that comes in no yellow: the values asked
        # for that it lacks, which the resolver may tell of rather than ask what should change
        return VariantChoice(
            None, asked_nothing=True, unknown=_foreign_values(mentioned, known, scales)
        )
    available = [
        v
        for v in product["variants"].values()
        if v.get("available")
        and v["item_id"] != item["item_id"]
        and (not among or v["item_id"] in among)
        and (allowed is None or allowed(v))
        # "cheaper than what I paid": below the item's own price
        and not (
            scales.below_mine.search(text) and float(v["price"]) >= float(item.get("price", 0))
        )
    ]
    loose = [v for v in available if _fits(v, item, wanted, moves, False, scales, free)]
    conditional = any(
        start <= m.start() < end
        for values in wanted.values()
        if values
        for m in re.finditer(value_pattern(values[0], scales), text, re.I)
        for start, end in conditions
    )
    # "5 or 6 ft, whichever is cheaper": values listed without a word of preference are equal,
    # and the price decides among them.
    ranks = wanted if not by_price or scales.ranking.search(text) else {}
    first_choice = min((_preference(v, ranks) for v in loose), default=0)
    for keep_others in (True, False):
        fits = [v for v in available if _fits(v, item, wanted, moves, keep_others, scales, free)]
        outranked = min((_preference(v, ranks) for v in fits), default=0) > first_choice
        if (
            keep_others
            and fits
            and outranked
            and not conditional
            and _only_as_is(fits, item, ranks)
        ):
            continue  # "AC adapter preferred": their first choice outranks keeping the colour
        if not fits:
            continue
        fits.sort(key=lambda v: _key(v, item, ranks, moves, by_price, scales))
        if conditional and not keep_others:
            # "If there's no 10, …": the wish holds only as asked; what would change the rest
            # is asked about, never taken.
            return VariantChoice(None, near=tuple(fits[:6]))
        best = _key(fits[0], item, ranks, moves, by_price, scales)
        ties = [v for v in fits if _key(v, item, ranks, moves, by_price, scales) == best]
        open_names = [n for n, d in moves.items() if abs(d) == 3]
        open_names += [n for n, values in others.items() if wanted.get(n) == values]
        if (
            keep_others
            and not by_price
            and any(len({str(v["options"].get(n)) for v in fits}) > 1 for n in open_names)
        ):
            return VariantChoice(None, near=tuple(fits[:6]), several=True)
        if len(ties) == 1 and (keep_others or (by_price and not qualified)):
            return VariantChoice(fits[0])
        if len(ties) == 1 and not qualified and (wanted or moves):
            # Everything the customer asked for holds and only options they did not mention
            # differ: the confirmation states the whole new variant, so their yes decides.
            # An option they named but whose wish was not understood is asked about instead.
            touched = set(wanted) | set(moves)
            changed = {
                k
                for k, v in fits[0]["options"].items()
                if k not in touched and str(item["options"].get(k)) != str(v)
            }
            # An option whose value the customer named as it is now ("it's the 7 inch with
            # wifi + cellular … can I get 32GB") was described, not left open: a variant that
            # changes it is asked about.
            described = {
                str(ref["option"])
                for ref in mentioned
                if str(item["options"].get(str(ref["option"]))) == str(ref["value"])
            }
            if not any(_named_but_unread(k, text, scales) or k in described for k in changed):
                return VariantChoice(fits[0])
        if keep_others:
            return VariantChoice(None, near=tuple(fits[:6]))
        # "the wireless version in black" of a black mouse: the black one is offered before
        # one keeping an option they never named
        named_now = {
            str(ref["option"])
            for ref in mentioned
            if str(item["options"].get(str(ref["option"]))) == str(ref["value"])
        }
        touched = set(wanted) | set(moves)
        return _nearest(fits, item, touched, ranks, moves, by_price, scales, named_now)
    return VariantChoice(None, concerned=tuple(n for n in known if n in wanted or n in moves))


def _nearest(
    fits: list[Record],
    item: Record,
    touched: set[str],
    ranks: Mapping[str, list[str]],
    moves: Mapping[str, int],
    by_price: int,
    scales: Scales,
    named_now: Collection[str] = frozenset(),
) -> VariantChoice:
    """Variants that hold every wish but change options the customer did not name, the
    closest first: the one changing fewest of those ("black" for a phone: the black one that
    differs from it in RAM alone before the one that differs in RAM and screen size), and
    before those, the ones keeping every option whose value they named as it is now."""

    def unasked(variant: Record) -> int:
        return sum(
            1
            for k, v in variant["options"].items()
            if k not in touched and str(item["options"].get(k)) != str(v)
        )

    def gives_up_named(variant: Record) -> int:
        return sum(
            1 for k in named_now if str(item["options"].get(k)) != str(variant["options"].get(k))
        )

    ordered = sorted(
        fits,
        key=lambda v: (
            _key(v, item, ranks, moves, by_price, scales),
            gives_up_named(v),
            unasked(v),
        ),
    )
    return VariantChoice(None, near=tuple(ordered[:6]))


def _order(
    variant: Record, item: Record, moves: Mapping[str, int], by_price: int, scales: Scales
) -> tuple[float, ...]:
    options = {k: str(v) for k, v in variant["options"].items()}
    current = {k: str(v) for k, v in item["options"].items()}
    steps: list[float] = []
    for name, direction in sorted(moves.items()):
        have = scales.rank(options.get(name, "")) or 0.0
        now = scales.rank(current.get(name, "")) or 0.0
        distance = abs(have - now)
        steps.append(-distance if abs(direction) == 2 else distance)
    price = float(variant["price"])
    steps.append(-by_price * price if by_price else 0.0)
    return tuple(steps)


def _key(
    variant: Record,
    item: Record,
    wanted: Mapping[str, list[str]],
    moves: Mapping[str, int],
    by_price: int,
    scales: Scales,
) -> tuple[float, ...]:
    return (float(_preference(variant, wanted)), *_order(variant, item, moves, by_price, scales))
