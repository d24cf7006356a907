"""A tiny hand-written store for the retail tests: few enough records to read every rule at once.

Ada has a pending order paid by card (#W1000001), a delivered one paid by PayPal (#W1000002), a
processed one, a cancelled one, and a pending one paid by her $20 gift card (#W1000005). Ben has a
pending order paid by PayPal (#W1000006) and a $500 gift card.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from deskpilot.actions._spec import Refusal
from deskpilot.domains.retail import RetailConnector, RetailStore, StoreData

# The rule tests repeat these ids as literals rather than importing this module.
KEYBOARD, MUG = "1000000001", "1000000002"
LINEAR, CLICKY, TACTILE_RGB, LINEAR_RGB = "2000000001", "2000000002", "2000000003", "2000000004"
WHITE_MUG, BLACK_MUG = "2000000011", "2000000012"


def _variant(
    item_id: str, options: dict[str, str], price: float, *, available: bool = True
) -> dict[str, Any]:
    return {"item_id": item_id, "options": options, "available": available, "price": price}


def _item(product_id: str, name: str, variant: dict[str, Any]) -> dict[str, Any]:
    return {
        "name": name,
        "product_id": product_id,
        "item_id": variant["item_id"],
        "price": variant["price"],
        "options": dict(variant["options"]),
    }


def _address(street: str, zip_code: str) -> dict[str, str]:
    return {
        "address1": street,
        "address2": "",
        "city": "Madison",
        "country": "USA",
        "state": "WI",
        "zip": zip_code,
    }


def build_tiny_store() -> StoreData:
    """A fresh copy of the tiny store."""
    keyboard_variants = {
        LINEAR: _variant(LINEAR, {"switch type": "linear", "backlight": "none"}, 100.0),
        CLICKY: _variant(CLICKY, {"switch type": "clicky", "backlight": "none"}, 110.5),
        TACTILE_RGB: _variant(
            TACTILE_RGB, {"switch type": "tactile", "backlight": "RGB"}, 130.0, available=False
        ),
        LINEAR_RGB: _variant(LINEAR_RGB, {"switch type": "linear", "backlight": "RGB"}, 150.0),
    }
    mug_variants = {
        WHITE_MUG: _variant(WHITE_MUG, {"color": "white"}, 12.0),
        BLACK_MUG: _variant(BLACK_MUG, {"color": "black"}, 14.25),
    }
    products = {
        KEYBOARD: {"name": "Keyboard", "product_id": KEYBOARD, "variants": keyboard_variants},
        MUG: {"name": "Mug", "product_id": MUG, "variants": mug_variants},
    }
    keyboard = _item(KEYBOARD, "Keyboard", keyboard_variants[LINEAR])
    mug = _item(MUG, "Mug", mug_variants[WHITE_MUG])

    def order(
        order_id: str, user_id: str, status: str, items: list[dict[str, Any]], method: str
    ) -> dict[str, Any]:
        total = round(sum(i["price"] for i in items), 2)
        shipped = status in ("processed", "delivered", "cancelled")
        history = [{"transaction_type": "payment", "amount": total, "payment_method_id": method}]
        if status == "cancelled":
            history.append(
                {"transaction_type": "refund", "amount": total, "payment_method_id": method}
            )
        return {
            "order_id": order_id,
            "user_id": user_id,
            "address": _address("1 Lake Road", "53703"),
            "items": [dict(i) for i in items],
            "fulfillments": (
                [{"tracking_id": ["111122223333"], "item_ids": [i["item_id"] for i in items]}]
                if shipped and status != "cancelled"
                else []
            ),
            "status": status,
            "payment_history": history,
        }

    clicky = _item(KEYBOARD, "Keyboard", keyboard_variants[CLICKY])
    ada, ben = "ada_lane_1001", "ben_ortiz_2002"
    order_rows = [
        ("#W1000001", ada, "pending", [keyboard, mug], "credit_card_1000001"),
        ("#W1000002", ada, "delivered", [keyboard, mug], "paypal_1000003"),
        ("#W1000003", ada, "processed", [mug], "credit_card_1000001"),
        ("#W1000004", ada, "cancelled", [mug], "credit_card_1000001"),
        ("#W1000005", ada, "pending", [mug], "gift_card_1000002"),
        ("#W1000006", ben, "pending", [clicky], "paypal_2000001"),
    ]
    orders = {row[0]: order(*row) for row in order_rows}
    users = {
        "ada_lane_1001": {
            "name": {"first_name": "Ada", "last_name": "Lane"},
            "address": _address("1 Lake Road", "53703"),
            "email": "ada.lane@example.com",
            "payment_methods": {
                "credit_card_1000001": {
                    "source": "credit_card",
                    "brand": "visa",
                    "last_four": "4242",
                    "id": "credit_card_1000001",
                },
                "gift_card_1000002": {
                    "source": "gift_card",
                    "balance": 20,
                    "id": "gift_card_1000002",
                },
                "paypal_1000003": {"source": "paypal", "id": "paypal_1000003"},
            },
            "orders": ["#W1000001", "#W1000002", "#W1000003", "#W1000004", "#W1000005"],
        },
        "ben_ortiz_2002": {
            "name": {"first_name": "Ben", "last_name": "Ortiz"},
            "address": _address("9 Hill Street", "53704"),
            "email": "ben.ortiz@example.com",
            "payment_methods": {
                "paypal_2000001": {"source": "paypal", "id": "paypal_2000001"},
                "gift_card_2000002": {
                    "source": "gift_card",
                    "balance": 500.0,
                    "id": "gift_card_2000002",
                },
            },
            "orders": ["#W1000006"],
        },
    }
    return {"users": users, "orders": orders, "products": products}


@pytest.fixture
def retail_data() -> StoreData:
    """The tiny store's data, fresh for each test."""
    return build_tiny_store()


@pytest.fixture
def retail_store(retail_data: StoreData) -> RetailStore:
    """An in-memory store over the tiny data."""
    return RetailStore.in_memory(retail_data)


@pytest.fixture
def retail_connector(retail_store: RetailStore) -> RetailConnector:
    """The store's connector."""
    return RetailConnector(retail_store)


Runner = Callable[..., Any]


@pytest.fixture
def retail_run(retail_connector: RetailConnector) -> Runner:
    """Run an operation by name and keyword arguments: parse, check, execute (unique key)."""
    counter = iter(range(1_000_000))

    def _run(action: str, **kwargs: Any) -> Any:
        args = retail_connector.parse(action, kwargs)
        retail_connector.check(action, args)
        return retail_connector.execute(action, args, f"test-{next(counter)}")

    return _run


@pytest.fixture
def retail_refused(retail_connector: RetailConnector) -> Callable[..., Refusal]:
    """Assert an operation is refused by both check and execute and changes nothing."""

    def _refused(action: str, **kwargs: Any) -> Refusal:
        store = retail_connector.store
        before, version = store.snapshot(), store.version
        args = retail_connector.parse(action, kwargs)
        with pytest.raises(Refusal) as from_check:
            retail_connector.check(action, args)
        with pytest.raises(Refusal) as from_execute:
            retail_connector.execute(action, args, "refused-key")
        assert from_execute.value.code == from_check.value.code
        assert store.version == version
        assert store.changes_since(before) == {}
        return from_check.value

    return _refused
