"""The store's variant reading keeps to the words its audit checks: a value the customer rules
out is not chosen (the one they have included: then it must change), and "the biggest" is the
biggest there is among the variants that keep the rest — over the demo catalogue."""

from __future__ import annotations

import re
from functools import partial
from typing import Any

import pytest

from deskpilot.domains.retail._evidence import EvidenceAudit
from deskpilot.domains.retail._evidence import _loose_pattern as loose_pattern
from deskpilot.domains.retail._order_words import OrderWords
from deskpilot.domains.retail._resolvers import fallen_back, switched_to
from deskpilot.domains.retail._variants import Unheard, scales_of, value_pattern
from deskpilot.domains.retail._variants import choose_variant as choose_with
from deskpilot.flows import Phrasing
from deskpilot.workspace import load_workspace

from ..conftest import RETAIL_WORKSPACE
from .conftest import DEMO, Chat

VOCABULARY = load_workspace(RETAIL_WORKSPACE).vocabulary
AUDIT = EvidenceAudit.of(VOCABULARY)
ORDER_WORDS = OrderWords.of(VOCABULARY.resolvers)
SCALES = scales_of(VOCABULARY.scales)
# The store's variant reading with the workspace's words for negation.
choose_variant = partial(choose_with, phrasing=Phrasing(VOCABULARY.dialogue))
PRODUCTS = {p["name"]: p for p in DEMO["products"].values()}


def _item(name: str) -> dict[str, Any]:
    product = PRODUCTS[name]
    variant_id, variant = next(iter(product["variants"].items()))
    return {
        "item_id": variant_id,
        "product_id": product["product_id"],
        "name": name,
        "options": dict(variant["options"]),
    }


def _own(name: str, variant_id: str) -> dict[str, Any]:
    """The customer's item: variant ``variant_id`` of product ``name``."""
    product = PRODUCTS[name]
    return {
        "item_id": variant_id,
        "product_id": product["product_id"],
        "name": name,
        "options": dict(product["variants"][variant_id]["options"]),
    }


CASES = [
    # Backpack: 18L, olive, 15 inch sleeve
    (
        "Backpack",
        "the biggest one in slate grey, same 15 inch sleeve",
        {"capacity": "24L", "color": "slate grey", "laptop sleeve": "15 inch"},
    ),
    # Hoodie: XL, oatmeal, recycled polyester
    (
        "Hoodie",
        "same size and material, anything but the oatmeal",
        {"size": "XL", "color": "black", "material": "recycled polyester"},
    ),
    ("Hoodie", "a black one, same size, not in recycled polyester", None),
    # Yoga Mat: 6mm, TPE, sky blue — "instead of" names what it has, not a correction
    (
        "Yoga Mat",
        "natural rubber instead of TPE, same thickness and colour",
        {"thickness": "6mm", "material": "natural rubber", "color": "sky blue"},
    ),
    # a negation names one option's value, "and" leads on to another option's: that one is wished
    (
        "Yoga Mat",
        "not PVC and 4mm thick, the colour it has",
        {"thickness": "4mm", "material": "TPE", "color": "sky blue"},
    ),
    # ... but when both are values of one option, the negation rules out both
    (
        "Hoodie",
        "size XS, not black and maroon",
        {"size": "XS", "color": "oatmeal", "material": "recycled polyester"},
    ),
]


@pytest.mark.parametrize(("name", "words", "expected"), CASES, ids=[c[1] for c in CASES])
def test_the_reading_keeps_to_the_audited_words(
    name: str, words: str, expected: dict[str, str] | None
) -> None:
    item, product = _item(name), PRODUCTS[name]

    def allowed(variant: dict[str, Any]) -> bool:
        return AUDIT.fits_words(words, item, product, variant)

    choice = choose_variant(product, item, words, [], (), allowed, AUDIT.ruled_out_at, SCALES)
    if expected is None:
        # Nothing keeps to the words: nothing is proposed, and nothing ruled out is offered.
        assert choice.variant is None
        assert all(v["options"]["material"] != "recycled polyester" for v in choice.near)
        return
    assert choice.variant is not None, choice
    assert choice.variant["options"] == expected


