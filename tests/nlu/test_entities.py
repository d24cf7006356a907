"""Entity extraction: patterns, catalogue matching, properties, and the labelled test set."""

from __future__ import annotations

import json
import re
import string
from collections import Counter
from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import assume, given
from hypothesis import strategies as st
from pydantic import ValidationError

from deskpilot.domain import Entity
from deskpilot.domains.retail import CatalogueEntityMatcher
from deskpilot.domains.retail._matcher import CatalogueMatcherConfig
from deskpilot.errors import InputError
from deskpilot.nlu.entities import (
    ChainedEntityExtractor,
    ExtractionContext,
    PatternEntityExtractor,
    PatternExtractorConfig,
    entity_forms,
    record_finders,
)
from deskpilot.settings import PROJECT_ROOT
from deskpilot.workspace import VocabularyFile, load_workspace

from ..conftest import RETAIL_WORKSPACE

FIXTURES = Path(__file__).parent / "entity_fixtures"
NOW = datetime(2026, 11, 10, 15, 0, tzinfo=UTC)  # a Tuesday
CONTEXT = ExtractionContext(now=NOW)
# The store's order numbers, as its workspace's vocabulary declares them (records:), and how
# its customers say an email, a zip or a phone number (identity:).
WORDS = load_workspace(RETAIL_WORKSPACE).vocabulary
RECORDS = record_finders(WORDS.records)
FORMS = entity_forms(WORDS)
PATTERNS = PatternEntityExtractor(None, RECORDS, FORMS)


def _with_identity(update: dict[str, Any]) -> VocabularyFile:
    return WORDS.model_copy(update={"identity": WORDS.identity.model_copy(update=update)})


def _load(name: str) -> Any:
    return json.loads((FIXTURES / name).read_text())


CATALOGUE = _load("catalogue.json")
ORDERS = _load("orders.json")
# The store's aliases ("kindle" for the E-Reader) are its workspace's vocabulary.
ALIASES = CatalogueMatcherConfig.from_vocabulary(load_workspace(RETAIL_WORKSPACE).vocabulary)
MATCHER = CatalogueEntityMatcher(CATALOGUE, ALIASES)


def _values(entities: Sequence[Entity], kind: str) -> list[Any]:
    return [e.value for e in entities if e.type == kind]


def _pattern_values(text: str, kind: str) -> list[Any]:
    return _values(PATTERNS.extract(text, CONTEXT), kind)


# --- pattern entities -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "order #W1234567 is late",
        "order W1234567 is late",
        "order w 1234567 is late",
        "it's #W 1234567",
        "order 1234567 is late",
        "order number is 1234567",
        "Order no. 1234567",
        "order#W1234567.",
        "re: #1234567",
    ],
)
def test_pattern_extractor_normalises_order_ids(text: str) -> None:
    assert _pattern_values(text, "order_id") == ["#W1234567"]


def test_pattern_extractor_ignores_order_ids_with_wrong_digit_count() -> None:
    assert _pattern_values("order #W123456 and #W12345678", "order_id") == []


def test_pattern_extractor_never_reads_a_zip_inside_an_order_id_or_phone() -> None:
    entities = PATTERNS.extract("order 1234567, call (415) 555-0142, $12345 total", CONTEXT)
    assert _values(entities, "zip") == []
    assert _values(entities, "amount") == [Decimal("12345.00")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("call (415) 555-0142", "+14155550142"),
        ("415-555-0142", "+14155550142"),
        ("+1 415 555 0142", "+14155550142"),
        ("my phone is 4155550142", "+14155550142"),
        ("+44 20 7946 0958", "+442079460958"),
    ],
)
def test_pattern_extractor_normalises_phones_to_e164(text: str, expected: str) -> None:
    assert _pattern_values(text, "phone") == [expected]


