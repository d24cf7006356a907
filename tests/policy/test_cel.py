"""CEL expressions compiled once and given only the variables they name."""

from __future__ import annotations

from typing import Any

import cel
import pytest

from deskpilot.policy import CelExpression

CONTEXT: dict[str, Any] = {
    "slots": {"order_id": "#W1", "items": ["a", "b"]},
    "order": {"status": "pending", "items": [{"price": 10.5}, {"price": 4}]},
    "user": {"name": "Ana", "orders": ["#W1", "#W2"]},
    "reason": "no longer needed",
}


@pytest.mark.parametrize(
    "source",
    [
        "slots.order_id",
        'order.status == "pending" && size(slots.items) > 1',
        "order.items.exists(i, i.price > 10.0)",
        "order.items.map(i, i.price)",
        'has(user.name) ? user.name : "slots"',
        '"order" + reason',
    ],
)
def test_cel_expression_gives_what_the_whole_context_gives(source: str) -> None:
    assert CelExpression(source).execute(CONTEXT) == cel.compile(source).execute(CONTEXT)


def test_cel_expression_is_given_only_the_variables_it_names() -> None:
    # A variable the source never names is not converted for the run: one CEL cannot convert
    # (a set) makes no difference to an expression that does not read it.
    context = {**CONTEXT, "unread": {1, 2}}
    assert CelExpression("slots.order_id").execute(context) == "#W1"
    with pytest.raises(ValueError):
        CelExpression("size(unread) > 0").execute(context)


def test_cel_expression_that_does_not_parse_is_a_value_error() -> None:
    with pytest.raises(ValueError):
        CelExpression("slots.order_id ==")
