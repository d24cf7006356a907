"""What probes17-19 still lost, mended by general readings (docs/understanding.md, "Lists,
pasted lines, words pointing back and a wrong number corrected", 2026-12-07): a list written one
thing a line, a thing named before a colon with a word of how it was bought, a line copied from
the order, "it" pointing back at the product or order just talked about, a no that says where
the thing is, and a wrong order number corrected after the request was turned down. Each
mechanism is run on the words of the probe that found it and on words of no suite (the rows
marked "own"); the controls write nothing the customer did not ask for."""

from __future__ import annotations

import pytest

from deskpilot.testing import CaseResult

from ..conftest import (
    assert_passed,
    conversation_case,
    expected_write,
    run_reference_cases,
)

CLOCK_AND_PHONE = expected_write(
    "modify_pending_order_items",
    order_id="#W7613749",
    item_ids=["6508153405", "5311660992"],
    new_item_ids=["6534134392", "1507389580"],
    payment_method_id="paypal_9379149",
)
THERMOSTAT_AND_HOSE = expected_write(
    "modify_pending_order_items",
    order_id="#W2631563",
    item_ids=["2791467853", "5753502325"],
    new_item_ids=["4983901480", "3369928769"],
    payment_method_id="paypal_7160322",
)
HOSE_ONLY = expected_write(
    "modify_pending_order_items",
    order_id="#W2631563",
    item_ids=["5753502325"],
    new_item_ids=["3369928769"],
    payment_method_id="paypal_7160322",
)
KETTLE_AND_HELMET = expected_write(
    "modify_pending_order_items",
    order_id="#W6794581",
    item_ids=["1906487464", "1719127154"],
    new_item_ids=["3909406921", "1665571435"],
    payment_method_id="credit_card_1055108",
)
HOME_ADDRESS = expected_write(
    "modify_pending_order_address",
    order_id="#W6794581",
    address1="441 Hillcrest Drive",
    address2="Suite 386",
    city="Austin",
    country="USA",
    state="TX",
    zip="78762",
)
PHOENIX = expected_write(
    "modify_pending_order_address",
    order_id="#W1138897",
    address1="200 Main Street",
    address2="",
    city="Phoenix",
    country="USA",
    state="AZ",
    zip="85001",
)
BACKPACK = expected_write(
    "modify_pending_order_items",
    order_id="#W1138897",
    item_ids=["3557711149"],
    new_item_ids=["9851293632"],
    payment_method_id="credit_card_3185406",
)
ESPRESSO = expected_write(
    "exchange_delivered_order_items",
    order_id="#W3919881",
    item_ids=["6200867091"],
    new_item_ids=["3714494375"],
    payment_method_id="paypal_3226997",
)
TABLET = expected_write(
    "exchange_delivered_order_items",
    order_id="#W5673917",
    item_ids=["2106335193"],
    new_item_ids=["2235648106"],
    payment_method_id="paypal_1053133",
)
EARBUDS = expected_write(
    "exchange_delivered_order_items",
    order_id="#W6893533",
    item_ids=["1646531091"],
    new_item_ids=["8555936349"],
    payment_method_id="paypal_6151711",
)
PUZZLE_ADDRESS = expected_write(
    "modify_pending_order_address",
    order_id="#W5356919",
    address1="870 Oak Street",
    address2="Suite 766",
    city="San Jose",
    country="USA",
    state="CA",
    zip="95161",
)
PUZZLE = expected_write(
    "modify_pending_order_items",
    order_id="#W5356919",
    item_ids=["9370300555"],
    new_item_ids=["4068787148"],
    payment_method_id="paypal_2684483",
)
LAMP_ADDRESS = expected_write(
    "modify_pending_order_address",
    order_id="#W8306539",
    address1="12 Pine Street",
    address2="",
    city="Denver",
    country="USA",
    state="CO",
    zip="80202",
)
LAMP = expected_write(
    "modify_pending_order_items",
    order_id="#W8306539",
    item_ids=["7624783998"],
    new_item_ids=["1569765161"],
    payment_method_id="gift_card_9164233",
)
CHAIR = expected_write(
    "modify_pending_order_items",
    order_id="#W5911003",
    item_ids=["4274709903"],
    new_item_ids=["8426249116"],
    payment_method_id="gift_card_4855547",
)
SPEAKER = expected_write(
    "modify_pending_order_items",
    order_id="#W5061109",
    item_ids=["3254583681"],
    new_item_ids=["9440686670"],
    payment_method_id="paypal_3742148",
)
BOTTLE_CANCELLED = expected_write(
    "cancel_pending_order", order_id="#W8664580", reason="ordered by mistake"
)
NOTHING = {"actions": [], "escalated": False}

