"""``RetailConnector`` as the action layer sees it: specs, schemas, ownership, errors."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import BaseModel

from deskpilot.actions._spec import Connector, Refusal, SideEffect
from deskpilot.domains.retail import (
    GetOrderDetailsArgs,
    GetUserDetailsArgs,
    RetailConnector,
    RetailStore,
)
from deskpilot.errors import ActionError, ConnectorError

OPERATIONS = {
    "find_user_id_by_email": SideEffect.READ,
    "find_user_id_by_name_zip": SideEffect.READ,
    "get_user_details": SideEffect.READ,
    "get_order_details": SideEffect.READ,
    "get_product_details": SideEffect.READ,
    "list_all_product_types": SideEffect.READ,
    "cancel_pending_order": SideEffect.WRITE,
    "modify_pending_order_address": SideEffect.WRITE,
    "modify_pending_order_payment": SideEffect.WRITE,
    "modify_pending_order_items": SideEffect.WRITE,
    "return_delivered_order_items": SideEffect.WRITE,
    "exchange_delivered_order_items": SideEffect.WRITE,
    "modify_user_address": SideEffect.WRITE,
}
ADDRESS = {"address1": "1 A St", "city": "Troy", "state": "NY", "country": "USA", "zip": "12180"}


def test_retail_connector_is_a_connector(retail_store: RetailStore) -> None:
    connector: Connector = RetailConnector(retail_store)
    assert connector.name == "store"


def test_retail_connector_declares_the_thirteen_operations(
    retail_connector: RetailConnector,
) -> None:
    specs = {spec.name: spec for spec in retail_connector.specs()}
    assert {name: spec.side_effect for name, spec in specs.items()} == OPERATIONS
    assert {name for name, spec in specs.items() if spec.identifies} == {
        "find_user_id_by_email",
        "find_user_id_by_name_zip",
    }
    assert {spec.connector for spec in specs.values()} == {"store"}


@pytest.mark.parametrize("name", sorted(OPERATIONS))
def test_retail_connector_schemas_forbid_extras_and_describe_every_field(
    retail_connector: RetailConnector, name: str
) -> None:
    spec = next(spec for spec in retail_connector.specs() if spec.name == name)
    schema = spec.json_schema()
    assert schema["additionalProperties"] is False
    assert spec.description and spec.input_model.__doc__
    for field, definition in schema.get("properties", {}).items():
        assert definition.get("description"), f"{name}.{field} has no description"


def test_retail_connector_parse_rejects_unknown_arguments(
    retail_connector: RetailConnector,
) -> None:
    with pytest.raises(ActionError, match="first at order: Extra inputs are not permitted"):
        retail_connector.parse("get_order_details", {"order_id": "#W1000001", "order": "x"})


def test_retail_connector_names_valid_operations_for_an_unknown_one(
    retail_connector: RetailConnector,
) -> None:
    with pytest.raises(ActionError, match="no operation 'refund_everything'; valid: find_user"):
        retail_connector.check("refund_everything", GetOrderDetailsArgs(order_id="#W1000001"))


def test_retail_connector_rejects_arguments_of_another_operation(
    retail_connector: RetailConnector,
) -> None:
    with pytest.raises(ActionError, match="expects GetOrderDetailsArgs arguments, found"):
        retail_connector.execute(
            "get_order_details", GetUserDetailsArgs(user_id="ada_lane_1001"), "k"
        )


@pytest.mark.parametrize(
    ("action", "kwargs", "owner"),
    [
        ("get_order_details", {"order_id": "#W1000006"}, "ben_ortiz_2002"),
        ("cancel_pending_order", {"order_id": "#W1000001", "reason": "x"}, "ada_lane_1001"),
        ("get_user_details", {"user_id": "ben_ortiz_2002"}, "ben_ortiz_2002"),
        ("find_user_id_by_email", {"email": "ada.lane@example.com"}, None),
        ("get_product_details", {"product_id": "1000000001"}, None),
        ("list_all_product_types", {}, None),
    ],
)
def test_retail_connector_owner_of_names_the_customer(
    retail_connector: RetailConnector, action: str, kwargs: dict[str, Any], owner: str | None
) -> None:
    assert retail_connector.owner_of(action, retail_connector.parse(action, kwargs)) == owner


@pytest.mark.parametrize(
    ("action", "kwargs"),
    [
        ("get_order_details", {"order_id": "#W0000000"}),
        ("modify_user_address", {"user_id": "ghost_0000", **ADDRESS}),
        ("get_product_details", {"product_id": "2000000001"}),
    ],
)
def test_retail_connector_owner_of_refuses_unknown_targets(
    retail_connector: RetailConnector, action: str, kwargs: dict[str, Any]
) -> None:
    with pytest.raises(Refusal) as refusal:
        retail_connector.owner_of(action, retail_connector.parse(action, kwargs))
    assert refusal.value.code == "not_found"


def test_retail_connector_check_changes_nothing(retail_connector: RetailConnector) -> None:
    version = retail_connector.store.version
    args: BaseModel = retail_connector.parse(
        "cancel_pending_order", {"order_id": "#W1000001", "reason": "no longer needed"}
    )
    retail_connector.check("cancel_pending_order", args)
    assert retail_connector.store.version == version
    order = retail_connector.execute(
        "get_order_details", GetOrderDetailsArgs(order_id="#W1000001"), ""
    )
    assert order["status"] == "pending"


def test_retail_connector_reads_need_no_idempotency_key(retail_connector: RetailConnector) -> None:
    args = GetUserDetailsArgs(user_id="ada_lane_1001")
    assert retail_connector.execute("get_user_details", args, "")["email"] == "ada.lane@example.com"


def test_retail_connector_reports_a_malformed_record_as_a_connector_error(
    retail_data: Any,
) -> None:
    del retail_data["orders"]["#W1000001"]["payment_history"]
    connector = RetailConnector(RetailStore.in_memory(retail_data))
    args = connector.parse(
        "modify_pending_order_payment",
        {"order_id": "#W1000001", "payment_method_id": "paypal_1000003"},
    )
    with pytest.raises(ConnectorError, match=r"not in the expected shape .* KeyError"):
        connector.check("modify_pending_order_payment", args)