@pytest.mark.parametrize(
    ("text", "kind", "expected"),
    [
        # said aloud (a voice channel's transcript): an address, and a zip digit by digit
        (
            "um my email is omar dot muller4197 at example dot com um",
            "email",
            ["omar.muller4197@example.com"],
        ),
        ("it's Mei.Martin4637 at Example dot com", "email", ["mei.martin4637@example.com"]),
        ("this is mason kovacs zip code nine eight one three seven um", "zip", ["98137"]),
        ("zip three two one two four um the bicycle", "zip", ["32124"]),
        ("my postcode is nine 8 one 3 seven.", "zip", ["98137"]),
        # no address without a spoken dot before its domain's end; no zip of six digits
        ("please look at example.com", "email", []),
        ("I was at the shop all day", "email", []),
        ("zip code one two three four five six", "zip", []),
        ("I'd like two or three of them, zip 10021", "zip", ["10021"]),
    ],
)
def test_pattern_extractor_reads_details_said_aloud(
    text: str, kind: str, expected: list[str]
) -> None:
    assert _pattern_values(text, kind) == expected


@pytest.mark.parametrize(
    ("update", "text", "kind", "expected"),
    [
        # the words are the workspace's: another language's say the same details
        ({"spoken_at": ["arroba"], "spoken_dot": ["punto"]}, "omar punto m arroba ex punto com",
         "email", ["omar.m@ex.com"]),
        ({"zip_cues": ["codigo postal"], "digits": {"nueve": 9, "ocho": 8, "uno": 1, "tres": 3,
          "siete": 7}}, "codigo postal nueve ocho uno tres siete", "zip", ["98137"]),
        ({"phone_cues": ["telefono"]}, "mi telefono es 4155550142", "phone", ["+14155550142"]),
        # without them, only written forms are read
        ({"spoken_at": []}, "omar dot muller at example dot com", "email", []),
        ({"zip_cues": []}, "zip code nine eight one three seven", "zip", []),
        ({"phone_cues": []}, "my phone is 4155550142", "phone", []),
    ],
)  # fmt: skip
def test_pattern_extractor_reads_details_said_in_the_workspace_s_words(
    update: dict[str, Any], text: str, kind: str, expected: list[str]
) -> None:
    forms = entity_forms(_with_identity(update))
    found = PatternEntityExtractor(None, RECORDS, forms).extract(text, CONTEXT)
    assert [e.value for e in found if e.type == kind] == expected


def test_pattern_extractor_ignores_a_bare_ten_digit_item_id() -> None:
    assert _pattern_values("exchange item 2000000011 please", "phone") == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("$12.50", "12.50"),
        ("12 dollars", "12.00"),
        ("USD 12", "12.00"),
        ("1,249.9 USD", "1249.90"),
        ("twenty bucks, no: 20 bucks", "20.00"),
        ("refund 59.99 please", "59.99"),
    ],
)
def test_pattern_extractor_reads_amounts_as_decimals(text: str, expected: str) -> None:
    assert _pattern_values(text, "amount") == [Decimal(expected)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("it came on 2026-11-03", "2026-11-03"),
        ("ordered Nov 3", "2026-11-03"),
        ("ordered on the 3rd of November", "2026-11-03"),
        ("ordered 11/03/2026", "2026-11-03"),
        ("ordered yesterday", "2026-11-09"),
        ("ordered last Monday", "2026-11-09"),
        ("ordered last Tuesday", "2026-11-03"),
        ("need it by Friday", "2026-11-13"),
        ("ordered 3 days ago", "2026-11-07"),
        ("ordered a week ago", "2026-11-03"),
        ("ordered a couple of days ago", "2026-11-08"),
        ("arrives Jan 2", "2027-01-02"),
    ],
)
def test_pattern_extractor_resolves_dates_against_now(text: str, expected: str) -> None:
    assert _pattern_values(text, "date") == [expected]


def test_pattern_extractor_rejects_a_naive_now() -> None:
    with pytest.raises(InputError, match="timezone-aware"):
        ExtractionContext(now=datetime(2026, 11, 10))


@pytest.mark.parametrize(
    ("text", "first", "last"),
    [
        ("I'm Fatima Anderson and I need help", "Fatima", "Anderson"),
        ("my name is yusuf rossi", "Yusuf", "Rossi"),
        ("this is Sofia, zip 94110", "Sofia", None),
        ("Thanks,\nMaria Garcia", "Maria", "Garcia"),
    ],
)
def test_pattern_extractor_finds_names_after_cues(text: str, first: str, last: str | None) -> None:
    entities = PATTERNS.extract(text, CONTEXT)
    assert _values(entities, "first_name") == [first]
    assert _values(entities, "last_name") == ([last] if last else [])


