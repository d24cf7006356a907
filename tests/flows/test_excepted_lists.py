"""An exclusion reaches every member of the list after it, to the end of its clause: in
"return everything except the lamp, the kettle and the mouse" neither the kettle nor the mouse is
wanted, nor the belt in "not the jeans or the belt". A verb ends the list ("keep the lamp, return
the kettle"), and what is excepted from keeping everything is acted on ("everything is fine except
the helmet and the keyboard")."""

from __future__ import annotations

import re
from typing import Any

import pytest

from deskpilot.flows import Phrasing

from .conftest import DEMO, RETAIL, Chat, owner

PHRASING = Phrasing(RETAIL.vocabulary.dialogue)

READINGS = [
    # text (the things it names in [brackets]), those excluded
    (
        "return everything except the [lamp], the [kettle] and the [mouse]",
        {"lamp", "kettle", "mouse"},
    ),
    (
        "return everything except the [lamp], the [kettle], and the [mouse]",
        {"lamp", "kettle", "mouse"},
    ),
    (
        "all of it apart from the [headphones], the [mouse] and the [charger]",
        {"headphones", "mouse", "charger"},
    ),
    ("all items but the [bike helmet] and the [water bottle]", {"bike helmet", "water bottle"}),
    ("exchange both [shirts], not the [jeans] or the [belt]", {"jeans", "belt"}),
    ("return everything except my [lamp] and my [kettle]", {"lamp", "kettle"}),
    ("everything other than the black [lamp] and the white [kettle]", {"lamp", "kettle"}),
    ("neither the [jeans] nor the [belt] should go back", {"jeans", "belt"}),
    (
        "everything but the [grill] and the [espresso machine] and the [pet bed]",
        {"grill", "espresso machine", "pet bed"},
    ),
    # a word that is no description ends the list
    ("keep the [lamp], return the [kettle] and the [mouse]", {"lamp"}),
    ("keep the [lamp] and return the [kettle]", {"lamp"}),
    ("not the [lamp], but the [kettle]", {"lamp"}),
    ("except the [lamp]. Return the [kettle]", {"lamp"}),
    ("the [dumbbells] should be rubber instead of iron, and the [luggage set] smaller", set()),
    # what is excepted from keeping everything is acted on
    ("everything is fine except the [helmet] and the [keyboard]", set()),
    ("everything is fine except the [helmet], the [mouse] and the [keyboard]", set()),
    # nothing excludes
    ("return the [lamp], the [kettle] and the [mouse]", set()),
]


def _mentions(marked: str) -> tuple[str, list[tuple[int, int]], list[str]]:
    """The text without brackets, the spans of what was bracketed and its words."""
    text, spans, names = "", [], []
    for piece in re.split(r"(\[[^\]]+\])", marked):
        if piece.startswith("["):
            names.append(piece[1:-1])
            spans.append((len(text), len(text) + len(piece) - 2))
            text += piece[1:-1]
        else:
            text += piece
    return text, spans, names


@pytest.mark.parametrize(("marked", "excluded"), READINGS)
def test_excepted_list_excludes_every_member_to_the_end_of_its_clause(
    marked: str, excluded: set[str]
) -> None:
    text, spans, names = _mentions(marked)
    heads = PHRASING.list_heads(text, spans)
    found = {
        name
        for name, (start, _), head in zip(names, spans, heads, strict=True)
        if PHRASING.excluded(text, start, spans[head][0])
    }
    assert found == excluded


def test_excepted_list_members_are_excepted_from_what_is_kept() -> None:
    text = "everything is fine except the helmet and the keyboard"
    assert PHRASING.excepted(text, text.index("keyboard"))
    assert not PHRASING.set_aside_but(text, text.index("keyboard"))


def _delivered_with_distinct_items(count: int) -> tuple[str, dict[str, Any]]:
    for order_id, order in DEMO["orders"].items():
        names = [i["name"] for i in order["items"]]
        distinct = len(set(names)) == len(names)
        if order["status"] == "delivered" and distinct and len(names) >= count:
            return order_id, order
    raise AssertionError("no delivered order with distinct items")


@pytest.mark.parametrize(
    "said",
    [
        "Return everything in order {order} except the {a}, the {b} and the {c}",
        "Return everything in order {order} except my {a}, my {b}, and my {c}",
        "Return all the items of order {order} apart from the {a}, the {b} or the {c}",
    ],
)
def test_everything_except_a_list_leaves_every_member_out(chat: Chat, said: str) -> None:
    order_id, order = _delivered_with_distinct_items(4)
    kept = order["items"][:3]
    a, b, c = (i["name"].lower() for i in kept)
    chat.say(owner(order)["email"])
    reply = chat.say(said.format(order=order_id, a=a, b=b, c=c) + ", original payment method.")
    assert "To confirm" in reply, reply
    chat.say("yes")
    writes = chat.writes()
    assert writes, reply
    returned = writes[0][1]["item_ids"]
    assert not {i["item_id"] for i in kept} & set(returned)
    assert sorted(returned) == sorted(i["item_id"] for i in order["items"][3:])


POINTED = [
    # text (the things it names in [brackets]), the indexes of those that only point at an order
    ("my order with the [kettle] and the [lamp] came late", {0, 1}),
    ("the order with the [hoodie], the [backpack] and the [monitor]", {0, 1, 2}),
    # a verb ends the list after the pointing word: the last bottle is asked for, not pointed at
    (
        "my order with the [water bottle], keep the [headphones], return the [keyboard] and "
        "the [water bottle]",
        {0},
    ),
]


@pytest.mark.parametrize(("marked", "pointing"), POINTED)
def test_listed_pointer_points_only_when_its_list_opens_with_a_pointer(
    marked: str, pointing: set[int]
) -> None:
    text, spans, _ = _mentions(marked)
    heads = PHRASING.list_heads(text, spans)
    found = {
        index
        for index, ((start, _), head) in enumerate(zip(spans, heads, strict=True))
        if PHRASING.listed_pointer(text, start, spans[head][0])
    }
    assert found == pointing
