"""Real customers and orders of the generated demo store, and case files written from them."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml


@dataclass(frozen=True)
class Demo:
    """Facts picked from the demo store for the cases under test."""

    email: str
    order_id: str
    status: str
    others_order_id: str
    pending_order_id: str
    pending_user_id: str


@pytest.fixture
def demo(store_data: dict[str, Any]) -> Demo:
    """A customer with an order, someone else's order, and a pending order with its owner."""
    orders: dict[str, Any] = store_data["orders"]
    users: dict[str, Any] = store_data["users"]
    user_id, user = next((k, u) for k, u in users.items() if u["orders"])
    order_id = user["orders"][0]
    others = next(k for k, o in orders.items() if o["user_id"] != user_id)
    pending_id, pending = next((k, o) for k, o in orders.items() if o["status"] == "pending")
    return Demo(
        email=user["email"],
        order_id=order_id,
        status=orders[order_id]["status"],
        others_order_id=others,
        pending_order_id=pending_id,
        pending_user_id=pending["user_id"],
    )


def write_cases(folder: Path, *cases: dict[str, Any], name: str = "cases.yaml") -> Path:
    """Write a conversation test file holding ``cases``."""
    path = folder / name
    path.write_text(yaml.safe_dump({"cases": list(cases)}, sort_keys=False))
    return path