@pytest.mark.parametrize(
    "text", ["I'm really upset", "this is ridiculous", "I am Writing again", "It's Monday"]
)
def test_pattern_extractor_does_not_take_ordinary_words_for_names(text: str) -> None:
    assert _pattern_values(text, "first_name") == []


def test_pattern_extractor_spans_point_at_the_text() -> None:
    text = "Hi, my email is Jo@Example.com and zip 10014"
    for entity in PATTERNS.extract(text, CONTEXT):
        assert text[entity.start : entity.end] == entity.text


def test_pattern_extractor_config_limits_types_and_forbids_unknown_fields() -> None:
    only_zip = PatternEntityExtractor(PatternExtractorConfig(types=("zip",)))
    assert [e.type for e in only_zip.extract("a@b.co 10014", CONTEXT)] == ["zip"]
    with pytest.raises(ValidationError):
        PatternExtractorConfig(typo=True)  # type: ignore[call-arg]
    with pytest.raises(ValidationError):
        PatternExtractorConfig(types=("shoe_size",))


# --- properties ---------------------------------------------------------------------------------

_FILLER = st.text(alphabet=string.ascii_letters + " ,.!?'\n", max_size=40)
_SEPARATOR = st.sampled_from([" ", ", ", ". ", "! ", "\n", " (", ": "])
_END = st.sampled_from([" ", ", ", ". ", "!", "?", "\n", ")", ""])


def _embed(prefix: str, sep: str, inner: str, end: str, suffix: str) -> tuple[str, int]:
    head = prefix + sep
    return head + inner + end + (" " + suffix if end else ""), len(head)


@given(st.integers(0, 9_999_999), _FILLER, _SEPARATOR, _END, _FILLER, st.booleans())
def test_property_order_id_found_anywhere(
    digits: int, prefix: str, sep: str, end: str, suffix: str, hashed: bool
) -> None:
    written = f"{'#' if hashed else ''}W{digits:07d}"
    text, start = _embed(prefix, sep, written, end, suffix)
    found = [e for e in PATTERNS.extract(text, CONTEXT) if e.type == "order_id"]
    assert [(e.value, e.start) for e in found] == [(f"#W{digits:07d}", start)]
    assert not _values(PATTERNS.extract(text, CONTEXT), "zip")


_LOCAL = st.from_regex(r"[a-z0-9]{1,10}(\.[a-z0-9]{1,8})?(\+[a-z]{1,5})?", fullmatch=True)
_DOMAIN = st.from_regex(r"[a-z0-9]{1,10}(\.[a-z0-9]{1,6})?\.[a-z]{2,6}", fullmatch=True)


@given(_LOCAL, _DOMAIN, _FILLER, _SEPARATOR, _END, _FILLER, st.booleans())
def test_property_email_found_anywhere(
    local: str, domain: str, prefix: str, sep: str, end: str, suffix: str, upper: bool
) -> None:
    address = f"{local}@{domain}"
    written = address.upper() if upper else address
    text, start = _embed(prefix, sep, written, end, suffix)
    found = [e for e in PATTERNS.extract(text, CONTEXT) if e.type == "email"]
    assert [(e.value, e.start, e.end) for e in found] == [(address, start, start + len(address))]


@given(
    st.integers(0, 99_999),
    _FILLER,
    _SEPARATOR,
    st.sampled_from([", ", ". ", "!", "\n", ""]),
    _FILLER,
)
def test_property_zip_found_anywhere(
    number: int, prefix: str, sep: str, end: str, suffix: str
) -> None:
    assume(not prefix.rstrip().lower().endswith("order"))
    text, start = _embed(prefix, sep, f"{number:05d}", end, suffix)
    found = [e for e in PATTERNS.extract(text, CONTEXT) if e.type == "zip"]
    assert [(e.value, e.start) for e in found] == [(f"{number:05d}", start)]


@given(st.integers(0, 9_999_999), st.sampled_from(["#W", "W", "#W ", "order ", "order #"]))
def test_property_no_zip_inside_an_order_id(digits: int, form: str) -> None:
    entities = PATTERNS.extract(f"about {form}{digits:07d} thanks", CONTEXT)
    assert _values(entities, "zip") == []
    assert _values(entities, "order_id") == [f"#W{digits:07d}"]


