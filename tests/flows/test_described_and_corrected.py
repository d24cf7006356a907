"""An item described as it is before its change, the very same item asked for again, and a
change corrected after the proposal: the store's reading of them, through the real pipeline over
a copy of the demo store with a helmet and a coffee maker added, and in tables."""

from __future__ import annotations

import copy
from collections.abc import Iterator
from functools import partial
from pathlib import Path
from typing import Any

import pytest

from deskpilot.components import domain_knowledge
from deskpilot.domains.retail import RetailStore
from deskpilot.domains.retail._variants import _apply_corrections, scales_of
from deskpilot.domains.retail._variants import choose_variant as choose_with
from deskpilot.flows import Phrasing
from deskpilot.runtime import build_runtime
from deskpilot.settings import Settings
from deskpilot.workspace import load_workspace

from ..conftest import RETAIL_WORKSPACE
from .conftest import DEMO, RETAIL, Chat, demo_slot_context

VOCABULARY = load_workspace(RETAIL_WORKSPACE).vocabulary
SCALES = scales_of(VOCABULARY.scales, VOCABULARY.aliases.names)
choose_variant = partial(choose_with, phrasing=Phrasing(VOCABULARY.dialogue))


def _product(
    product_id: str, name: str, variants: dict[str, tuple[dict[str, str], bool, float]]
) -> dict[str, Any]:
    return {
        "product_id": product_id,
        "name": name,
        "variants": {
            vid: {"item_id": vid, "options": options, "available": available, "price": price}
            for vid, (options, available, price) in variants.items()
        },
    }


# A helmet whose size "M" a customer says "medium", beside a ventilation that has a "medium" too.
HELMET = _product(
    "9100000001",
    "Cycling Helmet",
    {
        "9100000011": ({"size": "M", "color": "red", "ventilation": "low"}, True, 187.02),
        "9100000012": ({"size": "M", "color": "red", "ventilation": "medium"}, True, 206.26),
        "9100000013": ({"size": "L", "color": "black", "ventilation": "low"}, False, 208.05),
        "9100000014": ({"size": "L", "color": "black", "ventilation": "high"}, True, 196.89),
        "9100000015": ({"size": "L", "color": "black", "ventilation": "medium"}, False, 199.0),
        "9100000016": ({"size": "M", "color": "blue", "ventilation": "high"}, True, 219.88),
        "9100000017": ({"size": "M", "color": "white", "ventilation": "low"}, True, 192.65),
    },
)
COFFEE_MAKER = _product(
    "9200000001",
    "Coffee Maker",
    {
        "9200000011": (
            {"color": "black", "capacity": "2 cups", "type": "espresso", "features": "timer"},
            True,
            180.0,
        ),
        "9200000012": (
            {
                "color": "stainless steel",
                "capacity": "4 cups",
                "type": "drip",
                "features": "built-in grinder",
            },
            True,
            236.95,
        ),
        "9200000013": (
            {
                "color": "stainless steel",
                "capacity": "4 cups",
                "type": "drip",
                "features": "auto shutoff",
            },
            True,
            256.94,
        ),
    },
)


def _item(product: dict[str, Any], variant_id: str) -> dict[str, Any]:
    variant = product["variants"][variant_id]
    return {
        "name": product["name"],
        "product_id": product["product_id"],
        "item_id": variant_id,
        "price": variant["price"],
        "options": dict(variant["options"]),
    }


def _store() -> tuple[dict[str, Any], str, str]:
    """A copy of the demo store with the helmet and the coffee maker in its catalogue, a red
    medium helmet added to a pending order and both to a delivered one of the same customer
    (who pays with PayPal): the store, the pending order and the delivered one."""
    data = copy.deepcopy(DEMO)
    data["products"][HELMET["product_id"]] = HELMET
    data["products"][COFFEE_MAKER["product_id"]] = COFFEE_MAKER
    for user in data["users"].values():
        paypal = any(m["source"] == "paypal" for m in user["payment_methods"].values())
        orders = [data["orders"][o] for o in user["orders"] if o in data["orders"]]
        pending = [o for o in orders if o["status"] == "pending"]
        delivered = [o for o in orders if o["status"] == "delivered"]
        if paypal and pending and delivered:
            pending[0]["items"].append(_item(HELMET, "9100000011"))
            delivered[0]["items"] += [
                _item(HELMET, "9100000011"),
                _item(COFFEE_MAKER, "9200000011"),
            ]
            return data, str(pending[0]["order_id"]), str(delivered[0]["order_id"])
    raise AssertionError("no customer with a pending and a delivered order who has PayPal")