CASES = [
    # --- a list written one thing a line: each line is a sentence of its own ---------------
    conversation_case(
        "bullets after a greeting paragraph",
        [
            "Hello! I hope your day is going well. I've been meaning to sort this out since "
            "last week but work got in the way. My name is Olivia Silva and my zip is 32240. "
            "It's about my pending order with the espresso machine. Here's what I need:\n"
            "- wall clock: 10 inches instead of 12, and wood instead of white\n"
            "- phone: black instead of rose gold, and 128GB\n"
            "PayPal for any difference. Thank you!",
            "yes",
        ],
        {"actions": [CLOCK_AND_PHONE], "escalated": False},
    ),
    conversation_case(
        "own: bullets, the thermostat and the hose",
        [
            "Hi! Hope you're well. I'm Mei Ahmed, zip 43197. It's about my pending order with "
            "the thermostat and the hose. Here's the list:\n"
            "- thermostat: Apple HomeKit, and black instead of stainless steel\n"
            "- hose: vinyl instead of rubber\n"
            "Please use PayPal for any difference. Thanks!",
            "yes",
        ],
        {"actions": [THERMOSTAT_AND_HOSE], "escalated": False},
    ),
    # --- a thing named before a colon: how it was bought says which, not how it is ----------
    conversation_case(
        "the kettle I bought for my mum, in a numbered list",
        [
            "Good morning! Liam Santos, 78762. I have a pending order going to Chicago that "
            "needs a few fixes, if you don't mind:\n"
            "1. ship it to my home address in Austin instead\n"
            "2. the kettle I bought for my mum: glass, 1 liter, for a gas stove\n"
            "3. the helmet: size L, black, high ventilation\n"
            "My visa for any difference. Many thanks",
            "yes",
            "yes",
        ],
        {"actions": [HOME_ADDRESS, KETTLE_AND_HELMET], "escalated": False},
    ),
    conversation_case(
        "own: the backpack I bought for my son",
        [
            "Hello, Ethan Smith, 85001. Two things for my pending order:\n"
            "1. please send it to 200 Main Street, Phoenix, AZ 85001 instead\n"
            "2. the backpack I bought for my son: camera compartment, same green\n"
            "Visa for any difference.",
            "yes",
            "yes",
        ],
        {"actions": [PHOENIX, BACKPACK], "escalated": False},
    ),
    # --- lines copied from the order say what it holds, not what is asked -------------------
    conversation_case(
        "a pasted confirmation email, the espresso machine",
        [
            "Hi, Liam Nguyen, zip 95184. This is from my confirmation email:\n\n"
            "Order #W3919881 - Delivered\n"
            "Espresso Machine - 19 bar / 1L / capsule ... $2,955.17\n"
            "Bluetooth Speaker - black / 10 hours ... $293.46\n\n"
            "I want to exchange the espresso machine for a manual one with 15 bar. Same 1L "
            "size. PayPal please.",
            "yes",
        ],
        {"actions": [ESPRESSO], "escalated": False},
    ),
    conversation_case(
        "own: a pasted order page, only the hose",
        [
            "Mei Ahmed, 43197. From my order page:\n\n"
            "Smart Thermostat - Google Assistant / stainless steel ... $242.53\n"
            "Garden Hose - 25ft / rubber / green ... $96.35\n\n"
            "Could you change the hose to vinyl? Same length and colour. PayPal for the "
            "difference.",
            "yes",
        ],
        {"actions": [HOSE_ONLY], "escalated": False},
    ),
    # --- "it" points back at the product, or the order, just talked about -------------------
    conversation_case(
        "exchange it, after a question about the tablet",
        [
            "Hi, harper.ito2682@example.com. How much more would the black 10-inch tablet "
            "with 32GB cost compared with the silver 64GB one I received?",
            "OK, that's fine then, let's exchange it for the black 32GB one. PayPal.",
            "yes",
        ],
        {"actions": [TABLET], "escalated": False},
    ),
    conversation_case(
        "own: exchange it, after a question about the earbuds",
        [
            "Hi, ivan.santos3158@example.com. How much more would blue earbuds with 8 hours of "
            "battery cost, compared with the 6 hour ones I received?",
            "alright, please exchange it for the 8 hour one. PayPal.",
            "yes",
        ],
        {"actions": [EARBUDS], "escalated": False},
    ),
    conversation_case(
        "make it the 500 piece one, after the address",
        [
            'james lee 95161. pending order: "Jigsaw Puzzle - 1000 pieces, art, expert - '
            '$45.90 - ships to 303 Elm Avenue, Los Angeles". need it shipped to 870 Oak Street, '
            "Suite 766, San Jose, CA 95161 instead",
            "ya",
            "also make it the 500 piece one, intermediate. paypal",
            "ya",
        ],
        {"actions": [PUZZLE_ADDRESS, PUZZLE], "escalated": False},
    ),
    conversation_case(
        "own: make it the silver one, after the address",
        [
            "daiki.jackson9202@example.com. please ship my pending order to 12 Pine Street, "
            "Denver, CO 80202 instead",
            "yes",
            "also make it the silver one, low brightness. gift card",
            "yes",
        ],
        {"actions": [LAMP_ADDRESS, LAMP], "escalated": False},
    ),
    # --- a no that says where the thing is, of the proposal's own subject --------------------
    conversation_case(
        "the chair isn't in that one",
        [
            "Ava Lopez, zip 92168. the office chair in my Chicago order - I'd like it in black "
            "fabric with fixed armrests. gift card for the difference",
            "oh wait, the chair isn't in that one, it's the San Diego order. same change: "
            "black, fabric, fixed armrests, keep the standard back",
            "yes",
        ],
        {"actions": [CHAIR], "escalated": False},
    ),
    conversation_case(
        "own: the lamp isn't in that one",
        [
            "daiki.jackson9202@example.com. the desk lamp in my Boston order - I want it "
            "silver with low brightness. gift card",
            "oh wait, the lamp isn't in that one, it's the Denver order. same change please",
            "yes",
        ],
        {"actions": [LAMP], "escalated": False},
    ),
    conversation_case(
        "control: a plain no to the proposal",
        [
            "daiki.jackson9202@example.com. the desk lamp in my Boston order - I want it "
            "silver with low brightness. gift card",
            "no, leave the lamp as it is",
            "yes",
        ],
        NOTHING,
    ),
    # --- a wrong order number, corrected after the request was turned down ------------------
    conversation_case(
        "wrong number, the speaker's change",
        [
            "Hi, chen.johnson3889@example.com. In order #W3973757 I'd like to change the "
            "bluetooth speaker to green, and it doesn't need to be water resistant.",
            "sorry, wrong number - it's #W5061109, the one with the makeup kit, earbuds and "
            "office chair. Same 20 hour battery. PayPal.",
            "yes",
            "yes",
        ],
        {"actions": [SPEAKER], "escalated": False},
    ),
    conversation_case(
        "own: wrong number, a cancellation",
        [
            "Hi, emma.ito3790@example.com. Please cancel order #W3780282, I ordered it by mistake.",
            "sorry, wrong number - it's #W8664580, the one with the water bottle.",
            "yes",
        ],
        {"actions": [BOTTLE_CANCELLED], "escalated": False},
    ),
    conversation_case(
        "control: the same order again is turned down again",
        [
            "Hi, emma.ito3790@example.com. Please cancel order #W3780282, I ordered it by mistake.",
            "sorry, wrong number - it's #W3780282, the coffee maker.",
            "yes",
        ],
        NOTHING,
    ),
]


