"""Gaps probes26 and open22 left open (docs/understanding.md, "Open 23", 2026-12-07), on the
reference store:

- two alike items told apart by what they are now ("two speakers: the green one for a red
  one, and the black one for a blue one") were read as one, and that one took the other's
  wish; each "the <values> one" describing one of several alike units now names that unit,
  its clause is its own (for the resolver and the audit), and the description is no wish;
- "that one doesn't need to be water resistant" asked for water resistance: a yes/no option
  named in another form than its name ("water resistant" of "water resistance") is found by
  its stem where the rule-out words before it are looked for;
- "not the helmet, the fleece jacket, in XL" set the jacket aside with the helmet, as a later
  member of a negated list: a list is joined ("and", "or") somewhere, and two members with
  only a comma between them take the first back and name the second instead;
- "switch the payment on both my pending orders to the visa" was handed off (the audit found
  no sentence asking it of each order): "payment" is the payment change's cue too;
- "the perfume in my order, can I get a smaller bottle?" was read as nothing: a comparative
  said after a thing of theirs, moving an option of its product on its scale to a value an
  available variant has, is a wish the records ground (``SlotKind.wished``), like a value;
  "i'd love" / "i would love" say a wish (``requests.wanted``) after words describing it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from ..conftest import assert_passed, conversation_case, expected_write, run_reference_cases

# Noah Kovacs, gift card only: delivered #W3002300, two bluetooth speakers, green 9179378709 and
# black 7597543861 (10 hours, not water resistant); red 20 h waterproof 7617930199, blue 20 h
# not waterproof 2635605237, blue 20 h waterproof 3254583681.
NOAH = "hi noah.kovacs8240@example.com."


def _run(name: str, turns: list[str], actions: list[dict[str, Any]], tmp_path: Path) -> None:
    case = conversation_case(name, turns, {"actions": actions, "escalated": False})
    [result] = run_reference_cases([case], tmp_path).values()
    assert_passed(result)


def _speakers(new_ids: list[str]) -> dict[str, Any]:
    return expected_write(
        "exchange_delivered_order_items",
        order_id="#W3002300",
        item_ids=["9179378709", "7597543861"],
        new_item_ids=new_ids,
        payment_method_id="gift_card_2486551",
    )


@pytest.mark.parametrize(
    ("asked", "new_ids"),
    [
        (
            "i got two bluetooth speakers. i want the green one swapped for a red one with 20 hours"
            " that is water resistant, and the black one for a blue 20 hour one, that one doesn't"
            " need to be water resistant",
            ["7617930199", "2635605237"],
        ),
        (
            "about my two bluetooth speakers: please exchange the black one for a blue one with 20"
            " hours of battery, not waterproof, and the green one for a red 20 hour waterproof one",
            ["7617930199", "2635605237"],
        ),
        (
            "my two bluetooth speakers - the green one should become a red 20 hour waterproof one"
            " and the black one a blue 20 hour waterproof one",
            ["7617930199", "3254583681"],
        ),
    ],
)
def test_alike_items_told_apart_each_take_their_own_wish(
    asked: str, new_ids: list[str], tmp_path: Path
) -> None:
    _run("two speakers", [f"{NOAH} {asked}", "yes"], [_speakers(new_ids)], tmp_path)


# Harper Johansson (zip 80281), PayPal: pending #W4866703 holds two black fabric office chairs,
# 8426249116 (fixed armrests, standard back) and 1793929609 (no armrests, high back).
HARPER = "hi, harper johansson, zip 80281."


def test_a_description_after_both_of_them_takes_its_clause(tmp_path: Path) -> None:
    """ "both chairs: the standard one to …": the clause naming both chairs is the standard
    one's only, once it describes that one."""
    asked = (
        "in my order with the two office chairs and the kettle, i'd like to change both chairs:"
        " the standard one to leather with adjustable armrests and a high back, and the"
        " high-back one to a gray leather one with fixed armrests"
    )
    chairs = expected_write(
        "modify_pending_order_items",
        order_id="#W4866703",
        item_ids=["8426249116", "1793929609"],
        new_item_ids=["4648362606", "1071497737"],
        payment_method_id="paypal_4820484",
    )
    _run("two chairs", [f"{HARPER} {asked}", "paypal", "yes"], [chairs], tmp_path)


