"""Which item a wish is for and what it asks, in the store's words: the very same item again
("the same helmet again"), and a payment said of everything ("Everything on my PayPal") that
names no item — through the real pipeline over the copy of the demo store with a helmet and a
coffee maker (``test_described_and_corrected``)."""

from __future__ import annotations

import copy
from collections.abc import Iterator
from pathlib import Path

import pytest

from deskpilot.components import domain_knowledge
from deskpilot.domains.retail import RetailStore
from deskpilot.domains.retail._variants import choose_variant, scales_of
from deskpilot.flows import Phrasing
from deskpilot.runtime import build_runtime
from deskpilot.settings import Settings

from ..conftest import RETAIL_WORKSPACE
from .conftest import DEMO, RETAIL, Chat, demo_slot_context
from .test_described_and_corrected import DELIVERED, STORE, _item, _owner, _paypal, _product


@pytest.fixture
def helmet_chat(tmp_path: Path) -> Iterator[Chat]:
    settings = Settings(data_dir=tmp_path, database_url="sqlite://", workspace=RETAIL_WORKSPACE)
    runtime = build_runtime(settings, store=RetailStore.in_memory(copy.deepcopy(STORE)))
    yield Chat(runtime)
    runtime.close()


def test_the_same_product_again_is_the_very_same_item(helmet_chat: Chat) -> None:
    # "same * again" (scales.same_item): the product's name between, its values as it is now
    helmet_chat.say(_owner()["email"])
    reply = helmet_chat.say(
        f"From my delivered order {DELIVERED}: the cycling helmet arrived with a crack in it. "
        "I want to exchange it for the same helmet again - medium, red, low ventilation. PayPal."
    )
    assert "M, red, low" in reply and "Shall I go ahead" in reply, reply
    helmet_chat.say("yes")
    assert helmet_chat.writes() == [
        (
            "exchange_delivered_order_items",
            {
                "order_id": DELIVERED,
                "item_ids": ["9100000011"],
                "new_item_ids": ["9100000011"],
                "payment_method_id": _paypal(),
            },
        )
    ]


@pytest.mark.parametrize(
    "wish",
    [
        "can I get the exact same ones again?",
        "I would like to exchange both for identical ones.",
    ],
)
def test_a_wish_pointing_at_both_things_named_before_is_said_of_each(
    helmet_chat: Chat, wish: str
) -> None:
    # "the same ones" (dialogue.together_pointers) in the coffee maker's clause points at the
    # helmet named in the clause before it too: no "What should change on the helmet?"
    helmet_chat.say(_owner()["email"])
    reply = helmet_chat.say(
        f"From my delivered order {DELIVERED}: the cycling helmet has a crack in it and the "
        f"coffee maker leaks, {wish} The card I paid with."
    )
    assert "Shall I go ahead" in reply, reply
    helmet_chat.say("yes")
    [(name, args)] = helmet_chat.writes()
    assert (name, args["item_ids"], args["new_item_ids"]) == (
        "exchange_delivered_order_items",
        ["9100000011", "9200000011"],
        ["9100000011", "9200000011"],
    )


def test_everything_on_a_payment_method_asks_for_no_other_item(helmet_chat: Chat) -> None:
    # "everything on my …" before a payment method says how all of it is paid: the order's
    # other items are not left out of what was asked
    helmet_chat.say(_owner()["email"])
    reply = helmet_chat.say(
        f"From my delivered order {DELIVERED}: the coffee maker, I want the stainless steel "
        "drip one with 4 cups and the auto shutoff instead. Everything on my PayPal."
    )
    assert "auto shutoff" in reply and "Shall I go ahead" in reply, reply
    helmet_chat.say("yes")
    assert helmet_chat.writes() == [
        (
            "exchange_delivered_order_items",
            {
                "order_id": DELIVERED,
                "item_ids": ["9200000011"],
                "new_item_ids": ["9200000013"],
                "payment_method_id": _paypal(),
            },
        )
    ]


KNOWLEDGE = domain_knowledge(RETAIL)
# A demo order holding two backpacks: a black 30L one and an olive 18L one.
TWO_BACKPACKS = "#W1573717"