@given(
    st.integers(0, 10**9),
    st.sampled_from(["${:,.2f}", "${}", "{} dollars", "USD {}", "{:,.2f} USD", "{} bucks"]),
    _FILLER,
    _FILLER,
)
def test_property_amounts_round_trip(cents: int, form: str, prefix: str, suffix: str) -> None:
    amount = (Decimal(cents) / 100).quantize(Decimal("0.01"))
    text = f"{prefix} {form.format(amount)}, {suffix}"
    assert _pattern_values(text, "amount") == [amount]


def test_an_amount_after_a_stray_w_is_no_order_number() -> None:
    # Found by the property above: "W 1000000.00 dollars" read as order #W1000000.
    text = "W 1000000.00 dollars"
    assert _pattern_values(text, "amount") == [Decimal("1000000.00")]
    assert _pattern_values(text, "order_id") == []


@given(st.dates(date(2000, 1, 1), date(2099, 12, 31)), st.integers(1, 60))
def test_property_dates_iso_and_days_ago(day: date, days: int) -> None:
    now = datetime(day.year, day.month, day.day, 12, tzinfo=UTC)
    context = ExtractionContext(now=now)
    text = f"on {day.isoformat()} and again {days} days ago"
    expected = [day.isoformat(), (day - timedelta(days=days)).isoformat()]
    assert _values(PATTERNS.extract(text, context), "date") == expected


@given(
    st.integers(200, 999),
    st.integers(0, 999),
    st.integers(0, 9999),
    st.sampled_from(["({a}) {e}-{n}", "{a}-{e}-{n}", "{a}.{e}.{n}", "+1 {a} {e} {n}"]),
)
def test_property_us_phone_formats_normalise(
    area: int, exchange: int, line: int, form: str
) -> None:
    text = "call me on " + form.format(a=area, e=f"{exchange:03d}", n=f"{line:04d}") + " today"
    assert _pattern_values(text, "phone") == [f"+1{area}{exchange:03d}{line:04d}"]


# --- catalogue ----------------------------------------------------------------------------------


def test_catalogue_matcher_finds_products_and_fuzzy_options() -> None:
    entities = MATCHER.extract("can I swap the keybaord for one with clicky switches?")
    assert _values(entities, "product") == ["Mechanical Keyboard"]
    assert _values(entities, "option") == [{"option": "switch type", "value": "clicky"}]


def test_catalogue_matcher_reads_a_misspelling_the_same_when_it_remembers_it() -> None:
    # A fresh matcher searches every word; the words it met before it remembers (the same
    # answer either way, whatever was read in between).
    fresh = CatalogueEntityMatcher(CATALOGUE, ALIASES)
    text = "can I swap the keybaord for one with clicky swiches?"
    first = fresh.extract(text)
    fresh.extract("the stainless steel bottle, and the keybord")
    assert fresh.extract(text) == first == MATCHER.extract(text)
    assert _values(first, "product") == ["Mechanical Keyboard"]


def test_catalogue_matcher_prefers_the_option_of_the_mentioned_product() -> None:
    bottle = MATCHER.extract("the stainless steel bottle")
    thermostat = MATCHER.extract("the thermostat in stainless steel")
    assert _values(bottle, "option") == [{"option": "material", "value": "stainless steel"}]
    assert _values(thermostat, "option") == [{"option": "color", "value": "stainless steel"}]


def test_catalogue_matcher_maps_aliases_to_catalogue_values() -> None:
    entities = MATCHER.extract("does it work with Google Home?")
    assert _values(entities, "option") == [{"option": "compatibility", "value": "Google Assistant"}]


def test_catalogue_matcher_reads_an_adjective_of_a_value_as_the_value() -> None:
    # "a wooden one": the store's vocabulary calls wood "wooden" (aliases.values)
    options = [("wood", "black"), ("glass", "black")]
    variants = {
        f"30000000{n}": {
            "item_id": f"30000000{n}",
            "options": {"material": m, "color": c},
            "available": True,
            "price": 100.0,
        }
        for n, (m, c) in enumerate(options)
    }
    shelf = {"3000000000": {"name": "Bookshelf", "product_id": "3000000000", "variants": variants}}
    matcher = CatalogueEntityMatcher(shelf, ALIASES)
    entities = matcher.extract("exchange the bookshelf for a wooden one, still black")
    assert {"option": "material", "value": "wood"} in _values(entities, "option")


