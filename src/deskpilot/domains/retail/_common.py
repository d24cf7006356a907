"""Vocabulary shared by the store's operations: statuses, refusal codes, lookups, money."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from enum import StrEnum

from deskpilot.actions._spec import Refusal

from ._state import Record, StoreData


class OrderStatus(StrEnum):
    """The statuses an order moves through; only the operations here change them."""

    PENDING = "pending"
    PENDING_ITEM_MODIFIED = "pending (item modified)"
    PROCESSED = "processed"
    DELIVERED = "delivered"
    CANCELLED = "cancelled"
    RETURN_REQUESTED = "return requested"
    EXCHANGE_REQUESTED = "exchange requested"


class RefusalCode(StrEnum):
    """The stable codes of the store's refusals (``Refusal.code``)."""

    NOT_FOUND = "not_found"
    AMBIGUOUS_CUSTOMER = "ambiguous_customer"
    ORDER_NOT_PENDING = "order_not_pending"
    ORDER_NOT_DELIVERED = "order_not_delivered"
    ITEMS_ALREADY_MODIFIED = "items_already_modified"
    INVALID_CANCEL_REASON = "invalid_cancel_reason"
    SAME_PAYMENT_METHOD = "same_payment_method"
    SPLIT_PAYMENT = "split_payment"
    INSUFFICIENT_GIFT_CARD_BALANCE = "insufficient_gift_card_balance"
    REFUND_METHOD_NOT_ALLOWED = "refund_method_not_allowed"
    ITEM_COUNT_MISMATCH = "item_count_mismatch"
    DIFFERENT_PRODUCT = "different_product"
    ITEM_UNAVAILABLE = "item_unavailable"


CANCEL_REASONS: tuple[str, ...] = ("no longer needed", "ordered by mistake")
GIFT_CARD = "gift_card"


def money(amount: float) -> float:
    """An amount rounded to the cent, the only precision the store keeps."""
    return round(amount + 0.0, 2)


def get_user(data: StoreData, user_id: str) -> Record:
    """The customer's record, or a ``not_found`` refusal."""
    user = data["users"].get(user_id)
    if user is None:
        raise Refusal(
            RefusalCode.NOT_FOUND,
            f"We could not find a customer with id {user_id}.",
            ("reason_customer_not_found", {"user_id": user_id}),
        )
    return user


def get_order(data: StoreData, order_id: str) -> Record:
    """The order's record, or a ``not_found`` refusal."""
    order = data["orders"].get(order_id)
    if order is None:
        raise Refusal(
            RefusalCode.NOT_FOUND,
            f"We could not find order {order_id}.",
            ("reason_order_not_found", {"order_id": order_id}),
        )
    return order


def get_product(data: StoreData, product_id: str) -> Record:
    """The product's record, or a ``not_found`` refusal."""
    product = data["products"].get(product_id)
    if product is None:
        raise Refusal(
            RefusalCode.NOT_FOUND,
            f"We could not find a product with id {product_id}.",
            ("reason_product_not_found", {"product_id": product_id}),
        )
    return product


def get_payment_method(user: Record, payment_method_id: str) -> Record:
    """One of the customer's saved payment methods, or a ``not_found`` refusal."""
    method: Record | None = user["payment_methods"].get(payment_method_id)
    if method is None:
        raise Refusal(
            RefusalCode.NOT_FOUND,
            f"The payment method {payment_method_id} is not saved on this customer's account.",
            ("reason_method_not_saved", {"payment_method_id": payment_method_id}),
        )
    return method


def is_gift_card(method: Record) -> bool:
    """Whether a payment method is a gift card (it has a balance that must cover payments)."""
    return method.get("source") == GIFT_CARD


# The change each write makes, as the refusals' reasons name it: a fact of the templates
# ``reason_order_status`` and ``reason_order_items_changed``, and the record's participle.
_DONE = {"cancel": "cancelled", "change": "changed", "return": "returned", "exchange": "exchanged"}


def require_status(order: Record, allowed: OrderStatus, doing: str) -> None:
    """Refuse unless the order's status is ``allowed``; ``doing`` names the change ("cancel",
    "change", "return", "exchange"), for the reason.

    An order whose items were already changed is still pending, but the store allows nothing
    more on it: the reason says so instead of calling it "not pending".
    """
    status = order["status"]
    if status == allowed:
        return
    code = (
        RefusalCode.ORDER_NOT_PENDING
        if allowed == OrderStatus.PENDING
        else RefusalCode.ORDER_NOT_DELIVERED
    )
    facts = {
        "order_id": order["order_id"],
        "status": status,
        "allowed": str(allowed),
        "doing": doing,
    }
    done = _DONE[doing]
    if status == OrderStatus.PENDING_ITEM_MODIFIED and allowed == OrderStatus.PENDING:
        reason = (
            f"Order {order['order_id']} has already had its items changed, so it can no longer "
            f"be {done}."
        )
        raise Refusal(code, reason, ("reason_order_items_changed", facts))
    reason = f"Order {order['order_id']} is {status}; only {allowed} orders can be {done}."
    raise Refusal(code, reason, ("reason_order_status", facts))


