"""The online store's domain pack: its records, its connector, replay and a demo store.

The connector: its state, its 13 operations, replay support and a demo store.

``RetailStore`` holds the store's data (``users``, ``orders``, ``products`` in the JSON shape of
the tau-retail reference store) with a durable working copy and an idempotency journal;
``RetailConnector`` exposes the operations to the action layer; ``generate_store`` builds a
deterministic demo store.
"""

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from deskpilot.domains import DemoHint, DomainPack, ReplayResult, Showcase
from deskpilot.workspace import PolicyFile

from ._common import CANCEL_REASONS, OrderStatus, RefusalCode
from ._connector import RetailConnector
from ._desk import DESK
from ._knowledge import knowledge
from ._matcher import CatalogueEntityMatcher, CatalogueMatcherConfig
from ._models import (
    CancelPendingOrderArgs,
    ExchangeDeliveredOrderItemsArgs,
    FindUserIdByEmailArgs,
    FindUserIdByNameZipArgs,
    GetOrderDetailsArgs,
    GetProductDetailsArgs,
    GetUserDetailsArgs,
    ListAllProductTypesArgs,
    ModifyPendingOrderAddressArgs,
    ModifyPendingOrderItemsArgs,
    ModifyPendingOrderPaymentArgs,
    ModifyUserAddressArgs,
    ReturnDeliveredOrderItemsArgs,
)
from ._state import (
    TABLES,
    Change,
    Changes,
    Record,
    RetailStore,
    StoreData,
    load_store,
    store_changes,
    write_store,
)
from ._writes import WRITES as _WRITES
from .generate import generate_store
from .replay_support import (
    Task,
    TaskReport,
    diff_changes,
    load_tasks,
    replay_task,
)

# The store's write operations, by name.
WRITE_ACTIONS: frozenset[str] = frozenset(_WRITES)


def _write_demo(folder: Path) -> None:
    write_store(folder, generate_store())


def _demo_hint(data: Mapping[str, Any]) -> DemoHint | None:
    """A delivered order and its owner's email to ask about, and four products of the
    catalogue with their lowest price, for the demo shop page."""
    order = next((o for o in data["orders"].values() if o["status"] == "delivered"), None)
    if order is None:
        return None
    email = data["users"][order["user_id"]]["email"]
    shown = []
    for product in list(data["products"].values())[:4]:
        prices = [v["price"] for v in product["variants"].values() if v.get("available")]
        options = sorted({k for v in product["variants"].values() for k in v["options"]})
        text = f"Choose by {', '.join(options)}." if options else ""
        price = f"from ${min(prices):.0f}" if prices else "sold out"
        shown.append(Showcase(product["name"], text, price))
    return DemoHint(
        ask=f"Where is my order {order['order_id']}? My email is {email}",
        heading="Popular this week",
        showcase=tuple(shown),
    )


def _replay(tasks: Path, folder: Path, policies: PolicyFile | None) -> list[ReplayResult]:
    """``deskpilot actions replay`` for the store: its reference tasks, through the guard."""
    from .replay import replay_tasks, report_json  # the replay imports this package

    return [
        ReplayResult(r.task.label, r.problem, report_json(r))
        for r in replay_tasks(tasks, folder, policies)
    ]


# The templates the pack's code says: the evidence audit's findings (``_evidence.py``), the
# resolvers' questions (``_resolvers.py``) and the reasons of the store's refusals.
TEMPLATES = (
    "found_item_left_out",
    "found_item_not_mentioned",
    "found_item_set_aside",
    "found_left_in_other_order",
    "found_method_other",
    "found_method_refused",
    "found_methods_unclear",
    "found_not_the_end",
    "found_option_change",
    "found_order_lacks_described",
    "found_order_not_asked",
    "found_other_order_named",
    "found_status_denied",
    "found_status_said",
    "found_value_not_given",
    "found_value_ruled_out",
    "found_whole_order_only",
    "ask_change",
    "no_such_variant",
    "which_variant",
    "variant_left_as_is",
    "items_left_as_is",
    # the reasons of the store's refusals, as the customer hears them (``Refusal.said``)
    "reason_customer_not_found",
    "reason_different_product",
    "reason_gift_card_short",
    "reason_invalid_cancel_reason",
    "reason_item_count_mismatch",
    "reason_item_not_found",
    "reason_item_not_in_order",
    "reason_item_unavailable",
    "reason_items_already_modified",
    "reason_method_not_saved",
    "reason_order_items_changed",
    "reason_order_not_found",
    "reason_order_status",
    "reason_product_not_found",
    "reason_refund_method_not_allowed",
    "reason_same_payment_method",
    "reason_split_payment",
    # the agent desk's suggested replies (``_desk.py``)
    "desk_ask_identity",
    "desk_order",
)

PACK = DomainPack(
    name="retail",
    store=RetailStore,
    connector=RetailConnector,
    load=load_store,
    write_demo=_write_demo,
    catalogue=lambda data: data["products"],
    marker="orders.json",
    demo_hint=_demo_hint,
    knowledge=knowledge,
    desk=DESK,
    replay=_replay,
    matcher=lambda catalogue, workspace: CatalogueEntityMatcher(
        catalogue, CatalogueMatcherConfig.from_vocabulary(workspace.vocabulary)
    ),
    vocabulary=("evidence", "resolvers", "scales", "aliases"),
    templates=TEMPLATES,
)

__all__ = [
    "CANCEL_REASONS",
    "PACK",
    "TABLES",
    "WRITE_ACTIONS",
    "CancelPendingOrderArgs",
    "Change",
    "Changes",
    "ExchangeDeliveredOrderItemsArgs",
    "FindUserIdByEmailArgs",
    "FindUserIdByNameZipArgs",
    "GetOrderDetailsArgs",
    "GetProductDetailsArgs",
    "GetUserDetailsArgs",
    "ListAllProductTypesArgs",
    "ModifyPendingOrderAddressArgs",
    "ModifyPendingOrderItemsArgs",
    "ModifyPendingOrderPaymentArgs",
    "ModifyUserAddressArgs",
    "OrderStatus",
    "Record",
    "RefusalCode",
    "RetailConnector",
    "RetailStore",
    "ReturnDeliveredOrderItemsArgs",
    "StoreData",
    "Task",
    "TaskReport",
    "diff_changes",
    "generate_store",
    "load_store",
    "load_tasks",
    "replay_task",
    "store_changes",
    "write_store",
]
