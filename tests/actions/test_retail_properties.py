"""Random sequences of store operations on a small generated store keep the store's invariants.

Statuses only move along allowed transitions, money is conserved (an order's net payment equals
its items while it is live; gift-card balances move exactly by what they pay or get back), no
order refunds more than it was paid, no gift card goes negative, a refused operation changes
nothing, and ``check`` agrees with ``execute``.
"""

from __future__ import annotations

import copy
from collections import defaultdict
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from deskpilot.actions._spec import Refusal
from deskpilot.domains.retail import (
    WRITE_ACTIONS,
    RetailConnector,
    RetailStore,
    StoreData,
    generate_store,
    store_changes,
)

BASE = generate_store(seed=11, users=8, orders=30)
BASE_COPY = copy.deepcopy(BASE)

WRITES = tuple(sorted(WRITE_ACTIONS))
ALLOWED_TRANSITIONS = {
    ("pending", "pending (item modified)"),
    ("pending", "cancelled"),
    ("delivered", "return requested"),
    ("delivered", "exchange requested"),
}
LIVE = ("pending", "pending (item modified)")
ADDRESS = {
    "address1": "5 Ferry Lane",
    "address2": "",
    "city": "Boise",
    "state": "ID",
    "country": "USA",
    "zip": "83702",
}
REASONS = ("no longer needed", "ordered by mistake", "found a better price")


@st.composite
def _operation(draw: st.DrawFn, state: StoreData) -> tuple[str, dict[str, Any]]:
    action = draw(st.sampled_from(WRITES))
    if action == "modify_user_address":
        return action, {"user_id": draw(st.sampled_from(sorted(state["users"]))), **ADDRESS}
    order = state["orders"][draw(st.sampled_from(sorted(state["orders"])))]
    kwargs: dict[str, Any] = {"order_id": order["order_id"]}
    if action == "cancel_pending_order":
        return action, {**kwargs, "reason": draw(st.sampled_from(REASONS))}
    if action == "modify_pending_order_address":
        return action, {**kwargs, **ADDRESS}
    own = sorted(state["users"][order["user_id"]]["payment_methods"])
    everyone = sorted(m for u in state["users"].values() for m in u["payment_methods"])
    kwargs["payment_method_id"] = draw(st.sampled_from(own * 4 + everyone[:1]))
    if action == "modify_pending_order_payment":
        return action, kwargs
    items = order["items"]
    item_ids = draw(
        st.lists(
            st.sampled_from([i["item_id"] for i in items]),
            min_size=1,
            max_size=len(items),
            unique=True,
        )
    )
    kwargs["item_ids"] = item_ids
    if action == "return_delivered_order_items":
        return action, kwargs
    product_of = {i["item_id"]: i["product_id"] for i in items}
    every_variant = sorted(v for p in state["products"].values() for v in p["variants"])

    def replacements(item_id: str) -> list[str]:
        # Mostly a variant of the same product, sometimes another product's.
        return sorted(state["products"][product_of[item_id]]["variants"]) * 3 + every_variant[:2]

    kwargs["new_item_ids"] = [draw(st.sampled_from(replacements(i))) for i in item_ids]
    return action, kwargs


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_random_operations_keep_the_store_consistent(data: st.DataObject) -> None:
    store = RetailStore.in_memory(BASE, copy_data=False)
    connector = RetailConnector(store)
    after = store.snapshot()
    for step in range(data.draw(st.integers(min_value=1, max_value=12), label="steps")):
        before = after
        action, kwargs = data.draw(_operation(before), label=f"operation {step}")
        args = connector.parse(action, kwargs)
        try:
            connector.check(action, args)
            allowed = True
        except Refusal:
            allowed = False
        try:
            connector.execute(action, args, f"key-{step}")
        except Refusal:
            assert not allowed, f"{action}: check passed but execute refused"
            assert store_changes(before, store.snapshot()) == {}
            continue
        assert allowed, f"{action}: check refused but execute ran"
        after = store.snapshot()
        _assert_invariants(before, after)
    assert BASE == BASE_COPY, "an operation edited a shared record in place"


def _assert_invariants(before: StoreData, after: StoreData) -> None:
    for order_id, order in after["orders"].items():
        old_status, status = before["orders"][order_id]["status"], order["status"]
        assert old_status == status or (old_status, status) in ALLOWED_TRANSITIONS, (
            f"{order_id}: {old_status} -> {status}"
        )
        paid, refunded = _totals(order)
        assert refunded <= paid + 1e-6, f"{order_id} refunded {refunded} of {paid}"
        if status in LIVE:
            items = sum(item["price"] for item in order["items"])
            assert abs((paid - refunded) - items) < 1e-6, f"{order_id}: paid {paid - refunded}"
    for user in after["users"].values():
        for method in user["payment_methods"].values():
            if method["source"] == "gift_card":
                assert method["balance"] >= 0, f"{method['id']} went negative"
    old_flow, new_flow = _gift_card_flows(before), _gift_card_flows(after)
    for card_id, balance in _gift_card_balances(after).items():
        moved = balance - _gift_card_balances(before)[card_id]
        spent = new_flow[card_id] - old_flow[card_id]
        assert abs(moved + spent) < 1e-6, f"{card_id}: balance moved {moved}, paid {spent}"


def _totals(order: dict[str, Any]) -> tuple[float, float]:
    paid = sum(e["amount"] for e in order["payment_history"] if e["transaction_type"] == "payment")
    refunded = sum(
        e["amount"] for e in order["payment_history"] if e["transaction_type"] == "refund"
    )
    return paid, refunded


def _gift_card_balances(state: StoreData) -> dict[str, float]:
    return {
        method["id"]: float(method["balance"])
        for user in state["users"].values()
        for method in user["payment_methods"].values()
        if method["source"] == "gift_card"
    }


def _gift_card_flows(state: StoreData) -> dict[str, float]:
    """Net amount each payment method paid across all orders."""
    flows: dict[str, float] = defaultdict(float)
    for order in state["orders"].values():
        for entry in order["payment_history"]:
            sign = 1 if entry["transaction_type"] == "payment" else -1
            flows[entry["payment_method_id"]] += sign * entry["amount"]
    return flows
