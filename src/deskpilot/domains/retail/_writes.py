"""The store's write operations, each a pure precondition check and a pure apply step.

``check_<operation>`` raises ``Refusal`` when a rule says no and otherwise returns what it looked
up; ``apply_<operation>`` runs that check first and returns a ``Change`` — whole new records —
without touching the state. The store swaps the records in under its lock, so nothing is ever
half-changed and a refused operation changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from deskpilot.actions._spec import Refusal

from ._common import (
    CANCEL_REASONS,
    OrderStatus,
    RefusalCode,
    get_order,
    get_payment_method,
    get_user,
    is_gift_card,
    locate_items,
    method_label,
    net_paid_by_method,
    price_difference,
    replacement_variants,
    require_gift_card_balance,
    require_same_length,
    require_status,
    with_gift_card_balance,
)
from ._models import (
    CancelPendingOrderArgs,
    ExchangeDeliveredOrderItemsArgs,
    ModifyPendingOrderAddressArgs,
    ModifyPendingOrderItemsArgs,
    ModifyPendingOrderPaymentArgs,
    ModifyUserAddressArgs,
    ReturnDeliveredOrderItemsArgs,
)
from ._state import Change, Record, StoreData


@dataclass(frozen=True)
class WriteOperation:
    """A write's two halves: the check alone, and the apply step that checks then plans."""

    check: Callable[[StoreData, Any], object]
    apply: Callable[[StoreData, Any], Change]


@dataclass(frozen=True)
class _ItemSwap:
    order: Record
    user: Record
    positions: list[int]
    variants: list[Record]
    difference: float


@dataclass(frozen=True)
class _PaymentSwitch:
    order: Record
    user: Record
    old_method_id: str
    amount: float


def check_cancel_pending_order(data: StoreData, args: CancelPendingOrderArgs) -> Record:
    """A pending order, cancelled for one of the two accepted reasons."""
    order = get_order(data, args.order_id)
    require_status(order, OrderStatus.PENDING, "cancel")
    if args.reason not in CANCEL_REASONS:
        raise Refusal(
            RefusalCode.INVALID_CANCEL_REASON,
            f"An order can be cancelled because it is '{CANCEL_REASONS[0]}' or was "
            f"'{CANCEL_REASONS[1]}'; '{args.reason}' is not one of them.",
            (
                "reason_invalid_cancel_reason",
                {"reasons": list(CANCEL_REASONS), "said": args.reason},
            ),
        )
    return order


def apply_cancel_pending_order(data: StoreData, args: CancelPendingOrderArgs) -> Change:
    """Cancel the order and refund each payment method what it paid (gift cards at once)."""
    order = check_cancel_pending_order(data, args)
    refunds = [
        (method, amount) for method, amount in net_paid_by_method(order).items() if amount > 0
    ]
    new_order = {
        **order,
        "status": OrderStatus.CANCELLED.value,
        "payment_history": [
            *order["payment_history"],
            *(_transaction("refund", amount, method) for method, amount in refunds),
        ],
        "cancel_reason": args.reason,
    }
    user = data["users"].get(order["user_id"])
    records: dict[str, dict[str, Record]] = {"orders": {order["order_id"]: new_order}}
    if user is not None:
        new_user = user
        for method_id, amount in refunds:
            if _holds_gift_card(new_user, method_id):
                new_user = with_gift_card_balance(new_user, method_id, amount)
        if new_user is not user:
            records["users"] = {order["user_id"]: new_user}
    return Change(records, new_order)


def check_modify_pending_order_address(
    data: StoreData, args: ModifyPendingOrderAddressArgs
) -> Record:
    """A pending order, whose shipping address may change."""
    order = get_order(data, args.order_id)
    require_status(order, OrderStatus.PENDING, "change")
    return order


def apply_modify_pending_order_address(
    data: StoreData, args: ModifyPendingOrderAddressArgs
) -> Change:
    """Ship the order to the new address."""
    order = check_modify_pending_order_address(data, args)
    new_order = {**order, "address": _address(args)}
    return Change({"orders": {order["order_id"]: new_order}}, new_order)


