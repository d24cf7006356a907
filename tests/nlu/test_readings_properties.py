"""Properties of the readings every command rests on: splitting a message into its requests
loses no word and keeps their order; negation is read just before a mention; and the store's
postal addresses are read back exactly as written, in any case and spacing."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from deskpilot.domains.retail._address import STATE_NAMES, parse_address
from deskpilot.flows import Phrasing, RequestVerbs
from deskpilot.nlu._segments import Segmenter
from deskpilot.workspace import load_workspace

from ..conftest import RETAIL_WORKSPACE

VOCABULARY = load_workspace(RETAIL_WORKSPACE).vocabulary
SEGMENTER = Segmenter(VOCABULARY.requests)
segments, ASKS = SEGMENTER.segments, SEGMENTER.asks
PHRASING = Phrasing(VOCABULARY.dialogue)
negated, pointer = PHRASING.negated, PHRASING.pointer
clauses, carry_subjects = PHRASING.clauses, PHRASING.carry_subjects

_REQUESTS = st.sampled_from(
    [
        "cancel order #W1234567",
        "return the yoga mat",
        "change my address to the new one",
        "exchange the kettle for a glass one",
        "where is my order",
        "use my PayPal for the difference",
    ]
)
_JOINERS = st.sampled_from([". ", "; ", ". Also ", " and also ", ", and then ", ". Then "])


def _words(text: str) -> list[str]:
    return re.findall(r"[A-Za-z0-9#]+", text.lower())


@given(st.lists(_REQUESTS, min_size=1, max_size=4), st.lists(_JOINERS, min_size=3, max_size=3))
def test_property_segments_lose_no_word_and_keep_the_order(
    requests: list[str], joiners: list[str]
) -> None:
    text = requests[0]
    for joiner, request in zip(joiners, requests[1:], strict=False):
        text += joiner + request
    parts = segments(text)
    assert _words(" ".join(parts)) == _words(text)
    assert len(parts) <= len(_words(text))


@given(_REQUESTS, _REQUESTS)
def test_property_two_requests_after_a_full_stop_are_two_parts(first: str, second: str) -> None:
    parts = segments(f"{first.capitalize()}. {second.capitalize()}.")
    assert len(parts) == 2


_NOUNS = st.sampled_from(["backpack", "kettle", "boots", "yoga mat", "hoodie", "lamp"])
_NOT = st.sampled_from(["not the", "not my", "except the", "without the", "keep the", "leave the"])


@given(_NOUNS, _NOT, st.sampled_from(["Return everything, ", "Change it all ", ""]))
def test_property_a_mention_right_after_a_negation_is_negated(
    noun: str, no: str, lead: str
) -> None:
    text = f"{lead}{no} {noun}"
    assert negated(text, text.rindex(noun))


@given(_NOUNS, st.sampled_from(["Return the", "Please exchange my", "I want to change the"]))
def test_property_a_plain_mention_is_not_negated(noun: str, lead: str) -> None:
    text = f"{lead} {noun}"
    assert not negated(text, text.rindex(noun))


_ALL_KEPT = st.sampled_from(
    ["Everything's fine", "Everything else is fine", "I'm keeping everything"]
)


@given(st.lists(_NOUNS, min_size=2, max_size=2, unique=True), _ALL_KEPT)
def test_property_what_is_excepted_from_keeping_everything_is_acted_on(
    nouns: list[str], kept: str
) -> None:
    first, other = nouns
    # "Everything's fine except the lamp": the lamp is not excluded but the one thing asked
    # about; every other mention of the message is set aside.
    text = f"I got a {other} and a {first}. {kept} except the {first}, please take it back."
    at = text.rindex(first)
    assert not negated(text, at) and PHRASING.excepted(text, at)
    assert not PHRASING.set_aside_but(text, at)
    assert PHRASING.set_aside_but(text, text.index(other))


@given(_NOUNS, st.sampled_from(["not the", "except the", "keep the"]))
def test_property_without_keeping_everything_an_exception_still_excludes(
    noun: str, no: str
) -> None:
    text = f"Return all of it {no} {noun}"
    assert negated(text, text.rindex(noun)) and not PHRASING.set_aside_but(text, 0)


@given(st.lists(_NOUNS, min_size=3, max_size=5, unique=True), st.booleans())
def test_property_every_item_of_a_list_describing_an_order_only_points_at_it(
    nouns: list[str], oxford: bool
) -> None:
    # "From the order with the kettle, lamp and boots, return the hoodie" (with two, "the
    # kettle, and the lamp" may as well start another clause: see the next property)
    listed = ", ".join(nouns[:-1]) + ("," if oxford else "") + f" and {nouns[-1]}"
    text = f"From the order with the {listed}, return the item"
    at = 0
    for noun in nouns:
        at = text.index(noun, at)
        assert pointer(text, at), noun
    assert not pointer(text, text.rindex("item"))


@given(st.sampled_from(["e-reader", "usb-c charger", "t-shirt", "smart-watch"]), _NOUNS)
def test_property_hyphenated_names_in_a_description_point_too(first: str, second: str) -> None:
    # "The boots from my order with the e-reader and the camera gave me blisters"
    text = f"The boots from my order with the {first} and the {second} gave me blisters"
    assert pointer(text, text.index(first)) and pointer(text, text.rindex(second))
    assert not pointer(text, text.index("boots"))


@given(_NOUNS, _NOUNS)
def test_property_a_clause_joined_after_a_description_is_no_pointer(
    first: str, second: str
) -> None:
    # "the keyboard with clicky switches, and the kettle for a green one": the kettle is asked
    text = f"Exchange the order with the {first}, and the {second} for a green one"
    assert not pointer(text, text.rindex(second))


_STREETS = st.sampled_from(["Oak", "Maple", "Elm", "Park", "Highland", "Sunset"])
_SUFFIXES = st.sampled_from(["Street", "St", "Avenue", "Ave", "Drive", "Lane", "Road"])
_CITIES = st.sampled_from(["Austin", "Fort Worth", "New York", "San Jose", "Denver"])
_STATES = st.sampled_from(["TX", "NY", "CA", "CO", "WA"])


@given(
    st.integers(1, 99999),
    _STREETS,
    _SUFFIXES,
    st.one_of(st.none(), st.integers(1, 999)),
    _CITIES,
    _STATES,
    st.integers(10000, 99999),
    st.booleans(),
)
def test_property_a_written_address_is_read_back_exactly(
    number: int,
    street: str,
    suffix: str,
    suite: int | None,
    city: str,
    state: str,
    zip_code: int,
    lower: bool,
) -> None:
    unit = f", Suite {suite}" if suite is not None else ""
    written = f"{number} {street} {suffix}{unit}, {city}, {state} {zip_code}"
    said = f"Please ship it to {written.lower() if lower else written} instead."
    assert parse_address(said) == {
        "address1": f"{number} {street} {suffix}",
        "address2": f"Suite {suite}" if suite is not None else "",
        "city": city,
        "state": state,
        "country": "USA",
        "zip": str(zip_code),
    }


@given(st.sampled_from(["ZZ", "QQ", "XX"]))
def test_property_an_address_outside_the_states_is_not_one(state: str) -> None:
    assert parse_address(f"12 Oak St, Austin, {state} 78701") is None


@given(st.sampled_from(sorted(STATE_NAMES.items())), st.booleans())
def test_property_a_state_written_out_is_read_as_its_code(
    named: tuple[str, str], title: bool
) -> None:
    name, code = named
    written = name.title() if title else name
    address = parse_address(f"it should be 445 Maple Drive, Suite 394, Fort Worth, {written} 76165")
    assert address is not None and address["state"] == code


def test_a_street_named_without_a_suffix_is_read() -> None:
    # "Broadway" is a street's whole name, as "Main Street" is.
    address = parse_address("580 Broadway, Suite 162, Denver, CO 80265, USA.")
    assert address is not None
    assert (address["address1"], address["address2"], address["zip"]) == (
        "580 Broadway",
        "Suite 162",
        "80265",
    )


def test_a_clause_naming_nothing_goes_on_about_the_subject_before_it_in_its_sentence() -> None:
    text = "The bookshelf should be brown, and a foot shorter. And the kettle in black. Gift card."
    assert clauses(text) == [
        "The bookshelf should be brown",
        "a foot shorter",
        "And the kettle in black",
        "Gift card.",
    ]
    named = [{"bookshelf"}, set(), {"kettle"}, set()]
    # "a foot shorter" is the bookshelf's; "Gift card." starts a sentence: said of no one
    assert carry_subjects(text, named) == [{"bookshelf"}, {"bookshelf"}, {"kettle"}, set()]
    # two subjects before it: whose it is, is not told
    both = [{"bookshelf", "kettle"}, set(), {"kettle"}, set()]
    assert carry_subjects(text, both)[1] == set()


def test_a_sentence_naming_nothing_that_points_back_is_said_of_the_subject_before_it() -> None:
    text = "The earbuds: a shorter battery. I first thought black, but no, keep them blue. Visa."
    parts = clauses(text)
    assert parts == [
        "The earbuds: a shorter battery",
        "I first thought black, but no, keep them blue",
        "Visa.",
    ]
    named = [{"earbuds"}, set(), set()]
    # "keep them blue" is the earbuds'; "Visa." points back at nothing: said of no one
    assert carry_subjects(text, named) == [{"earbuds"}, {"earbuds"}, set()]
    # two subjects before it: which "them" is, is not told
    assert carry_subjects(text, [{"earbuds", "speaker"}, set(), set()])[1] == set()
    # a sentence with a determiner may describe its own subject ("the silver one")
    text = "It came with my dumbbells. The silver one I received - exchange it for a 10 inch."
    assert carry_subjects(text, [{"dumbbells"}, set()]) == [{"dumbbells"}, set()]


def test_a_dash_enclosed_aside_stays_with_its_part_and_a_part_keeps_its_words() -> None:
    text = (
        "The chair in gray, same fabric. And the water bottle a bit bigger - 750ml - in "
        "plastic, same black. Visa. Return the lamp - but use my visa for it"
    )
    assert segments(text) == [
        "The chair in gray, same fabric",
        "And the water bottle a bit bigger - 750ml - in plastic, same black. Visa",
        "Return the lamp - but use my visa for it",
    ]
    # after the second dash, a request of its own starts a part
    assert segments("Change the address - same as my other order - and cancel the lamp") == [
        "Change the address - same as my other order",
        "and cancel the lamp",
    ]


def test_without_the_workspace_words_nothing_is_negated_or_a_pointer() -> None:
    bare = Phrasing()
    text = "Return everything but not the kettle from the order with the lamp"
    assert not bare.negated(text, text.index("kettle"))
    assert not bare.pointer(text, text.index("lamp"))
    assert bare.clauses("One. Two, and three") == ["One", "Two, and three"]


@pytest.mark.parametrize(
    ("part", "asks"),
    [
        ("and my order with the bike needs to go to 12 Main Street instead", True),
        ("For my LA order, please exchange the kettle", True),
        ("can you check where it is", True),
        ("the boots I got look worn", False),
        ("my sister already bought me one", False),
    ],
)
def test_a_part_asks_for_something_by_the_workspace_words(part: str, asks: bool) -> None:
    assert ASKS(part) is asks


@pytest.mark.parametrize(
    ("text", "mention", "points"),
    [
        # a member of a list after "with" that goes on after it
        ("the order with the kettle, the backpack and the lamp", "backpack", True),
        ("the order with the kettle, backpack, desk lamp and the hoodie", "hoodie", True),
        ("the order with the kettle, the backpack, and the lamp", "backpack", True),
        # after a comma only, the subject of what follows, not a member of the list
        ("in my other order, with the makeup kit, the garden hose is green", "garden", False),
        ("my order with the lamp, the kettle should be white", "kettle", False),
    ],
)
def test_a_list_member_after_commas_points_only_when_the_list_goes_on(
    text: str, mention: str, points: bool
) -> None:
    assert pointer(text, text.index(mention)) is points


@given(st.lists(_REQUESTS, min_size=2, max_size=4, unique=True), st.sampled_from([". ", " ", ", "]))
def test_property_a_numbered_list_is_one_part_per_number(requests: list[str], gap: str) -> None:
    # "Two things. 1) return the yoga mat. 2) cancel order #W1234567": each number starts a part.
    text = "Two things." + "".join(
        f"{gap if n else ' '}{n + 1}) {request}" for n, request in enumerate(requests)
    )
    numbered = [p for p in segments(text) if re.match(r"\d\)", p)]
    assert len(numbered) == len(requests), segments(text)


REQUESTS = RequestVerbs(VOCABULARY.dialogue)


@pytest.mark.parametrize(
    ("text", "names", "only_negated"),
    [
        ("please cancel order #W1234567", True, False),
        ("I don't want to cancel the whole order, just the kettle", True, True),
        ("no need to cancel it", True, True),
        ("if I cancelled it, how much would I get back?", True, True),
        ("what would happen if I cancel it?", True, True),
        ("don't cancel it yet, but cancel the other one", True, False),
        ("I don't want the kettle anymore, cancel it", True, False),
        ("where is my order?", False, False),
        # "if" just before a negator opens a fallback (dialogue.not_asking.fallback)
        ("is it shipped? if not cancel it", True, False),
        ("has it shipped? if not, cancel it", True, False),
        ("if you can't, do not cancel it", True, True),
    ],
)
def test_a_request_verb_said_but_not_asked_for_asks_nothing(
    text: str, names: bool, only_negated: bool
) -> None:
    assert REQUESTS.names(text, "cancel_order") is names
    assert REQUESTS.only_negated(text, "cancel_order") is only_negated


@pytest.mark.parametrize(
    ("text", "names", "only_negated"),
    [
        ("the speaker and the bulb, sending those two back", True, False),
        ("I'm sending the boots back", True, False),
        ("please send them back to me as a return", True, False),
        ("I don't want to send the boots back", True, True),
        ("send it to my other address", False, False),
        ("the kettle came back broken", False, False),
    ],
)
def test_a_return_is_named_by_sending_things_back(
    text: str, names: bool, only_negated: bool
) -> None:
    assert REQUESTS.names(text, "return_items") is names
    assert REQUESTS.only_negated(text, "return_items") is only_negated


@pytest.mark.parametrize(
    ("text", "taken_back"),
    [
        ("cancel my order, I ordered it by mistake... actually, forget it, don't cancel it", True),
        ("please cancel it. No wait, don't cancel anything. Keep it as it is.", True),
        ("If I cancelled it, how much would I get back? Don't cancel anything yet.", False),
        ("don't cancel the kettle order. cancel the lamp one", False),
        ("cancel my order, I don't need it", False),
        ("I don't want to cancel it", False),
    ],
)
def test_a_request_asked_and_then_taken_back_asks_nothing(text: str, taken_back: bool) -> None:
    assert REQUESTS.taken_back(text, "cancel_order") is taken_back


def test_without_the_workspace_words_no_request_is_named_by_a_verb() -> None:
    bare = RequestVerbs()
    assert not bare.names("please cancel it", "cancel_order")
    assert not bare.only_negated("don't cancel it", "cancel_order")


CORRECTING = Phrasing(VOCABULARY.dialogue, VOCABULARY.requests.corrections)


@pytest.mark.parametrize(
    ("text", "after"),
    [
        (
            "cancel my order going to Dallas. no wait, sorry, not the Dallas one - the other one",
            ", sorry, not the Dallas one - the other one",
        ),
        ("return the lamp... no, I mean the kettle", " the kettle"),
        ("cancel the order with the lamp, I ordered it by mistake", None),
        ("no, I don't want a refund", None),
    ],
)
def test_what_follows_a_correction_replaces_what_came_before(text: str, after: str | None) -> None:
    assert CORRECTING.corrected(text) == after
    assert Phrasing(VOCABULARY.dialogue).corrected(text) is None  # no correction words, none


@pytest.mark.parametrize(
    "text",
    [
        "Let's start with the hiking boots I received: exchange them for a size 9",
        "I'd like to begin with the kettle, it leaks",
        "first deal with the blender please",
        "a charger along with the boots",
    ],
)
def test_what_a_customer_starts_or_deals_with_is_no_pointer(text: str) -> None:
    noun = next(n for n in ("boots", "kettle", "blender") if n in text)
    assert not pointer(text, text.index(noun))
    # while the order with it still points at the order
    pointing = text.replace("start with", "have an order with").replace("deal with", "order with")
    if pointing != text:
        assert pointer(pointing, pointing.index(noun))


@pytest.mark.parametrize(
    ("said", "address1", "address2"),
    [
        # a street taken back and written again: the number stays, the second street is meant
        (
            "has to go to my brother instead: 320 Ceder Avenue - sorry, Cedar Avenue - "
            "Suite 116, San Antonio, Texas 78219.",
            "320 Cedar Avenue",
            "Suite 116",
        ),
        ("10 Main Street - no, Elm Street, Apt 3, Boston, MA 02101", "10 Elm Street", "Apt 3"),
        # the unit after a dash
        ("ship it to 9 Oak Lane – Unit 4, Austin, TX 78701", "9 Oak Lane", "Unit 4"),
        # no slip: the first street stands
        ("7 Pine Road, Suite 2, Austin, TX 78701", "7 Pine Road", "Suite 2"),
    ],
)
def test_an_address_written_with_a_slip_or_a_dash_is_read(
    said: str, address1: str, address2: str
) -> None:
    address = parse_address(said)
    assert address is not None, said
    assert (address["address1"], address["address2"]) == (address1, address2)


@pytest.mark.parametrize(
    ("part", "wants"),
    [
        ("(3) That same order must go to Dallas", True),
        ("I paid with PayPal but I would like the Mastercard charged instead", True),
        ("The running shoes should be yellow, not black", True),
        ("it needs to be the 1000ml one", True),
        # no word of how a thing ought to be, nor one inside another word
        ("Thank you so much, hope you're well!", False),
        ("The order I just placed with the two watches", False),
        ("my shoulder bag arrived", False),
        ("the mustard jar", False),
    ],
)
def test_a_part_says_how_a_thing_ought_to_be_by_the_workspaces_words(
    part: str, wants: bool
) -> None:
    assert SEGMENTER.wants(part) is wants