STORE, PENDING, DELIVERED = _store()


@pytest.fixture
def helmet_chat(tmp_path: Path) -> Iterator[Chat]:
    settings = Settings(data_dir=tmp_path, database_url="sqlite://", workspace=RETAIL_WORKSPACE)
    runtime = build_runtime(settings, store=RetailStore.in_memory(copy.deepcopy(STORE)))
    yield Chat(runtime)
    runtime.close()


def _owner() -> dict[str, Any]:
    user: dict[str, Any] = STORE["users"][STORE["orders"][PENDING]["user_id"]]
    return user


def _paypal() -> str:
    return next(m["id"] for m in _owner()["payment_methods"].values() if m["source"] == "paypal")


def test_an_item_described_as_it_is_asks_for_no_value_its_words_spell(helmet_chat: Chat) -> None:
    helmet_chat.say(_owner()["email"])
    reply = helmet_chat.say(
        f"In my pending order {PENDING}, the cycling helmet I picked is a red medium with low "
        "ventilation, it's too tight and way too hot. Can you make it one size up, in black, "
        "with the most ventilation you've got. PayPal for the difference."
    )
    assert "L, black, high" in reply, reply
    helmet_chat.say("yes")
    assert helmet_chat.writes() == [
        (
            "modify_pending_order_items",
            {
                "order_id": PENDING,
                "item_ids": ["9100000011"],
                "new_item_ids": ["9100000014"],
                "payment_method_id": _paypal(),
            },
        )
    ]


def test_a_change_corrected_after_the_proposal_is_proposed_again(helmet_chat: Chat) -> None:
    helmet_chat.say(_owner()["email"])
    first = helmet_chat.say(
        f"From my delivered order {DELIVERED}: the cycling helmet, the red medium one with low "
        "ventilation, I want it one size up in black with high ventilation. And the coffee "
        "maker, the black 2 cup espresso one with a timer - I want the stainless steel drip "
        "one with 4 cups and the built-in grinder. PayPal for the difference."
    )
    assert "built-in grinder" in first, first
    again = helmet_chat.say(
        "no wait, sorry - not the grinder. the stainless 4 cup drip one with auto shutoff. "
        "everything else as you said."
    )
    assert "auto shutoff" in again and "L, black, high" in again, again
    helmet_chat.say("yes")
    assert helmet_chat.writes() == [
        (
            "exchange_delivered_order_items",
            {
                "order_id": DELIVERED,
                "item_ids": ["9100000011", "9200000011"],
                "new_item_ids": ["9100000014", "9200000013"],
                "payment_method_id": _paypal(),
            },
        )
    ]


def test_the_very_same_item_again_is_asked_beside_another_change(helmet_chat: Chat) -> None:
    helmet_chat.say(_owner()["email"])
    reply = helmet_chat.say(
        f"From my delivered order {DELIVERED}: the strap of the cycling helmet broke, I just "
        "want the exact same helmet again, a fresh one. And the coffee maker: the stainless "
        "steel drip one with 4 cups and the auto shutoff. PayPal for the difference."
    )
    assert "M, red, low" in reply and "auto shutoff" in reply, reply


GIVEN_UP = (
    "i want my bike helmet for the same one in white. it has to stay medium with high "
    "ventilation, otherwise no deal. then leave it, i'll keep the blue one."
)