def method_label(method: Record) -> str:
    """A payment method as the customer knows it ("Visa card ending 1234", "Paypal"), never
    the store's id for it."""
    source = method.get("source")
    if source == "credit_card":
        return f"{str(method.get('brand', 'card')).title()} card ending {method.get('last_four')}"
    if source == "gift_card":
        return f"gift card (balance ${float(method.get('balance', 0)):.2f})"
    return str(source).replace("_", " ").title()


def require_gift_card_balance(method: Record, amount: float, order_id: str | None) -> None:
    """Refuse when ``method`` is a gift card whose balance cannot pay ``amount``: an order's
    total (``order_id``), or a price difference (None)."""
    if not is_gift_card(method) or amount <= 0:
        return
    balance = money(float(method.get("balance", 0)))
    if balance < money(amount):
        purpose = "the price difference" if order_id is None else f"order {order_id}"
        facts = {"balance": balance, "amount": money(amount), "order_id": order_id}
        raise Refusal(
            RefusalCode.INSUFFICIENT_GIFT_CARD_BALANCE,
            f"Your gift card has a balance of ${balance:.2f}, not enough to pay "
            f"${money(amount):.2f} for {purpose}.",
            ("reason_gift_card_short", facts),
        )


def locate_items(order: Record, item_ids: Sequence[str]) -> list[int]:
    """Positions in ``order['items']`` of each requested item id, one distinct unit per entry."""
    wanted = Counter(item_ids)
    positions: list[int] = []
    for item_id in item_ids:
        for index, item in enumerate(order["items"]):
            if item["item_id"] == item_id and index not in positions:
                positions.append(index)
                break
        else:
            have = sum(1 for item in order["items"] if item["item_id"] == item_id)
            facts = {
                "order_id": order["order_id"],
                "item_id": item_id,
                "have": have,
                "wanted": wanted[item_id],
            }
            if have == 0:
                reason = f"Order {order['order_id']} has no item {item_id}."
            else:
                reason = (
                    f"Order {order['order_id']} has {have} of item {item_id}, not "
                    f"{wanted[item_id]}."
                )
            raise Refusal(RefusalCode.NOT_FOUND, reason, ("reason_item_not_in_order", facts))
    return positions


def require_same_length(item_ids: Sequence[str], new_item_ids: Sequence[str]) -> None:
    """Refuse unless there is exactly one new item for each item to change."""
    if len(item_ids) != len(new_item_ids):
        raise Refusal(
            RefusalCode.ITEM_COUNT_MISMATCH,
            f"{len(item_ids)} item(s) were named to change but {len(new_item_ids)} "
            "replacement(s); each item needs exactly one replacement.",
            (
                "reason_item_count_mismatch",
                {"items": len(item_ids), "replacements": len(new_item_ids)},
            ),
        )


def replacement_variants(
    data: StoreData, order: Record, positions: Sequence[int], new_item_ids: Sequence[str]
) -> list[Record]:
    """The variant each item becomes: an available variant of the same product, or a refusal."""
    variants: list[Record] = []
    for index, new_item_id in zip(positions, new_item_ids, strict=True):
        item = order["items"][index]
        product = get_product(data, item["product_id"])
        variant = product["variants"].get(new_item_id)
        if variant is None:
            other = _product_of_item(data, new_item_id)
            if other is None:
                raise Refusal(
                    RefusalCode.NOT_FOUND,
                    f"We could not find an item with id {new_item_id}.",
                    ("reason_item_not_found", {"item_id": new_item_id}),
                )
            raise Refusal(
                RefusalCode.DIFFERENT_PRODUCT,
                f"Item {new_item_id} is a {other['name']}, not a {product['name']}; an item can "
                f"only become another option of the same product.",
                (
                    "reason_different_product",
                    {"item_id": new_item_id, "other": other["name"], "product": product["name"]},
                ),
            )
        if not variant["available"]:
            raise Refusal(
                RefusalCode.ITEM_UNAVAILABLE,
                f"The {product['name']} option {new_item_id} is currently unavailable.",
                ("reason_item_unavailable", {"item_id": new_item_id, "product": product["name"]}),
            )
        variants.append(variant)
    return variants


def price_difference(order: Record, positions: Sequence[int], variants: Sequence[Record]) -> float:
    """What the customer owes (positive) or gets back (negative) for swapping items."""
    old = sum(order["items"][index]["price"] for index in positions)
    new = sum(variant["price"] for variant in variants)
    return money(new - old)


def net_paid_by_method(order: Record) -> dict[str, float]:
    """For each payment method, what it paid for the order minus what it got back."""
    net: dict[str, float] = {}
    for entry in order["payment_history"]:
        sign = 1 if entry["transaction_type"] == "payment" else -1
        method_id = entry["payment_method_id"]
        net[method_id] = money(net.get(method_id, 0.0) + sign * entry["amount"])
    return net


def with_gift_card_balance(user: Record, method_id: str, delta: float) -> Record:
    """A copy of ``user`` whose gift card ``method_id`` has ``delta`` added to its balance."""
    method = user["payment_methods"][method_id]
    updated_method = {**method, "balance": money(float(method["balance"]) + delta)}
    return {**user, "payment_methods": {**user["payment_methods"], method_id: updated_method}}


def _product_of_item(data: StoreData, item_id: str) -> Record | None:
    for product in data["products"].values():
        if item_id in product["variants"]:
            return product
    return None
