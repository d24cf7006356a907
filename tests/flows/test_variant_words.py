"""The store's readings of option values take their words from the workspace: the units a
value is written in, the words that join listed numbers and ranges, the lack of a quality, the
words between a factor and its option, an option left open, and the audit's places, unit
clauses and bare alternatives, and the catalogue matcher's words for values, everyday values
and kinds. Read here in German words, which no code holds."""

from __future__ import annotations

import re
from typing import Any

import pytest

from deskpilot.domains.retail import CatalogueEntityMatcher
from deskpilot.domains.retail._evidence import EvidenceAudit
from deskpilot.domains.retail._matcher import CatalogueMatcherConfig
from deskpilot.domains.retail._variants import (
    choose_variant,
    is_measure_of,
    measures_said,
    scales_of,
    value_pattern,
)
from deskpilot.flows import Phrasing
from deskpilot.workspace import load_workspace

from ..conftest import RETAIL_WORKSPACE

VOCABULARY = load_workspace(RETAIL_WORKSPACE).vocabulary
PHRASING = Phrasing(VOCABULARY.dialogue)
# Units in German spellings: what each measures, how customers write it.
GERMAN_UNITS = {
    "l": {"measures": "volumen", "words": ["l", "liter"]},
    "ml": {"measures": "volumen", "words": ["ml", "milliliter"]},
    "kg": {"measures": "gewicht", "words": ["kg", "kilo", "kilogramm"]},
    "fuss": {"measures": "laenge", "words": ["fuss", "fuß"]},
    "mal": {"measures": "zoom", "words": ["x", "mal"], "read_alone": False},
}


def _scales(**words: Any) -> Any:
    """The retail workspace's scales, with ``words`` in place of its own."""
    return scales_of(VOCABULARY.scales.model_validate({**VOCABULARY.scales.model_dump(), **words}))


@pytest.mark.parametrize(
    ("value", "said", "words", "found"),
    [
        # a value written in a unit, said in another spelling of it
        ("5 fuss", "eine mit 5 fuß bitte", {"unit_words": GERMAN_UNITS}, True),
        ("5 fuss", "eine mit 5 fuß bitte", {}, False),
        # a number listed before another shares its unit
        ("5 fuss", "5 oder 6 fuß", {"unit_words": GERMAN_UNITS, "number_joiners": ["oder"]}, True),
        ("5 fuss", "5 oder 6 fuß", {"unit_words": GERMAN_UNITS}, False),
        # a range said with a word between its numbers
        (
            "5-25 kg",
            "das 5 bis 25 kilo set",
            {"unit_words": GERMAN_UNITS, "range_joiners": ["bis"]},
            True,
        ),
        ("5-25 kg", "das 5 bis 25 kilo set", {"unit_words": GERMAN_UNITS}, False),
        # the lack of a quality, said with another word of lack and a word between
        ("nicht resistent", "kein wasser resistent", {"lacking_values": ["nicht", "kein"]}, True),
        ("nicht resistent", "kein wasser resistent", {}, False),
        # a value said of several, with the workspace's plural ending
        ("anfänger", "ein puzzle für anfängerinnen", {"plural_endings": ["innen"]}, True),
        ("anfänger", "ein puzzle für anfängerinnen", {}, False),
        ("beginner", "a puzzle for beginners", {}, True),
        ("beginner", "a puzzle for beginners", {"plural_endings": []}, False),
    ],
)
def test_a_value_is_found_in_the_workspace_s_words(
    value: str, said: str, words: dict[str, Any], found: bool
) -> None:
    assert bool(re.search(value_pattern(value, _scales(**words)), said, re.I)) is found


@pytest.mark.parametrize(
    ("said", "words", "measures"),
    [
        ("eine 1 liter flasche", {"unit_words": GERMAN_UNITS}, [1000.0]),
        ("eine 1 liter flasche", {"unit_words": {}}, []),
        # a unit whose words alone measure nothing: "zweimal versucht" is no zoom
        ("ich habe es 2 mal versucht", {"unit_words": GERMAN_UNITS}, []),
    ],
)
def test_a_measure_is_read_in_the_workspace_s_unit_words(
    said: str, words: dict[str, Any], measures: list[float]
) -> None:
    assert [m for _, m, _ in measures_said(said, _scales(**words))] == measures


def test_a_measure_fits_a_value_of_the_same_dimension_only() -> None:
    scales = _scales(unit_words=GERMAN_UNITS)
    [(_, measure, unit)] = measures_said("eine 1 liter flasche", scales)
    assert is_measure_of("1000ml", measure, unit, scales)
    # a thousand of another dimension is no litre
    assert not is_measure_of("1000kg", measure, unit, scales)


