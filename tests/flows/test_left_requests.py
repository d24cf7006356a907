"""What a message asks beside the request it is read as is not dropped.

"My pending yoga mat: same 6mm, but PVC in green. Then the desk lamp order: … change the lamp
to …": the first sentence asks no verb of its own, so only the lamp's change is read as a
request. The audit finds the yoga mat named as what to act on in another order; an item change
(``takes_up_left``) runs it as a request of its own, in the order the customer said them. And a
bare "yes" once a request is done and nothing waits is asked whether there is more. A "no" to
a proposal that takes it back for another request ("forget the exchange - just return it")
starts that one instead of only saying nothing was changed.
"""

from __future__ import annotations

from typing import Any

from .conftest import DEMO, Chat, find_order, owner


def _two_pending_changes() -> tuple[dict[str, Any], list[tuple[str, dict[str, Any], str, str]]]:
    """A demo customer with PayPal and two pending orders, each holding an item no other order
    of theirs holds with an available variant that differs in one option, a word: (customer,
    [(order, item, the option's new value, the variant)] for the two orders)."""
    for user in DEMO["users"].values():
        if not any(p.startswith("paypal") for p in user["payment_methods"]):
            continue
        orders = [DEMO["orders"][o] for o in user["orders"]]
        names = [i["name"] for o in orders for i in o["items"]]
        found = []
        for order in (o for o in orders if o["status"] == "pending"):
            for item in (i for i in order["items"] if names.count(i["name"]) == 1):
                variants = DEMO["products"][item["product_id"]]["variants"].values()
                fits = [
                    (v, new)
                    for v in variants
                    if v["available"]
                    and len(
                        new := {k: x for k, x in v["options"].items() if item["options"][k] != x}
                    )
                    == 1
                    and str(next(iter(new.values()))).replace(" ", "").isalpha()
                ]
                if fits:
                    variant, new = fits[0]
                    value = str(next(iter(new.values())))
                    found.append((order["order_id"], item, value, variant["item_id"]))
                    break
        if len(found) >= 2:
            return user, found[:2]
    raise AssertionError("no demo customer with two pending orders to change")


def test_an_item_of_another_order_named_with_its_change_is_changed_first(chat: Chat) -> None:
    user, [(first, one, one_value, one_new), (second, two, two_value, two_new)] = (
        _two_pending_changes()
    )
    name = two["name"].lower()
    chat.say(
        f"{user['email']}. Three things. My pending {one['name'].lower()}: same, but in "
        f"{one_value}. Then the {name} order: ship it to 227 Oak Street, Suite 699, Washington, "
        f"DC 20564, and change the {name} to {two_value}, otherwise the same. PayPal for the "
        "differences."
    )
    for _ in range(4):
        chat.say("yes")
    changes = [args for name, args in chat.writes() if name == "modify_pending_order_items"]
    # Both changes, in the order the customer said them: the first sentence's no longer lost.
    assert [(c["order_id"], c["new_item_ids"]) for c in changes] == [
        (first, [one_new]),
        (second, [two_new]),
    ], chat.replies


def test_a_bare_yes_once_a_request_is_done_asks_whether_there_is_more(chat: Chat) -> None:
    order_id, order = find_order("pending")
    chat.say(f"{owner(order)['email']}. Please cancel order {order_id}, I ordered it by mistake.")
    assert "Done" in chat.say("yes")
    reply = chat.say("yes")
    assert "anything else" in reply.lower(), reply
    assert "didn't quite get that" not in reply


def _delivered_item_to_exchange() -> tuple[dict[str, Any], str, dict[str, Any], str]:
    """A demo customer with PayPal, a delivered order of theirs holding one item of its product
    and an available variant of it that differs in one option, a word: (customer, order, item,
    the option's new value)."""
    for order_id, order in DEMO["orders"].items():
        user = owner(order)
        if order["status"] != "delivered" or not any(
            p.startswith("paypal") for p in user["payment_methods"]
        ):
            continue
        names = [i["name"] for o in user["orders"] for i in DEMO["orders"][o]["items"]]
        for item in (i for i in order["items"] if names.count(i["name"]) == 1):
            for variant in DEMO["products"][item["product_id"]]["variants"].values():
                new = {k: v for k, v in variant["options"].items() if item["options"][k] != v}
                value = str(next(iter(new.values()), ""))
                if variant["available"] and len(new) == 1 and value.replace(" ", "").isalpha():
                    return user, order_id, item, value
    raise AssertionError("no demo customer with a delivered item to exchange")


def test_a_request_taken_back_gives_way_to_the_one_asked_instead(chat: Chat) -> None:
    user, order_id, item, value = _delivered_item_to_exchange()
    name = item["name"].lower()
    proposal = chat.say(
        f"{user['email']}. I'd like to exchange the {name} I received for a {value} one, "
        "same everything else. PayPal for any difference."
    )
    assert order_id in proposal and "exchange" in proposal, proposal
    reply = chat.say("actually no, forget the exchange - just return it, refund to paypal.")
    # Not "I haven't changed anything": the return asked instead is proposed.
    assert "return" in reply and order_id in reply and "Shall I go ahead" in reply, reply
    chat.say("yes")
    assert [n for n, _ in chat.writes()] == ["return_delivered_order_items"], chat.replies
