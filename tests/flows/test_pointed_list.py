"""A list after a pointing word points at an order only when its first member names a thing an
order holds: "my order with the kettle and the lamp" describes an order, but in "the keyboard
for the same kind but with linear switches and the wireless mouse for …" the words after "with"
are an option's value, and the mouse is asked for too. Typed without punctuation, where no
comma ends the option's words, the proposal covers both items (or a later request is left for
its own turn), and the keyboard is never exchanged alone after the "yes"."""

from __future__ import annotations

from typing import Any

import pytest

from deskpilot.flows import Phrasing, may_be_an_entry

from .conftest import CATALOGUE, DEMO, RETAIL, Chat

# The phrasing telling what an order holds by the catalogue, as the flow engine's and the
# store's audit do.
KNOWING = Phrasing(RETAIL.vocabulary.dialogue).knowing(may_be_an_entry(CATALOGUE))
# Without a catalogue to tell, every list after a pointing word points, as it always did.
BLIND = Phrasing(RETAIL.vocabulary.dialogue)

READINGS = [
    # text, the mention, whether it points at an order (knowing the catalogue)
    ("my order with the yoga mat and the backpack arrived late", "backpack", True),
    ("the sunglasses from my order with the wireless mouse and the yoga mat", "yoga mat", True),
    ("the order with the hoodie, the backpack and the monitor", "monitor", True),
    ("the order with the hoodie, the backpack and the monitor", "backpack", True),
    (
        "the keyboard for the same kind but with linear switches and the wireless mouse",
        "wireless",
        False,
    ),
    ("the watch for one with a leather band and the hoodie for a black one", "hoodie", False),
    ("the keyboard with linear switches, full size and the mouse for a white one", "mouse", False),
    # a first member the catalogue does not know still points, as without a catalogue
    ("my order with the flux capacitor and the backpack arrived late", "backpack", True),
    # the mention right after a pointing word, or a noun or two after it, still points
    ("exchange the mouse from my order with the backpack", "backpack", True),
    ("the charger from the order with the blue backpack", "backpack", True),
    # what an item came or arrived with points at its order; "together with" alone adds a thing
    ("the hoodie I received (it came together with my water bottle) is black", "water", True),
    ("the monitor arrived with the backpack, and it is cracked", "backpack", True),
    ("return the monitor together with the backpack", "backpack", False),
]


@pytest.mark.parametrize(("text", "mention", "points"), READINGS)
def test_pointed_list_points_only_when_it_opens_with_a_thing_an_order_holds(
    text: str, mention: str, points: bool
) -> None:
    at = text.index(mention)
    assert KNOWING.pointer(text, at) is points
    assert (KNOWING.pointed_from(text, at) is not None) is points


def test_pointed_list_without_a_catalogue_reads_every_list_as_pointing() -> None:
    text = "the keyboard for the same kind but with linear switches and the wireless mouse"
    assert BLIND.pointer(text, text.index("wireless"))


def test_pointed_list_an_options_words_end_no_clause_but_a_thing_does() -> None:
    # "and the" after an option's words starts a clause of its own: the wish for a white one is
    # the mouse's, not the keyboard's.
    text = "the keyboard with linear switches and the mouse for a white one"
    assert KNOWING.clauses(text) == [
        "the keyboard with linear switches",
        "the mouse for a white one",
    ]
    assert len(BLIND.clauses(text)) == 1


ORDER_ID = "#W7355424"  # Greta Dubois's delivered order: mouse, yoga mat, sunglasses, keyboard
ORDER: dict[str, Any] = DEMO["orders"][ORDER_ID]
USER: dict[str, Any] = DEMO["users"][ORDER["user_id"]]
ITEMS = {i["name"]: i["item_id"] for i in ORDER["items"]}


def test_pointed_list_an_unpunctuated_two_item_exchange_never_writes_one_alone(chat: Chat) -> None:
    first, last = USER["name"]["first_name"], USER["name"]["last_name"]
    proposal = chat.say(
        f"Hi I'm {first} {last} zip {USER['address']['zip']} I received order {ORDER_ID} and "
        "want to exchange two things in one go the mechanical keyboard for the same kind but "
        "with linear switches and the wireless mouse for the dual mode one Any difference on "
        "my paypal"
    )
    assert "Mechanical Keyboard" in proposal and "Wireless Mouse" in proposal, proposal
    chat.say("Yes that's everything Go ahead")
    for _action, args in chat.writes():
        assert args.get("item_ids") != [ITEMS["Mechanical Keyboard"]], chat.replies
    assert any(
        set(args.get("item_ids", ())) == {ITEMS["Mechanical Keyboard"], ITEMS["Wireless Mouse"]}
        for _action, args in chat.writes()
    ), chat.replies
