"""``RetailConnector``: the online store's 13 operations behind the ``Connector`` protocol."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from pydantic import BaseModel

from deskpilot.actions._spec import ActionSpec, SideEffect
from deskpilot.domains._connector import OwnerFinder, RecordsConnector

from . import _models as m
from ._common import get_order, get_product, get_user
from ._reads import READS
from ._state import RetailStore, StoreData
from ._writes import WRITES

Owner = Literal["user", "order", "product", "none"]


@dataclass(frozen=True)
class _Operation:
    name: str
    description: str
    input_model: type[BaseModel]
    owner: Owner
    identifies: bool = False

    @property
    def side_effect(self) -> SideEffect:
        return SideEffect.WRITE if self.name in WRITES else SideEffect.READ


_OPERATIONS: tuple[_Operation, ...] = (
    _Operation(
        "find_user_id_by_email",
        "Find the customer's user id from their email address.",
        m.FindUserIdByEmailArgs,
        "none",
        identifies=True,
    ),
    _Operation(
        "find_user_id_by_name_zip",
        "Find the customer's user id from their first name, last name and zip code.",
        m.FindUserIdByNameZipArgs,
        "none",
        identifies=True,
    ),
    _Operation(
        "get_user_details",
        "Read the customer's profile: name, address, email, payment methods and order ids.",
        m.GetUserDetailsArgs,
        "user",
    ),
    _Operation(
        "get_order_details",
        "Read an order: status, items with options and prices, address, shipments, payments.",
        m.GetOrderDetailsArgs,
        "order",
    ),
    _Operation(
        "get_product_details",
        "Read a product and all its variants: options, price and whether each is available.",
        m.GetProductDetailsArgs,
        "product",
    ),
    _Operation(
        "list_all_product_types",
        "List every product the store sells, by name, with its product id.",
        m.ListAllProductTypesArgs,
        "none",
    ),
    _Operation(
        "cancel_pending_order",
        "Cancel a pending order ('no longer needed' or 'ordered by mistake'); the payment is "
        "refunded to the method that paid: a gift card at once, others in 5-7 business days.",
        m.CancelPendingOrderArgs,
        "order",
    ),
    _Operation(
        "modify_pending_order_address",
        "Change the shipping address of a pending order.",
        m.ModifyPendingOrderAddressArgs,
        "order",
    ),
    _Operation(
        "modify_pending_order_payment",
        "Pay a pending order with another of the customer's payment methods; the old one is "
        "refunded. A gift card must cover the whole total.",
        m.ModifyPendingOrderPaymentArgs,
        "order",
    ),
    _Operation(
        "modify_pending_order_items",
        "Swap items of a pending order for available variants of the same products, settling "
        "the price difference. Possible only once per order: collect every item first.",
        m.ModifyPendingOrderItemsArgs,
        "order",
    ),
    _Operation(
        "return_delivered_order_items",
        "Request the return of items of a delivered order; the refund goes to the method that "
        "paid or to a gift card.",
        m.ReturnDeliveredOrderItemsArgs,
        "order",
    ),
    _Operation(
        "exchange_delivered_order_items",
        "Request the exchange of items of a delivered order for available variants of the same "
        "products, settling the price difference. Possible only once per order.",
        m.ExchangeDeliveredOrderItemsArgs,
        "order",
    ),
    _Operation(
        "modify_user_address",
        "Change the default address saved on the customer's profile.",
        m.ModifyUserAddressArgs,
        "user",
    ),
)


class RetailConnector(RecordsConnector[_Operation]):
    """The online store as a ``Connector``: specs, ownership, precondition checks and execution.

    It never decides whether an operation *may* run for this customer — the guard does — only
    whether the store's own rules allow it (``Refusal``) and what it changes.
    """

    business = "the store"

    def __init__(self, store: RetailStore, name: str = "store") -> None:
        super().__init__(_OPERATIONS, READS, WRITES)
        self.name = name
        self.store = store
        self._specs = tuple(
            ActionSpec(
                name=op.name,
                description=op.description,
                side_effect=op.side_effect,
                input_model=op.input_model,
                connector=name,
                identifies=op.identifies,
                public=op.owner in ("product", "none") and not op.identifies,
            )
            for op in _OPERATIONS
        )

    def specs(self) -> Sequence[ActionSpec]:
        """The 13 store operations."""
        return self._specs

    def impact(self, action: str, args: BaseModel) -> dict[str, float]:
        """Money figures of a write for policy rules: ``refund_amount`` (what goes back)."""
        plain = args.model_dump(mode="json")
        order_id = plain.get("order_id")
        if action not in _REFUNDING or not isinstance(order_id, str):
            return {}
        order = self.store.read(lambda data: data["orders"].get(order_id))
        if order is None:
            return {}
        chosen = set(plain.get("item_ids") or [i["item_id"] for i in order["items"]])
        total = sum(float(i["price"]) for i in order["items"] if i["item_id"] in chosen)
        return {"refund_amount": round(total, 2)}

    def _store(self) -> RetailStore:
        return self.store

    def _owner_finder(self, op: _Operation) -> OwnerFinder:
        return _OWNER_FINDERS[op.owner]


_REFUNDING = frozenset({"cancel_pending_order", "return_delivered_order_items"})


def _user_owner(data: StoreData, args: Any) -> str:
    get_user(data, args.user_id)
    return str(args.user_id)


def _order_owner(data: StoreData, args: Any) -> str:
    return str(get_order(data, args.order_id)["user_id"])


def _product_owner(data: StoreData, args: Any) -> None:
    get_product(data, args.product_id)


def _no_owner(data: StoreData, args: Any) -> None:
    return None


_OWNER_FINDERS: dict[Owner, Callable[[StoreData, Any], str | None]] = {
    "user": _user_owner,
    "order": _order_owner,
    "product": _product_owner,
    "none": _no_owner,
}
