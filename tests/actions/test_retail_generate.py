"""The demo store generator: deterministic, well-formed, and usable by every store operation."""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from deskpilot.actions._spec import Refusal
from deskpilot.domains.retail import (
    RetailConnector,
    RetailStore,
    StoreData,
    generate_store,
    write_store,
)
from deskpilot.errors import InputError

DATA = generate_store()
_WRITES = (
    "modify_pending_order_items",
    "modify_pending_order_payment",
    "modify_pending_order_address",
    "cancel_pending_order",
    "exchange_delivered_order_items",
    "return_delivered_order_items",
    "modify_user_address",
)
ADDRESS = {
    "address1": "40 Quarry Street",
    "address2": "",
    "city": "Richmond",
    "state": "VA",
    "country": "USA",
    "zip": "23220",
}


def test_generate_store_is_deterministic() -> None:
    assert json.dumps(generate_store()) == json.dumps(DATA)
    assert json.dumps(generate_store(seed=8)) != json.dumps(DATA)


def test_generate_store_has_the_requested_size() -> None:
    data = generate_store(seed=1, users=12, orders=30)
    assert (len(data["users"]), len(data["orders"])) == (12, 30)
    assert 18 <= len(DATA["products"]) <= 25


def test_generate_store_rejects_impossible_sizes() -> None:
    with pytest.raises(InputError, match="found 0 and 5"):
        generate_store(users=0, orders=5)


def test_generate_store_ids_use_the_store_formats() -> None:
    assert all(re.fullmatch(r"[a-z]+_[a-z]+_\d{4}", uid) for uid in DATA["users"])
    assert all(re.fullmatch(r"#W\d{7}", oid) for oid in DATA["orders"])
    assert all(re.fullmatch(r"\d{10}", pid) for pid in DATA["products"])
    variant_ids = [v for p in DATA["products"].values() for v in p["variants"]]
    assert all(re.fullmatch(r"\d{10}", v) for v in variant_ids)
    assert len(set(variant_ids) | set(DATA["products"])) == len(variant_ids) + len(DATA["products"])
    for method_id, method in _payment_methods(DATA):
        assert method["id"] == method_id
        assert re.fullmatch(rf"{method['source']}_\d{{7}}", method_id)


def test_generate_store_orders_and_users_point_at_each_other() -> None:
    for order_id, order in DATA["orders"].items():
        assert order["order_id"] == order_id
        assert order_id in DATA["users"][order["user_id"]]["orders"]
    listed = [oid for user in DATA["users"].values() for oid in user["orders"]]
    assert sorted(listed) == sorted(DATA["orders"])
    for user_id, user in DATA["users"].items():
        assert all(DATA["orders"][oid]["user_id"] == user_id for oid in user["orders"])


def test_generate_store_items_are_variants_of_their_products() -> None:
    for order in DATA["orders"].values():
        for item in order["items"]:
            product = DATA["products"][item["product_id"]]
            variant = product["variants"][item["item_id"]]
            assert item["name"] == product["name"]
            assert (item["price"], item["options"]) == (variant["price"], variant["options"])


def test_generate_store_payments_use_the_customers_own_methods() -> None:
    for order in DATA["orders"].values():
        methods = DATA["users"][order["user_id"]]["payment_methods"]
        for entry in order["payment_history"]:
            assert entry["payment_method_id"] in methods
        total = round(sum(item["price"] for item in order["items"]), 2)
        assert order["payment_history"][0] == {
            "transaction_type": "payment",
            "amount": total,
            "payment_method_id": order["payment_history"][0]["payment_method_id"],
        }


def test_generate_store_has_every_status_with_its_fields() -> None:
    by_status = Counter(order["status"] for order in DATA["orders"].values())
    assert set(by_status) == {"pending", "processed", "delivered", "cancelled"}
    for order in DATA["orders"].values():
        shipped = [i for f in order["fulfillments"] for i in f["item_ids"]]
        if order["status"] in ("processed", "delivered"):
            assert sorted(shipped) == sorted(i["item_id"] for i in order["items"])
            tracking = [t for f in order["fulfillments"] for t in f["tracking_id"]]
            assert tracking and all(re.fullmatch(r"\d{12}", t) for t in tracking)
        else:
            assert shipped == []
        kinds = [entry["transaction_type"] for entry in order["payment_history"]]
        assert kinds == (["payment", "refund"] if order["status"] == "cancelled" else ["payment"])


