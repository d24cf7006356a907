"""Measures in another unit, wishes with a condition, and several units of one item: the store's
reading of them, in tables over the workspace's words, and one conversation through the real
pipeline over a copy of the demo store."""

from __future__ import annotations

import copy
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from deskpilot.domains.retail import CatalogueEntityMatcher, RetailStore
from deskpilot.domains.retail._evidence import EvidenceAudit
from deskpilot.domains.retail._matcher import CatalogueMatcherConfig
from deskpilot.domains.retail._variants import choose_variant as choose_with
from deskpilot.domains.retail._variants import is_measure_of, measures_said, respelled, scales_of
from deskpilot.flows import Phrasing
from deskpilot.runtime import build_runtime
from deskpilot.settings import Settings
from deskpilot.workspace import load_workspace

from ..conftest import RETAIL_WORKSPACE
from .conftest import DEMO, Chat

VOCABULARY = load_workspace(RETAIL_WORKSPACE).vocabulary
AUDIT = EvidenceAudit.of(VOCABULARY)
SCALES = scales_of(VOCABULARY.scales, VOCABULARY.aliases.names)
PHRASING = Phrasing(VOCABULARY.dialogue)


@pytest.mark.parametrize(
    ("words", "measures"),
    [
        ("a full 1 litre one", [1000.0]),
        ("the 1.5 liter kettle", [1500.0]),
        ("two 2-liter kettles", [2000.0]),
        ("1000 ml, still tritan", [1000.0]),
        ("a 0.75 l plastic one", [750.0]),
        ("a 2l bottle", [2000.0]),
        ("the jacket in a 10 L", []),
        ("a 5 ft one, not 48 inches", [60.0, 48.0]),
        ("I tried 2 times", []),
        ("a bigger one", []),
    ],
)
def test_a_measure_is_read_in_the_workspace_common_unit(words: str, measures: list[float]) -> None:
    assert [m for _, m, _ in measures_said(words, SCALES)] == measures


@pytest.mark.parametrize(
    ("words", "value", "ruled_out"),
    [
        ("a glass one, if there's no glass one then steel", "glass one then", False),
        ("in case there is no glass one, steel", "glass", False),
        ("if they don't have glass, steel is fine", "glass", False),
        ("not the glass one", "glass", True),
        ("no glass please, it breaks", "glass", True),
        ("anything but glass", "glass", True),
        ("it doesn't need to be glass", "glass", True),
    ],
)
def test_a_negation_inside_a_condition_rules_nothing_out(
    words: str, value: str, ruled_out: bool
) -> None:
    assert AUDIT.ruled_out_at(words, words.rindex(value)) is ruled_out


@pytest.mark.parametrize(
    ("words", "units", "pieces"),
    [
        (
            "both kettles: one for a ceramic one, the other for a 1.5 liter one",
            2,
            ["both kettles: one for a ceramic one,", "both kettles: the other for a 1.5 liter one"],
        ),
        (
            "the two bottles. The first one in black; the second one in green",
            2,
            [
                "the two bottles. The first one in black;",
                "the two bottles. the second one in green",
            ],
        ),
        # "a 1.5 liter one" is no clause about a unit: it does not start one
        ("both kettles for a 1.5 liter one for gas stoves", 2, None),
        ("all three mugs: one in red, the other in blue", 3, None),
        ("one for a ceramic one, the other for glass", 1, None),
    ],
)
def test_what_is_said_of_each_unit_of_an_item(
    words: str, units: int, pieces: list[str] | None
) -> None:
    found = AUDIT.each_unit(words, units)
    expected = None if pieces is None else [p.lower() for p in pieces]
    assert (None if found is None else [f.lower() for f in found]) == expected


# An invented pair of boots, not a record of any store: size 10 comes only in synthetic.
BOOTS: dict[str, Any] = {
    "name": "Boots",
    "product_id": "p-boots",
    "variants": {
        vid: {"item_id": vid, "options": options, "available": available, "price": 100.0}
        for vid, options, available in [
            ("b-8-leather", {"size": "8", "material": "leather"}, False),
            ("b-10-leather", {"size": "10", "material": "leather"}, False),
            ("b-10-synthetic", {"size": "10", "material": "synthetic"}, True),
            ("b-11-leather", {"size": "11", "material": "leather"}, True),
        ]
    },
}
WORN = {"item_id": "b-8-leather", "product_id": "p-boots", "name": "Boots", "price": 100.0}
WORN["options"] = dict(BOOTS["variants"]["b-8-leather"]["options"])


