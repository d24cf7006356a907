"""A deterministic demo store: our own catalogue, customers and orders, in the store's JSON shape.

``generate_store(seed)`` always returns the same store for the same arguments (one seeded
``random.Random``, no sets iterated, no clock). Orders come in every status with the fields each
status carries: fulfilments with tracking ids once processed, a refund once cancelled.
"""

from __future__ import annotations

import itertools
import random
from collections.abc import Callable
from typing import Any

from deskpilot.errors import InputError

from ._catalogue import (
    CARD_BRANDS,
    CITIES,
    FIRST_NAMES,
    LAST_NAMES,
    PRODUCT_TYPES,
    STREETS,
    ProductType,
)
from ._common import CANCEL_REASONS, OrderStatus, money
from ._state import Record, StoreData, write_store

__all__ = ["generate_store", "write_store"]

# Share of orders per status, roughly what an established shop's order book looks like.
_STATUS_WEIGHTS: tuple[tuple[OrderStatus, int], ...] = (
    (OrderStatus.PENDING, 40),
    (OrderStatus.PROCESSED, 12),
    (OrderStatus.DELIVERED, 36),
    (OrderStatus.CANCELLED, 12),
)
# User ids end in four digits, unique across the store.
_MAX_USERS = 5000


class _Ids:
    """Unique random ids in the store's formats, drawn from the generator's one RNG."""

    def __init__(self, rng: random.Random) -> None:
        self._rng = rng
        self._used: set[str] = set()

    def digits(self, count: int, prefix: str = "") -> str:
        while True:
            candidate = prefix + "".join(str(self._rng.randrange(10)) for _ in range(count))
            if candidate not in self._used and not candidate.removeprefix(prefix).startswith("0"):
                self._used.add(candidate)
                return candidate


def generate_store(seed: int = 7, users: int = 60, orders: int = 150) -> StoreData:
    """A realistic online store with ``users`` customers and ``orders`` orders, same per seed."""
    if not 1 <= users <= _MAX_USERS or orders < 0:
        raise InputError(
            f"a demo store needs 1 to {_MAX_USERS} users and 0 or more orders, "
            f"found {users} and {orders}",
            users=users,
            orders=orders,
        )
    rng = random.Random(seed)
    ids = _Ids(rng)
    products = {p["product_id"]: p for p in (_product(rng, ids, t) for t in PRODUCT_TYPES)}
    user_records = _users(rng, ids, users)
    order_records: dict[str, Record] = {}
    user_ids = list(user_records)
    for status in _statuses(rng, orders):
        user_id = rng.choice(user_ids)
        order = _order(rng, ids, user_id, user_records[user_id], products, status)
        order_records[order["order_id"]] = order
        user_records[user_id]["orders"].append(order["order_id"])
    return {"users": user_records, "orders": order_records, "products": products}


def _product(rng: random.Random, ids: _Ids, kind: ProductType) -> Record:
    dimensions = list(kind.options)
    combos = list(itertools.product(*(list(kind.options[d]) for d in dimensions)))
    chosen = rng.sample(combos, rng.randint(min(5, len(combos)), min(20, len(combos))))
    unavailable = set(rng.sample(range(len(chosen)), rng.randint(0, min(3, len(chosen) - 2))))
    variants: dict[str, Record] = {}
    for position, combo in enumerate(chosen):
        premium = sum(kind.options[d][value] for d, value in zip(dimensions, combo, strict=True))
        item_id = ids.digits(10)
        variants[item_id] = {
            "item_id": item_id,
            "options": dict(zip(dimensions, combo, strict=True)),
            "available": position not in unavailable,
            "price": money((kind.base_price + premium) * rng.uniform(0.94, 1.08)),
        }
    product_id = ids.digits(10)
    return {"name": kind.name, "product_id": product_id, "variants": variants}


def _users(rng: random.Random, ids: _Ids, count: int) -> dict[str, Record]:
    records: dict[str, Record] = {}
    seen_names: set[tuple[str, str, str]] = set()
    while len(records) < count:
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        address = _address(rng)
        if (first, last, address["zip"]) in seen_names:
            continue
        seen_names.add((first, last, address["zip"]))
        suffix = ids.digits(4)
        user_id = f"{first.lower()}_{last.lower()}_{suffix}"
        records[user_id] = {
            "name": {"first_name": first, "last_name": last},
            "address": address,
            "email": f"{first.lower()}.{last.lower()}{suffix}@example.com",
            "payment_methods": _payment_methods(rng, ids),
            "orders": [],
        }
    return records