ORDERED = [
    ("XS", "M"),
    ("M", "XL"),
    ("low", "high"),
    ("beginner", "expert"),
    ("512GB", "1TB"),
    ("1080p", "4K"),
    ("1080p", "2K"),
    ("2K", "4K"),
    ("4 ft", "5 ft"),
    ("48 inch", "5 ft"),
    ("500ml", "1.5L"),
]


@pytest.mark.parametrize(("lower", "higher"), ORDERED, ids=[f"{a}<{b}" for a, b in ORDERED])
def test_the_workspace_scales_order_option_values(lower: str, higher: str) -> None:
    low, high = SCALES.rank(lower), SCALES.rank(higher)
    assert low is not None and high is not None and low < high


def test_without_declared_scales_only_plain_numbers_are_ordered() -> None:
    from deskpilot.domains.retail._variants import NO_SCALES

    assert NO_SCALES.rank("XL") is None and NO_SCALES.rank("high") is None
    assert NO_SCALES.rank("1TB") == 1.0  # no unit known: the number alone


def test_no_option_asks_for_its_none_value() -> None:
    # Mechanical Keyboard 1186252760: linear, 65%, RGB — "no backlights" (the option's name, in
    # the plural as customers say "no armrests") asks for backlight none.
    product, item = PRODUCTS["Mechanical Keyboard"], _own("Mechanical Keyboard", "1186252760")
    words = "same switches and layout, but no backlights please"
    choice = choose_variant(product, item, words, [], (), None, AUDIT.ruled_out_at, SCALES)
    assert choice.variant is not None
    assert choice.variant["options"] == {
        "switch type": "linear",
        "layout": "65%",
        "backlight": "none",
    }


@pytest.mark.parametrize(
    "words",
    ["the exact same one in XXXL", "a replacement, XXXL please", "same colour and material, XXXL"],
)
def test_a_size_the_product_does_not_come_in_is_said_never_swapped_for_the_same(
    words: str,
) -> None:
    # Hoodie 3266700094: XL, oatmeal, recycled polyester; the hoodie's sizes end at XXL.
    product, item = PRODUCTS["Hoodie"], _own("Hoodie", "3266700094")
    choice = choose_variant(product, item, words, [], (), None, AUDIT.ruled_out_at, SCALES)
    assert choice.variant is None and not choice.near
    sizes = ("XS", "S", "M", "L", "XL", "XXL")
    assert choice.unknown == (Unheard(("XXXL",), "size", sizes, either=False),)


def test_a_capital_step_the_product_has_is_a_wish_not_an_unknown_value() -> None:
    product, item = PRODUCTS["Hoodie"], _own("Hoodie", "3266700094")
    # No oatmeal recycled-polyester hoodie in XXL: the XXL ones are offered, none is chosen.
    words = "the same one in XXL"
    choice = choose_variant(product, item, words, [], (), None, AUDIT.ruled_out_at, SCALES)
    assert choice.unknown == () and choice.variant is None
    assert choice.near and all(v["options"]["size"] == "XXL" for v in choice.near)


@pytest.mark.parametrize(
    ("have", "words", "expected"),
    [
        # 32 inch, 4K, 60Hz: "higher" moves the option named after it, and only that one
        ("2459956823", "a higher refresh rate, same screen size and resolution", "4615762732"),
        # 32 inch, 1080p, 60Hz
        ("8627253320", "a higher resolution, everything else the same", "2459956823"),
        # 27 inch, 4K, 144Hz: "a bigger screen" moves the screen size
        ("5080048701", "the same but with a bigger screen", "4615762732"),
        # 32 inch, 1080p, 60Hz: "the next resolution up" is one step, not the top
        ("8627253320", "the next resolution up, same size, whichever refresh rate", "8901039799"),
    ],
)
def test_a_comparative_moves_the_option_named_after_it(
    have: str, words: str, expected: str
) -> None:
    product, item = PRODUCTS["Monitor"], _own("Monitor", have)
    choice = choose_variant(product, item, words, [], (), None, AUDIT.ruled_out_at, SCALES)
    assert choice.variant is not None, choice
    assert choice.variant["item_id"] == expected


