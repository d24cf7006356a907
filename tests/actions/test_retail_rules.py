"""The store's rules, one operation at a time, on the tiny store (see conftest.py)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from deskpilot.actions._spec import Refusal
from deskpilot.domains.retail import (
    OrderStatus,
    RefusalCode,
    RetailConnector,
    RetailStore,
)

# Ids of the tiny store built in conftest.py.
KEYBOARD = "1000000001"
LINEAR, CLICKY, TACTILE_RGB, LINEAR_RGB = "2000000001", "2000000002", "2000000003", "2000000004"
WHITE_MUG, BLACK_MUG = "2000000011", "2000000012"

Run = Callable[..., Any]
Refused = Callable[..., Refusal]

ADDRESS = {
    "address1": "77 Pine Street",
    "address2": "Apt 2",
    "city": "Omaha",
    "state": "NE",
    "country": "USA",
    "zip": "68102",
}


# Reads


def test_find_user_id_by_email_ignores_case_and_spaces(retail_run: Run) -> None:
    assert retail_run("find_user_id_by_email", email="  ADA.Lane@example.com ") == "ada_lane_1001"


def test_find_user_id_by_name_zip_matches_name_in_any_case(retail_run: Run) -> None:
    found = retail_run("find_user_id_by_name_zip", first_name="ada", last_name="LANE", zip="53703")
    assert found == "ada_lane_1001"


def test_find_user_id_by_name_zip_refuses_wrong_zip(retail_refused: Refused) -> None:
    refusal = retail_refused(
        "find_user_id_by_name_zip", first_name="Ada", last_name="Lane", zip="53704"
    )
    assert refusal.code == RefusalCode.NOT_FOUND


def test_find_user_id_by_email_refuses_unknown_email(retail_refused: Refused) -> None:
    assert retail_refused("find_user_id_by_email", email="nobody@example.com").code == "not_found"


def test_find_user_id_by_name_zip_refuses_two_matching_customers(retail_data: Any) -> None:
    twin = {
        **retail_data["users"]["ben_ortiz_2002"],
        "name": {"first_name": "Ada", "last_name": "Lane"},
    }
    twin["address"] = dict(retail_data["users"]["ada_lane_1001"]["address"])
    retail_data["users"]["ada_lane_9999"] = twin
    connector = RetailConnector(RetailStore.in_memory(retail_data))
    args = connector.parse(
        "find_user_id_by_name_zip", {"first_name": "Ada", "last_name": "Lane", "zip": "53703"}
    )
    with pytest.raises(Refusal) as refusal:
        connector.check("find_user_id_by_name_zip", args)
    assert refusal.value.code == RefusalCode.AMBIGUOUS_CUSTOMER


@pytest.mark.parametrize(
    ("action", "kwargs"),
    [
        ("get_user_details", {"user_id": "nobody_0000"}),
        ("get_order_details", {"order_id": "#W9999999"}),
        ("get_order_details", {"order_id": "#1000001"}),
        ("get_product_details", {"product_id": LINEAR}),
    ],
)
def test_reads_refuse_unknown_ids(
    retail_refused: Refused, action: str, kwargs: dict[str, str]
) -> None:
    refusal = retail_refused(action, **kwargs)
    assert refusal.code == RefusalCode.NOT_FOUND
    assert refusal.reason.startswith("We could not find")


def test_get_order_details_returns_a_copy(retail_run: Run) -> None:
    order = retail_run("get_order_details", order_id="#W1000001")
    order["status"] = "delivered"
    assert retail_run("get_order_details", order_id="#W1000001")["status"] == "pending"


def test_list_all_product_types_maps_names_to_product_ids(retail_run: Run) -> None:
    assert retail_run("list_all_product_types") == {"Keyboard": KEYBOARD, "Mug": "1000000002"}


# Cancel


def test_cancel_pending_order_refunds_the_card_and_records_the_reason(retail_run: Run) -> None:
    order = retail_run("cancel_pending_order", order_id="#W1000001", reason="ordered by mistake")
    assert order["status"] == "cancelled"
    assert order["cancel_reason"] == "ordered by mistake"
    assert order["payment_history"][-1] == {
        "transaction_type": "refund",
        "amount": 112.0,
        "payment_method_id": "credit_card_1000001",
    }


def test_cancel_pending_order_credits_a_gift_card_at_once(retail_run: Run) -> None:
    retail_run("cancel_pending_order", order_id="#W1000005", reason="no longer needed")
    card = retail_run("get_user_details", user_id="ada_lane_1001")["payment_methods"][
        "gift_card_1000002"
    ]
    assert card["balance"] == 32.0


def test_cancel_pending_order_refuses_another_reason(retail_refused: Refused) -> None:
    refusal = retail_refused(
        "cancel_pending_order", order_id="#W1000001", reason="found it cheaper"
    )
    assert refusal.code == RefusalCode.INVALID_CANCEL_REASON
    assert "no longer needed" in refusal.reason


@pytest.mark.parametrize(
    ("order_id", "status"),
    [("#W1000002", "delivered"), ("#W1000003", "processed"), ("#W1000004", "cancelled")],
)
def test_cancel_pending_order_refuses_other_statuses(
    retail_refused: Refused, order_id: str, status: str
) -> None:
    refusal = retail_refused("cancel_pending_order", order_id=order_id, reason="no longer needed")
    assert refusal.code == RefusalCode.ORDER_NOT_PENDING
    assert refusal.reason == f"Order {order_id} is {status}; only pending orders can be cancelled."


def test_cancel_pending_order_refuses_an_order_whose_items_changed(
    retail_run: Run, retail_refused: Refused
) -> None:
    retail_run(
        "modify_pending_order_items",
        order_id="#W1000001",
        item_ids=[WHITE_MUG],
        new_item_ids=[BLACK_MUG],
        payment_method_id="credit_card_1000001",
    )
    refusal = retail_refused(
        "cancel_pending_order", order_id="#W1000001", reason="no longer needed"
    )
    assert refusal.code == RefusalCode.ORDER_NOT_PENDING
    assert "already had its items changed" in refusal.reason


def test_cancel_pending_order_refuses_unknown_order(retail_refused: Refused) -> None:
    assert (
        retail_refused("cancel_pending_order", order_id="#W0000000", reason="no longer needed").code
        == "not_found"
    )


# Address


def test_modify_pending_order_address_replaces_the_address(retail_run: Run) -> None:
    order = retail_run("modify_pending_order_address", order_id="#W1000001", **ADDRESS)
    assert order["address"] == {
        k: ADDRESS[k] for k in ("address1", "address2", "city", "country", "state", "zip")
    }
    assert order["status"] == "pending"


def test_modify_pending_order_address_refuses_a_delivered_order(retail_refused: Refused) -> None:
    refusal = retail_refused("modify_pending_order_address", order_id="#W1000002", **ADDRESS)
    assert refusal.code == RefusalCode.ORDER_NOT_PENDING


def test_modify_user_address_replaces_the_profile_address(retail_run: Run) -> None:
    user = retail_run("modify_user_address", user_id="ben_ortiz_2002", **ADDRESS)
    assert user["address"]["city"] == "Omaha"
    assert retail_run("get_order_details", order_id="#W1000006")["address"]["city"] == "Madison"


def test_modify_user_address_refuses_unknown_user(retail_refused: Refused) -> None:
    assert (
        retail_refused("modify_user_address", user_id="ghost_0000", **ADDRESS).code == "not_found"
    )


# Payment


def test_modify_pending_order_payment_charges_new_and_refunds_old(retail_run: Run) -> None:
    order = retail_run(
        "modify_pending_order_payment", order_id="#W1000006", payment_method_id="gift_card_2000002"
    )
    assert order["payment_history"][1:] == [
        {"transaction_type": "payment", "amount": 110.5, "payment_method_id": "gift_card_2000002"},
        {"transaction_type": "refund", "amount": 110.5, "payment_method_id": "paypal_2000001"},
    ]
    card = retail_run("get_user_details", user_id="ben_ortiz_2002")["payment_methods"][
        "gift_card_2000002"
    ]
    assert card["balance"] == 389.5


def test_modify_pending_order_payment_refunds_an_old_gift_card(retail_run: Run) -> None:
    retail_run(
        "modify_pending_order_payment", order_id="#W1000005", payment_method_id="paypal_1000003"
    )
    card = retail_run("get_user_details", user_id="ada_lane_1001")["payment_methods"][
        "gift_card_1000002"
    ]
    assert card["balance"] == 32.0


def test_modify_pending_order_payment_can_switch_again(retail_run: Run) -> None:
    retail_run(
        "modify_pending_order_payment", order_id="#W1000001", payment_method_id="paypal_1000003"
    )
    order = retail_run(
        "modify_pending_order_payment",
        order_id="#W1000001",
        payment_method_id="credit_card_1000001",
    )
    assert order["payment_history"][-1]["payment_method_id"] == "paypal_1000003"


def test_modify_pending_order_payment_refuses_the_same_method(retail_refused: Refused) -> None:
    refusal = retail_refused(
        "modify_pending_order_payment",
        order_id="#W1000001",
        payment_method_id="credit_card_1000001",
    )
    assert refusal.code == RefusalCode.SAME_PAYMENT_METHOD


def test_modify_pending_order_payment_refuses_a_gift_card_short_of_the_total(
    retail_refused: Refused,
) -> None:
    refusal = retail_refused(
        "modify_pending_order_payment", order_id="#W1000001", payment_method_id="gift_card_1000002"
    )
    assert refusal.code == RefusalCode.INSUFFICIENT_GIFT_CARD_BALANCE
    assert "$20.00" in refusal.reason and "$112.00" in refusal.reason


def test_modify_pending_order_payment_refuses_another_customers_method(
    retail_refused: Refused,
) -> None:
    refusal = retail_refused(
        "modify_pending_order_payment", order_id="#W1000001", payment_method_id="gift_card_2000002"
    )
    assert refusal.code == RefusalCode.NOT_FOUND


def test_modify_pending_order_payment_refuses_a_processed_order(retail_refused: Refused) -> None:
    refusal = retail_refused(
        "modify_pending_order_payment", order_id="#W1000003", payment_method_id="paypal_1000003"
    )
    assert refusal.code == RefusalCode.ORDER_NOT_PENDING


# Items


def test_modify_pending_order_items_swaps_variant_and_charges_the_difference(
    retail_run: Run,
) -> None:
    order = retail_run(
        "modify_pending_order_items",
        order_id="#W1000001",
        item_ids=[LINEAR],
        new_item_ids=[CLICKY],
        payment_method_id="gift_card_1000002",
    )
    assert order["status"] == OrderStatus.PENDING_ITEM_MODIFIED
    assert order["items"][0] == {
        "name": "Keyboard",
        "product_id": KEYBOARD,
        "item_id": CLICKY,
        "price": 110.5,
        "options": {"switch type": "clicky", "backlight": "none"},
    }
    assert order["payment_history"][-1] == {
        "transaction_type": "payment",
        "amount": 10.5,
        "payment_method_id": "gift_card_1000002",
    }
    card = retail_run("get_user_details", user_id="ada_lane_1001")["payment_methods"][
        "gift_card_1000002"
    ]
    assert card["balance"] == 9.5


def test_modify_pending_order_items_refunds_a_cheaper_variant(retail_run: Run) -> None:
    order = retail_run(
        "modify_pending_order_items",
        order_id="#W1000006",
        item_ids=[CLICKY],
        new_item_ids=[LINEAR],
        payment_method_id="paypal_2000001",
    )
    assert order["payment_history"][-1] == {
        "transaction_type": "refund",
        "amount": 10.5,
        "payment_method_id": "paypal_2000001",
    }


def test_modify_pending_order_items_refuses_a_second_change(
    retail_run: Run, retail_refused: Refused
) -> None:
    retail_run(
        "modify_pending_order_items",
        order_id="#W1000001",
        item_ids=[WHITE_MUG],
        new_item_ids=[BLACK_MUG],
        payment_method_id="credit_card_1000001",
    )
    refusal = retail_refused(
        "modify_pending_order_items",
        order_id="#W1000001",
        item_ids=[LINEAR],
        new_item_ids=[CLICKY],
        payment_method_id="credit_card_1000001",
    )
    assert refusal.code == RefusalCode.ITEMS_ALREADY_MODIFIED


def test_modify_pending_order_items_refuses_a_gift_card_short_of_the_difference(
    retail_refused: Refused,
) -> None:
    refusal = retail_refused(
        "modify_pending_order_items",
        order_id="#W1000001",
        item_ids=[LINEAR],
        new_item_ids=[LINEAR_RGB],
        payment_method_id="gift_card_1000002",
    )
    assert refusal.code == RefusalCode.INSUFFICIENT_GIFT_CARD_BALANCE


def test_modify_pending_order_items_refuses_another_product(retail_refused: Refused) -> None:
    refusal = retail_refused(
        "modify_pending_order_items",
        order_id="#W1000001",
        item_ids=[LINEAR],
        new_item_ids=[BLACK_MUG],
        payment_method_id="credit_card_1000001",
    )
    assert refusal.code == RefusalCode.DIFFERENT_PRODUCT
    assert "Mug, not a Keyboard" in refusal.reason


def test_modify_pending_order_items_refuses_an_unavailable_variant(retail_refused: Refused) -> None:
    refusal = retail_refused(
        "modify_pending_order_items",
        order_id="#W1000001",
        item_ids=[LINEAR],
        new_item_ids=[TACTILE_RGB],
        payment_method_id="credit_card_1000001",
    )
    assert refusal.code == RefusalCode.ITEM_UNAVAILABLE


def test_modify_pending_order_items_refuses_uneven_lists(retail_refused: Refused) -> None:
    refusal = retail_refused(
        "modify_pending_order_items",
        order_id="#W1000001",
        item_ids=[LINEAR, WHITE_MUG],
        new_item_ids=[CLICKY],
        payment_method_id="credit_card_1000001",
    )
    assert refusal.code == RefusalCode.ITEM_COUNT_MISMATCH


@pytest.mark.parametrize(
    ("item_ids", "new_item_ids"),
    [([CLICKY], [LINEAR]), ([LINEAR, LINEAR], [CLICKY, CLICKY]), ([LINEAR], ["9999999999"])],
)
def test_modify_pending_order_items_refuses_items_not_in_order_or_store(
    retail_refused: Refused, item_ids: list[str], new_item_ids: list[str]
) -> None:
    refusal = retail_refused(
        "modify_pending_order_items",
        order_id="#W1000001",
        item_ids=item_ids,
        new_item_ids=new_item_ids,
        payment_method_id="credit_card_1000001",
    )
    assert refusal.code == RefusalCode.NOT_FOUND


def test_modify_pending_order_items_refuses_a_cancelled_order(retail_refused: Refused) -> None:
    refusal = retail_refused(
        "modify_pending_order_items",
        order_id="#W1000004",
        item_ids=[WHITE_MUG],
        new_item_ids=[BLACK_MUG],
        payment_method_id="credit_card_1000001",
    )
    assert refusal.code == RefusalCode.ORDER_NOT_PENDING


# Return


def test_return_delivered_order_items_marks_the_return(retail_run: Run) -> None:
    order = retail_run(
        "return_delivered_order_items",
        order_id="#W1000002",
        item_ids=[WHITE_MUG, LINEAR],
        payment_method_id="paypal_1000003",
    )
    assert order["status"] == "return requested"
    assert order["return_items"] == sorted([WHITE_MUG, LINEAR])
    assert order["return_payment_method_id"] == "paypal_1000003"
    assert len(order["payment_history"]) == 1


def test_return_delivered_order_items_accepts_a_gift_card(retail_run: Run) -> None:
    order = retail_run(
        "return_delivered_order_items",
        order_id="#W1000002",
        item_ids=[LINEAR],
        payment_method_id="gift_card_1000002",
    )
    assert order["return_payment_method_id"] == "gift_card_1000002"


def test_return_delivered_order_items_refuses_another_method(retail_refused: Refused) -> None:
    refusal = retail_refused(
        "return_delivered_order_items",
        order_id="#W1000002",
        item_ids=[LINEAR],
        payment_method_id="credit_card_1000001",
    )
    assert refusal.code == RefusalCode.REFUND_METHOD_NOT_ALLOWED


def test_return_delivered_order_items_refuses_a_pending_order(retail_refused: Refused) -> None:
    refusal = retail_refused(
        "return_delivered_order_items",
        order_id="#W1000001",
        item_ids=[LINEAR],
        payment_method_id="credit_card_1000001",
    )
    assert refusal.code == RefusalCode.ORDER_NOT_DELIVERED
    assert refusal.reason == "Order #W1000001 is pending; only delivered orders can be returned."


def test_return_delivered_order_items_refuses_a_second_request(
    retail_run: Run, retail_refused: Refused
) -> None:
    retail_run(
        "return_delivered_order_items",
        order_id="#W1000002",
        item_ids=[LINEAR],
        payment_method_id="paypal_1000003",
    )
    refusal = retail_refused(
        "return_delivered_order_items",
        order_id="#W1000002",
        item_ids=[WHITE_MUG],
        payment_method_id="paypal_1000003",
    )
    assert refusal.code == RefusalCode.ORDER_NOT_DELIVERED


def test_return_delivered_order_items_refuses_an_item_not_in_order(retail_refused: Refused) -> None:
    refusal = retail_refused(
        "return_delivered_order_items",
        order_id="#W1000002",
        item_ids=[CLICKY],
        payment_method_id="paypal_1000003",
    )
    assert refusal.code == RefusalCode.NOT_FOUND


# Exchange


def test_exchange_delivered_order_items_records_items_and_difference(retail_run: Run) -> None:
    order = retail_run(
        "exchange_delivered_order_items",
        order_id="#W1000002",
        item_ids=[WHITE_MUG, LINEAR],
        new_item_ids=[BLACK_MUG, CLICKY],
        payment_method_id="paypal_1000003",
    )
    assert order["status"] == "exchange requested"
    assert order["exchange_items"] == sorted([WHITE_MUG, LINEAR])
    assert order["exchange_new_items"] == sorted([BLACK_MUG, CLICKY])
    assert order["exchange_payment_method_id"] == "paypal_1000003"
    assert order["exchange_price_difference"] == 12.75
    assert order["items"][0]["item_id"] == LINEAR


def test_exchange_delivered_order_items_refuses_another_product(retail_refused: Refused) -> None:
    refusal = retail_refused(
        "exchange_delivered_order_items",
        order_id="#W1000002",
        item_ids=[LINEAR],
        new_item_ids=[BLACK_MUG],
        payment_method_id="paypal_1000003",
    )
    assert refusal.code == RefusalCode.DIFFERENT_PRODUCT


def test_exchange_delivered_order_items_refuses_a_gift_card_short_of_the_difference(
    retail_refused: Refused,
) -> None:
    refusal = retail_refused(
        "exchange_delivered_order_items",
        order_id="#W1000002",
        item_ids=[LINEAR],
        new_item_ids=[LINEAR_RGB],
        payment_method_id="gift_card_1000002",
    )
    assert refusal.code == RefusalCode.INSUFFICIENT_GIFT_CARD_BALANCE


@pytest.mark.parametrize("order_id", ["#W1000001", "#W1000003", "#W1000004"])
def test_exchange_delivered_order_items_refuses_undelivered_orders(
    retail_refused: Refused, order_id: str
) -> None:
    refusal = retail_refused(
        "exchange_delivered_order_items",
        order_id=order_id,
        item_ids=[WHITE_MUG],
        new_item_ids=[BLACK_MUG],
        payment_method_id="paypal_1000003",
    )
    assert refusal.code == RefusalCode.ORDER_NOT_DELIVERED


def test_exchange_delivered_order_items_refuses_after_a_return(
    retail_run: Run, retail_refused: Refused
) -> None:
    retail_run(
        "return_delivered_order_items",
        order_id="#W1000002",
        item_ids=[LINEAR],
        payment_method_id="paypal_1000003",
    )
    refusal = retail_refused(
        "exchange_delivered_order_items",
        order_id="#W1000002",
        item_ids=[WHITE_MUG],
        new_item_ids=[BLACK_MUG],
        payment_method_id="paypal_1000003",
    )
    assert refusal.code == RefusalCode.ORDER_NOT_DELIVERED