def _address(rng: random.Random) -> Record:
    city, state, zip_prefix = rng.choice(CITIES)
    unit = rng.random()
    if unit < 0.45:
        address2 = ""
    elif unit < 0.75:
        address2 = f"Apt {rng.randint(1, 40)}{rng.choice('ABCD')}"
    else:
        address2 = f"Suite {rng.randint(100, 999)}"
    return {
        "address1": f"{rng.randint(1, 9899)} {rng.choice(STREETS)}",
        "address2": address2,
        "city": city,
        "country": "USA",
        "state": state,
        "zip": f"{zip_prefix}{rng.randint(1, 99):02d}",
    }


def _payment_methods(rng: random.Random, ids: _Ids) -> dict[str, Record]:
    makers: list[Callable[[], Record]] = [
        lambda: _credit_card(rng, ids),
        lambda: {"source": "paypal", "id": ids.digits(7, "paypal_")},
        lambda: _gift_card(rng, ids),
    ]
    count = rng.choices((1, 2, 3), weights=(3, 5, 2))[0]
    kinds = [0, *rng.sample(range(3), count - 1)] if count > 1 else [rng.randrange(3)]
    methods = [makers[kind]() for kind in kinds]
    return {method["id"]: method for method in methods}


def _credit_card(rng: random.Random, ids: _Ids) -> Record:
    return {
        "source": "credit_card",
        "brand": rng.choice(CARD_BRANDS),
        "last_four": f"{rng.randrange(10000):04d}",
        "id": ids.digits(7, "credit_card_"),
    }


def _gift_card(rng: random.Random, ids: _Ids) -> Record:
    balance = rng.choice((0, 10, 25, 40, 50, 75, 100, 150, 250, 500)) + rng.randint(0, 99) / 100
    return {"source": "gift_card", "balance": money(balance), "id": ids.digits(7, "gift_card_")}


def _statuses(rng: random.Random, count: int) -> list[OrderStatus]:
    kinds, weights = zip(*_STATUS_WEIGHTS, strict=True)
    statuses = list(kinds[:count]) + rng.choices(kinds, weights=weights, k=max(0, count - 4))
    rng.shuffle(statuses)
    return statuses


def _order(
    rng: random.Random,
    ids: _Ids,
    user_id: str,
    user: Record,
    products: dict[str, Record],
    status: OrderStatus,
) -> Record:
    order_id = ids.digits(7, "#W")
    items = [
        _item(rng, products, status)
        for _ in range(rng.choices((1, 2, 3, 4, 5), (4, 4, 3, 2, 1))[0])
    ]
    method_id = rng.choice(list(user["payment_methods"]))
    total = money(sum(item["price"] for item in items))
    history = [{"transaction_type": "payment", "amount": total, "payment_method_id": method_id}]
    record: dict[str, Any] = {
        "order_id": order_id,
        "user_id": user_id,
        "address": dict(user["address"]) if rng.random() < 0.85 else _address(rng),
        "items": items,
        "fulfillments": _fulfillments(rng, ids, items, status),
        "status": status.value,
        "payment_history": history,
    }
    if status == OrderStatus.CANCELLED:
        history.append(
            {"transaction_type": "refund", "amount": total, "payment_method_id": method_id}
        )
        record["cancel_reason"] = rng.choice(CANCEL_REASONS)
    return record


def _item(rng: random.Random, products: dict[str, Record], status: OrderStatus) -> Record:
    product = products[rng.choice(list(products))]
    variants = list(product["variants"].values())
    if status == OrderStatus.PENDING:
        # A pending order was placed recently: what it holds can still be bought.
        variants = [v for v in variants if v["available"]]
    variant = rng.choice(variants)
    return {
        "name": product["name"],
        "product_id": product["product_id"],
        "item_id": variant["item_id"],
        "price": variant["price"],
        "options": dict(variant["options"]),
    }


def _fulfillments(
    rng: random.Random, ids: _Ids, items: list[Record], status: OrderStatus
) -> list[Record]:
    if status not in (OrderStatus.PROCESSED, OrderStatus.DELIVERED):
        return []
    item_ids = [item["item_id"] for item in items]
    if len(item_ids) >= 3 and rng.random() < 0.25:
        cut = rng.randint(1, len(item_ids) - 1)
        parcels = [item_ids[:cut], item_ids[cut:]]
    else:
        parcels = [item_ids]
    return [{"tracking_id": [ids.digits(12)], "item_ids": parcel} for parcel in parcels]