def test_another_name_of_a_yes_no_option_asks_for_yes_and_its_negation_for_no() -> None:
    audit = EvidenceAudit(
        VOCABULARY.evidence, SCALES, {"travel case": ["carrying case", "travel pouch"]}
    )
    toothbrush = PRODUCTS["Electric Toothbrush"]
    assert audit.qualities("a pink one with a carrying case", toothbrush) == {"travel case": "yes"}
    assert audit.qualities("pink, no travel pouch needed", toothbrush) == {"travel case": "no"}
    assert audit.qualities("a pink one", toothbrush) == {}


def test_values_listed_after_same_stay_as_they_are() -> None:
    # Yoga Mat 9284140780: 6mm, TPE, sky blue. "Same TPE": of the plum mats (4mm TPE, 4mm natural
    # rubber), the TPE one; no plum mat keeps 6mm, and the confirmation says so.
    product, item = PRODUCTS["Yoga Mat"], _own("Yoga Mat", "9284140780")
    words = "plum please, same TPE"
    choice = choose_variant(product, item, words, [], (), None, AUDIT.ruled_out_at, SCALES)
    assert choice.variant is not None and choice.variant["item_id"] == "3943699192"


@pytest.mark.parametrize(
    ("name", "have", "words", "expected"),
    [
        # Yoga Mat 6mm, TPE, sky blue: the value it has, named first with a fallback after it,
        # is the first choice ("keep" there keeps it; it rules nothing out)
        (
            "Yoga Mat",
            "9284140780",
            "natural rubber, and keep it sky blue if possible, otherwise sage",
            {"thickness": "6mm", "material": "natural rubber", "color": "sky blue"},
        ),
        # Backpack 18L, olive, 15 inch: no 24L olive one, so the fallback
        (
            "Backpack",
            "8306400376",
            "the 24L one, olive again if possible, otherwise slate grey",
            {"capacity": "24L", "color": "slate grey", "laptop sleeve": "15 inch"},
        ),
        # Electric Toothbrush without a travel case: the latest mention of a quality decides
        (
            "Electric Toothbrush",
            None,
            "mine came with no travel case; I'd like the pink one with a travel case, same modes",
            {"color": "pink", "cleaning modes": "5", "travel case": "yes"},
        ),
    ],
)
def test_a_wish_is_read_where_the_customer_says_it_last_or_first(
    name: str, have: str | None, words: str, expected: dict[str, str]
) -> None:
    item = _own(name, have) if have else _item(name)
    product = PRODUCTS[name]

    def allowed(variant: dict[str, Any]) -> bool:
        return AUDIT.fits_words(words, item, product, variant)

    mentioned = [{"option": k, "value": v} for k, v in AUDIT.qualities(words, product).items()]
    choice = choose_variant(
        product, item, words, mentioned, (), allowed, AUDIT.ruled_out_at, SCALES
    )
    assert choice.variant is not None, choice
    assert choice.variant["options"] == expected


@pytest.mark.parametrize(
    ("have", "words", "expected"),
    [
        ("6950140990", "double the pack size, same fitting and light", "1185843141"),  # 2 -> 4
        ("6950140990", "half the pack size, everything else the same", "5607365124"),  # 2 -> 1
    ],
)
def test_a_multiple_of_the_current_value_is_that_value(
    have: str, words: str, expected: str
) -> None:
    product, item = PRODUCTS["Smart LED Bulb"], _own("Smart LED Bulb", have)
    choice = choose_variant(product, item, words, [], (), None, AUDIT.ruled_out_at, SCALES)
    assert choice.variant is not None and choice.variant["item_id"] == expected


@pytest.mark.parametrize(
    ("have", "words", "expected"),
    [
        # Keyboard linear, tenkeyless: with no backlight, with a white one
        (
            "2199351819",
            "a white backlight instead of no backlight, same switches and layout",
            "3786579754",
        ),
        ("3786579754", "without a backlight please, same switches and layout", "2199351819"),
        (
            "3786579754",
            "no backlight instead of the white one, same switches and layout",
            "2199351819",
        ),
    ],
)
def test_a_lack_ruled_out_is_no_wish_for_it(have: str, words: str, expected: str) -> None:
    product, item = PRODUCTS["Mechanical Keyboard"], _own("Mechanical Keyboard", have)
    allowed = partial(AUDIT.fits_words, words, item, product)
    choice = choose_variant(product, item, words, [], (), allowed, AUDIT.ruled_out_at, SCALES)
    got = choice.variant["item_id"] if choice.variant is not None else None
    assert got == expected, (words, choice)