@pytest.mark.parametrize(
    ("words", "chosen", "offered"),
    [
        # the fallback is conditioned on the wish: the one that keeps the leather
        ("a size 10 please, if there's no 10 then 11", "b-11-leather", []),
        ("size 10, and if there is no size 10, otherwise 11", "b-11-leather", []),
        # conditioned without a fallback: what would change the material is only offered
        ("size 10, if there's no 10 let me know", None, ["b-10-synthetic"]),
        # a preference, not a condition: the fallback that keeps every option not mentioned
        # (the leather) comes before a first choice that would change one (docs/understanding.md,
        # open22: "L, otherwise XL" of a black crew-neck shirt)
        ("size 10 if possible, otherwise 11", "b-11-leather", []),
    ],
)
def test_a_conditioned_wish_is_honoured_or_asked_about(
    words: str, chosen: str | None, offered: list[str]
) -> None:
    mentioned = [{"option": "size", "value": "10"}]
    choice = choose_with(
        BOOTS,
        WORN,
        words,
        mentioned,
        (),
        None,
        AUDIT.ruled_out_at,
        SCALES,
        phrasing=PHRASING,
        conditions=AUDIT.conditions(words),
    )
    assert (None if choice.variant is None else choice.variant["item_id"]) == chosen
    assert [v["item_id"] for v in choice.near] == offered


def _two_bottles() -> tuple[dict[str, Any], str, str, str, str]:
    """A copy of the demo store where a delivered order holds two units of one water bottle
    whose 750ml and 1L siblings (same material and lid) are available: (the records, the
    order, the bottle, its 750ml sibling, its 1L sibling)."""
    products = {p["product_id"]: p for p in DEMO["products"].values()}
    for order_id, order in DEMO["orders"].items():
        if order["status"] != "delivered":
            continue
        for item in order["items"]:
            if item["name"] != "Water Bottle":
                continue

            def sibling(capacity: str, item: dict[str, Any] = item) -> list[str]:
                wanted = {**item["options"], "capacity": capacity}
                variants = products[item["product_id"]]["variants"]
                return [
                    vid for vid, v in variants.items() if v["available"] and v["options"] == wanted
                ]

            small, large = sibling("750ml"), sibling("1L")
            if item["options"]["capacity"] == "500ml" and small and large:
                data = copy.deepcopy(DEMO)
                data["orders"][order_id]["items"].append(copy.deepcopy(item))
                return data, order_id, item["item_id"], small[0], large[0]
    raise AssertionError("no delivered order with a 500ml water bottle of the kind")


TWO_BOTTLES = _two_bottles()


@pytest.fixture
def two_bottles_chat(tmp_path: Path) -> Iterator[Chat]:
    settings = Settings(data_dir=tmp_path, database_url="sqlite://", workspace=RETAIL_WORKSPACE)
    runtime = build_runtime(settings, store=RetailStore.in_memory(TWO_BOTTLES[0]))
    yield Chat(runtime)
    runtime.close()


def test_each_unit_of_an_item_is_exchanged_as_said_of_it(two_bottles_chat: Chat) -> None:
    data, order_id, bottle, small, large = TWO_BOTTLES
    user = data["users"][data["orders"][order_id]["user_id"]]
    paypal = next(m for m in user["payment_methods"].values() if m["source"] == "paypal")
    two_bottles_chat.say(user["email"])
    reply = two_bottles_chat.say(
        f"From order {order_id} I want to exchange both water bottles: one for a 750ml one, "
        "the other for a full 1 litre one. PayPal for any difference."
    )
    assert "750ml" in reply and "1L" in reply, reply
    two_bottles_chat.say("yes")
    assert two_bottles_chat.writes() == [
        (
            "exchange_delivered_order_items",
            {
                "order_id": order_id,
                "item_ids": [bottle, bottle],
                "new_item_ids": [small, large],
                "payment_method_id": paypal["id"],
            },
        )
    ]