@pytest.mark.parametrize(
    ("words", "same"),
    [
        ("the exact same one again, a fresh one. it has to stay medium", True),
        ("the same one, it broke. it has to stay medium", True),
        # the product's own noun after "same" (scales.same_named), a word between at most
        ("i'd like to exchange it for the same helmet. it has to stay medium", True),
        ("just the same bike helmet please, it has to stay medium", True),
        ("the same helmet but in white. it has to stay medium", False),
        # a wish for another value, given up, is no wish for the very same item
        (GIVEN_UP, False),
    ],
)
def test_the_very_same_item_is_asked_only_when_no_other_value_is(words: str, same: bool) -> None:
    item = _item(HELMET, "9100000016")  # M, blue, high
    # "medium" read as the size it has now, as the catalogue reads it there
    at = words.index("medium")
    choice = choose_variant(HELMET, item, words, [], scales=SCALES, as_it_is=[(at, at + 6, "size")])
    assert (choice.variant is not None and choice.variant["item_id"] == "9100000016") is same


KNOWLEDGE = domain_knowledge(RETAIL)
# A demo order holding two backpacks, of 30L and 18L.
TWO_BACKPACKS = "#W1573717"


@pytest.mark.parametrize(
    ("words", "chosen"),
    [
        ("i have two backpacks - the bigger one i want in red", ["1836546107"]),
        ("my two backpacks: the smaller one, i want it in red", ["8306400376"]),
        ("the backpacks, the smaller of the two", ["8306400376"]),
        # a comparison each way, or a wish for a bigger one, singles none out
        (
            "my two backpacks: the bigger one to red, the smaller one to green",
            ["1836546107", "8306400376"],
        ),
        ("both backpacks for a bigger one", ["1836546107", "8306400376"]),
    ],
)
def test_a_comparison_after_same_named_items_singles_one_out(words: str, chosen: list[str]) -> None:
    ctx = demo_slot_context(words, "order_items", slots={"order_id": TWO_BACKPACKS})
    found = KNOWLEDGE.resolvers["order_items"](ctx)
    assert found is not None and sorted(found.value) == chosen, found


@pytest.mark.parametrize(
    ("words", "wished", "after"),
    [
        # a correction takes back the value said just before it
        ("White maybe... or black... no - brown", ["white", "black"], ["brown"]),
        ("in red, no wait - black", ["red"], ["black"]),
        # opening a sentence, it takes back what was said before as a whole
        ("in red please, and the other one in brown. No wait, sorry - black", ["red"], ["black"]),
        # another item's value corrected is no correction of this one's wish
        ("bottle in red (was green), bookshelf in brown - no sorry, black", ["red"], ["red"]),
        ("in red please, and the other one I said brown for first - no, black", ["red"], ["red"]),
        # a change taken back, and the value it holds now said again: no change asked
        ("to white but I don't want that anymore, leave it green", ["white"], []),
        ("white - changed my mind, brown", ["white"], ["brown"]),
    ],
)
def test_a_correction_takes_back_the_value_said_just_before_it(
    words: str, wished: list[str], after: list[str]
) -> None:
    wanted = {"color": list(wished)}
    known = {"color": ["red", "green", "white", "black", "brown"]}
    if "bookshelf" in words:
        known = {"color": ["red", "green", "black"]}  # the bottle's: no brown
    _apply_corrections(words, {"color": "green"}, known, wanted, SCALES)
    assert wanted == ({"color": after} if after else {})


@pytest.mark.parametrize(
    ("taken_back", "not_taken_back", "words", "after"),
    [
        # the workspace's words take a value back, in whatever language it is written
        (["nein"], [], "in rot, nein - schwarz", ["schwarz"]),
        (["no"], [], "in rot, nein - schwarz", ["rot"]),
        # a phrase that only holds such a word takes nothing back
        (["lieber"], ["lieber als"], "schwarz lieber als rot", ["schwarz"]),
        (["lieber"], [], "schwarz lieber als rot", ["rot"]),
    ],
)
def test_the_words_that_take_a_value_back_are_the_workspace_s(
    taken_back: list[str], not_taken_back: list[str], words: str, after: list[str]
) -> None:
    vocabulary = VOCABULARY.scales.model_copy(
        update={"taken_back": taken_back, "not_taken_back": not_taken_back}
    )
    wanted = {"color": [words.split()[0] if words.startswith("schwarz") else "rot"]}
    known = {"color": ["rot", "schwarz", "weiss"]}
    _apply_corrections(words, {"color": "weiss"}, known, wanted, scales_of(vocabulary))
    assert wanted == {"color": after}
