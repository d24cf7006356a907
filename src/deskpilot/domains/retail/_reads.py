"""The store's read operations: customer lookups and record details. They never change state."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from deskpilot.actions._spec import Refusal

from ._common import RefusalCode, get_order, get_product, get_user
from ._models import (
    FindUserIdByEmailArgs,
    FindUserIdByNameZipArgs,
    GetOrderDetailsArgs,
    GetProductDetailsArgs,
    GetUserDetailsArgs,
    ListAllProductTypesArgs,
)
from ._state import Record, StoreData

ReadFn = Callable[[StoreData, Any], Any]


def find_user_id_by_email(data: StoreData, args: FindUserIdByEmailArgs) -> str:
    """The user id whose email matches, ignoring case and surrounding spaces."""
    wanted = args.email.strip().casefold()
    matches = [uid for uid, user in data["users"].items() if user["email"].casefold() == wanted]
    return _only_match(matches, "that email address")


def find_user_id_by_name_zip(data: StoreData, args: FindUserIdByNameZipArgs) -> str:
    """The user id with this first and last name (any case) and this zip code."""
    first, last, zip_code = (
        args.first_name.strip().casefold(),
        args.last_name.strip().casefold(),
        args.zip.strip(),
    )
    matches = [
        uid
        for uid, user in data["users"].items()
        if user["name"]["first_name"].casefold() == first
        and user["name"]["last_name"].casefold() == last
        and user["address"]["zip"] == zip_code
    ]
    return _only_match(matches, "that name and zip code")


def get_user_details(data: StoreData, args: GetUserDetailsArgs) -> Record:
    """The customer's record."""
    return get_user(data, args.user_id)


def get_order_details(data: StoreData, args: GetOrderDetailsArgs) -> Record:
    """The order's record."""
    return get_order(data, args.order_id)


def get_product_details(data: StoreData, args: GetProductDetailsArgs) -> Record:
    """The product's record with all its variants."""
    return get_product(data, args.product_id)


def list_all_product_types(data: StoreData, args: ListAllProductTypesArgs) -> dict[str, str]:
    """Every product's name mapped to its product id, sorted by name."""
    return {
        product["name"]: product_id
        for product_id, product in sorted(
            data["products"].items(), key=lambda pair: str(pair[1]["name"])
        )
    }


READS: dict[str, ReadFn] = {
    "find_user_id_by_email": find_user_id_by_email,
    "find_user_id_by_name_zip": find_user_id_by_name_zip,
    "get_user_details": get_user_details,
    "get_order_details": get_order_details,
    "get_product_details": get_product_details,
    "list_all_product_types": list_all_product_types,
}


def _only_match(matches: list[str], what: str) -> str:
    if not matches:
        raise Refusal(RefusalCode.NOT_FOUND, f"We could not find a customer with {what}.")
    if len(matches) > 1:
        raise Refusal(
            RefusalCode.AMBIGUOUS_CUSTOMER,
            f"More than one customer has {what}; please identify yourself another way.",
        )
    return matches[0]