@pytest.mark.parametrize(
    ("value", "also"),
    [
        ("4 hours", ["4 hour", "4 hrs"]),
        ("2 liters", ["2 liter", "2 litre", "2 litres"]),
        ("1.5L", ["1.5 liter", "1.5 liters", "1.5 litre", "1.5 litres"]),
        ("2 cups", ["2 cup"]),
        ("20000mAh", ["20000 mAh", "20k mAh"]),
        ("2000 lbs", ["2000 pounds", "2000 pound", "2k lbs", "2k pounds", "2k pound"]),
        ("1500mAh", ["1500 mAh"]),
        ("black", []),
        ("5-25 lbs", []),
        # a count written as one word is also said as a number of things
        ("2-piece", ["2 pieces"]),
        ("10-inch", ["10 inches"]),
    ],
)
def test_a_measure_is_also_written_in_its_unit_other_spellings(value: str, also: list[str]) -> None:
    assert respelled(value, SCALES.unit_words) == also


def _invented(name: str, variants: dict[str, dict[str, str]]) -> CatalogueEntityMatcher:
    """A matcher over one invented product whose variants are all available."""
    product = {
        "name": name,
        "product_id": "p1",
        "variants": {
            vid: {"item_id": vid, "options": options, "available": True, "price": 50.0}
            for vid, options in variants.items()
        },
    }
    return CatalogueEntityMatcher(
        {"p1": product}, CatalogueMatcherConfig.from_vocabulary(VOCABULARY)
    )


def test_the_catalogue_reads_a_measure_however_its_unit_is_spelled() -> None:
    # Invented earbuds, not a record of any store.
    matcher = _invented(
        "Earbuds",
        {
            "e-4": {"battery life": "4 hours", "color": "black"},
            "e-6": {"battery life": "6 hours", "color": "black"},
        },
    )
    words = "the black earbuds with the 4 hour battery, not the 6-hour pair"
    found = [e.value for e in matcher.match(words) if e.type == "option"]
    assert {"option": "battery life", "value": "4 hours"} in found
    assert {"option": "battery life", "value": "6 hours"} in found


def test_the_catalogue_reads_thousands_shortened() -> None:
    # Invented power banks: "a 20k mAh one" is the 20000mAh bank, and "4K" stays a value of its
    # own where the catalogue has one.
    matcher = _invented(
        "Power Bank",
        {
            "b-5": {"capacity": "5000mAh", "output": "USB-A"},
            "b-20": {"capacity": "20000mAh", "output": "USB-C"},
        },
    )
    words = "the little 5k mAh one, swap it for a 20k mAh with USB-C"
    found = [e.value for e in matcher.match(words) if e.type == "option"]
    assert {"option": "capacity", "value": "5000mAh"} in found
    assert {"option": "capacity", "value": "20000mAh"} in found


def test_a_count_written_as_one_word_is_read_as_a_number_of_things() -> None:
    # Invented luggage: "2 pieces instead of 3" names the 2-piece and the 3-piece sets.
    matcher = _invented(
        "Luggage Set",
        {
            "l-2": {"piece count": "2-piece", "color": "black"},
            "l-3": {"piece count": "3-piece", "color": "black"},
        },
    )
    found = [e.value for e in matcher.match("the luggage set just 2 pieces instead of 3 pieces")]
    assert {"option": "piece count", "value": "2-piece"} in found
    assert {"option": "piece count", "value": "3-piece"} in found


@pytest.mark.parametrize(
    ("words", "option"),
    [
        # the option named right after the word decides: no letter size
        ("the helmet, a small white one with medium ventilation", {"ventilation": "medium"}),
        ("the helmet in medium, white", {"size": "M"}),
    ],
)
def test_a_size_word_before_another_option_s_name_is_that_option_s_value(
    words: str, option: dict[str, str]
) -> None:
    # An invented helmet sold in letter sizes, whose ventilation is also "medium".
    matcher = _invented(
        "Helmet",
        {
            "h-1": {"size": "S", "color": "white", "ventilation": "medium"},
            "h-2": {"size": "M", "color": "blue", "ventilation": "low"},
        },
    )
    found = {
        e.value["option"]: e.value["value"] for e in matcher.match(words) if e.type == "option"
    }
    name, value = next(iter(option.items()))
    assert found.get(name) == value
    if name == "ventilation":
        assert found.get("size") == "S"


# An invented espresso machine, not a record of any store.
ESPRESSO: dict[str, Any] = {
    "name": "Espresso",
    "product_id": "p-espresso",
    "variants": {
        f"x-{bar}": {
            "item_id": f"x-{bar}",
            "options": {"pressure": f"{bar} bar", "capacity": "1L", "type": "manual"},
            "available": True,
            "price": 100.0,
        }
        for bar in (9, 15, 19)
    },
}


