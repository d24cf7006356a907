"""What probes21's first run found unread (docs/understanding.md, "Probes 21", 2026-12-07), on
the reference store:

- a request of another kind asked with a word of adding while a proposal waits ("oh and also
  cancel my other order") went first: it now waits behind the proposal, in the order asked;
- a list of values with everyday ones ("gas, portable, with a side burner") read only the sure
  one; each value listed beside a sure one now vouches for the next;
- "my pending order going to New York: the phone to the black one with 8GB RAM": the wished
  options picked the other order, whose phone already is so; where the order goes comes first.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from ..conftest import assert_passed, conversation_case, expected_write, run_reference_cases

# Sofia Thomas, zip 75307, PayPal only: pending #W2297866 (upright vacuum, dumbbell set) and
# #W7619352 (earbuds, another vacuum, toothbrush, charger).
SOFIA = "hi, sofia thomas, zip 75307."
VACUUM = expected_write(
    "modify_pending_order_items",
    order_id="#W2297866",
    item_ids=["7407609582"],
    new_item_ids=["4602305039"],
    payment_method_id="paypal_5334408",
)
CANCEL = expected_write("cancel_pending_order", order_id="#W7619352", reason="ordered by mistake")
# Yusuf Ahmed, Visa 4015: pending #W7756209 (electric grill, grey backpack).
YUSUF = "yusuf.ahmed5476@example.com."
GRILL = expected_write(
    "modify_pending_order_items",
    order_id="#W7756209",
    item_ids=["4404981319"],
    new_item_ids=["9724317332"],
    payment_method_id="credit_card_2167533",
)
# Ethan Lopez, zip 43275, gift card: pending #W8073920 (to New York: gold 4GB phone...) and
# #W6426438 (to Columbus: black 8GB phone...).
ETHAN = "Ethan Lopez, 43275."
PHONE = expected_write(
    "modify_pending_order_items",
    order_id="#W8073920",
    item_ids=["9929635042"],
    new_item_ids=["1507389580"],
    payment_method_id="gift_card_7219486",
)


def _run(name: str, turns: list[str], actions: list[dict[str, Any]], tmp_path: Path) -> None:
    case = conversation_case(name, turns, {"actions": actions, "escalated": False})
    [result] = run_reference_cases([case], tmp_path).values()
    assert_passed(result)


@pytest.mark.parametrize(
    ("added", "actions"),
    [
        # another kind of request, added: it waits its turn behind the proposal
        (
            "oh and also cancel my other pending order with the earbuds, ordered it by mistake",
            [VACUUM, CANCEL],
        ),
        (
            "please cancel the order with the earbuds and the toothbrush too, "
            "i ordered it by mistake",
            [VACUUM, CANCEL],
        ),
    ],
)
def test_a_request_of_another_kind_added_while_a_proposal_waits_comes_after_it(
    added: str, actions: list[dict[str, Any]], tmp_path: Path
) -> None:
    _run(
        "added while the item change waits",
        [
            f"{SOFIA} in my order with the dumbbell set i want the vacuum to be a robotic one, "
            "bagged and cordless",
            "paypal",
            added,
            "yes",
            "yes",
        ],
        actions,
        tmp_path,
    )


@pytest.mark.parametrize(
    "wish",
    [
        "the grill: gas, portable, with a side burner",
        "the grill to portable, gas, side burner",
    ],
)
def test_everyday_values_listed_beside_a_sure_one_are_read(wish: str, tmp_path: Path) -> None:
    _run(
        "a list of values",
        [
            f"{YUSUF} in my order with the grill and the backpack I want to change {wish}",
            "visa",
            "yes",
        ],
        [GRILL],
        tmp_path,
    )


@pytest.mark.parametrize(
    "said",
    [
        "my pending order going to New York: the phone to the black one with 8GB RAM",
        "in the order that ships to new york, change the phone to a black one with 8GB RAM",
    ],
)
def test_where_an_order_goes_tells_it_apart_before_the_wished_options(
    said: str, tmp_path: Path
) -> None:
    _run("the order going to New York", [f"{ETHAN} {said}. gift card", "yes"], [PHONE], tmp_path)


# Fatima Wilson, zip 92183, Visa 8991: delivered #W5272531 holds a white plastic 1.5L kettle, a
# blue AA toothbrush and a black rechargeable one, an espresso machine.
FATIMA = "Hi, Fatima Wilson, 92183."
KETTLE_AND_BRUSH = expected_write(
    "exchange_delivered_order_items",
    order_id="#W5272531",
    item_ids=["2698416822", "8098621301"],
    new_item_ids=["2243454707", "2645006275"],
    payment_method_id="credit_card_6824399",
)


@pytest.mark.parametrize(
    "said",
    [
        "the kettle, the 1L one, same white plastic. the black toothbrush, in white with AA "
        "batteries, same high speed",
        "the kettle in 1L, still plastic. the black toothbrush: white with AA batteries, same "
        "high speed",
    ],
)
def test_a_thing_is_described_only_by_values_it_comes_in(said: str, tmp_path: Path) -> None:
    _run(
        "the black toothbrush after the kettle's words",
        [
            f"{FATIMA} I want to exchange two things from my order with the espresso machine: "
            f"{said}",
            "visa",
            "yes",
        ],
        [KETTLE_AND_BRUSH],
        tmp_path,
    )