def test_catalogue_matcher_needs_a_cue_for_bare_numbers_and_letters() -> None:
    assert _values(MATCHER.extract("I have 10 questions, m"), "option") == []
    assert _values(MATCHER.extract("shoes in size 10"), "option") == [
        {"option": "size", "value": "10"}
    ]


def test_catalogue_matcher_takes_a_short_value_listed_beside_a_sure_one() -> None:
    # "10" stands for a size only in a list of the same product's values, or beside its name.
    listed = MATCHER.extract("swap my running shoes for white, 10, leather")
    assert {"option": "size", "value": "10"} in _values(listed, "option")
    assert _values(MATCHER.extract("I asked 10 times about the running shoes"), "option") == []


@pytest.mark.parametrize(
    ("text", "sizes"),
    [
        ("got the wrong tshirt, I ordered a medium", [{"option": "size", "value": "M"}]),
        # no product in the message: "medium" is no size
        ("I ordered a medium", []),
        # a product in the message, but not one sold in letter sizes
        ("a large water bottle", []),
    ],
)
def test_catalogue_matcher_reads_a_letter_size_only_beside_a_product_sold_in_them(
    text: str, sizes: list[dict[str, str]]
) -> None:
    assert _values(MATCHER.extract(text), "option") == sizes


def test_catalogue_matcher_takes_a_weak_value_that_picks_a_variant() -> None:
    # "large" alone is an everyday word; "a large one" picks the speaker's variant.
    from deskpilot.domains.retail import generate_store

    demo = CatalogueEntityMatcher(generate_store()["products"], ALIASES)
    picked = demo.extract("I'd like the portable speaker, a large one please")
    assert {"option": "size", "value": "large"} in _values(picked, "option")
    alone = demo.extract("I have a large family and a portable speaker")
    assert {"option": "size", "value": "large"} not in _values(alone, "option")


def _items(order_id: str) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = ORDERS[order_id]["items"]
    return items


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("return the keyboard", {"item_ids": ["2000000011"], "ambiguous": False, "plural": False}),
        (
            "both shirts",
            {"item_ids": ["2000000021", "2000000022"], "ambiguous": False, "plural": True},
        ),
        (
            "the shirt is torn",
            {"item_ids": ["2000000021", "2000000022"], "ambiguous": True, "plural": False},
        ),
        (
            "the red shirt is torn",
            {"item_ids": ["2000000022"], "ambiguous": False, "plural": False},
        ),
        (
            "one of the shirts",
            {"item_ids": ["2000000021", "2000000022"], "ambiguous": True, "plural": False},
        ),
    ],
)
def test_catalogue_matcher_resolves_the_customers_items(
    text: str, expected: dict[str, Any]
) -> None:
    context = ExtractionContext(now=NOW, held=_items("#W7301110"))
    assert _values(MATCHER.extract(text, context), "item") == [expected]


def test_catalogue_matcher_says_when_both_does_not_fit() -> None:
    context = ExtractionContext(now=NOW, held=_items("#W8840052"))  # three shirts
    [item] = _values(MATCHER.extract("both shirts", context), "item")
    assert item["ambiguous"] is True
    assert len(item["item_ids"]) == 3


def test_catalogue_matcher_config_forbids_unknown_fields() -> None:
    with pytest.raises(ValidationError):
        CatalogueMatcherConfig(fuzz=90)  # type: ignore[call-arg]


# --- labelled test set --------------------------------------------------------------------------

# Measured when the bars were set (see the report in docs): every type at 1.00 precision and
# recall on messages.yaml after development, and on the held-out set at first run every type at
# 1.00 except ``item`` (0.80 / 0.80, "one of the tees" read as plural; since fixed). The bars
# leave room for about one miss per type, and fail on anything worse.
PRECISION_BAR = 0.9
RECALL_BAR = 0.9


def _canonical(kind: str, value: Any) -> str:
    if kind == "amount":
        return str(Decimal(str(value)).quantize(Decimal("0.01")))
    if kind == "item":  # the set labels which items and whether to ask; plurality is derived
        value = {k: v for k, v in value.items() if k != "plural"}
    return json.dumps(value, sort_keys=True)