@pytest.mark.parametrize(
    ("words", "chosen"),
    [
        ("19 bar is overkill, take it one step down in pressure, keep it manual", "x-15"),
        ("the pressure one notch lower please", "x-15"),
        ("two steps down in pressure, same tank", "x-9"),
    ],
)
def test_a_step_is_along_the_scale_of_the_option_named_beside_it(words: str, chosen: str) -> None:
    item = {"item_id": "x-19", "product_id": "p-espresso", "name": "Espresso", "price": 100.0}
    item["options"] = dict(ESPRESSO["variants"]["x-19"]["options"])
    choice = choose_with(
        ESPRESSO, item, words, [], (), None, AUDIT.ruled_out_at, SCALES, phrasing=PHRASING
    )
    assert choice.variant is not None and choice.variant["item_id"] == chosen


# An invented tee, not a record of any store: blue now; black, red and green available.
TEE: dict[str, Any] = {
    "name": "Tee",
    "product_id": "p-tee",
    "variants": {
        f"t-{colour}": {
            "item_id": f"t-{colour}",
            "options": {"color": colour, "size": "S"},
            "available": True,
            "price": 20.0,
        }
        for colour in ("blue", "black", "red", "green")
    },
}


@pytest.mark.parametrize(
    ("words", "chosen", "offered"),
    [
        # every other colour left is offered: which one is the customer's choice
        ("can I swap it for another colour? not black", None, ["t-green", "t-red"]),
        ("a different color please, same size", None, ["t-black", "t-green", "t-red"]),
        # one left: that one
        ("any other colour except black or green", "t-red", []),
        ("some other colour, not black, not red", "t-green", []),
    ],
)
def test_another_value_of_an_option_is_any_but_the_one_it_has(
    words: str, chosen: str | None, offered: list[str]
) -> None:
    item = {"item_id": "t-blue", "product_id": "p-tee", "name": "Tee", "price": 20.0}
    item["options"] = dict(TEE["variants"]["t-blue"]["options"])
    choice = choose_with(
        TEE, item, words, [], (), None, AUDIT.ruled_out_at, SCALES, phrasing=PHRASING
    )
    assert (None if choice.variant is None else choice.variant["item_id"]) == chosen
    assert sorted(v["item_id"] for v in choice.near) == offered


def test_an_option_named_in_the_singular_cues_its_bare_number() -> None:
    # Invented puzzles: "a 2000 piece one" names the pieces as "2000 pieces" does.
    matcher = _invented(
        "Puzzle",
        {
            "p-1": {"pieces": "1000", "theme": "art"},
            "p-2": {"pieces": "2000", "theme": "art"},
        },
    )
    found = [e.value for e in matcher.match("I'd like the 2000 piece one") if e.type == "option"]
    assert {"option": "pieces", "value": "2000"} in found


def _gives_up_a_value() -> tuple[str, str, str, str, str]:
    """A pending order of the demo store with an item whose product has another colour only in
    variants that change one more option: (order, item name, that colour, the option, its
    value now)."""
    products = {p["product_id"]: p for p in DEMO["products"].values()}
    for order_id, order in DEMO["orders"].items():
        if order["status"] != "pending":
            continue
        for item in order["items"]:
            options = item["options"]
            if "color" not in options or len(options) < 2:
                continue
            variants = products[item["product_id"]]["variants"].values()
            for colour in sorted({v["options"].get("color") for v in variants} - {None}):
                same = {**options, "color": colour}
                if colour == options["color"] or any(
                    v["available"] and v["options"] == same for v in variants
                ):
                    continue
                for key, had in options.items():
                    kept = [
                        v
                        for v in variants
                        if v["available"]
                        and v["options"]["color"] == colour
                        and v["options"].get(key) != had
                    ]
                    if key != "color" and kept and str(had).isalpha():
                        return order_id, item["name"], colour, key, str(had)
    raise AssertionError("no pending item whose other colour gives up another value")