def test_a_multiple_of_another_option_asks_for_no_value_of_that_word() -> None:
    # "half the zoom" is said of a camera's zoom: the jacket's "half" zip is not asked for,
    # while "a half zip" still is.
    def variant(vid: str, size: str, zip_: str) -> dict[str, Any]:
        options = {"size": size, "zipper": zip_}
        return {"item_id": vid, "options": options, "available": True, "price": 50.0}

    variants = [variant("1", "L", "full"), variant("2", "L", "half"), variant("3", "XL", "full")]
    product = {"name": "Fleece Jacket", "variants": {v["item_id"]: v for v in variants}}
    item = {"item_id": "1", "name": "Fleece Jacket", "options": {"size": "L", "zipper": "full"}}
    words = "the jacket in XL please. the camera: I'd like half the zoom, same 20MP"
    choice = choose_variant(product, item, words, [], (), None, AUDIT.ruled_out_at, SCALES)
    assert choice.variant is not None and choice.variant["item_id"] == "3"
    words = "the jacket with a half zip please, same size"
    choice = choose_variant(product, item, words, [], (), None, AUDIT.ruled_out_at, SCALES)
    assert choice.variant is not None and choice.variant["item_id"] == "2"


@pytest.mark.parametrize(
    ("have", "words", "expected"),
    [
        # Hoodie XL, oatmeal, recycled polyester: steps along the hoodie's own sizes
        ("3266700094", "a size down, same colour and material", "7518326552"),  # L
        ("3266700094", "two sizes down, in maroon, same material", "8917692649"),  # M
    ],
)
def test_steps_along_a_scale_count_the_products_own_values(
    have: str, words: str, expected: str
) -> None:
    product, item = PRODUCTS["Hoodie"], _own("Hoodie", have)
    choice = choose_variant(product, item, words, [], (), None, AUDIT.ruled_out_at, SCALES)
    assert choice.variant is not None and choice.variant["item_id"] == expected


def test_values_listed_with_one_unit_whichever_is_cheaper_are_chosen_by_price() -> None:
    # Monitor 1961145931: 24 inch, 1440p, 144Hz; "27 or 32 inch" shares the unit, and the
    # price, not the order they were named in, decides.
    product, item = PRODUCTS["Monitor"], _own("Monitor", "1961145931")
    fits = [
        v
        for v in product["variants"].values()
        if v["available"]
        and v["options"]["screen size"] in ("27 inch", "32 inch")
        and v["options"]["resolution"] == "1440p"
        and v["options"]["refresh rate"] == "144Hz"
    ]
    cheapest = min(fits, key=lambda v: float(v["price"]))
    for words in (
        "a bigger screen, 27 or 32 inch, whichever is cheaper, same resolution and refresh rate",
        "a bigger screen, 32 or 27 inch, whichever is cheaper, same resolution and refresh rate",
    ):
        choice = choose_variant(product, item, words, [], (), None, AUDIT.ruled_out_at, SCALES)
        assert choice.variant is not None and choice.variant["item_id"] == cheapest["item_id"]


def test_a_negation_does_not_reach_past_then() -> None:
    words = "no 8mm one then 6mm, same material"
    assert AUDIT.ruled_out_at(words, words.index("8mm"))
    assert not AUDIT.ruled_out_at(words, words.index("6mm"))
    # Within a condition, the negation rules out nothing (test_units_and_conditions.py).
    conditioned = f"if there's {words}"
    assert not AUDIT.ruled_out_at(conditioned, conditioned.index("8mm"))


def test_whichever_option_keeps_it_cheaper_than_what_was_paid() -> None:
    # Monitor 4615762732: 32 inch, 4K, 144Hz. "Whichever refresh rate": that option may change
    # (the 27 inch 4K at 60Hz is cheaper than the one at 144Hz); "cheaper than what I paid":
    # below the item's price, and the cheapest of those.
    product = PRODUCTS["Monitor"]
    item = {**_own("Monitor", "4615762732"), "price": product["variants"]["4615762732"]["price"]}
    words = (
        "a 27 inch one, same resolution, whichever refresh rate keeps it cheaper than what I paid"
    )
    fits = [
        v
        for v in product["variants"].values()
        if v["available"]
        and v["options"]["screen size"] == "27 inch"
        and v["options"]["resolution"] == "4K"
        and float(v["price"]) < float(item["price"])
    ]
    choice = choose_variant(product, item, words, [], (), None, AUDIT.ruled_out_at, SCALES)
    cheapest = min(fits, key=lambda v: float(v["price"]))
    assert cheapest["options"]["refresh rate"] != "144Hz"
    assert choice.variant is not None and choice.variant["item_id"] == cheapest["item_id"]