def check_modify_pending_order_payment(
    data: StoreData, args: ModifyPendingOrderPaymentArgs
) -> _PaymentSwitch:
    """A pending order paid by one method, switching to another that can pay the whole total."""
    order = get_order(data, args.order_id)
    require_status(order, OrderStatus.PENDING, "change")
    user = get_user(data, order["user_id"])
    method = get_payment_method(user, args.payment_method_id)
    paying = {m: amount for m, amount in net_paid_by_method(order).items() if amount > 0}
    if len(paying) != 1:
        raise Refusal(
            RefusalCode.SPLIT_PAYMENT,
            f"Order {order['order_id']} is paid with {len(paying)} payment methods; only an "
            "order paid with exactly one can switch to another.",
            ("reason_split_payment", {"order_id": order["order_id"], "methods": len(paying)}),
        )
    ((old_method_id, amount),) = paying.items()
    if old_method_id == args.payment_method_id:
        raise Refusal(
            RefusalCode.SAME_PAYMENT_METHOD,
            f"Order {order['order_id']} is already paid with your {method_label(method)}; "
            "choose a different payment method.",
            (
                "reason_same_payment_method",
                {"order_id": order["order_id"], "method": method_label(method)},
            ),
        )
    require_gift_card_balance(method, amount, order["order_id"])
    return _PaymentSwitch(order, user, old_method_id, amount)


def apply_modify_pending_order_payment(
    data: StoreData, args: ModifyPendingOrderPaymentArgs
) -> Change:
    """Charge the new method the order's total and refund the old one (a gift card at once)."""
    switch = check_modify_pending_order_payment(data, args)
    order, new_method_id = switch.order, args.payment_method_id
    new_order = {
        **order,
        "payment_history": [
            *order["payment_history"],
            _transaction("payment", switch.amount, new_method_id),
            _transaction("refund", switch.amount, switch.old_method_id),
        ],
    }
    user = switch.user
    if _holds_gift_card(user, new_method_id):
        user = with_gift_card_balance(user, new_method_id, -switch.amount)
    if _holds_gift_card(user, switch.old_method_id):
        user = with_gift_card_balance(user, switch.old_method_id, switch.amount)
    return _with_user(order, new_order, switch.user, user)


def check_modify_pending_order_items(
    data: StoreData, args: ModifyPendingOrderItemsArgs
) -> _ItemSwap:
    """A pending order not changed before, each item becoming an available variant of itself."""
    order = get_order(data, args.order_id)
    if order["status"] == OrderStatus.PENDING_ITEM_MODIFIED:
        raise Refusal(
            RefusalCode.ITEMS_ALREADY_MODIFIED,
            f"The items of order {order['order_id']} were already changed once; items can only "
            "be changed once per order.",
            ("reason_items_already_modified", {"order_id": order["order_id"]}),
        )
    require_status(order, OrderStatus.PENDING, "change")
    return _item_swap(data, order, args.item_ids, args.new_item_ids, args.payment_method_id)


def apply_modify_pending_order_items(data: StoreData, args: ModifyPendingOrderItemsArgs) -> Change:
    """Swap the items, settle the price difference with the payment method, mark the order."""
    swap = check_modify_pending_order_items(data, args)
    order, method_id = swap.order, args.payment_method_id
    items = list(order["items"])
    for position, variant in zip(swap.positions, swap.variants, strict=True):
        items[position] = {
            **items[position],
            "item_id": variant["item_id"],
            "price": variant["price"],
            "options": dict(variant["options"]),
        }
    # The reference store records the settlement even when the difference is zero (a refund of
    # 0.0), so the history always shows that the items were changed and who settled it.
    settlement = _transaction(
        "payment" if swap.difference > 0 else "refund", abs(swap.difference), method_id
    )
    new_order = {
        **order,
        "items": items,
        "status": OrderStatus.PENDING_ITEM_MODIFIED.value,
        "payment_history": [*order["payment_history"], settlement],
    }
    user = swap.user
    if _holds_gift_card(user, method_id):
        user = with_gift_card_balance(user, method_id, -swap.difference)
    return _with_user(order, new_order, swap.user, user)


def check_return_delivered_order_items(
    data: StoreData, args: ReturnDeliveredOrderItemsArgs
) -> Record:
    """A delivered order holding the items, refunding to the method that paid or a gift card."""
    order = get_order(data, args.order_id)
    require_status(order, OrderStatus.DELIVERED, "return")
    locate_items(order, args.item_ids)
    user = get_user(data, order["user_id"])
    method = get_payment_method(user, args.payment_method_id)
    paid_with = sorted(
        {
            e["payment_method_id"]
            for e in order["payment_history"]
            if e["transaction_type"] == "payment"
        }
    )
    if args.payment_method_id not in paid_with and not is_gift_card(method):
        raise Refusal(
            RefusalCode.REFUND_METHOD_NOT_ALLOWED,
            f"The refund for order {order['order_id']} can go to the payment method that paid "
            f"for it ({', '.join(paid_with)}) or to a gift card, not to {args.payment_method_id}.",
            (
                "reason_refund_method_not_allowed",
                {
                    "order_id": order["order_id"],
                    "paid_with": paid_with,
                    "payment_method_id": args.payment_method_id,
                },
            ),
        )
    return order


