"""What a request's words say when they come from a message that asked for several: a list
that points at an order is no clause of its own, "all three" counts the order's items, and a
material said as its adjective is that material."""

from __future__ import annotations

from typing import Any

import pytest

from deskpilot.components import domain_knowledge
from deskpilot.domains.retail import CatalogueEntityMatcher
from deskpilot.domains.retail._matcher import CatalogueMatcherConfig
from deskpilot.flows import Phrasing

from .conftest import DEMO, RETAIL, demo_slot_context

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


def test_a_material_said_as_its_adjective_is_that_material() -> None:
    # An invented bookshelf, read with the store's aliases ("wooden" for wood).
    shelf = {
        "name": "Bookshelf",
        "product_id": "p1",
        "variants": {
            vid: {"item_id": vid, "options": {"material": m}, "available": True, "price": 9.0}
            for vid, m in (("s-glass", "glass"), ("s-wood", "wood"), ("s-metal", "metal"))
        },
    }
    matcher = CatalogueEntityMatcher(
        {"p1": shelf}, CatalogueMatcherConfig.from_vocabulary(RETAIL.vocabulary)
    )
    said = "the glass bookshelf, i want a wooden one, or else a metallic one"
    found = [e.value["value"] for e in matcher.match(said) if e.type == "option"]
    assert found == ["glass", "wood", "metal"]
