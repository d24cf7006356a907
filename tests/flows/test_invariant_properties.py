"""The safety invariants of a proposal, as properties of whole conversations, whatever variants
of the products are in stock:

- a customer who asks for one option changed gets that change; what they did not mention stays
  as it is, and when no variant with their change keeps it, they are told so before their "yes"
  — never a silent substitute; without a variant that has the change, nothing is written;
- a conditional request ("if the navy hoodie isn't available, only exchange the sunglasses") is
  honoured or asked about, never half-applied; a proposal that leaves out part of what was
  asked says so, and why, before the "yes".

Each example is a conversation through the pipeline on a copy of the demo store in which
Hypothesis decides which variants are available. The customer says yes to a confirmation, pays
any difference with what they name, and says no to anything else (an alternative offered
instead of what they asked for)."""

from __future__ import annotations

import copy
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st

from deskpilot.domains.retail import RetailStore
from deskpilot.settings import Settings

from ..conftest import RETAIL_WORKSPACE, RetailParts
from .conftest import DEMO, Chat

# Delivered orders of one item whose product comes in several colours (hoodie, rain jacket,
# sunglasses), and how a customer may ask for another colour.
ORDERS = ("#W3162845", "#W4831856", "#W7761325")
ASKING = (
    "I want to exchange the {name} from order {order} for a {color} one.",
    "Can I swap my {name} for the {color} version? It's order {order}.",
    "The {name} in {order}: I'd rather have it in {color}, please exchange it.",
)
# A delivered order with sunglasses (gold) and a hoodie (black), and a conditional request.
PAIR = "#W2221912"
CONDITIONAL = (
    "I'd like to exchange the sunglasses in order {order} for black ones and the hoodie for a "
    "navy one. If the navy hoodie isn't available, only exchange the sunglasses."
)
WANTED = {"Sunglasses": "black", "Hoodie": "navy"}
PROPERTIES = settings(
    max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@dataclass
class Seen:
    """What a conversation did: the writes, and the confirmations the customer said yes to."""

    writes: list[tuple[str, dict[str, Any]]]
    agreed: list[str]
    order: dict[str, Any]
    products: dict[str, Any]

    def variant(self, item_id: str) -> dict[str, Any]:
        return next(
            p["variants"][item_id] for p in self.products.values() if item_id in p["variants"]
        )


def _stocked(order_id: str, stock: list[bool]) -> dict[str, Any]:
    """A copy of the demo store where the variants of the order's products are in stock as
    ``stock`` says, one flag per variant in turn (cycled)."""
    data: dict[str, Any] = copy.deepcopy(DEMO)
    flags = iter(stock * 40)
    for item in data["orders"][order_id]["items"]:
        for variant in data["products"][item["product_id"]]["variants"].values():
            variant["available"] = next(flags)
    return data


def _conversation(retail: RetailParts, data: dict[str, Any], order_id: str, asked: str) -> Seen:
    order = data["orders"][order_id]
    user = data["users"][order["user_id"]]
    paying = "gift card" if any(k.startswith("gift") for k in user["payment_methods"]) else "card"
    products = {i["product_id"]: data["products"][i["product_id"]] for i in order["items"]}
    with tempfile.TemporaryDirectory() as tmp:
        where = Settings(data_dir=Path(tmp), database_url="sqlite://", workspace=RETAIL_WORKSPACE)
        runtime = retail.runtime(where, store=RetailStore.in_memory(data))
        try:
            chat = Chat(runtime)
            reply = chat.say(f"{asked} My email is {user['email']}.")
            agreed: list[str] = []
            for _ in range(4):
                if "Shall I go ahead" in reply:
                    agreed.append(reply)
                    reply = chat.say("yes")
                elif "pay" in reply.lower() or "refund" in reply.lower():
                    reply = chat.say(f"use my {paying}")
                else:
                    break
            return Seen(chat.writes(), agreed, order, products)
        finally:
            runtime.close()


def _unasked_changes_were_said(seen: Seen, item: dict[str, Any], new_id: str, asked: str) -> None:
    new = seen.variant(new_id)["options"]
    for option, had in item["options"].items():
        if option != asked and new[option] != had:
            change = f"{option} would change from {had} to {new[option]}"
            assert any(change in text for text in seen.agreed), (change, seen.agreed)


@st.composite
def _one_change(draw: st.DrawFn) -> tuple[str, str, str, list[bool]]:
    order_id = draw(st.sampled_from(ORDERS))
    item = DEMO["orders"][order_id]["items"][0]
    variants = DEMO["products"][item["product_id"]]["variants"].values()
    colours = sorted({v["options"]["color"] for v in variants} - {item["options"]["color"]})
    colour = draw(st.sampled_from(colours))
    stock = draw(st.lists(st.booleans(), min_size=len(variants), max_size=len(variants)))
    return order_id, colour, draw(st.sampled_from(ASKING)), stock


def _only_in_stock(order_id: str, item_id: str) -> list[bool]:
    """The stock flags under which only variant ``item_id`` of the order's product is sold."""
    product_id = DEMO["orders"][order_id]["items"][0]["product_id"]
    return [v["item_id"] == item_id for v in DEMO["products"][product_id]["variants"].values()]


@PROPERTIES
@given(request=_one_change())
# Found by Hypothesis: the only oatmeal hoodie is also another size, and "It's order" once read
# as asking for size S, so the size change went unsaid.
@example(request=("#W3162845", "oatmeal", ASKING[1], _only_in_stock("#W3162845", "6931559353")))
def test_an_exchange_changes_what_was_asked_and_says_what_else_changes_before_yes(
    request: tuple[str, str, str, list[bool]], retail: RetailParts
) -> None:
    order_id, colour, asking, stock = request
    data = _stocked(order_id, stock)
    item = data["orders"][order_id]["items"][0]
    asked = asking.format(name=item["name"].lower(), order=order_id, color=colour)
    seen = _conversation(retail, data, order_id, asked)
    variants = data["products"][item["product_id"]]["variants"].values()
    wanted = {**item["options"], "color": colour}
    exact = [v["item_id"] for v in variants if v["options"] == wanted and v["available"]]
    coloured = [v for v in variants if v["options"]["color"] == colour and v["available"]]
    event("exact variant in stock" if exact else "only substitutes" if coloured else "none")
    event(f"{len(seen.writes)} write(s)")
    for action, args in seen.writes:
        assert action == "exchange_delivered_order_items", seen.writes
        assert args["item_ids"] == [item["item_id"]]
        (new_id,) = args["new_item_ids"]
        if exact:
            assert new_id == exact[0], (wanted, seen.writes)
        assert seen.variant(new_id)["options"]["color"] == colour, seen.writes
        _unasked_changes_were_said(seen, item, new_id, "color")
    if not coloured:
        assert seen.writes == []


@PROPERTIES
@given(stock=st.lists(st.booleans(), min_size=5, max_size=25), navy_sold_out=st.booleans())
def test_a_conditional_exchange_is_honoured_never_half_applied(
    stock: list[bool], navy_sold_out: bool, retail: RetailParts
) -> None:
    data = _stocked(PAIR, stock)
    for item in data["orders"][PAIR]["items"]:
        for variant in data["products"][item["product_id"]]["variants"].values():
            if navy_sold_out and variant["options"]["color"] == "navy":
                variant["available"] = False
    seen = _conversation(retail, data, PAIR, CONDITIONAL.format(order=PAIR))
    items = {i["item_id"]: i for i in seen.order["items"]}
    hoodie = next(i for i in items.values() if i["name"] == "Hoodie")
    navy = [
        v
        for v in seen.products[hoodie["product_id"]]["variants"].values()
        if v["options"]["color"] == "navy" and v["available"]
    ]
    event("a navy hoodie in stock" if navy else "no navy hoodie")
    event(f"{len(seen.writes)} write(s)")
    for action, args in seen.writes:
        assert action == "exchange_delivered_order_items" and args["order_id"] == PAIR
        for item_id, new_id in zip(args["item_ids"], args["new_item_ids"], strict=True):
            item = items[item_id]
            # Each item gets the colour asked for it, or is not exchanged at all.
            assert seen.variant(new_id)["options"]["color"] == WANTED[item["name"]], seen.writes
            _unasked_changes_were_said(seen, item, new_id, "color")
        if not navy:
            assert hoodie["item_id"] not in args["item_ids"], seen.writes
        if hoodie["item_id"] not in args["item_ids"]:
            # What is left out is said, and why, before the yes.
            assert any("Hoodie, which this leaves out, as you asked" in t for t in seen.agreed)


def _neither_as_asked() -> tuple[dict[str, Any], dict[str, Any], dict[str, Any]]:
    """The pair's store with no navy hoodie and no sunglasses like the customer's in black:
    the data, the hoodie and the sunglasses."""
    data = _stocked(PAIR, [True])
    hoodie, glasses = (
        next(i for i in data["orders"][PAIR]["items"] if i["name"] == name)
        for name in ("Hoodie", "Sunglasses")
    )
    for variant in data["products"][hoodie["product_id"]]["variants"].values():
        variant["available"] = variant["options"]["color"] != "navy"
    wanted = {**glasses["options"], "color": "black"}
    for variant in data["products"][glasses["product_id"]]["variants"].values():
        variant["available"] = variant["options"] != wanted
    return data, hoodie, glasses


def _talk(
    retail: RetailParts, data: dict[str, Any], turns: list[str]
) -> tuple[list[str], list[Any]]:
    user = data["users"][data["orders"][PAIR]["user_id"]]
    with tempfile.TemporaryDirectory() as tmp:
        where = Settings(data_dir=Path(tmp), database_url="sqlite://", workspace=RETAIL_WORKSPACE)
        runtime = retail.runtime(where, store=RetailStore.in_memory(data))
        try:
            chat = Chat(runtime)
            first = f"{CONDITIONAL.format(order=PAIR)} Gift card. {user['email']}"
            replies = [chat.say(text) for text in (first, *turns)]
            return replies, chat.writes()
        finally:
            runtime.close()


def test_a_condition_leaves_its_item_out_before_the_rest_is_offered(retail: RetailParts) -> None:
    """The hoodie is left out as the customer said, the closest sunglasses are offered, and
    their yes leads to a proposal that says the hoodie is left out, and why."""
    data, _, glasses = _neither_as_asked()
    (offer, proposal, _), writes = _talk(retail, data, ["yes", "yes"])
    assert "Sunglasses" in offer and "would that work?" in offer
    assert "Hoodie, which this leaves out, as you asked" in proposal
    assert "Shall I go ahead" in proposal
    ((action, args),) = writes
    assert action == "exchange_delivered_order_items"
    assert args["item_ids"] == [glasses["item_id"]]
    (new_id,) = args["new_item_ids"]
    new = data["products"][glasses["product_id"]]["variants"][new_id]["options"]
    assert new["color"] == "black" and new != {**glasses["options"], "color": "black"}


def test_an_option_turned_down_is_not_offered_again_and_the_others_are_asked_about(
    retail: RetailParts,
) -> None:
    data, _, glasses = _neither_as_asked()
    (offer, others, proposal, _), writes = _talk(retail, data, ["no", "the metal ones", "yes"])
    closest = offer.split("The closest available one is ")[1].split(" — ")[0]
    assert closest not in others and "would that work" not in others
    assert "Which one would you like?" in others and "metal" in others
    assert not others.startswith("Sorry")
    assert "metal, polarized, black" in proposal and "Shall I go ahead" in proposal
    ((_, args),) = writes
    new = data["products"][glasses["product_id"]]["variants"][args["new_item_ids"][0]]
    assert new["options"] == {"frame": "metal", "lens": "polarized", "color": "black"}