def test_a_wish_only_if_it_keeps_a_value_leaves_the_item_as_it_is(chat: Chat) -> None:
    order_id, name, colour, _, had = _gives_up_a_value()
    user = DEMO["users"][DEMO["orders"][order_id]["user_id"]]
    chat.say(user["email"])
    reply = chat.say(
        f"Please change the {name.lower()} in my pending order {order_id} to {colour}, but "
        f"only if it stays {had}. If not, leave it as it is."
    )
    assert "left it as it is" in reply, reply
    chat.say("yes")
    assert chat.writes() == []
    assert chat.case is not None and chat.case.handoff is None


@pytest.mark.parametrize(
    ("words", "value", "measures"),
    [
        ("only 8GB", "8-inch", False),  # a number of gigabytes is no screen size
        ("only 8GB", "8GB", True),
        ("a 1 litre one", "1000ml", True),  # the same thing in another unit
        ("a 1 litre one", "1 inch", False),
        ("a 5 ft hose", "60 inch", True),
        ("a 6 mm mat", "6-inch", False),
        ("a 32 gb one", "32", True),  # a value written without a unit is read as before
    ],
)
def test_a_measure_is_a_value_only_in_a_unit_of_the_same_kind(
    words: str, value: str, measures: bool
) -> None:
    [(_, measure, unit)] = measures_said(words, SCALES)
    assert is_measure_of(value, measure, unit, SCALES) is measures


def _reader(screen: str, link: str, storage: str, available: bool = True) -> dict[str, Any]:
    key = f"r-{screen}-{link}-{storage}".replace(" ", "")
    options = {"screen size": screen, "connectivity": link, "storage": storage}
    return {"item_id": key, "options": options, "available": available, "price": 100.0}


def test_an_option_described_as_it_is_is_not_changed_silently() -> None:
    # An invented reader, not a record of any store: the only 32GB one changes the screen and
    # the connectivity the customer described, so it is offered, never proposed.
    now = _reader("7-inch", "Wi-Fi + Cellular", "8GB")
    bigger = _reader("8-inch", "Wi-Fi", "32GB")
    reader = {
        "name": "Reader",
        "product_id": "p-reader",
        "variants": {v["item_id"]: v for v in (now, bigger)},
    }
    item = {**now, "product_id": "p-reader", "name": "Reader"}
    described = [
        {"option": "screen size", "value": "7-inch"},
        {"option": "connectivity", "value": "Wi-Fi + Cellular"},
        {"option": "storage", "value": "32GB"},
    ]
    words = "it's the 7 inch with wifi + cellular. can i get 32GB instead?"
    choice = choose_with(
        reader, item, words, described, (), None, AUDIT.ruled_out_at, SCALES, phrasing=PHRASING
    )
    assert choice.variant is None
    assert [v["item_id"] for v in choice.near] == [bigger["item_id"]]
    # Not described, the confirmation states the whole new variant and the yes decides.
    choice = choose_with(
        reader,
        item,
        "can i get 32GB instead?",
        described[2:],
        (),
        None,
        AUDIT.ruled_out_at,
        SCALES,
        phrasing=PHRASING,
    )
    assert choice.variant is not None and choice.variant["item_id"] == bigger["item_id"]


@pytest.mark.parametrize(
    ("words", "chosen"),
    [
        ("a wood one, the tallest you have", "s-6ft"),
        ("a wood one, the longest you have", "s-6ft"),
        ("a wood one, the shortest you have", "s-3ft"),
    ],
)
def test_a_superlative_of_the_workspace_moves_to_the_end_of_the_scale(
    words: str, chosen: str
) -> None:
    # An invented shelf, not a record of any store: glass 4 ft now; wood in three heights.
    def shelf(material: str, height: str) -> dict[str, Any]:
        key = "s-now" if material == "glass" else f"s-{height.replace(' ', '')}"
        options = {"material": material, "height": height}
        return {"item_id": key, "options": options, "available": True, "price": 50.0}

    variants = [shelf("glass", "4 ft"), *(shelf("wood", h) for h in ("3 ft", "5 ft", "6 ft"))]
    product = {
        "name": "Shelf",
        "product_id": "p-shelf",
        "variants": {v["item_id"]: v for v in variants},
    }
    item = {**variants[0], "product_id": "p-shelf", "name": "Shelf"}
    wood = [{"option": "material", "value": "wood"}]
    choice = choose_with(
        product, item, words, wood, (), None, AUDIT.ruled_out_at, SCALES, phrasing=PHRASING
    )
    assert choice.variant is not None and choice.variant["item_id"] == chosen