@pytest.mark.parametrize(
    ("words", "chosen"),
    [
        # only pointed at, then singled out by a clause "the … one" on its values as they are
        ("In the order with the two backpacks: the olive one, I want it in black.", ["8306400376"]),
        (
            "my order has two backpacks, a black one and the olive one. the 30L one is too big, "
            "i want a smaller one",
            ["1836546107"],
        ),
        # "the other" set aside leaves the one singled out
        (
            "In the order with the two backpacks: the olive one, I want it in black. Leave the "
            "other backpack alone.",
            ["8306400376"],
        ),
        # a wish, not at a clause's start, singles none out
        ("In the order with the two backpacks I want the black one", None),
    ],
)
def test_items_only_pointed_at_are_told_apart_by_a_clause_after(
    words: str, chosen: list[str] | None
) -> None:
    ctx = demo_slot_context(words, "order_items", slots={"order_id": TWO_BACKPACKS})
    found = KNOWLEDGE.resolvers["order_items"](ctx)
    assert (sorted(found.value) if found is not None and found.resolved else None) == chosen, found


def test_the_one_told_apart_after_its_order_is_changed(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path, database_url="sqlite://", workspace=RETAIL_WORKSPACE)
    runtime = build_runtime(settings, store=RetailStore.in_memory(copy.deepcopy(DEMO)))
    chat = Chat(runtime)
    try:
        user = DEMO["users"][DEMO["orders"][TWO_BACKPACKS]["user_id"]]
        chat.say(user["email"])
        reply = chat.say(
            "I want to exchange something. In the order with the two backpacks: the olive one, "
            "I want it in black, same size. Leave the other backpack alone."
        )
        # the olive one is the item changed (its black 18L is sold out: the closest asked)
        assert chat.case is not None and chat.case.slots.get("item_ids") == ["8306400376"], reply
    finally:
        runtime.close()


VOCABULARY = RETAIL.vocabulary
SCALES = scales_of(VOCABULARY.scales, VOCABULARY.aliases.names)
BOOKSHELF = _product(
    "9300000001",
    "Bookshelf",
    {
        "9300000011": ({"material": "wood", "color": "brown", "height": "6 ft"}, True, 480.0),
        "9300000012": ({"material": "wood", "color": "white", "height": "5 ft"}, True, 451.0),
        "9300000013": ({"material": "wood", "color": "white", "height": "4 ft"}, True, 510.0),
        "9300000014": ({"material": "wood", "color": "brown", "height": "5 ft"}, True, 470.0),
    },
)


@pytest.mark.parametrize(
    ("words", "chosen"),
    [
        # a count of a unit before a comparative: that far from the current value
        ("the bookshelf a foot shorter and white instead of brown, same wood", "9300000012"),
        ("two feet shorter, in white", "9300000013"),
        ("a foot shorter", "9300000014"),
        # a bare comparative beside another wish still asks which
        ("a shorter one in white", None),
    ],
)
def test_a_measured_comparative_asks_for_the_value_that_far(words: str, chosen: str | None) -> None:
    item = _item(BOOKSHELF, "9300000011")
    choice = choose_variant(
        BOOKSHELF, item, words, [], scales=SCALES, phrasing=Phrasing(VOCABULARY.dialogue)
    )
    assert (choice.variant["item_id"] if choice.variant else None) == chosen


def test_a_multiple_said_in_words_asks_for_that_many_times_the_value() -> None:
    # "four times the storage" (scales.factors), as "twice the storage" was
    product = _product(
        "9400000001",
        "E-Reader",
        {
            "9400000011": ({"screen size": "7-inch", "storage": "8GB"}, True, 100.0),
            "9400000012": ({"screen size": "7-inch", "storage": "32GB"}, True, 150.0),
            "9400000013": ({"screen size": "7-inch", "storage": "16GB"}, True, 120.0),
        },
    )
    item = _item(product, "9400000011")
    words = "it's the 7 inch with only 8GB. can i get four times the storage instead?"
    choice = choose_variant(
        product, item, words, [], scales=SCALES, phrasing=Phrasing(VOCABULARY.dialogue)
    )
    assert choice.variant is not None and choice.variant["item_id"] == "9400000012"