def test_a_comparison_that_every_value_asked_goes_against_only_told_which_item() -> None:
    # Monitor 2459956823: 32 inch, 4K, 60Hz. "The bigger one (32 inch) … in 27 inch": the
    # 27 inch decides; "bigger" said which monitor it is.
    product, item = PRODUCTS["Monitor"], _own("Monitor", "2459956823")
    words = "the bigger monitor, the 32 inch one, I want it in 27 inch, same resolution and rate"
    choice = choose_variant(product, item, words, [], (), None, AUDIT.ruled_out_at, SCALES)
    assert choice.variant is not None and choice.variant["item_id"] == "7515712590"


def test_a_measure_in_another_unit_and_the_first_word_of_a_value_kept() -> None:
    # Water Bottle 2516780083: 500ml, tritan plastic, screw cap. "1000 ml" is the catalogue's
    # 1L; "still tritan" keeps tritan plastic.
    product, item = PRODUCTS["Water Bottle"], _own("Water Bottle", "2516780083")
    words = "a bigger one, 1000 ml, still tritan, same lid"
    choice = choose_variant(product, item, words, [], (), None, AUDIT.ruled_out_at, SCALES)
    assert choice.variant is not None and choice.variant["item_id"] == "6797016877"


def test_a_flows_cue_is_said_as_a_verb_not_as_a_noun() -> None:
    from deskpilot.domains.retail._resolvers import cue_said

    said = partial(cue_said, ORDER_WORDS)
    assert said("cancel", "please cancel it") and said("cancel", "I cancelled it")
    assert not said("cancel", "once the refund from the cancellation is on it")
    assert said("change|swap", "swapping it is fine") and not said("change", "exchange")
    assert said("cancel", "ok so two cancellations") and said("return", "both returns")
    assert not said("cancel", "after the cancellations last week")


@pytest.mark.parametrize(
    ("words", "count"),
    [
        ("please cancel both orders.", 2),
        ("cancel both of my orders", 2),
        ("return both", 0),
        ("cancel them both", 0),
        ("cancel two orders: the one with the lamp", 2),
        ("I want to cancel 3 of my orders", 3),
        ("ok so two cancellations.", 2),
        ("I want to cancel one of my two orders", 0),
        ("cancel the one with two lamps", 0),
        ("I have two orders, cancel the lamp one", 0),
    ],
)
def test_how_many_orders_a_request_is_said_to_be_for(words: str, count: int) -> None:
    from deskpilot.domains.retail._resolvers import _orders_counted

    assert _orders_counted(ORDER_WORDS, "cancel", words) == count


@pytest.mark.parametrize(
    ("words", "every"),
    [
        ("both were ordered by mistake, cancel them.", True),
        ("please cancel both", True),
        ("cancel all of them", True),
        ("cancel them both", True),
        ("cancel the one with the lamp", False),
        ("I don't need them, cancel it", False),
    ],
)
def test_them_is_every_order_described_for_a_request_of_whole_orders(
    words: str, every: bool
) -> None:
    from deskpilot.domains.retail._resolvers import _EVERY, _orders_counted

    assert (_orders_counted(ORDER_WORDS, "cancel", words, whole=True) == _EVERY) is every
    assert _orders_counted(ORDER_WORDS, "return", words.replace("cancel", "return")) != _EVERY


@pytest.mark.parametrize(
    ("part", "other"),
    [
        ("and also the big one with the grill and the desk lamp.", False),
        ("and the one with the kettle, I no longer need it", False),
        ("and have order #W3 shipped to 12 Oak Street", True),
        ("and change the kettle in the other one to black", True),
        ("and cancel the one with the lamp too", False),
    ],
)
def test_a_part_asks_another_request_when_it_says_another_verb(part: str, other: bool) -> None:
    from deskpilot.domains.retail._resolvers import _asks_other

    assert _asks_other(ORDER_WORDS, "cancel", part) is other


