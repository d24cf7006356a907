"""What a request's words say when they come from a message that asked for several: a list
that points at an order is no clause of its own, "all three" counts the order's items, and a
material said as its adjective is that material."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from deskpilot.components import domain_knowledge
from deskpilot.domain import IntentScore, Understanding
from deskpilot.domains.retail import CatalogueEntityMatcher
from deskpilot.domains.retail._matcher import CatalogueMatcherConfig
from deskpilot.flows import Phrasing
from deskpilot.pipeline import UnderstandingContext

from .conftest import DEMO, NLU, RETAIL, Chat, demo_slot_context, runtime_understood_by

KNOWLEDGE = domain_knowledge(RETAIL)
PHRASING = Phrasing(RETAIL.vocabulary.dialogue)


@pytest.mark.parametrize(
    ("words", "clauses"),
    [
        # "and" inside the list that says which order: one clause, the wish is the bookshelf's
        (
            "the glass bookshelf i got with the sunglasses and the dumbbells, i want it in wood",
            ["the glass bookshelf i got with the sunglasses and the dumbbells, i want it in wood"],
        ),
        (
            "the lamp from my order with the kettle and the backpack should be brighter",
            ["the lamp from my order with the kettle and the backpack should be brighter"],
        ),
        # two things asked: two clauses, as before
        ("a white mouse and the glass bookshelf", ["a white mouse", "the glass bookshelf"]),
        (
            "the boots one size up and the keyboard with no backlight",
            ["the boots one size up", "the keyboard with no backlight"],
        ),
    ],
)
def test_a_list_that_points_at_an_order_is_not_cut_into_clauses(
    words: str, clauses: list[str]
) -> None:
    assert PHRASING.clauses(words) == clauses


def _order_with(count: int) -> tuple[str, dict[str, Any]]:
    """A delivered demo order holding ``count`` items, each of another product."""
    for order_id, order in DEMO["orders"].items():
        names = [i["name"] for i in order["items"]]
        if order["status"] == "delivered" and len(names) == count == len(set(names)):
            return order_id, order
    raise AssertionError(f"no delivered demo order with {count} distinct items")


@pytest.mark.parametrize(
    ("count", "said", "all_of_them"),
    [
        (3, "all three", True),
        (3, "all 3", True),
        (2, "all two", True),
        # another count than the order holds: the flow asks which
        (3, "all two", False),
    ],
)
def test_all_and_a_count_is_every_item_when_the_order_holds_that_many(
    count: int, said: str, all_of_them: bool
) -> None:
    order_id, order = _order_with(count)
    names = [i["name"].lower() for i in order["items"]]
    listed = f"{', the '.join(names[:-1])} and the {names[-1]}"
    words = f"the order with the {listed}, i want to send {said} back"
    ctx = demo_slot_context(words, "order_items", slots={"order_id": order_id})
    found = KNOWLEDGE.resolvers["order_items"](ctx)
    every = sorted(i["item_id"] for i in order["items"])
    assert (found is not None and sorted(found.value) == every) is all_of_them, found


@pytest.mark.parametrize(
    ("name", "option", "values", "said", "read"),
    [
        # a material said as its adjective ("wooden" for wood)
        (
            "Bookshelf",
            "material",
            ("glass", "wood", "metal"),
            "the glass bookshelf, i want a wooden one, or else a metallic one",
            ["glass", "wood", "metal"],
        ),
        # a type said as its noun ("a robot one" for robotic): unread, the wish had kept the
        # canister type and changed only what else was named
        (
            "Vacuum Cleaner",
            "type",
            ("canister", "robotic", "upright"),
            "the canister vacuum, i want a robot one thats cordless",
            ["canister", "robotic"],
        ),
    ],
)
def test_a_value_said_another_way_is_that_value(
    name: str, option: str, values: tuple[str, ...], said: str, read: list[str]
) -> None:
    # An invented product, read with the store's aliases (``aliases.values``).
    product = {
        "name": name,
        "product_id": "p1",
        "variants": {
            value: {"item_id": value, "options": {option: value}, "available": True, "price": 9.0}
            for value in values
        },
    }
    matcher = CatalogueEntityMatcher(
        {"p1": product}, CatalogueMatcherConfig.from_vocabulary(RETAIL.vocabulary)
    )
    found = [e.value["value"] for e in matcher.match(said) if e.type == "option"]
    assert found == read


# The message below read as the dev suite's classifier read one like it: the whole message an
# exchange (unsure), only its first part, surely, a cancellation.
CANCEL_FIRST = "Cancel the order with the"


class _WholeReadsExchange:
    """The workspace's understander, but a message asking for a cancellation and more is read,
    as a whole, as an exchange no part of it claims."""

    def __init__(self, inner: Any) -> None:
        self._inner = inner

    def understand(self, text: str, context: UnderstandingContext) -> Understanding:
        u: Understanding = self._inner.understand(text, context)
        if CANCEL_FIRST not in text:
            return u
        intents = (IntentScore("exchange_items", 0.45), IntentScore("cancel_order", 0.4))
        return replace(u, intents=intents, flags=(*u.flags, "intent:cancel_order"))


@pytest.fixture
def unsure_chat(tmp_path: Path) -> Iterator[Chat]:
    runtime = runtime_understood_by(tmp_path, lambda ctx: _WholeReadsExchange(NLU(ctx)))
    yield Chat(runtime)
    runtime.close()


def _cancel_and_exchange() -> tuple[dict[str, Any], list[str], str, dict[str, Any], str, str]:
    """A customer with a pending order of two products or more and a delivered one holding an
    item with an available variant that differs in one option: (customer, two products of the
    pending order, the delivered order, its item, the option's new value, the variant)."""
    for user in DEMO["users"].values():
        orders = [DEMO["orders"][o] for o in user["orders"]]
        pending = [o for o in orders if o["status"] == "pending" and len(o["items"]) > 1]
        delivered = [(oid, DEMO["orders"][oid]) for oid in user["orders"]]
        for oid, order in delivered:
            names = [i["name"] for i in order["items"]]
            if order["status"] != "delivered" or len(set(names)) != len(names) or not pending:
                continue
            for item in order["items"]:
                for variant in DEMO["products"][item["product_id"]]["variants"].values():
                    new = {k: v for k, v in variant["options"].items() if item["options"][k] != v}
                    if variant["available"] and len(new) == 1:
                        products = sorted({i["name"].lower() for i in pending[0]["items"]})
                        value = next(iter(new.values()))
                        return user, products[:2], oid, item, value, variant["item_id"]
    raise AssertionError("no demo customer with a pending order and an item to exchange")


def test_a_request_only_the_whole_message_asked_for_keeps_the_words_no_part_claimed(
    unsure_chat: Chat,
) -> None:
    user, (first, second), order_id, item, value, variant = _cancel_and_exchange()
    other = next(i for i in DEMO["orders"][order_id]["items"] if i is not item)
    unsure_chat.say(
        f"{user['email']}. {CANCEL_FIRST} {first} and the {second} - I ordered it by mistake. "
        f"And from my delivered order with the {other['name'].lower()}: the "
        f"{item['name'].lower()} in {value} instead, otherwise the same."
    )
    reply = unsure_chat.say("yes")
    # The exchange waited its turn with its words: it asks nothing they said.
    assert "Which order" not in reply and "Which item" not in reply, reply
    assert unsure_chat.case is not None
    slots = unsure_chat.case.slots
    assert slots.get("order_id") == order_id
    assert slots.get("item_ids") == [item["item_id"]]
    assert slots.get("new_item_ids") == [variant]


def _item_with_a_value_of_its_own() -> tuple[str, dict[str, Any], str]:
    """A demo order of two items or more, one item of it, and a measure (a value with a digit)
    of that item that no other item of the order has."""
    for order_id, order in DEMO["orders"].items():
        if len(order["items"]) < 2:
            continue
        for item in order["items"]:
            others = {
                (k, str(v))
                for i in order["items"]
                if i["item_id"] != item["item_id"]
                for k, v in i["options"].items()
            }
            for option, value in item["options"].items():
                said = str(value)
                if any(c.isdigit() for c in said) and (option, said) not in others:
                    return order_id, item, said
    raise AssertionError("no demo order with an item measured apart from the others")


ORDER_ID, ITEM, MEASURE = _item_with_a_value_of_its_own()


@pytest.mark.parametrize(
    ("words", "meant"),
    [
        # "it", and what stays as it is names one item of the order
        (f"ok, please change it then, same {MEASURE}", True),
        (f"change it, but keep the {MEASURE}", True),
        # nothing said to stay: which item "it" is stays open, and the flow asks
        ("ok, please change it then", False),
        (f"ok, please change it to {MEASURE}", False),
    ],
)
def test_it_is_the_one_item_that_has_what_the_words_say_stays(words: str, meant: bool) -> None:
    ctx = demo_slot_context(words, "order_items", slots={"order_id": ORDER_ID})
    found = KNOWLEDGE.resolvers["order_items"](ctx)
    picked = None if found is None else found.value
    assert (picked == [ITEM["item_id"]]) is meant, (words, picked)