# An invented puzzle, not a record of any store: 1000 pieces now; 500 and 2000 available.
PUZZLE: dict[str, Any] = {
    "name": "Puzzle",
    "product_id": "p-puzzle",
    "variants": {
        f"p-{n}": {
            "item_id": f"p-{n}",
            "options": {"teile": str(n), "thema": "kunst"},
            "available": True,
            "price": 20.0,
        }
        for n in (500, 1000, 2000)
    },
}
PUZZLE_ITEM = {"item_id": "p-1000", "product_id": "p-puzzle", "name": "Puzzle", "price": 20.0}
PUZZLE_ITEM["options"] = dict(PUZZLE["variants"]["p-1000"]["options"])


@pytest.mark.parametrize(
    ("said", "words", "chosen"),
    [
        # a factor and the option's word with the workspace's words between them
        (
            "halb so viele teile",
            {"factors": {"halb": 0.5}, "factor_between": ["so viele"]},
            "p-500",
        ),
        ("halb so viele teile", {"factors": {"halb": 0.5}}, None),
    ],
)
def test_a_factor_reads_the_workspace_s_words_before_the_option(
    said: str, words: dict[str, Any], chosen: str | None
) -> None:
    choice = choose_variant(
        PUZZLE, PUZZLE_ITEM, said, [], scales=_scales(**words), phrasing=PHRASING
    )
    assert (None if choice.variant is None else choice.variant["item_id"]) == chosen


# An invented boot, not a record of any store: black with a rubber sole now.
BOOT: dict[str, Any] = {
    "name": "Stiefel",
    "product_id": "p-boot",
    "variants": {
        vid: {"item_id": vid, "options": options, "available": True, "price": 80.0}
        for vid, options in {
            "b-1": {"farbe": "schwarz", "sohle": "gummi"},
            "b-2": {"farbe": "braun", "sohle": "leder"},
        }.items()
    },
}
BOOT_ITEM = {"item_id": "b-1", "product_id": "p-boot", "name": "Stiefel", "price": 80.0}
BOOT_ITEM["options"] = dict(BOOT["variants"]["b-1"]["options"])


@pytest.mark.parametrize(
    ("said", "words", "chosen"),
    [
        # braun comes only with another sole: with the sole left open, that variant is taken
        ("in braun, die sohle ist egal", {"left_open_after": ["egal"]}, "b-2"),
        ("in braun, die sohle ist egal", {}, None),
        ("in braun, irgendeine sohle", {"left_open_before": ["irgendeine"]}, "b-2"),
        ("in braun, irgendeine sohle", {}, None),
    ],
)
def test_an_option_left_open_in_the_workspace_s_words_may_change(
    said: str, words: dict[str, Any], chosen: str | None
) -> None:
    mentioned = [{"option": "farbe", "value": "braun"}]
    choice = choose_variant(
        BOOT, BOOT_ITEM, said, mentioned, scales=_scales(**words), phrasing=PHRASING
    )
    assert (None if choice.variant is None else choice.variant["item_id"]) == chosen


def _audit(**words: Any) -> EvidenceAudit:
    evidence = VOCABULARY.evidence.model_copy(update=words)
    return EvidenceAudit.of(VOCABULARY.model_copy(update={"evidence": evidence}))


@pytest.mark.parametrize(
    ("said", "words", "weighs"),
    [
        ("schwarz or braun", {}, False),
        # a word of alternatives that alone makes no fallback, in the workspace's words
        ("schwarz oder braun", {"alternatives": ["oder"], "bare_alternatives": ["oder"]}, False),
        ("schwarz oder braun", {"alternatives": ["oder"]}, True),
    ],
)
def test_the_bare_alternatives_are_the_workspace_s(
    said: str, words: dict[str, Any], weighs: bool
) -> None:
    assert _audit(**words).weighs(said) is weighs


@pytest.mark.parametrize(
    ("said", "words", "clauses"),
    [
        (
            "beide kessel: one in rot und the other in blau",
            {"each_unit_joiners": ["und"]},
            ["beide kessel: one in rot ", "beide kessel:und the other in blau"],
        ),
        ("beide kessel: one in rot und the other in blau", {}, None),
    ],
)
def test_a_clause_about_each_unit_follows_the_workspace_s_joiners(
    said: str, words: dict[str, Any], clauses: list[str] | None
) -> None:
    assert _audit(**words).each_unit(said, 2) == clauses


# An invented jacket, not a record of any store: in sizes S, M and L, and a low or high collar.
JACKET: dict[str, Any] = {
    "name": "Jacke",
    "product_id": "p-jacke",
    "variants": {
        f"j-{size}-{collar}": {
            "item_id": f"j-{size}-{collar}",
            "options": {"groesse": size, "kragen": collar},
            "available": True,
            "price": 60.0,
        }
        for size in ("S", "M", "L")
        for collar in ("hoch", "tief")
    },
}


