"""What customers say in words of their own is read as what they mean (docs/understanding.md,
"Probes 16 and the words they found unread", 2026-12-09): a number said in words before a
measure ("eight gigs", "five feet") as its digits (``numerals``); a colour in the other
spelling ("grey" of a chair the catalogue calls gray) as the product's own value, the alias
adding to what the word already names; a thing called otherwise ("the shelving unit"); the
shorthand of a hurried message ("w/", "n"); an item the customer keeps "hold of" as excluded;
and the idioms of a yes ("go for it", "sure thing")."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from deskpilot.workspace import load_workspace

from ..conftest import RETAIL_WORKSPACE, run_reference_cases


def _case(name: str, turns: list[str], actions: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "name": name,
        "turns": [{"customer": t} for t in turns],
        "expect": {"actions": actions, "escalated": False},
    }


def _modify(order: str, old: list[str], new: list[str], pay: str) -> dict[str, Any]:
    args = {"order_id": order, "item_ids": old, "new_item_ids": new, "payment_method_id": pay}
    return {"name": "modify_pending_order_items", "args": args}


def _return(order: str, items: list[str], pay: str) -> dict[str, Any]:
    args = {"order_id": order, "item_ids": items, "payment_method_id": pay}
    return {"name": "return_delivered_order_items", "args": args}


CASES = [
    # Ethan Thomas: #W8465042 (pending) smartphone gold 128GB 4GB 5.8-inch; the black ones are
    # 4GB 6.5-inch and 8GB 5.8-inch: "eight gigs" tells them apart.
    _case(
        "eight gigs of RAM",
        [
            "ethan.thomas7730@example.com. Could the phone in my pending order be the black one "
            "with eight gigs of RAM? Keep the rest of the order as it is. PayPal.",
            "yes",
            "yes",
        ],
        [_modify("#W8465042", ["9929635042"], ["1507389580"], "paypal_6982172")],
    ),
    # Yara Silva: #W9810810 (pending) bookshelf metal black 6 ft -> wood brown 5 ft.
    _case(
        "the shelving unit five feet high",
        [
            "yara.silva2443@example.com. The shelving unit in my order with the wristwatch: I'd "
            "like it in brown wood, five feet high. Gift card.",
            "yes",
            "yes",
        ],
        [_modify("#W9810810", ["3778705663"], ["2244749153"], "gift_card_7252880")],
    ),
    # Emma Kovacs: #W8661412 (pending) office chair fabric black fixed standard; the catalogue
    # writes the chair's colour "gray".
    _case(
        "a grey chair",
        [
            "Emma Kovacs, 32190. The office chair in my order with the wristwatch: grey please, "
            "with no armrests and a high back, still fabric. Visa.",
            "yes",
            "yes",
        ],
        [_modify("#W8661412", ["8426249116"], ["9459890810"], "credit_card_7239357")],
    ),
    # Olivia Ahmed: #W1579621 (delivered) headphones, pet bed, charger, keyboard, bottle.
    _case(
        "w/ and n",
        [
            "olivia.ahmed5620@example.com - return the keyboard n the water bottle from my order "
            "w/ the headphones, refund to my visa pls",
            "yes",
            "yes",
        ],
        [_return("#W1579621", ["6439196450", "4579334072"], "credit_card_9698900")],
    ),
    # The same with a bare "w" for "with": the headphones only tell the order (probes29
    # returned the bookshelf of "the order w the bookshelf" with what was asked).
    _case(
        "a bare w",
        [
            "olivia.ahmed5620@example.com - wanna return the keyboard n the water bottle from "
            "the order w the headphones. refund 2 my visa",
            "yes",
            "yes",
        ],
        [_return("#W1579621", ["6439196450", "4579334072"], "credit_card_9698900")],
    ),
    # ... but a "W" before a number is an id typed with a space, never "with" (Olivia Silva:
    # pending #W7613749 among three pending orders).
    _case(
        "an id typed with a space is no w",
        ["hi olivia silva 32240 pls cancel order W 7613749 i ordered it by mistake thx", "yes"],
        [
            {
                "name": "cancel_pending_order",
                "args": {"order_id": "#W7613749", "reason": "ordered by mistake"},
            }
        ],
    ),
    # Aarav Davis: #W3223435 (delivered) hose, kettle, t-shirt, security camera.
    # What is kept said after where it is: "the hose in that order i keep" (probes29 returned
    # the camera of "the camera in that order i keep" with the boots).
    _case(
        "kept after where it is",
        [
            "aarav davis 76150. return the kettle and the t-shirt from my delivered order. the "
            "hose in that order i keep. gift card",
            "yes",
            "yes",
        ],
        [_return("#W3223435", ["3015420423", "3799046073"], "gift_card_9708163")],
    ),
    _case(
        "keeping hold of the rest",
        [
            "Aarav Davis, 76150. Please take back the kettle and the T-shirt from my delivered "
            "order. I'm keeping hold of the hose. Gift card.",
            "yes",
            "yes",
        ],
        [_return("#W3223435", ["3015420423", "3799046073"], "gift_card_9708163")],
    ),
    # The same order, two things kept: the second of the list ("the security camera", found
    # as "camera") is kept too, not returned with what was asked.
    _case(
        "keeping hold of two of them",
        [
            "Hello, Aarav Davis here, 76150. I'd like to send the kettle and the T-shirt back "
            "from my delivered order. I'm keeping hold of the garden hose and the security "
            "camera. Refund onto my gift card, cheers.",
            "yes",
            "yes",
        ],
        [_return("#W3223435", ["3015420423", "3799046073"], "gift_card_9708163")],
    ),
    # Mei Ahmed: #W2631563 (pending) garden hose 25ft rubber green; no blue one keeps the
    # rest: the closest changes the material only (25ft vinyl), not length and material.
    _case(
        "the closest changes fewest",
        [
            "mei.ahmed5231@example.com. The garden hose in my pending order, in blue please. "
            "PayPal.",
            "yes",
            "yes",
        ],
        [_modify("#W2631563", ["5753502325"], ["9829827210"], "paypal_7160322")],
    ),
    # Yusuf Jackson: #W2087737 (pending) smartphone and smart watch. "Can it be cancelled?"
    # read alone as a cancellation to undo (a hand-off): the message names the cancellation by
    # its verb and none of undoing one (probes29).
    _case(
        "can it be cancelled",
        [
            "yusuf.jackson4654@example.com. My order with the gold phone and the smart watch, I "
            "placed it by mistake. Can it be cancelled?",
            "yes",
        ],
        [
            {
                "name": "cancel_pending_order",
                "args": {"order_id": "#W2087737", "reason": "ordered by mistake"},
            }
        ],
    ),
    _case(
        "go for it",
        [
            "yusuf.jackson4654@example.com. Please cancel my order with the gold phone, I placed "
            "it by mistake.",
            "go for it",
        ],
        [
            {
                "name": "cancel_pending_order",
                "args": {"order_id": "#W2087737", "reason": "ordered by mistake"},
            }
        ],
    ),
]


@pytest.fixture(scope="module")
def results(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    return run_reference_cases(CASES, tmp_path_factory.mktemp("said"))


@pytest.mark.parametrize("name", [c["name"] for c in CASES])
def test_said_in_other_words_is_read_as_meant(results: dict[str, Any], name: str) -> None:
    result = results[name]
    said = [line.text for line in result.transcript]
    assert result.passed, (result.failures, said)


NUMBERS = [
    ("eight gigs of RAM instead of four", "8 gigs of RAM instead of four"),
    ("the thirty-four inch one", "the 34 inch one"),
    ("two thousand pieces", "2000 pieces"),
    ("a five hundred piece puzzle", "a 500 piece puzzle"),
    ("five hundred and fifty ml", "550 ml"),
    ("a two-piece set", "a 2-piece set"),
    # before no measure, a number word stays a word
    ("the two orders", "the two orders"),
    ("the blue one", "the blue one"),
    ("five feet high instead of six", "5 feet high instead of six"),
    # words that make no one number are left alone
    ("four four inch", "four four inch"),
]


@pytest.mark.parametrize(("said", "read"), NUMBERS)
def test_numerals_before_a_measure_are_read_in_digits(said: str, read: str) -> None:
    from deskpilot.nlu import Numerals

    numerals = Numerals(load_workspace(Path(RETAIL_WORKSPACE)).vocabulary.numerals)
    assert numerals(said) == read
