"""What probes20's first run found unread (docs/understanding.md, "Probes 20", 2026-12-12), on
the reference store:

- an address written with only a space between the city and the state ("Phoenix AZ 85033");
- a value that is a model code ("i7") is a wish like any other value written out;
- "my order going to San Jose should go to Denver": the first city after the words names the
  order, a later one is where it should go;
- "the same address as my other pending order": a state word between "other" and "order";
- a request run for the second of two orders named in one sentence ("cancel the order with the
  skateboard, and the order with the digital camera") still reads that sentence when three
  answers to other requests came in between.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..conftest import assert_passed, conversation_case, expected_write, run_reference_cases

# Lei Li: pending #W5166363 (laptop 17-inch i5 8GB 1TB space grey, to San Francisco), pending
# #W3414433 and #W3189752 (to 604 Pine Lane, Suite 907, Phoenix, AZ 85033), Visa ending 2697.
LEI_LI = "hi, lei.li8350@example.com."
PHOENIX = {
    "order_id": "#W5166363",
    "address1": "604 Pine Lane",
    "address2": "Suite 907",
    "city": "Phoenix",
    "country": "USA",
    "state": "AZ",
    "zip": "85033",
}
# Ethan Santos: pending #W5320242 (to San Jose), pending #W4642822 (to 654 Spruce Street,
# Suite 503, Denver, CO 80278, also his account's address).
ETHAN = "hi ethan.santos9082@example.com,"
DENVER = {
    "order_id": "#W5320242",
    "address1": "654 Spruce Street",
    "address2": "Suite 503",
    "city": "Denver",
    "country": "USA",
    "state": "CO",
    "zip": "80278",
}


def _run(name: str, turns: list[str], actions: list[dict[str, Any]], tmp_path: Path) -> None:
    case = conversation_case(name, turns, {"actions": actions, "escalated": False})
    [result] = run_reference_cases([case], tmp_path).values()
    assert_passed(result)


def test_an_address_with_a_space_between_city_and_state(tmp_path: Path) -> None:
    _run(
        "city then state without a comma",
        [
            f"{LEI_LI} my laptop order is going to an old san francisco address, can you change "
            "it to 604 Pine Lane, Suite 907, Phoenix AZ 85033?",
            "yes",
        ],
        [expected_write("modify_pending_order_address", **PHOENIX)],
        tmp_path,
    )


def test_a_model_code_is_a_wished_value(tmp_path: Path) -> None:
    # 15-inch, i7, 8GB, 1TB SSD, black: the one laptop that keeps the rest.
    _run(
        "the 15 inch with i7 in black",
        [
            f"{LEI_LI} I want to change the laptop in my pending order to the 15 inch with i7 in "
            "black, keep the rest. visa for any difference",
            "yes",
        ],
        [
            expected_write(
                "modify_pending_order_items",
                order_id="#W5166363",
                item_ids=["3334537816"],
                new_item_ids=["9844888101"],
                payment_method_id="credit_card_4466831",
            )
        ],
        tmp_path,
    )


def test_the_first_city_after_going_to_names_the_order(tmp_path: Path) -> None:
    _run(
        "going to San Jose, should go to Denver",
        [
            f"{ETHAN} my pending order going to San Jose should go to Denver instead: 654 Spruce "
            "Street, Suite 503, Denver, CO 80278",
            "yes",
        ],
        [expected_write("modify_pending_order_address", **DENVER)],
        tmp_path,
    )


def test_the_address_of_my_other_pending_order(tmp_path: Path) -> None:
    _run(
        "the same address as my other pending order",
        [
            f"{ETHAN} please ship my San Jose order to the same address as my other pending order",
            "yes",
        ],
        [expected_write("modify_pending_order_address", **DENVER)],
        tmp_path,
    )


def test_the_second_of_two_orders_in_one_sentence_after_other_answers(tmp_path: Path) -> None:
    # Lei Ahmed: pending #W6724985 (white glass bookshelf 5 ft, and a bottle), #W9132840
    # (skateboard, two helmets), #W9015076 (digital camera, to Houston; a white wood bookshelf).
    _run(
        "cancel two orders named in one sentence, after an item change",
        [
            "Hi, lei.ahmed1696@example.com. Three things: change the white glass bookshelf in my "
            "pending order to brown, everything else the same. Then cancel the order with the "
            "skateboard and the two helmets, and the order with the digital camera that's going "
            "to Houston. I don't need those anymore.",
            "mastercard",
            "yes",
            "yes",
            "yes",
        ],
        [
            expected_write(
                "modify_pending_order_items",
                order_id="#W6724985",
                item_ids=["8895454203"],
                new_item_ids=["4894369688"],
                payment_method_id="credit_card_3593714",
            ),
            expected_write("cancel_pending_order", order_id="#W9132840", reason="no longer needed"),
            expected_write("cancel_pending_order", order_id="#W9015076", reason="no longer needed"),
        ],
        tmp_path,
    )
