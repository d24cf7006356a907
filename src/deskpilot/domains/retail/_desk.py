"""What the agent console shows of a store's customer: their orders, newest first, each with its
items and tracking numbers, and the actions an order allows (cancel a pending one, return the
first item of a delivered one)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from deskpilot.domain import Desk, DeskChoice, DeskRead, DeskRecord, SuggestedAction

from .._desk import first_name, full_name, payment_choices, person_facts

# The reasons the store accepts for cancelling a pending order.
CANCEL_REASONS = ("no longer needed", "ordered by mistake")


def _tracking(order: Mapping[str, Any]) -> list[str]:
    return [t for f in order.get("fulfillments", []) for t in f.get("tracking_id", [])]


def _item(item: Mapping[str, Any]) -> str:
    options = ", ".join(str(v) for v in item.get("options", {}).values())
    return f"{item.get('name')} — {options} (${item.get('price', 0):.2f})"


def show_order(order: Mapping[str, Any]) -> DeskRecord:
    """An order as the case page lists it, and what a reply says of it."""
    tracking = _tracking(order)
    facts = {"order_id": order.get("order_id"), "status": order.get("status"), "tracking": tracking}
    return DeskRecord(
        key=str(order.get("order_id")),
        status=str(order.get("status")),
        lines=tuple(_item(item) for item in order.get("items", [])),
        note=f"Tracking: {', '.join(tracking)}" if tracking else "",
        said=("desk_order", facts),
    )


def order_actions(order: Mapping[str, Any]) -> list[SuggestedAction]:
    """Cancel a pending order; return items of a delivered one to the method it was paid with.
    Only the order is filled in: the agent picks the reason or the items on the action's form."""
    order_id = order.get("order_id")
    if order.get("status") == "pending":
        args = {"order_id": order_id}
        return [SuggestedAction("cancel_pending_order", f"Cancel {order_id}…", args)]
    if order.get("status") != "delivered" or not order.get("items"):
        return []
    args = {"order_id": order_id}
    paid = [p for p in order.get("payment_history", []) if p.get("transaction_type") == "payment"]
    if paid:
        args["payment_method_id"] = paid[0].get("payment_method_id")
    return [SuggestedAction("return_delivered_order_items", f"Return items of {order_id}…", args)]


def _item_choice(order: Mapping[str, Any], item: Mapping[str, Any]) -> DeskChoice:
    return DeskChoice(str(item.get("item_id")), f"{_item(item)} in {order.get('order_id')}")


def order_choices(
    profile: Mapping[str, Any], orders: Sequence[Mapping[str, Any]]
) -> dict[str, list[DeskChoice]]:
    """The customer's orders, their items and payment methods, as an action form offers them."""
    return {
        "order_id": [DeskChoice(str(o.get("order_id")), show_order(o).label) for o in orders],
        "item_ids": [_item_choice(o, i) for o in orders for i in o.get("items", [])],
        "payment_method_id": payment_choices(profile),
        "reason": [DeskChoice(r, r) for r in CANCEL_REASONS],
    }


DESK = Desk(
    title="Orders",
    profile=DeskRead("get_user_details", "user_id"),
    listed_in="orders",
    record=DeskRead("get_order_details", "order_id"),
    focus="order_id",
    show=show_order,
    facts=person_facts,
    first_name=first_name,
    full_name=full_name,
    suggest=order_actions,
    remembers="order",
    choices=order_choices,
)