# Amelia Ito, PayPal and a card: pending #W3883329 holds a navy full-zip fleece jacket in XS
# (8161321868; the XL is 7528037711) and a cycling helmet.
AMELIA = "hi amelia.ito8974@example.com."


@pytest.mark.parametrize(
    "asked",
    [
        "i want to change an item on my pending order - not the helmet, the fleece jacket, in XL",
        "please change the size in my pending order, not the cycling helmet, the fleece jacket,"
        " to XL",
    ],
)
def test_a_negated_member_without_a_joiner_is_taken_back(asked: str, tmp_path: Path) -> None:
    jacket = expected_write(
        "modify_pending_order_items",
        order_id="#W3883329",
        item_ids=["8161321868"],
        new_item_ids=["7528037711"],
        payment_method_id="paypal_2767694",
    )
    _run("the jacket", [f"{AMELIA} {asked}", "paypal", "yes"], [jacket], tmp_path)


def test_a_joined_negated_list_still_sets_every_member_aside(tmp_path: Path) -> None:
    """ "not the helmet, the makeup kit or the camera": the list is joined, all three aside."""
    asked = (
        "in my pending order i want the fleece jacket changed to XL, not the helmet, the makeup"
        " kit or the camera"
    )
    jacket = expected_write(
        "modify_pending_order_items",
        order_id="#W3883329",
        item_ids=["8161321868"],
        new_item_ids=["7528037711"],
        payment_method_id="paypal_2767694",
    )
    _run("the jacket", [f"{AMELIA} {asked}", "paypal", "yes"], [jacket], tmp_path)


@pytest.mark.parametrize(
    ("hello", "asked", "orders", "method"),
    [
        (
            "hi omar.silva4147@example.com.",
            "switch the payment on both my pending orders to the mastercard",
            ["#W9728773", "#W9673784"],
            "credit_card_5322562",
        ),
        (
            "hi james.martin9857@example.com.",
            "I'd like the payment of both of my pending orders changed to my visa",
            ["#W3043531", "#W3529525"],
            "credit_card_7083997",
        ),
    ],
)
def test_the_payment_of_both_orders_is_asked_of_each(
    hello: str, asked: str, orders: list[str], method: str, tmp_path: Path
) -> None:
    writes = [
        expected_write("modify_pending_order_payment", order_id=o, payment_method_id=method)
        for o in orders
    ]
    _run("both payments", [f"{hello} {asked}", "yes", "yes"], writes, tmp_path)


@pytest.mark.parametrize(
    ("asked", "turns", "writes"),
    [
        (
            "hi aarav.santos2789@example.com. the perfume in my order, can I get a smaller bottle?",
            ["yes", "my credit card", "yes"],
            [
                expected_write(
                    "exchange_delivered_order_items",
                    order_id="#W8309293",
                    item_ids=["3399869890"],
                    new_item_ids=["5081446110"],
                    payment_method_id="credit_card_3816099",
                )
            ],
        ),
        (
            "hi ivan.johnson5749@example.com. my perfume - could i get a bigger one of it please",
            ["yes", "yes", "yes"],
            [
                expected_write(
                    "exchange_delivered_order_items",
                    order_id="#W1671835",
                    item_ids=["5081446110"],
                    new_item_ids=["3399869890"],
                    payment_method_id="paypal_6918118",
                )
            ],
        ),
        (
            "hi aarav.santos2789@example.com. the perfume that arrived, i would love a smaller one",
            ["yes", "credit card", "yes"],
            [
                expected_write(
                    "exchange_delivered_order_items",
                    order_id="#W8309293",
                    item_ids=["3399869890"],
                    new_item_ids=["5081446110"],
                    payment_method_id="credit_card_3816099",
                )
            ],
        ),
        (
            "hi aarav.santos2789@example.com. the perfume in my order is smaller than i expected",
            ["yes"],
            [],
        ),
    ],
)
def test_a_comparative_alone_asks_for_the_change(
    asked: str, turns: list[str], writes: list[dict[str, Any]], tmp_path: Path
) -> None:
    _run("a comparative", [asked, *turns], writes, tmp_path)
