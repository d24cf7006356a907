"""Questions answered from the store: filtered product lists, refund quotes, where an order went."""

from __future__ import annotations

from .conftest import DEMO, Chat, find_order, owner


def _keyboard() -> dict:  # type: ignore[type-arg]
    return next(p for p in DEMO["products"].values() if p["name"] == "Mechanical Keyboard")


def test_a_product_question_lists_only_the_variants_that_fit(chat: Chat) -> None:
    product = _keyboard()
    linear = [
        v
        for v in product["variants"].values()
        if v["available"] and v["options"]["switch type"] == "linear"
    ]
    others = [
        v
        for v in product["variants"].values()
        if v["available"] and v["options"]["switch type"] != "linear"
    ]
    reply = chat.say("Which mechanical keyboards with linear switches do you have, and prices?")
    assert "linear" in reply
    for variant in linear[:8]:
        assert f"${variant['price']:.2f}" in reply
    assert not any(f"${v['price']:.2f}" in reply for v in others)


def test_a_product_question_without_options_describes_the_range(chat: Chat) -> None:
    product = _keyboard()
    available = [v for v in product["variants"].values() if v["available"]]
    reply = chat.say("What's the cheapest mechanical keyboard you have?")
    cheapest = min(float(v["price"]) for v in available)
    assert f"${cheapest:.2f}" in reply


def test_what_a_cancellation_would_refund_is_answered_without_cancelling(chat: Chat) -> None:
    order_id, order = find_order("pending")
    chat.say(owner(order)["email"])
    reply = chat.say(f"If I cancelled {order_id}, how much would I get back? Don't cancel yet.")
    total = sum(float(i["price"]) for i in order["items"])
    assert f"{total:.2f}" in reply and "I'll cancel" not in reply
    chat.say("yes")
    assert chat.writes() == []


def test_what_was_paid_in_all_for_a_product_is_added_up(chat: Chat) -> None:
    for user in DEMO["users"].values():
        bought = [
            i
            for o in user["orders"]
            if DEMO["orders"][o]["status"] != "cancelled"
            for i in DEMO["orders"][o]["items"]
        ]
        names = [i["name"] for i in bought]
        repeated = [n for n in names if names.count(n) > 1]
        if repeated:
            break
    else:
        raise AssertionError("no customer bought a product twice")
    name = repeated[0]
    total = sum(float(i["price"]) for i in bought if i["name"] == name)
    chat.say(user["email"])
    reply = chat.say(f"How much have I paid in total for the {name.lower()}s I bought?")
    assert f"${total:.2f}" in reply, reply


def test_a_job_application_goes_to_a_person_at_once(chat: Chat) -> None:
    chat.say("Hello, I'd like to apply for a job in your support team. Where do I send my CV?")
    assert chat.case is not None and chat.case.status.value == "handed_off"


def test_a_vague_question_is_asked_about_not_handed_off(chat: Chat) -> None:
    reply = chat.say("I have a question about delivery abroad.")
    assert chat.case is not None and chat.case.status.value != "handed_off", reply


def test_a_new_order_is_not_placed_but_the_next_request_knows_the_product(chat: Chat) -> None:
    order_id, order = next(
        (oid, o)
        for oid, o in DEMO["orders"].items()
        if o["status"] == "delivered"
        and len({i["name"] for i in o["items"]}) == len(o["items"])
        and sum(
            i["name"] == o["items"][0]["name"]
            for other in owner(o)["orders"]
            for i in DEMO["orders"][other]["items"]
        )
        == 1
    )
    item = order["items"][0]
    chat.say(owner(order)["email"])
    reply = chat.say(f"I love the {item['name'].lower()} I bought. Can you order me another one?")
    assert "can't place new orders" in reply
    returned = chat.say("Ok, then return the one I have, refund to the original payment method.")
    assert f"from order {order_id}" in returned and item["name"] in returned, returned