@pytest.mark.parametrize(
    "free", ["the refresh rate doesn't matter", "as for the refresh rate, I don't care"]
)
def test_an_option_said_not_to_matter_may_change_for_the_cheapest(free: str) -> None:
    # Monitor 4615762732: 32 inch, 4K, 144Hz. A 27 inch 4K one, the cheapest, and the refresh
    # rate "doesn't matter": it may change as the price decides; without those words it stays.
    product = PRODUCTS["Monitor"]
    item = _own("Monitor", "4615762732")
    fits = [
        v
        for v in product["variants"].values()
        if v["available"]
        and v["options"]["screen size"] == "27 inch"
        and v["options"]["resolution"] == "4K"
    ]
    cheapest = min(fits, key=lambda v: float(v["price"]))
    assert cheapest["options"]["refresh rate"] != "144Hz"
    words = f"the cheapest 27 inch one, same resolution, {free}"
    choice = choose_variant(product, item, words, [], (), None, AUDIT.ruled_out_at, SCALES)
    assert choice.variant is not None and choice.variant["item_id"] == cheapest["item_id"]
    kept = choose_variant(
        product,
        item,
        "the cheapest 27 inch one, same resolution",
        [],
        (),
        None,
        AUDIT.ruled_out_at,
        SCALES,
    )
    assert kept.variant is None or kept.variant["options"]["refresh rate"] == "144Hz"


def test_a_bare_comparative_with_two_values_that_way_asks_which() -> None:
    # Monitor 1961145931: 24 inch, 1440p, 144Hz. Two screens are bigger with the rest kept
    # (27 and 32 inch): "a bigger screen" names neither, so both are offered to choose from;
    # "a slightly bigger screen" is the next size.
    product, item = PRODUCTS["Monitor"], _own("Monitor", "1961145931")
    words = "a bigger screen, same resolution and refresh rate"
    choice = choose_variant(product, item, words, [], (), None, AUDIT.ruled_out_at, SCALES)
    assert choice.variant is None and choice.several
    assert {v["item_id"] for v in choice.near} == {"2610008577", "8901039799"}
    for near in ("a slightly bigger screen", "a screen one size bigger"):
        words = f"{near}, same resolution and refresh rate"
        choice = choose_variant(product, item, words, [], (), None, AUDIT.ruled_out_at, SCALES)
        assert choice.variant is not None and choice.variant["item_id"] == "2610008577", near


@pytest.mark.parametrize(
    ("value", "said", "found"),
    [
        ("5-25 lbs", "could I get the 5-25 lb set instead", True),
        ("5-25 lbs", "the 5 to 25 pound one", True),
        ("5-25 lbs", "a 5-25 pounds set", True),
        ("5-25 lbs", "the 15-25 lbs one", False),
        ("55-75 lbs", "the 5-25 lbs set", False),
        ("1L", "a 1 litre one", True),
        ("wood", "a wooden one", False),  # endings are the audit's loose reading, not a value's
        ("AC adapter", "plugged into AC", True),
        ("beginner", "the 500 piece art one for beginners", True),
        ("glass", "my glasses", False),  # a value ending in s takes no plural
        ("red", "reds", False),  # nor a short one
        ("S", "It's order #W3162845", False),  # a contraction's ending is never a value
        ("M", "I'm after the red one", False),
        ("D", "I’d rather have it", False),
        ("S", "a size S, it's for my son", True),
        ("XL", "an xl one", True),
    ],
)
def test_a_value_is_found_however_its_unit_is_written(value: str, said: str, found: bool) -> None:
    assert bool(re.search(value_pattern(value, SCALES), said, re.I)) is found


@pytest.mark.parametrize(
    ("value", "said", "found"),
    [
        ("5-25 lbs", "could i get the 5-25 lb set instead", True),
        ("5-25 lbs", "5 to 25 pounds please", True),
        ("55-75 lbs", "the 55 - 75 lbs one", True),
        ("55-75 lbs", "the 5-25 lbs one", False),
        ("wood", "a wooden frame", True),
        ("1000", "1000 pieces", True),
        ("1000", "10000 pieces", False),
    ],
)
def test_the_audit_reads_a_value_as_customers_write_it(value: str, said: str, found: bool) -> None:
    assert bool(re.search(loose_pattern(value, SCALES), said)) is found


