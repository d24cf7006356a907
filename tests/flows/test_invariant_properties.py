"""The safety invariants of a proposal, as properties of whole conversations: whatever variants
of a product are in stock, a customer who asks for one option changed gets that change; what
they did not mention stays as it is, and when no variant with their change keeps it, they are
told so before their "yes" — never a silent substitute; without a variant that has the change
they asked for, nothing is written.

Each example is a conversation through the pipeline on a copy of the demo store in which
Hypothesis decides which variants are available. The customer says yes to a confirmation, pays
any difference with what they name, and says no to anything else (an alternative offered
instead of what they asked for)."""

from __future__ import annotations

import copy
import tempfile
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from deskpilot.domains.retail import RetailStore
from deskpilot.runtime import build_runtime
from deskpilot.settings import Settings

from ..conftest import RETAIL_WORKSPACE
from .conftest import DEMO, Chat

# Delivered orders of one item whose product comes in several colours (hoodie, rain jacket,
# sunglasses), and how a customer may ask for another colour.
ORDERS = ("#W3162845", "#W4831856", "#W7761325")
ASKING = (
    "I want to exchange the {name} from order {order} for a {color} one.",
    "Can I swap my {name} for the {color} version? It's order {order}.",
    "The {name} in {order}: I'd rather have it in {color}, please exchange it.",
)


def _colours(order_id: str) -> list[str]:
    item = DEMO["orders"][order_id]["items"][0]
    variants = DEMO["products"][item["product_id"]]["variants"].values()
    return sorted({v["options"]["color"] for v in variants} - {item["options"]["color"]})


@st.composite
def _requests(draw: st.DrawFn) -> tuple[str, str, str, list[bool]]:
    order_id = draw(st.sampled_from(ORDERS))
    colour = draw(st.sampled_from(_colours(order_id)))
    product = DEMO["products"][DEMO["orders"][order_id]["items"][0]["product_id"]]
    stock = draw(st.lists(st.booleans(), min_size=len(product["variants"]))).copy()
    asking = draw(st.sampled_from(ASKING))
    return order_id, colour, asking, stock[: len(product["variants"])]


def _conversation(order_id: str, colour: str, asking: str, stock: list[bool]) -> dict[str, Any]:
    data: dict[str, Any] = copy.deepcopy(DEMO)
    order = data["orders"][order_id]
    item = order["items"][0]
    product = data["products"][item["product_id"]]
    for available, variant in zip(stock, product["variants"].values(), strict=True):
        variant["available"] = available
    user = data["users"][order["user_id"]]
    paying = "gift card" if any(k.startswith("gift") for k in user["payment_methods"]) else "card"
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(
            data_dir=Path(tmp), database_url="sqlite://", workspace=RETAIL_WORKSPACE
        )
        runtime = build_runtime(settings, store=RetailStore.in_memory(data))
        try:
            chat = Chat(runtime)
            said = asking.format(name=item["name"].lower(), order=order_id, color=colour)
            reply = chat.say(f"{said} My email is {user['email']}.")
            agreed: list[str] = []  # the confirmations the customer said yes to
            for _ in range(4):
                if "Shall I go ahead" in reply:
                    agreed.append(reply)
                    reply = chat.say("yes")
                elif "pay" in reply.lower() or "refund" in reply.lower():
                    reply = chat.say(f"use my {paying}")
                else:
                    break
            return {"writes": chat.writes(), "item": item, "product": product, "agreed": agreed}
        finally:
            runtime.close()


@settings(
    max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(request=_requests())
def test_an_exchange_changes_what_was_asked_and_says_what_else_changes_before_yes(
    request: tuple[str, str, str, list[bool]],
) -> None:
    order_id, colour, asking, stock = request
    seen = _conversation(order_id, colour, asking, stock)
    item, product = seen["item"], seen["product"]
    variants = product["variants"]
    wanted = {**item["options"], "color": colour}
    exact = [v["item_id"] for v in variants.values() if v["options"] == wanted and v["available"]]
    coloured = [v for v in variants.values() if v["options"]["color"] == colour and v["available"]]
    event("exact variant in stock" if exact else "only substitutes" if coloured else "none")
    event(f"{len(seen['writes'])} write(s)")
    for action, args in seen["writes"]:
        assert action == "exchange_delivered_order_items", seen["writes"]
        assert args["item_ids"] == [item["item_id"]]
        (new_id,) = args["new_item_ids"]
        if exact:
            assert new_id == exact[0], (wanted, seen["writes"])
        new = variants[new_id]["options"]
        assert new["color"] == colour, seen["writes"]
        for option, had in item["options"].items():
            if option != "color" and new[option] != had:
                # Not asked for: said plainly in the confirmation the customer agreed to.
                change = f"{option} would change from {had} to {new[option]}"
                assert any(change in text for text in seen["agreed"]), (change, seen["agreed"])
    if not coloured:
        assert seen["writes"] == []
