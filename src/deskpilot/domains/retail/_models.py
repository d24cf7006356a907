"""The input model of each store operation; their JSON schemas are the operations' contracts.

Identifiers are plain strings on purpose: a malformed id (``#9502126`` for ``#W9502126``) is a
lookup that finds nothing, which the store refuses with ``not_found``, not a malformed call.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class _Args(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _order_id() -> Any:
    return Field(min_length=1, description="The order's id, starting with '#W', e.g. '#W4817420'.")


def _user_id() -> Any:
    return Field(min_length=1, description="The customer's user id, e.g. 'sara_lopez_4821'.")


class FindUserIdByEmailArgs(_Args):
    """Find a customer's user id by their email address."""

    email: str = Field(min_length=3, description="The customer's email address.")


class FindUserIdByNameZipArgs(_Args):
    """Find a customer's user id by first name, last name and the zip code of their address."""

    first_name: str = Field(min_length=1, description="The customer's first name.")
    last_name: str = Field(min_length=1, description="The customer's last name.")
    zip: str = Field(min_length=1, description="The zip code of the customer's address.")


class GetUserDetailsArgs(_Args):
    """Read a customer's profile: name, address, email, payment methods and order ids."""

    user_id: str = _user_id()


class GetOrderDetailsArgs(_Args):
    """Read an order: status, items, address, fulfilments and payment history."""

    order_id: str = _order_id()


class GetProductDetailsArgs(_Args):
    """Read a product and all its variants (options, price, availability)."""

    product_id: str = Field(
        min_length=1,
        description="The product's id (10 digits); not the item id of one of its variants.",
    )


class ListAllProductTypesArgs(_Args):
    """List every product the store sells, by name, with its product id."""


class CancelPendingOrderArgs(_Args):
    """Cancel a pending order; the payment is refunded to the method that paid."""

    order_id: str = _order_id()
    reason: str = Field(
        min_length=1,
        description="Why the customer cancels: exactly 'no longer needed' or 'ordered by mistake'.",
    )


class _AddressFields(_Args):
    address1: str = Field(min_length=1, description="First address line, e.g. '12 Elm Street'.")
    address2: str = Field(
        default="", description="Second address line (suite, apartment); may be empty."
    )
    city: str = Field(min_length=1, description="City.")
    state: str = Field(min_length=1, description="State, as its two-letter code, e.g. 'TX'.")
    country: str = Field(min_length=1, description="Country, e.g. 'USA'.")
    zip: str = Field(min_length=1, description="Zip code, e.g. '78701'.")


class ModifyPendingOrderAddressArgs(_AddressFields):
    """Change the shipping address of a pending order."""

    order_id: str = _order_id()


class ModifyUserAddressArgs(_AddressFields):
    """Change the default address saved on a customer's profile."""

    user_id: str = _user_id()


class ModifyPendingOrderPaymentArgs(_Args):
    """Pay a pending order with another of the customer's payment methods."""

    order_id: str = _order_id()
    payment_method_id: str = Field(
        min_length=1,
        description=(
            "The customer's payment method to pay with instead; it must differ from the current "
            "one, and a gift card must cover the whole order total."
        ),
    )


class ModifyPendingOrderItemsArgs(_Args):
    """Swap items of a pending order for other variants of the same products (once per order)."""

    order_id: str = _order_id()
    item_ids: list[str] = Field(
        min_length=1,
        description="Item ids in the order to change; repeat an id to change several units.",
    )
    new_item_ids: list[str] = Field(
        min_length=1,
        description=(
            "For each entry of item_ids, in the same position, the item id of the available "
            "variant of the same product to get instead."
        ),
    )
    payment_method_id: str = Field(
        min_length=1,
        description=(
            "The customer's payment method that pays or receives the price difference; a gift "
            "card must have the balance to pay it."
        ),
    )


class ReturnDeliveredOrderItemsArgs(_Args):
    """Request the return of items of a delivered order, for a refund."""

    order_id: str = _order_id()
    item_ids: list[str] = Field(
        min_length=1, description="Item ids in the order to return; repeat an id for several."
    )
    payment_method_id: str = Field(
        min_length=1,
        description=(
            "Where the refund goes: the payment method that paid the order, or one of the "
            "customer's gift cards."
        ),
    )


class ExchangeDeliveredOrderItemsArgs(_Args):
    """Request the exchange of items of a delivered order for other variants (once per order)."""

    order_id: str = _order_id()
    item_ids: list[str] = Field(
        min_length=1, description="Item ids in the order to exchange; repeat an id for several."
    )
    new_item_ids: list[str] = Field(
        min_length=1,
        description=(
            "For each entry of item_ids, in the same position, the item id of the available "
            "variant of the same product to receive instead."
        ),
    )
    payment_method_id: str = Field(
        min_length=1,
        description=(
            "The customer's payment method that pays or receives the price difference; a gift "
            "card must have the balance to pay it."
        ),
    )