def apply_return_delivered_order_items(
    data: StoreData, args: ReturnDeliveredOrderItemsArgs
) -> Change:
    """Mark the items for return and note where the refund will go once they arrive."""
    order = check_return_delivered_order_items(data, args)
    new_order = {
        **order,
        "status": OrderStatus.RETURN_REQUESTED.value,
        "return_items": sorted(args.item_ids),
        "return_payment_method_id": args.payment_method_id,
    }
    return Change({"orders": {order["order_id"]: new_order}}, new_order)


def check_exchange_delivered_order_items(
    data: StoreData, args: ExchangeDeliveredOrderItemsArgs
) -> _ItemSwap:
    """A delivered order, each item becoming an available variant of the same product."""
    order = get_order(data, args.order_id)
    require_status(order, OrderStatus.DELIVERED, "exchange")
    return _item_swap(data, order, args.item_ids, args.new_item_ids, args.payment_method_id)


def apply_exchange_delivered_order_items(
    data: StoreData, args: ExchangeDeliveredOrderItemsArgs
) -> Change:
    """Mark the items for exchange with the new ones and the price difference to settle."""
    swap = check_exchange_delivered_order_items(data, args)
    order = swap.order
    new_order = {
        **order,
        "status": OrderStatus.EXCHANGE_REQUESTED.value,
        "exchange_items": sorted(args.item_ids),
        "exchange_new_items": sorted(args.new_item_ids),
        "exchange_payment_method_id": args.payment_method_id,
        "exchange_price_difference": swap.difference,
    }
    return Change({"orders": {order["order_id"]: new_order}}, new_order)


def check_modify_user_address(data: StoreData, args: ModifyUserAddressArgs) -> Record:
    """An existing customer."""
    return get_user(data, args.user_id)


def apply_modify_user_address(data: StoreData, args: ModifyUserAddressArgs) -> Change:
    """Save the new default address on the customer's profile."""
    user = check_modify_user_address(data, args)
    new_user = {**user, "address": _address(args)}
    return Change({"users": {args.user_id: new_user}}, new_user)


WRITES: dict[str, WriteOperation] = {
    "cancel_pending_order": WriteOperation(check_cancel_pending_order, apply_cancel_pending_order),
    "modify_pending_order_address": WriteOperation(
        check_modify_pending_order_address, apply_modify_pending_order_address
    ),
    "modify_pending_order_payment": WriteOperation(
        check_modify_pending_order_payment, apply_modify_pending_order_payment
    ),
    "modify_pending_order_items": WriteOperation(
        check_modify_pending_order_items, apply_modify_pending_order_items
    ),
    "return_delivered_order_items": WriteOperation(
        check_return_delivered_order_items, apply_return_delivered_order_items
    ),
    "exchange_delivered_order_items": WriteOperation(
        check_exchange_delivered_order_items, apply_exchange_delivered_order_items
    ),
    "modify_user_address": WriteOperation(check_modify_user_address, apply_modify_user_address),
}


def _item_swap(
    data: StoreData,
    order: Record,
    item_ids: Sequence[str],
    new_item_ids: Sequence[str],
    payment_method_id: str,
) -> _ItemSwap:
    require_same_length(item_ids, new_item_ids)
    positions = locate_items(order, item_ids)
    variants = replacement_variants(data, order, positions, new_item_ids)
    user = get_user(data, order["user_id"])
    method = get_payment_method(user, payment_method_id)
    difference = price_difference(order, positions, variants)
    require_gift_card_balance(method, difference, None)
    return _ItemSwap(order, user, positions, variants, difference)


def _transaction(kind: str, amount: float, method_id: str) -> Record:
    return {"transaction_type": kind, "amount": amount, "payment_method_id": method_id}


def _address(args: ModifyPendingOrderAddressArgs | ModifyUserAddressArgs) -> Record:
    return {
        "address1": args.address1,
        "address2": args.address2,
        "city": args.city,
        "country": args.country,
        "state": args.state,
        "zip": args.zip,
    }


def _holds_gift_card(user: Record, method_id: str) -> bool:
    method = user["payment_methods"].get(method_id)
    return method is not None and is_gift_card(method)


def _with_user(order: Record, new_order: Record, user: Record, new_user: Record) -> Change:
    records: dict[str, dict[str, Record]] = {"orders": {order["order_id"]: new_order}}
    if new_user is not user:
        records["users"] = {order["user_id"]: new_user}
    return Change(records, new_order)