def _score(files: Sequence[str]) -> dict[str, tuple[float, float, int]]:
    extractor = ChainedEntityExtractor([PATTERNS, MATCHER])
    tp: Counter[str] = Counter()
    fp: Counter[str] = Counter()
    fn: Counter[str] = Counter()
    for name in files:
        data = yaml.safe_load((FIXTURES / name).read_text())
        now = datetime.fromisoformat(data["now"])
        for message in data["messages"]:
            items = _items(message["order"]) if message.get("order") else ()
            found = extractor.extract(message["text"], ExtractionContext(now, items))
            got = {(e.type, _canonical(e.type, e.value)) for e in found}
            want = {(e["type"], _canonical(e["type"], e["value"])) for e in message["entities"]}
            tp.update(kind for kind, _ in got & want)
            fp.update(kind for kind, _ in got - want)
            fn.update(kind for kind, _ in want - got)
    return {
        kind: (
            tp[kind] / (tp[kind] + fp[kind]) if tp[kind] + fp[kind] else 1.0,
            tp[kind] / (tp[kind] + fn[kind]) if tp[kind] + fn[kind] else 1.0,
            tp[kind] + fn[kind],
        )
        for kind in sorted(set(tp) | set(fp) | set(fn))
    }


def test_entity_test_set_meets_precision_and_recall_bars() -> None:
    scores = _score(["messages.yaml", "messages_heldout.yaml"])
    table = "\n".join(f"{k:>10}: P={p:.2f} R={r:.2f} n={n}" for k, (p, r, n) in scores.items())
    assert len(scores) == 11, table
    assert all(p >= PRECISION_BAR and r >= RECALL_BAR for p, r, _ in scores.values()), table


def test_entity_test_set_is_the_size_it_claims() -> None:
    main = yaml.safe_load((FIXTURES / "messages.yaml").read_text())["messages"]
    heldout = yaml.safe_load((FIXTURES / "messages_heldout.yaml").read_text())["messages"]
    assert len(main) >= 60
    assert len(heldout) >= 20


# --- the reference store's own texts -------------------------------------------------------------

TAU_RETAIL = PROJECT_ROOT.parent / "shared" / "datasets" / "tau-retail"


@pytest.mark.skipif(not TAU_RETAIL.exists(), reason="tau-retail dataset not beside the project")
def test_extractors_on_tau_retail_task_texts_find_every_order_id_and_product_name() -> None:
    products = json.loads((TAU_RETAIL / "products.json").read_text())
    orders = json.loads((TAU_RETAIL / "orders.json").read_text())
    tasks = [
        *json.loads((TAU_RETAIL / "tasks_dev.json").read_text()),
        *json.loads((TAU_RETAIL / "tasks_test.json").read_text()),
    ]
    matcher = CatalogueEntityMatcher(products, ALIASES)
    names = sorted({p["name"] for p in products.values()}, key=len, reverse=True)
    for task in tasks:
        text = task["instruction"]
        entities = PATTERNS.extract(text, CONTEXT)
        found_ids = _values(entities, "order_id")
        written_ids = {f"#W{digits}" for digits in re.findall(r"\bW(\d{7})\b", text)}
        assert set(found_ids) == written_ids
        assert all(order_id in orders for order_id in found_ids)
        found_names = set(_values(matcher.extract(text), "product"))
        written = {n for n in names if re.search(rf"\b{re.escape(n)}\b", text, re.I)}
        assert written <= found_names, (written - found_names, text)


@pytest.mark.parametrize(
    ("text", "product"),
    [
        ("the headphoens I got", "Headphones"),
        ("my new keybaord", "Mechanical Keyboard"),
        ("the termostat", "Smart Thermostat"),
    ],
)
def test_catalogue_matcher_reads_typos_of_products(text: str, product: str) -> None:
    assert product in _values(MATCHER.extract(text), "product")


@pytest.mark.parametrize(
    "text",
    [
        "return those please",
        "whose order is this",
        "we moved house",
        "I want to speak to someone",
        "charge the difference to my card",
        "with linear switches",
        "kinds of things",
    ],
)
def test_everyday_words_are_not_read_as_products(text: str) -> None:
    assert _values(MATCHER.extract(text), "product") == []