METHODS = {
    "credit_card_1": {"source": "credit_card", "brand": "mastercard", "last_four": "3803"},
    "paypal_1": {"source": "paypal"},
    "gift_card_1": {"source": "gift_card"},
}


@pytest.mark.parametrize(
    ("said", "named", "moved_to"),
    [
        (
            "switch the payment from my mastercard to paypal",
            ["credit_card_1", "paypal_1"],
            "paypal_1",
        ),
        ("move it from paypal to the gift card please", ["paypal_1", "gift_card_1"], "gift_card_1"),
        ("from the card ending 3803 onto my paypal", ["credit_card_1", "paypal_1"], "paypal_1"),
        ("paypal or my mastercard, whichever", ["credit_card_1", "paypal_1"], None),
        ("to paypal from my mastercard? no, keep it", ["credit_card_1", "paypal_1"], "paypal_1"),
    ],
)
def test_a_payment_change_moves_to_the_method_after_to(
    said: str, named: list[str], moved_to: str | None
) -> None:
    assert switched_to(ORDER_WORDS, said, METHODS, named) == moved_to


GIFT_36 = {**METHODS, "gift_card_1": {"source": "gift_card", "balance": 36.0}}
GIFT_AND_CARD = ["credit_card_1", "gift_card_1"]


@pytest.mark.parametrize(
    ("said", "difference", "taken"),
    [
        ("try my gift card, and if it doesn't cover it, my mastercard", 40.62, "credit_card_1"),
        ("try my gift card, and if it doesn't cover it, my mastercard", 20.0, "gift_card_1"),
        ("gift card; if the balance isn't enough, my mastercard", 40.62, "credit_card_1"),
        ("the gift card, otherwise the mastercard", -12.5, "gift_card_1"),  # a refund
        ("the gift card, otherwise the mastercard", None, None),  # nothing known to weigh
        ("my mastercard, or else the gift card", 40.62, "credit_card_1"),  # a card always pays
        ("the gift card or the mastercard", 40.62, None),  # "or" alone is no fallback
        ("mastercard for the watch and the gift card for the lamp", 40.62, None),
    ],
)
def test_a_payment_method_with_a_fallback_pays_when_the_first_cannot(
    said: str, difference: float | None, taken: str | None
) -> None:
    weighed = fallen_back(ORDER_WORDS, said, GIFT_36, GIFT_AND_CARD, AUDIT.weighs, difference)
    assert (weighed[0] if weighed else None) == taken


def _pending_item_in_other_colours() -> tuple[str, dict[str, Any], dict[str, Any], str]:
    """A pending order holding one item of its product, which also comes in another colour with
    everything else the same: (order id, item, that variant, the customer's e-mail)."""
    for order_id, order in DEMO["orders"].items():
        if order["status"] != "pending":
            continue
        for item in order["items"]:
            if "color" not in item["options"]:
                continue
            if [i["product_id"] for i in order["items"]].count(item["product_id"]) > 1:
                continue
            product = DEMO["products"][item["product_id"]]
            same = [
                v
                for v in product["variants"].values()
                if v["available"]
                and v["options"]["color"] != item["options"]["color"]
                and all(v["options"][k] == x for k, x in item["options"].items() if k != "color")
            ]
            if same:
                email = DEMO["users"][order["user_id"]]["email"]
                return order_id, item, same[0], email
    raise AssertionError("no pending item that comes in another colour")


def test_an_option_named_without_a_value_is_asked_with_the_values_it_comes_in(
    chat: Chat,
) -> None:
    # "Can I still change the colour of …?" names the option, not the value: the question lists
    # the colours the item comes in (before: "What should change?", which a customer who said
    # "the colour" cannot answer better); the colour chosen is the one written.
    order_id, item, other, email = _pending_item_in_other_colours()
    chat.say(email)
    reply = chat.say(f"Can I still change the colour of the {item['name'].lower()} in {order_id}?")
    assert f"Which color would you like for the {item['name']}? It comes in" in reply, reply
    assert other["options"]["color"] in reply
    chat.say(f"the {other['options']['color']} one please")
    chat.say("yes")
    writes = chat.writes()
    assert [(name, args["new_item_ids"]) for name, args in writes] == [
        ("modify_pending_order_items", [other["item_id"]])
    ], chat.replies


