"""The flow engine through the real pipeline: conversation, not forms; never a wrong write."""

from __future__ import annotations

from .conftest import DEMO, Chat, find_order, owner


def _pending_with_one_owner_order() -> tuple[str, dict]:  # type: ignore[type-arg]
    for order_id, order in DEMO["orders"].items():
        if order["status"] == "pending":
            return order_id, order
    raise AssertionError


def test_cancel_runs_only_after_an_explicit_yes(chat: Chat) -> None:
    order_id, order = find_order("pending")
    email = owner(order)["email"]
    reply = chat.say(f"hi, please cancel {order_id}, I ordered it by mistake. {email}")
    assert "To confirm" in reply and order_id in reply and "ordered by mistake" in reply
    assert chat.writes() == []
    done = chat.say("yes please")
    assert "cancelled" in done
    assert chat.writes() == [
        ("cancel_pending_order", {"order_id": order_id, "reason": "ordered by mistake"})
    ]


def test_a_change_of_mind_before_yes_writes_nothing(chat: Chat) -> None:
    order_id, order = find_order("pending")
    chat.say(f"cancel order {order_id}, don't need it anymore. email {owner(order)['email']}")
    reply = chat.say("actually, don't")
    assert "haven't changed anything" in reply
    chat.say("yes")
    assert chat.writes() == []


def test_missing_details_are_asked_for_one_at_a_time(chat: Chat) -> None:
    order_id, order = find_order("pending")
    user = owner(order)
    first = chat.say("I want to cancel an order")
    assert "email" in first.lower()
    second = chat.say(f"it's {user['email']}")
    assert "Which order" in second or "To confirm" in second or "no longer need" in second
    chat.say(order_id)
    reason = chat.say("no longer needed")
    assert "To confirm" in reason
    chat.say("yes")
    assert chat.writes() == [
        ("cancel_pending_order", {"order_id": order_id, "reason": "no longer needed"})
    ]


def test_a_correction_replaces_the_order_and_asks_again(chat: Chat) -> None:
    user_orders: dict[str, list[str]] = {}
    for oid, o in DEMO["orders"].items():
        if o["status"] == "pending":
            user_orders.setdefault(o["user_id"], []).append(oid)
    user_id, (first, second) = next((u, ids[:2]) for u, ids in user_orders.items() if len(ids) >= 2)
    email = DEMO["users"][user_id]["email"]
    chat.say(f"{email} - cancel {first}, ordered by mistake")
    reply = chat.say(f"no, the other order {second}")
    assert "To confirm" in reply and second in reply
    chat.say("yes")
    assert chat.writes() == [
        ("cancel_pending_order", {"order_id": second, "reason": "ordered by mistake"})
    ]


def test_another_customers_order_is_refused_and_nothing_is_written(chat: Chat) -> None:
    order_id, order = find_order("pending")
    stranger = next(u for uid, u in DEMO["users"].items() if uid != order["user_id"])
    reply = chat.say(f"cancel {order_id} please, ordered by mistake. I'm {stranger['email']}")
    assert "couldn't find an order" in reply and "on your account" in reply
    chat.say("yes")
    assert chat.writes() == []


def test_wrong_status_is_explained(chat: Chat) -> None:
    order_id, order = find_order("delivered")
    reply = chat.say(f"cancel {order_id}, no longer needed. {owner(order)['email']}")
    assert f"Order {order_id} is delivered" in reply
    assert chat.writes() == []


def test_never_automate_category_hands_off_without_writing(chat: Chat) -> None:
    order_id, order = find_order("pending")
    reply = chat.say(
        f"My husband passed away last week, please cancel his order {order_id}. "
        f"{owner(order)['email']}"
    )
    assert "colleague" in reply
    assert chat.case is not None and chat.case.status.value == "handed_off"
    assert chat.case.handoff is not None
    assert chat.case.handoff.packet["reason_code"] == "bereavement"
    assert chat.writes() == []


def test_a_return_refunds_to_the_original_method(chat: Chat) -> None:
    order_id, order = find_order("delivered", min_items=2)
    item = order["items"][0]
    email = owner(order)["email"]
    paid = order["payment_history"][0]["payment_method_id"]
    reply = chat.say(
        f"I'd like to return the {item['name'].lower()} from order {order_id}, refund to the "
        f"original payment method please. {email}"
    )
    same_name = [i for i in order["items"] if i["name"] == item["name"]]
    if len(same_name) > 1:
        assert "Did you mean" in reply
        return
    assert "To confirm" in reply, reply
    chat.say("yes")
    assert chat.writes() == [
        (
            "return_delivered_order_items",
            {"order_id": order_id, "item_ids": [item["item_id"]], "payment_method_id": paid},
        )
    ]


def test_two_requests_in_one_message_are_both_handled(chat: Chat) -> None:
    pending_id, pending = find_order("pending")
    others = [
        oid
        for oid in owner(pending)["orders"]
        if oid != pending_id and DEMO["orders"][oid]["status"] != "pending"
    ]
    if not others:
        return
    other = others[0]
    first = chat.say(
        f"Hi, {owner(pending)['email']}. Please cancel {pending_id}, I ordered it by mistake, "
        f"and also tell me where order {other} is"
    )
    # The question is answered at once, then the cancellation is confirmed.
    assert f"Order {other} is {DEMO['orders'][other]['status']}" in first
    assert f"I'll cancel order {pending_id}" in first
    reply = chat.say("yes")
    assert "cancelled" in reply
    assert chat.writes() == [
        ("cancel_pending_order", {"order_id": pending_id, "reason": "ordered by mistake"})
    ]


def test_product_questions_need_no_identity(chat: Chat) -> None:
    product = next(iter(DEMO["products"].values()))
    reply = chat.say(f"what options does the {product['name'].lower()} come in?")
    assert f"The {product['name']} comes in {len(product['variants'])} variants" in reply
    assert chat.writes() == []


def test_yes_out_of_the_blue_is_not_a_confirmation(chat: Chat) -> None:
    reply = chat.say("yes")
    assert "didn't quite get that" in reply
    assert chat.writes() == []


def test_a_request_that_cannot_succeed_is_answered_before_asking_for_more(chat: Chat) -> None:
    order_id, order = find_order("delivered")
    reply = chat.say(f"please cancel {order_id}. {owner(order)['email']}")
    assert f"Order {order_id} is delivered" in reply
    assert "no longer need" not in reply
