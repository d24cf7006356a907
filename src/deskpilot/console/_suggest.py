"""Suggested replies and next actions for the agent, from what the case already knows.

Deterministic and built only from facts the agent can see (the case, its handoff packet, the
profile and orders read through the guard); grounded LLM suggestions come later through the
same shape.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from deskpilot.domain import Case, User

MAX_ACTIONS = 4


@dataclass(frozen=True)
class SuggestedAction:
    """A store action the agent may want to run, with its arguments filled in."""

    action: str
    label: str
    args: dict[str, Any] = field(default_factory=dict)


def _first_name(profile: dict[str, Any] | None) -> str:
    name = (profile or {}).get("name") or {}
    first = name.get("first_name") if isinstance(name, dict) else None
    return str(first) if first else "there"


def _focus_order(case: Case, orders: list[dict[str, Any]]) -> dict[str, Any] | None:
    wanted = case.slots.get("order_id")
    for order in orders:
        if order.get("order_id") == wanted:
            return order
    return orders[0] if orders else None


def _tracking(order: dict[str, Any]) -> list[str]:
    return [t for f in order.get("fulfillments", []) for t in f.get("tracking_id", [])]


def suggest_replies(
    case: Case, profile: dict[str, Any] | None, orders: list[dict[str, Any]], agent: User
) -> list[str]:
    """A few replies the agent can send as they are or edit."""
    replies = [
        f"Hi {_first_name(profile)}, I'm {agent.display_name} from the support team. I've read "
        "our conversation so far, so there's no need to repeat anything."
    ]
    if case.verification is None:
        replies.append(
            "To look into your account, could you tell me the email address you ordered with?"
        )
    order = _focus_order(case, orders)
    if order is not None:
        text = f"Your order {order.get('order_id')} is {order.get('status')}."
        tracking = _tracking(order)
        if tracking:
            text += f" Its tracking number is {', '.join(tracking)}."
        replies.append(text)
    pending = case.pending_confirmation
    if pending is not None:
        replies.append(f"Shall I go ahead and {pending.action.replace('_', ' ')} for you now?")
    replies.append("Is there anything else I can help you with today?")
    return replies


def suggest_actions(case: Case, orders: list[dict[str, Any]]) -> list[SuggestedAction]:
    """Store actions that fit the case: what the customer was asked to confirm, then what
    their orders allow (cancel a pending order, return a delivered one)."""
    found: list[SuggestedAction] = []
    pending = case.pending_confirmation
    if pending is not None:
        found.append(
            SuggestedAction(pending.action, "What the customer was asked to confirm", pending.args)
        )
    focus = _focus_order(case, orders)
    ordered = ([focus] if focus else []) + [o for o in orders if o is not focus]
    for order in ordered:
        order_id = order.get("order_id")
        if order.get("status") == "pending":
            found.append(
                SuggestedAction(
                    "cancel_pending_order",
                    f"Cancel {order_id}",
                    {"order_id": order_id, "reason": "no longer needed"},
                )
            )
        elif order.get("status") == "delivered" and order.get("items"):
            paid = [
                p
                for p in order.get("payment_history", [])
                if p.get("transaction_type") == "payment"
            ]
            if paid:
                found.append(
                    SuggestedAction(
                        "return_delivered_order_items",
                        f"Return the first item of {order_id}",
                        {
                            "order_id": order_id,
                            "item_ids": [order["items"][0].get("item_id")],
                            "payment_method_id": paid[0].get("payment_method_id"),
                        },
                    )
                )
    return found[:MAX_ACTIONS]