def test_generate_store_catalogue_is_realistic() -> None:
    for product in DATA["products"].values():
        variants = list(product["variants"].values())
        assert 5 <= len(variants) <= 20
        assert sum(v["available"] for v in variants) >= 2
        assert len({json.dumps(v["options"], sort_keys=True) for v in variants}) == len(variants)
        assert all(v["price"] > 0 and round(v["price"], 2) == v["price"] for v in variants)
    assert any(
        not v["available"] for p in DATA["products"].values() for v in p["variants"].values()
    )


def test_generate_store_customers_are_told_apart_by_email_and_by_name_and_zip() -> None:
    users = DATA["users"].values()
    emails = [u["email"] for u in users]
    keys = [(u["name"]["first_name"], u["name"]["last_name"], u["address"]["zip"]) for u in users]
    assert len(set(emails)) == len(emails)
    assert len(set(keys)) == len(keys)
    for user in users:
        assert user["address"]["country"] == "USA"
        assert re.fullmatch(r"\d{5}", user["address"]["zip"])


def test_generate_store_has_every_payment_method_kind() -> None:
    sources = Counter(method["source"] for _, method in _payment_methods(DATA))
    assert set(sources) == {"credit_card", "paypal", "gift_card"}
    for _, method in _payment_methods(DATA):
        if method["source"] == "credit_card":
            assert re.fullmatch(r"\d{4}", method["last_four"]) and method["brand"]
        if method["source"] == "gift_card":
            assert method["balance"] >= 0


def test_write_store_round_trips_through_open(tmp_path: Path) -> None:
    write_store(tmp_path / "demo", DATA)
    store = RetailStore.open(tmp_path / "demo", tmp_path / "work")
    assert store.changes_since(DATA) == {}


def test_generated_store_supports_every_operation() -> None:
    connector = RetailConnector(RetailStore.in_memory(DATA))
    user_id, user = next(iter(DATA["users"].items()))
    product_id = next(iter(DATA["products"]))
    reads = {
        "find_user_id_by_email": {"email": user["email"]},
        "find_user_id_by_name_zip": {
            "first_name": user["name"]["first_name"],
            "last_name": user["name"]["last_name"],
            "zip": user["address"]["zip"],
        },
        "get_user_details": {"user_id": user_id},
        "get_order_details": {"order_id": next(iter(DATA["orders"]))},
        "get_product_details": {"product_id": product_id},
        "list_all_product_types": {},
    }
    results = {
        action: connector.execute(action, connector.parse(action, kwargs), "read")
        for action, kwargs in reads.items()
    }
    assert results["find_user_id_by_email"] == results["find_user_id_by_name_zip"] == user_id
    assert results["get_product_details"]["product_id"] == product_id
    assert len(results["list_all_product_types"]) == len(DATA["products"])

    done: set[str] = set()
    for action in _WRITES:
        for kwargs in _candidates(connector.store.snapshot(), action):
            args = connector.parse(action, kwargs)
            try:
                connector.check(action, args)
            except Refusal:
                continue
            connector.execute(action, args, f"demo-{action}")
            done.add(action)
            break
    assert len(done) == 7, f"no applicable case for {sorted(set(_WRITES) - done)}"


def _candidates(state: StoreData, action: str) -> Iterator[dict[str, Any]]:
    if action == "modify_user_address":
        yield {"user_id": next(iter(state["users"])), **ADDRESS}
        return
    for order_id, order in state["orders"].items():
        methods = list(state["users"][order["user_id"]]["payment_methods"])
        base: dict[str, Any] = {"order_id": order_id}
        if action == "cancel_pending_order":
            yield {**base, "reason": "no longer needed"}
        elif action == "modify_pending_order_address":
            yield {**base, **ADDRESS}
        elif action == "modify_pending_order_payment":
            yield from ({**base, "payment_method_id": m} for m in methods)
        else:
            item = order["items"][0]
            for new_id in state["products"][item["product_id"]]["variants"]:
                if new_id == item["item_id"]:
                    continue
                for method in methods:
                    swap = {**base, "item_ids": [item["item_id"]], "payment_method_id": method}
                    if action == "return_delivered_order_items":
                        yield swap
                    else:
                        yield {**swap, "new_item_ids": [new_id]}


def _payment_methods(data: StoreData) -> Iterator[tuple[str, Any]]:
    for user in data["users"].values():
        yield from user["payment_methods"].items()