def _matcher(**words: Any) -> CatalogueEntityMatcher:
    aliases = VOCABULARY.aliases.model_copy(update=words)
    config = CatalogueMatcherConfig.from_vocabulary(
        VOCABULARY.model_copy(update={"aliases": aliases})
    )
    return CatalogueEntityMatcher({"p-jacke": JACKET}, config)


@pytest.mark.parametrize(
    ("said", "words", "value"),
    [
        # a value said in the workspace's words for it, a jacket in context
        ("die jacke in mittel", {"option_words": {"groesse": {"M": ["mittel"]}}}, "M"),
        ("die jacke in mittel", {}, None),
    ],
)
def test_the_catalogue_reads_an_option_s_values_in_the_workspace_s_words(
    said: str, words: dict[str, Any], value: str | None
) -> None:
    found = [e.value for e in _matcher(**words).match(said) if e.type == "option"]
    assert found == ([{"option": "groesse", "value": value}] if value else [])


@pytest.mark.parametrize(
    ("said", "words", "found"),
    [
        # an everyday word is a value only near its option's name
        ("die jacke, hoch bitte", {"everyday_values": ["hoch", "tief"]}, []),
        ("die jacke, hoch bitte", {"everyday_values": []}, ["hoch"]),
        ("die jacke, kragen hoch", {"everyday_values": ["hoch", "tief"]}, ["hoch"]),
        # or before a word of a kind of the thing
        ("die hoch variante", {"everyday_values": ["hoch"], "kind_words": ["variante"]}, ["hoch"]),
        ("die hoch variante", {"everyday_values": ["hoch"]}, []),
    ],
)
def test_the_everyday_values_are_the_workspace_s(
    said: str, words: dict[str, Any], found: list[str]
) -> None:
    values = [e.value["value"] for e in _matcher(**words).match(said) if e.type == "option"]
    assert values == found


@pytest.mark.parametrize(
    ("words", "found"),
    [
        # a name in the other number, by the workspace's endings
        ({"number_endings": {"": ["n"]}, "never_fuzzy": ["jacken"]}, ["Jacke"]),
        # without them, a word never read as a typo names nothing; else it is read as one
        ({"number_endings": {}, "never_fuzzy": ["jacken"]}, []),
        ({"number_endings": {}, "never_fuzzy": []}, ["Jacke"]),
    ],
)
def test_the_catalogue_reads_a_name_in_the_workspace_s_number_endings(
    words: dict[str, Any], found: list[str]
) -> None:
    named = [e.value for e in _matcher(**words).match("zwei jacken bitte") if e.type == "product"]
    assert named == found


GRILL: dict[str, Any] = {
    "name": "Grill",
    "product_id": "p-grill",
    "variants": {
        f"g-{kind}-{size}-{extra}": {
            "item_id": f"g-{kind}-{size}-{extra}",
            "options": {"typ": kind, "groesse": size, "extra": extra},
            "available": True,
            "price": 300.0,
        }
        for kind in ("gas", "kohle")
        for size in ("tragbar", "mittel")
        for extra in ("seitenbrenner", "drehspiess")
    },
}


@pytest.mark.parametrize(
    ("said", "joiners", "found"),
    [
        # a list of values: the sure one vouches for the everyday one beside it, and that one
        # for the next, across the workspace's joining words
        (
            "der grill: gas, tragbar, mit einem seitenbrenner",
            ["mit", "einem"],
            ["gas", "tragbar", "seitenbrenner"],
        ),
        ("der grill: gas, tragbar, mit einem seitenbrenner", [], ["seitenbrenner"]),
        ("der grill: gas, tragbar, seitenbrenner", [], ["gas", "tragbar", "seitenbrenner"]),
        # more than two joining words, or other words, end the list
        ("der grill gas und so weiter mit seitenbrenner", ["mit", "und"], ["seitenbrenner"]),
        ("gas bitte, und ein grill mit seitenbrenner", ["mit", "ein", "und"], ["seitenbrenner"]),
    ],
)
def test_an_everyday_value_listed_beside_a_sure_one_is_read(
    said: str, joiners: list[str], found: list[str]
) -> None:
    aliases = VOCABULARY.aliases.model_copy(
        update={"everyday_values": ["gas", "tragbar", "mittel"], "list_joiners": joiners}
    )
    config = CatalogueMatcherConfig.from_vocabulary(
        VOCABULARY.model_copy(update={"aliases": aliases})
    )
    matcher = CatalogueEntityMatcher({"p-grill": GRILL}, config)
    values = [e.value["value"] for e in matcher.match(said) if e.type == "option"]
    assert values == found
