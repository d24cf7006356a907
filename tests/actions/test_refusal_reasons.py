"""Each of the store's refusals gives its reason as a template of the workspace and its facts
(``Refusal.said``), which the flow engine says to the customer; the English ``reason`` stays
the record's. The retail workspace's templates say exactly what the record says (the words the
customer heard before), and every such template is one the pack declares (``deskpilot check``
finds it missing). tests/flows/test_refusal_reasons.py says one in German."""

from __future__ import annotations

import ast
from collections.abc import Callable
from typing import Any

import pytest

from deskpilot.actions._spec import Refusal
from deskpilot.domains.retail import PACK, RetailConnector
from deskpilot.pipeline import ReplySpec, TemplateResponder
from deskpilot.workspace import load_workspace

from ..conftest import PROJECT_ROOT, RETAIL_WORKSPACE

# Ids of the tiny store of tests/actions/conftest.py.
LINEAR, CLICKY, TACTILE_RGB, LINEAR_RGB = "2000000001", "2000000002", "2000000003", "2000000004"
WHITE_MUG, BLACK_MUG = "2000000011", "2000000012"
CARD, GIFT, OTHERS_GIFT, PAYPAL = (
    "credit_card_1000001",
    "gift_card_1000002",
    "gift_card_2000002",
    "paypal_1000003",
)
ITEMS = "modify_pending_order_items"
PAY = "modify_pending_order_payment"
RETURN = "return_delivered_order_items"
ADDRESS = {
    "address1": "77 Pine Street",
    "address2": "Apt 2",
    "city": "Omaha",
    "state": "NE",
    "country": "USA",
    "zip": "68102",
}

# (template, action, arguments): one refusal of the store each.
CASES: list[tuple[str, str, dict[str, Any]]] = [
    (
        "reason_invalid_cancel_reason",
        "cancel_pending_order",
        {"order_id": "#W1000001", "reason": "found it cheaper"},
    ),
    (
        "reason_order_status",
        "cancel_pending_order",
        {"order_id": "#W1000002", "reason": "no longer needed"},
    ),
    (
        "reason_order_not_found",
        "cancel_pending_order",
        {"order_id": "#W0000000", "reason": "no longer needed"},
    ),
    ("reason_customer_not_found", "modify_user_address", {"user_id": "ghost_0000", **ADDRESS}),
    ("reason_same_payment_method", PAY, {"order_id": "#W1000001", "payment_method_id": CARD}),
    ("reason_gift_card_short", PAY, {"order_id": "#W1000001", "payment_method_id": GIFT}),
    ("reason_method_not_saved", PAY, {"order_id": "#W1000001", "payment_method_id": OTHERS_GIFT}),
    ("reason_order_status", PAY, {"order_id": "#W1000003", "payment_method_id": PAYPAL}),
    (
        "reason_gift_card_short",
        ITEMS,
        {"item_ids": [LINEAR], "new_item_ids": [LINEAR_RGB], "payment_method_id": GIFT},
    ),
    ("reason_different_product", ITEMS, {"item_ids": [LINEAR], "new_item_ids": [BLACK_MUG]}),
    ("reason_item_unavailable", ITEMS, {"item_ids": [LINEAR], "new_item_ids": [TACTILE_RGB]}),
    (
        "reason_item_count_mismatch",
        ITEMS,
        {"item_ids": [LINEAR, WHITE_MUG], "new_item_ids": [CLICKY]},
    ),
    ("reason_item_not_in_order", ITEMS, {"item_ids": [CLICKY], "new_item_ids": [LINEAR]}),
    (
        "reason_item_not_in_order",
        ITEMS,
        {"item_ids": [LINEAR, LINEAR], "new_item_ids": [CLICKY, CLICKY]},
    ),
    ("reason_item_not_found", ITEMS, {"item_ids": [LINEAR], "new_item_ids": ["9999999999"]}),
    (
        "reason_refund_method_not_allowed",
        RETURN,
        {"order_id": "#W1000002", "item_ids": [LINEAR], "payment_method_id": CARD},
    ),
    (
        "reason_order_status",
        RETURN,
        {"order_id": "#W1000001", "item_ids": [LINEAR], "payment_method_id": CARD},
    ),
]
_ITEMS_DEFAULTS = {"order_id": "#W1000001", "payment_method_id": CARD}
ENGLISH = TemplateResponder(load_workspace(RETAIL_WORKSPACE))


def _args(action: str, kwargs: dict[str, Any]) -> dict[str, Any]:
    return {**_ITEMS_DEFAULTS, **kwargs} if action == ITEMS else kwargs


@pytest.mark.parametrize(("template", "action", "kwargs"), CASES)
def test_a_refusal_s_template_says_what_its_record_says(
    retail_refused: Callable[..., Refusal], template: str, action: str, kwargs: dict[str, Any]
) -> None:
    refusal = retail_refused(action, **_args(action, kwargs))
    assert refusal.said is not None and refusal.said[0] == template
    assert template in PACK.templates
    assert ENGLISH.render(ReplySpec(*refusal.said), "en") == refusal.reason


def test_an_order_whose_items_changed_is_said_so(
    retail_connector: RetailConnector, retail_refused: Callable[..., Refusal]
) -> None:
    swap = {**_ITEMS_DEFAULTS, "item_ids": [WHITE_MUG], "new_item_ids": [BLACK_MUG]}
    args = retail_connector.parse(ITEMS, swap)
    retail_connector.execute(ITEMS, args, "swap-once")
    for action, kwargs, template in [
        (
            "cancel_pending_order",
            {"order_id": "#W1000001", "reason": "no longer needed"},
            "reason_order_items_changed",
        ),
        (ITEMS, {**swap, "item_ids": [LINEAR], "new_item_ids": [CLICKY]}, None),
    ]:
        refusal = retail_refused(action, **kwargs)
        assert refusal.said is not None
        assert template is None or refusal.said[0] == template
        assert ENGLISH.render(ReplySpec(*refusal.said), "en") == refusal.reason


def test_every_refusal_of_the_store_s_writes_is_said_in_the_workspace_s_words() -> None:
    # Each ``Refusal(code, reason, said)`` raised by the store's operations names its template:
    # none is said to the customer in the record's English alone.
    retail = PROJECT_ROOT / "src" / "deskpilot" / "domains" / "retail"
    bare = []
    for path in (retail / "_common.py", retail / "_writes.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            refusal = isinstance(node, ast.Call) and getattr(node.func, "id", None) == "Refusal"
            if refusal and len(node.args) < 3 and not any(k.arg == "said" for k in node.keywords):
                bare.append(f"{path.name}:{node.lineno}")
    assert not bare
