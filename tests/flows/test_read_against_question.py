"""An answer is read against the question it answers: the one choice the question listed that
its words describe by what only that choice holds, words ruled out in their clause set aside;
and an open question asked a second time lists what the answer may be."""

from __future__ import annotations

import re

import pytest

from deskpilot.flows import Phrasing

from .conftest import DEMO, RETAIL, Chat

PHRASING = Phrasing(RETAIL.vocabulary.dialogue, RETAIL.vocabulary.requests.corrections)
ORDERS = (
    "#W3414433 (pending: Digital Camera, Electric Kettle, Wall Clock)",
    "#W3189752 (pending: Bluetooth Speaker, Electric Kettle, Makeup Kit, Office Chair)",
)
METHODS = ("Paypal", "Visa card ending 3194", "gift card (balance $56.00)")
REASONS = ("ordered by mistake", "no longer needed")


@pytest.mark.parametrize(
    ("words", "choices", "index"),
    [
        ("the one with the wall clock, not the one with the office chair", ORDERS, 0),
        ("there's two with a kettle. the one with the speaker", ORDERS, 1),
        ("W3189752 please", ORDERS, 1),
        ("the one with the camera... no wait, the one with the makeup kit", ORDERS, 1),
        ("the kettle one", ORDERS, None),  # both hold a kettle
        ("not the one with the office chair", ORDERS, None),  # ruled out only: never a guess
        ("the one with the camera and the chair", ORDERS, None),  # one word of each
        ("the camera one, not the camera one", ORDERS, None),  # named and ruled out
        ("yes", ORDERS, None),
        ("the visa please", METHODS, 1),
        ("on the card", METHODS, None),  # a word two choices hold
        ("not paypal, the gift card", METHODS, 2),
        ("the visa", METHODS[:1], None),  # nothing to tell apart
        ("no longer needed", REASONS, 1),  # the choice's own "no" negates nothing
        ("not by mistake, I no longer need it", REASONS, 1),
    ],
)
def test_an_answer_describes_one_choice_by_what_only_it_holds(
    words: str, choices: tuple[str, ...], index: int | None
) -> None:
    assert PHRASING.described(words, choices) == index


@pytest.mark.parametrize(
    ("words", "ruled"),
    [
        ("not the one with the office chair", {1}),
        ("the one with the clock, not the one with the office chair", {1}),
        ("not the camera one, the camera one", set()),  # named as well
        ("the one with the kettle", set()),
        ("no longer needed", set()),  # the choice's own words, not a negation
    ],
)
def test_an_answer_rules_out_a_choice_by_what_only_it_holds(words: str, ruled: set[int]) -> None:
    assert PHRASING.ruled_out(words, ORDERS) == ruled


def _two_pending_sharing_a_product() -> tuple[dict[str, object], list[str], str, list[str]]:
    """A customer with two pending orders that hold one product alike and others apart: the
    customer, the orders, the shared product and, per order, a product only it holds."""
    for user in DEMO["users"].values():
        pending = [o for o in user["orders"] if DEMO["orders"][o]["status"] == "pending"]
        if len(pending) != 2:
            continue
        a, b = ({i["name"] for i in DEMO["orders"][o]["items"]} for o in pending)
        if len(a & b) == 1 and a - b and b - a:
            return user, pending, next(iter(a & b)), [min(a - b), min(b - a)]
    raise AssertionError("no customer with two such pending orders")


def test_an_order_described_by_what_only_it_holds_is_the_one_cancelled(chat: Chat) -> None:
    user, pending, shared, only = _two_pending_sharing_a_product()
    chat.say(str(user["email"]))
    listed = chat.say(f"Please cancel my order with the {shared.lower()}, it was a mistake.")
    assert set(re.findall(r"#W\d{7}", listed)) == set(pending), listed
    shown = re.findall(r"#W\d{7}", listed)
    place = shown.index(pending[0])
    confirm = chat.say(
        f"oh right there's two with the {shared.lower()}. the one with the {only[0].lower()}, "
        f"not the one with the {only[1].lower()}"
    )
    assert f"I'll cancel order {shown[place]}" in confirm, confirm
    chat.say("yes")
    assert chat.writes() == [
        ("cancel_pending_order", {"order_id": pending[0], "reason": "ordered by mistake"})
    ]


def test_an_answer_ruling_out_one_of_two_orders_is_never_read_as_that_order(chat: Chat) -> None:
    user, pending, shared, only = _two_pending_sharing_a_product()
    chat.say(str(user["email"]))
    chat.say(f"Please cancel my order with the {shared.lower()}, it was a mistake.")
    again = chat.say(f"not the one with the {only[1].lower()}")
    assert f"cancel order {pending[1]}" not in again, again  # the one ruled out
    assert again.startswith("Sorry, I didn't catch that."), again
    assert chat.writes() == []


def test_the_items_question_asked_again_lists_the_order_s_items(chat: Chat) -> None:
    order_id, order = next(
        (o, d)
        for o, d in DEMO["orders"].items()
        if d["status"] == "pending" and len({i["name"] for i in d["items"]}) >= 2
    )
    email = DEMO["users"][order["user_id"]]["email"]
    first = chat.say(f"{email}. I'd like to change some items in order {order_id}")
    assert first.startswith("Which items should change?"), first
    again = chat.say("hmm, purple")
    assert again.startswith("Sorry, I didn't catch that. You can answer with one of these:"), again
    for item in order["items"]:
        assert item["name"] in again
    # the list shown may now be answered by a place in it
    second = str(order["items"][1]["name"])
    picked = chat.say("the second one")
    assert "didn't catch" not in picked and second in picked, picked
    assert chat.writes() == []