@pytest.fixture(scope="module")
def results(tmp_path_factory: pytest.TempPathFactory) -> dict[str, CaseResult]:
    return run_reference_cases(CASES, tmp_path_factory.mktemp("lists_pasted_pointed_back"))


@pytest.mark.parametrize(
    "name", ["bullets after a greeting paragraph", "own: bullets, the thermostat and the hose"]
)
def test_a_line_of_a_list_is_a_sentence_of_its_own(
    results: dict[str, CaseResult], name: str
) -> None:
    assert_passed(results[name])


@pytest.mark.parametrize(
    "name",
    [
        "the kettle I bought for my mum, in a numbered list",
        "own: the backpack I bought for my son",
    ],
)
def test_what_is_said_before_a_colon_only_names_the_thing(
    results: dict[str, CaseResult], name: str
) -> None:
    assert_passed(results[name])


@pytest.mark.parametrize(
    "name",
    [
        "a pasted confirmation email, the espresso machine",
        "own: a pasted order page, only the hose",
    ],
)
def test_lines_copied_from_the_order_are_not_asked_about(
    results: dict[str, CaseResult], name: str
) -> None:
    assert_passed(results[name])


@pytest.mark.parametrize(
    "name",
    [
        "exchange it, after a question about the tablet",
        "own: exchange it, after a question about the earbuds",
        "make it the 500 piece one, after the address",
        "own: make it the silver one, after the address",
    ],
)
def test_it_points_back_at_what_was_just_talked_about(
    results: dict[str, CaseResult], name: str
) -> None:
    assert_passed(results[name])


@pytest.mark.parametrize(
    "name",
    [
        "the chair isn't in that one",
        "own: the lamp isn't in that one",
        "control: a plain no to the proposal",
    ],
)
def test_a_no_saying_where_the_thing_is_keeps_the_proposal(
    results: dict[str, CaseResult], name: str
) -> None:
    assert_passed(results[name])


@pytest.mark.parametrize(
    "name",
    [
        "wrong number, the speaker's change",
        "own: wrong number, a cancellation",
        "control: the same order again is turned down again",
    ],
)
def test_a_wrong_number_corrected_asks_the_request_again(
    results: dict[str, CaseResult], name: str
) -> None:
    assert_passed(results[name])