def _pending_item_like_another_pending() -> tuple[str, dict[str, Any], dict[str, Any], str]:
    """An item of a pending order, and the one other item of its product in another pending
    order of the same customer, with other options and available."""
    for user in DEMO["users"].values():
        pending = [o for o in user["orders"] if DEMO["orders"][o]["status"] == "pending"]
        units = [(o, i) for o in pending for i in DEMO["orders"][o]["items"]]
        for order_id, item in units:
            same = [(o, i) for o, i in units if i["product_id"] == item["product_id"]]
            if len(same) != 2 or [o for o, _ in same].count(order_id) != 1:
                continue
            model = next(i for o, i in same if o != order_id)
            variant = DEMO["products"][item["product_id"]]["variants"][model["item_id"]]
            if model["options"] != item["options"] and variant["available"]:
                return order_id, item, model, user["email"]
    raise AssertionError("no pending item with a model in another pending order")


def test_the_same_as_their_item_in_another_order_is_that_item_as_it_is(chat: Chat) -> None:
    # "… the same as the phone in my other pending order": every option of that item, which
    # the customer owns (before: "What should change on the Smartphone?")
    order_id, item, model, email = _pending_item_like_another_pending()
    name = item["name"].lower()
    chat.say(email)
    reply = chat.say(
        f"In order {order_id}, the {name} should be the same as the {name} in my other "
        "pending order."
    )
    assert f"on order {order_id} I'll change" in reply, reply
    chat.say("yes")
    assert [(name, args["new_item_ids"]) for name, args in chat.writes()] == [
        ("modify_pending_order_items", [model["item_id"]])
    ], chat.replies


@pytest.mark.parametrize(
    ("after", "names_order"),
    [
        (" one size smaller", False),
        (" one step up in pressure", False),
        (" one, the pending one", True),
        (" order", True),
        (" one of them", False),
    ],
)
def test_the_item_one_names_its_order_unless_a_step_follows(after: str, names_order: bool) -> None:
    assert (ORDER_WORDS.names_its_order.match(after) is not None) is names_order


def _purifier(unavailable: tuple[str, ...] = ()) -> dict[str, Any]:
    """An invented air purifier: sizes, filters and features, every pair of them."""
    variants = {
        f"{size}-{kind}-{extra}": {
            "item_id": f"{size}-{kind}-{extra}",
            "options": {"room size": size, "filter type": kind, "features": extra},
            "available": f"{size}-{kind}-{extra}" not in unavailable,
            "price": 100.0,
        }
        for size in ("large", "medium")
        for kind in ("HEPA", "carbon")
        for extra in ("night mode", "quiet operation")
    }
    return {"name": "Air Purifier", "product_id": "p-air", "variants": variants}


@pytest.mark.parametrize(
    ("words", "unavailable", "expected"),
    [
        # described as it is first, then its own value as the fallback: the wish comes first
        (
            "the air purifier is a large HEPA with night mode, i want one for a medium room, "
            "carbon filter if theres one, otherwise HEPA, and quiet operation",
            (),
            "medium-carbon-quiet operation",
        ),
        (
            "the air purifier is a large HEPA with night mode, i want one for a medium room, "
            "carbon filter if theres one, otherwise HEPA, and quiet operation",
            ("medium-carbon-quiet operation",),
            "medium-HEPA-quiet operation",
        ),
        # its own value named first as the wish: it stays first
        (
            "HEPA again if possible, otherwise carbon; for a medium room with quiet operation",
            (),
            "medium-HEPA-quiet operation",
        ),
    ],
)
def test_the_value_it_has_stands_where_it_is_last_named(
    words: str, unavailable: tuple[str, ...], expected: str
) -> None:
    product = _purifier(unavailable)
    item = {
        "item_id": "large-HEPA-night mode",
        "product_id": "p-air",
        "name": "Air Purifier",
        "options": dict(product["variants"]["large-HEPA-night mode"]["options"]),
    }

    def allowed(variant: dict[str, Any]) -> bool:
        return AUDIT.fits_words(words, item, product, variant)

    choice = choose_variant(product, item, words, [], (), allowed, AUDIT.ruled_out_at, SCALES)
    assert choice.variant is not None, choice
    assert choice.variant["item_id"] == expected
