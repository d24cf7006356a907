"""How the words of a request pick what is acted on: negations, exclusions, pointers, offers."""

from __future__ import annotations

from typing import Any

import pytest

from .conftest import DEMO, Chat, find_order, owner


def _distinct_items(order: dict[str, Any]) -> list[dict[str, Any]]:
    names = [i["name"] for i in order["items"]]
    return [i for i in order["items"] if names.count(i["name"]) == 1]


def _delivered_with_distinct_items(count: int) -> tuple[str, dict[str, Any]]:
    for order_id, order in DEMO["orders"].items():
        distinct = _distinct_items(order)
        if order["status"] == "delivered" and len(order["items"]) == len(distinct) >= count:
            return order_id, order
    raise AssertionError("no delivered order with distinct items")


def _customer_with_two_pending() -> tuple[dict[str, Any], str, str]:
    for user in DEMO["users"].values():
        pending = [o for o in user["orders"] if DEMO["orders"][o]["status"] == "pending"]
        if len(pending) >= 2:
            return user, pending[0], pending[1]
    raise AssertionError("no customer with two pending orders")


def test_a_negated_request_starts_nothing(chat: Chat) -> None:
    order_id, order = find_order("pending")
    chat.say(f"{owner(order)['email']}")
    reply = chat.say(f"I don't want to cancel order {order_id}, I just want to know where it is.")
    assert "I'll cancel" not in reply
    chat.say("yes")
    assert chat.writes() == []


def test_a_hypothetical_cancellation_is_not_proposed(chat: Chat) -> None:
    order_id, order = find_order("pending")
    chat.say(f"{owner(order)['email']}")
    reply = chat.say(f"If I cancelled {order_id}, would I get a full refund? Don't do it yet.")
    assert "I'll cancel" not in reply
    chat.say("yes")
    assert chat.writes() == []


def test_everything_except_an_item_leaves_that_item_out(chat: Chat) -> None:
    order_id, order = _delivered_with_distinct_items(3)
    kept = order["items"][0]
    chat.say(f"{owner(order)['email']}")
    reply = chat.say(
        f"Return everything in order {order_id} except the {kept['name'].lower()}, "
        "refund to the original payment method."
    )
    assert "To confirm" in reply
    assert kept["name"] not in reply.split("from order")[0]
    chat.say("yes")
    writes = chat.writes()
    assert writes and kept["item_id"] not in writes[0][1]["item_ids"]
    assert len(writes[0][1]["item_ids"]) == len(order["items"]) - 1


@pytest.mark.parametrize("answer", ["yes, all of it", "yes, that's everything"])
def test_all_of_it_beside_a_yes_confirms_what_was_proposed(chat: Chat, answer: str) -> None:
    # "all of it" is all that was proposed, not every item of the order.
    order_id, order = _delivered_with_distinct_items(3)
    first, second = order["items"][0], order["items"][1]
    chat.say(f"{owner(order)['email']}")
    reply = chat.say(
        f"Return the {first['name'].lower()} and the {second['name'].lower()} from order "
        f"{order_id}, refund to the original payment method."
    )
    assert "To confirm" in reply, reply
    chat.say(answer)
    writes = chat.writes()
    assert writes and sorted(writes[0][1]["item_ids"]) == sorted(
        [first["item_id"], second["item_id"]]
    )


def test_an_item_that_only_points_at_the_order_is_not_returned(chat: Chat) -> None:
    _, order = _delivered_with_distinct_items(2)
    wanted, pointer = order["items"][0], order["items"][1]
    chat.say(f"{owner(order)['email']}")
    reply = chat.say(
        f"Return the {wanted['name'].lower()} from the order with the "
        f"{pointer['name'].lower()}, refund to the original payment method."
    )
    assert "To confirm" in reply, reply
    chat.say("yes")
    writes = chat.writes()
    assert writes and writes[0][1]["item_ids"] == [wanted["item_id"]]


def test_of_two_named_orders_the_one_named_with_the_request_is_used(chat: Chat) -> None:
    user, first, second = _customer_with_two_pending()
    chat.say(user["email"])
    reply = chat.say(
        f"Cancel {second}, I no longer need it. And for {first}: ship it to "
        "12 Oak Street, Austin, TX 78701."
    )
    assert f"cancel order {second}" in reply
    chat.say("yes")
    assert chat.writes()[0] == (
        "cancel_pending_order",
        {"order_id": second, "reason": "no longer needed"},
    )


def test_two_orders_named_without_a_cue_are_asked_about(chat: Chat) -> None:
    user, first, second = _customer_with_two_pending()
    chat.say(user["email"])
    reply = chat.say(f"I have {first} and {second}. I no longer need one of them, cancel it.")
    assert "Which order" in reply and first in reply and second in reply
    assert chat.writes() == []


def test_returning_an_unshipped_order_offers_the_exact_cancellation(chat: Chat) -> None:
    order_id, order = find_order("pending")
    reply = chat.say(
        f"{owner(order)['email']}. I want to return order {order_id} and get my money back, "
        "I no longer need it."
    )
    assert "only delivered orders can be returned" in reply
    assert f"I'll cancel order {order_id}" in reply and "no longer needed" in reply
    assert chat.writes() == []
    chat.say("yes")
    assert chat.writes() == [
        ("cancel_pending_order", {"order_id": order_id, "reason": "no longer needed"})
    ]


def test_an_offer_without_the_details_is_taken_up_by_a_yes(chat: Chat) -> None:
    order_id, order = find_order("pending")
    reply = chat.say(f"{owner(order)['email']}. I want to return order {order_id}.")
    assert "I can cancel it instead" in reply
    asked = chat.say("yes please")
    assert "no longer need" in asked  # the cancellation asks for its reason
    confirm = chat.say("ordered it by mistake")
    assert f"I'll cancel order {order_id}" in confirm
    chat.say("yes")
    assert chat.writes() == [
        ("cancel_pending_order", {"order_id": order_id, "reason": "ordered by mistake"})
    ]


def _pending_with_two_distinct_items() -> tuple[str, dict[str, Any]]:
    for order_id, order in DEMO["orders"].items():
        if order["status"] == "pending" and len(_distinct_items(order)) >= 2:
            return order_id, order
    raise AssertionError("no pending order with two distinct items")


@pytest.mark.parametrize("take_up", ["yes", "ok then cancel that whole order"])
def test_cancelling_just_one_item_is_refused_and_the_whole_order_is_offered(
    chat: Chat, take_up: str
) -> None:
    # The whole order is offered: a yes to the offer, then a yes to its exact confirmation.
    # Before, a yes to "I can cancel the whole order — just say so" was not understood.
    order_id, order = _pending_with_two_distinct_items()
    one, other = _distinct_items(order)[:2]
    chat.say(owner(order)["email"])
    reply = chat.say(
        f"In order {order_id}, cancel just the {one['name'].lower()} and keep the "
        f"{other['name'].lower()}. I no longer need it."
    )
    assert "can't cancel single items" in reply and "To confirm" not in reply, reply
    confirm = chat.say(take_up)
    assert chat.writes() == []
    assert f"I'll cancel order {order_id}" in confirm, confirm
    chat.say("yes")
    assert chat.writes() == [
        ("cancel_pending_order", {"order_id": order_id, "reason": "no longer needed"})
    ]


def test_a_cancellation_taken_back_in_its_own_words_is_not_offered_whole(chat: Chat) -> None:
    order_id, order = _pending_with_two_distinct_items()
    one = _distinct_items(order)[0]
    chat.say(owner(order)["email"])
    reply = chat.say(
        f"cancel my order {order_id}, I ordered it by mistake... actually, forget it. I'll "
        f"keep the {one['name'].lower()}, don't cancel anything."
    )
    assert "I can cancel the whole order" not in reply, reply
    chat.say("yes")
    chat.say("yes")
    assert chat.writes() == []


def test_an_item_named_as_what_to_cancel_is_said_to_go_with_the_whole_order(chat: Chat) -> None:
    # "Cancel the kettle in my order" names one item; only whole orders are cancelled, and the
    # rest is said before the yes.
    order_id, order = _pending_with_two_distinct_items()
    one, other = _distinct_items(order)[:2]
    chat.say(owner(order)["email"])
    reply = chat.say(
        f"please cancel the {one['name'].lower()} in order {order_id}, I don't need it"
    )
    assert "only a whole order can be cancelled" in reply, reply
    assert other["name"] in reply.split("To confirm")[0], reply
    assert f"I'll cancel order {order_id}" in reply, reply


def test_an_order_described_by_just_what_it_holds_is_cancelled_whole(chat: Chat) -> None:
    # "just" there describes the order ("the one with just the …"), it asks for no part of it:
    # before, the cancellation was refused as one of single items.
    order_id, order = next(
        (oid, o)
        for oid, o in DEMO["orders"].items()
        if o["status"] == "pending" and len(o["items"]) == len(_distinct_items(o)) == 2
    )
    one, other = (i["name"].lower() for i in order["items"])
    chat.say(owner(order)["email"])
    reply = chat.say(f"Cancel the order with just the {one} and the {other}, I no longer need it.")
    assert "can't cancel single items" not in reply
    assert f"I'll cancel order {order_id}" in reply, reply
    chat.say("yes")
    assert chat.writes() == [
        ("cancel_pending_order", {"order_id": order_id, "reason": "no longer needed"})
    ]


def test_a_reason_given_once_holds_for_every_order_of_the_request(chat: Chat) -> None:
    user, first, second = _customer_with_two_pending()
    pending = [o for o in user["orders"] if DEMO["orders"][o]["status"] == "pending"]
    chat.say(user["email"])
    asked = chat.say("Cancel all my pending orders.")
    assert "no longer need" in asked
    chat.say("I ordered them by mistake")
    for _ in pending:
        chat.say("yes")
    assert [args for _, args in chat.writes()] == [
        {"order_id": o, "reason": "ordered by mistake"} for o in pending
    ]
    assert first in pending and second in pending


def test_tried_everything_is_not_every_item(chat: Chat) -> None:
    order_id, order = _delivered_with_distinct_items(3)
    item = order["items"][0]
    chat.say(owner(order)["email"])
    chat.say(f"The {item['name'].lower()} from order {order_id} is faulty.")
    reply = chat.say(
        "I tried everything and it still doesn't work. I want a refund to the original "
        "payment method."
    )
    assert "To confirm" in reply
    chat.say("yes")
    writes = chat.writes()
    assert writes and writes[-1][1]["item_ids"] == [item["item_id"]]


def test_what_was_said_before_a_failed_identity_check_still_counts(chat: Chat) -> None:
    order_id, order = find_order("pending")
    reply = chat.say(
        f"Cancel order {order_id}, I no longer need it. My email is nobody@nowhere.test"
    )
    assert "couldn't find" in reply
    confirm = chat.say(f"sorry, try {owner(order)['email']}")
    assert f"I'll cancel order {order_id}" in confirm and "no longer needed" in confirm


def _farid() -> dict[str, Any]:
    """A customer with a camping tent in each of two delivered orders, and a desk chair."""
    user: dict[str, Any] = DEMO["users"]["farid_nakamura_1923"]
    return user


def test_both_of_a_product_in_two_orders_runs_the_request_for_each(chat: Chat) -> None:
    user = _farid()
    chat.say(user["email"])
    first = chat.say(
        "I want to exchange both of my camping tents for the 4-season orange ones, same "
        "capacity. Gift card for any difference."
    )
    assert "To confirm, on order #W7237246" in first
    second = chat.say("yes")
    assert "To confirm, on order #W8040250" in second
    chat.say("yes")
    assert [(a["order_id"], a["item_ids"], a["new_item_ids"]) for _, a in chat.writes()] == [
        ("#W7237246", ["9603767249"], ["5428100771"]),
        ("#W8040250", ["5941767385"], ["3500986241"]),
    ]


def test_a_request_that_names_nothing_acts_on_the_sentence_before(chat: Chat) -> None:
    # "I want a new one" is about the grinder just described; the chair is in another order.
    user = _farid()
    chat.say(user["email"])
    first = chat.say(
        "The coffee grinder I got is rattling. I want a new one, exact same specs. Also exchange "
        "my ergonomic desk chair for one with 4D adjustable armrests, same seat and frame "
        "colour. Gift card for any difference."
    )
    assert "To confirm, on order #W7237246" in first
    chat.say("yes")
    chat.say("yes")
    assert [(a["order_id"], a["item_ids"], a["new_item_ids"]) for _, a in chat.writes()] == [
        ("#W7237246", ["2941307871"], ["2941307871"]),
        ("#W8040250", ["2930682651"], ["8739498355"]),
    ]


def test_orders_described_part_by_part_each_get_their_own_words(chat: Chat) -> None:
    # Both orders hold a camping tent: which items go back is read in each order's own part.
    user = _farid()
    chat.say(user["email"])
    first = chat.say(
        "I want to make two returns, both refunded to my gift card. From the order with the "
        "coffee grinder, camping tent and notebook, everything goes back except the notebook. "
        "From the order with the ergonomic desk chair, camping tent and standing desk, only the "
        "camping tent goes back."
    )
    assert "from order #W7237246" in first
    second = chat.say("yes")
    assert "from order #W8040250" in second
    chat.say("yes")
    assert [(a["order_id"], a["item_ids"]) for _, a in chat.writes()] == [
        ("#W7237246", ["2941307871", "9603767249"]),
        ("#W8040250", ["5941767385"]),
    ]
    assert {a["payment_method_id"] for _, a in chat.writes()} == {"gift_card_2179613"}


def test_a_part_that_asks_its_own_thing_is_not_swept_into_the_request(chat: Chat) -> None:
    # "… and have order #W… shipped to …" after two cancellations asks no third one.
    user = next(
        u
        for u in DEMO["users"].values()
        if sum(DEMO["orders"][o]["status"] == "pending" for o in u["orders"]) >= 3
    )
    pending = [o for o in user["orders"] if DEMO["orders"][o]["status"] == "pending"][:3]
    chat.say(user["email"])
    chat.say(
        f"I'd like to cancel order {pending[0]} because I ordered it by mistake; and cancel "
        f"order {pending[1]} because I ordered it by mistake; and have order {pending[2]} "
        "shipped to 12 Pine Street, Seattle, WA 98101."
    )
    for _ in range(4):
        chat.say("yes")
    cancelled = [a["order_id"] for action, a in chat.writes() if action == "cancel_pending_order"]
    assert cancelled == pending[:2]


def test_items_kept_in_a_list_are_not_returned(chat: Chat) -> None:
    order_id, order = _delivered_with_distinct_items(3)
    first, second, third = (i["name"].lower() for i in order["items"][:3])
    chat.say(owner(order)["email"])
    chat.say(
        f"From order {order_id} I want to return the {first} (keeping the {second} and "
        f"{third}), refund to the original payment method."
    )
    chat.say("yes")
    returned = [a["item_ids"] for action, a in chat.writes() if action.startswith("return")]
    assert returned == [[order["items"][0]["item_id"]]]


def test_a_request_waiting_its_turn_can_be_withdrawn_by_what_it_is_about(chat: Chat) -> None:
    user = _farid()
    chat.say(user["email"])
    first = chat.say(
        "For #W7237246, exchange the coffee grinder for a silver one, same settings and hopper. "
        "And for #W8040250, exchange the ergonomic desk chair for one with 4D adjustable "
        "armrests, same seat and frame colour. Gift card for any difference."
    )
    assert "To confirm, on order #W7237246" in first
    again = chat.say("Actually, forget the desk chair, I'll keep it.")
    assert "To confirm, on order #W7237246" in again  # the grinder's exchange still stands
    done = chat.say("yes")
    assert "#W8040250" not in done
    assert [(a["order_id"], a["new_item_ids"]) for _, a in chat.writes()] == [
        ("#W7237246", ["5822542821"])
    ]


def test_orders_said_to_be_fine_are_not_what_it_refers_to(chat: Chat) -> None:
    user, first, second = _customer_with_two_pending()
    names = sorted({i["name"].lower() for i in DEMO["orders"][first]["items"]})
    kept = sorted({i["name"].lower() for i in DEMO["orders"][second]["items"]} - set(names))
    chat.say(user["email"])
    reply = chat.say(
        f"The order with the {names[0]} was a mistake. Please cancel it. My {kept[0]} order is "
        "fine. I ordered it by mistake."
    )
    assert f"cancel order {first}" in reply


def test_a_question_while_a_proposal_waits_is_answered_and_the_proposal_stands(
    chat: Chat,
) -> None:
    user = _farid()
    chat.say(user["email"])
    first = chat.say(
        "I want to exchange my coffee grinder for a silver one, same settings and hopper."
    )
    assert "To confirm, on order #W7237246" in first
    answer = chat.say("Wait, where is my order #W8040250? Has it been delivered?")
    assert "Order #W8040250 is delivered" in answer  # the question, answered
    assert "To confirm, on order #W7237246" in answer  # and the proposal asked again
    chat.say("yes")
    assert [(a["order_id"], a["new_item_ids"]) for _, a in chat.writes()] == [
        ("#W7237246", ["5822542821"])
    ]


def test_a_question_in_the_middle_of_a_request_comes_back_to_it(chat: Chat) -> None:
    user = _farid()
    chat.say(user["email"])
    asked = chat.say("I want to exchange my coffee grinder.")
    answer = chat.say("Before that - where is my order #W8040250, has it arrived?")
    assert "Order #W8040250 is delivered" in answer
    assert asked in answer  # the question of the request in progress, asked again
    proposal = chat.say("a silver one, same settings and hopper")
    assert "To confirm, on order #W7237246" in proposal


def test_an_order_ruled_out_by_its_product_is_not_the_target(chat: Chat) -> None:
    user, first, second = _customer_with_two_pending()
    mine = {i["name"].lower() for i in DEMO["orders"][first]["items"]}
    other = {i["name"].lower() for i in DEMO["orders"][second]["items"]}
    wanted, kept = sorted(mine - other)[0], sorted(other - mine)[0]
    chat.say(user["email"])
    reply = chat.say(
        f"Cancel the {wanted} order please, not the {kept} one. I ordered it by mistake."
    )
    assert f"cancel order {first}" in reply


def test_two_cancellations_each_keep_their_own_reason(chat: Chat) -> None:
    user, first, second = _customer_with_two_pending()
    mine = {i["name"].lower() for i in DEMO["orders"][first]["items"]}
    other = {i["name"].lower() for i in DEMO["orders"][second]["items"]}
    a, b = sorted(mine - other)[0], sorted(other - mine)[0]
    chat.say(user["email"])
    chat.say(
        f"Please cancel my {a} order, I don't need it anymore. And cancel the {b} order too - "
        "that one I placed by mistake."
    )
    chat.say("yes")
    chat.say("yes")
    assert [args for _, args in chat.writes()] == [
        {"order_id": first, "reason": "no longer needed"},
        {"order_id": second, "reason": "ordered by mistake"},
    ]


def test_the_same_one_as_in_their_other_order_is_that_item_as_it_is(chat: Chat) -> None:
    user = _farid()
    chat.say(user["email"])
    proposal = chat.say(
        "The 1 person camping tent I got is too small. Can I exchange it for the same camping "
        "tent I have in my other order? Gift card for any difference."
    )
    assert "4 person, 3-season, grey" in proposal
    chat.say("yes")
    assert [(a["item_ids"], a["new_item_ids"]) for _, a in chat.writes()] == [
        (["9603767249"], ["5941767385"])
    ]


def test_a_payment_method_read_as_another_request_still_serves_the_one_waiting(
    chat: Chat,
) -> None:
    # "Use my gift card" may be read on its own as another request; it is a detail, and the
    # exchange waiting behind the cancellation takes it — the customer is not asked again.
    user = DEMO["users"]["nolan_delacroix_2431"]
    chat.say(user["email"])
    first = chat.say(
        "Two things: please cancel my pending order with the sunglasses and the backpack, I "
        "don't need it anymore. And please exchange the desk chair I received for one with the "
        "4D adjustable armrests and a leather seat, same grey frame. Use my gift card."
    )
    assert "cancel order #W5011897" in first
    second = chat.say("yes")
    assert "on order #W8241280 I'll exchange" in second
    assert "gift card" in second and "Which payment method" not in second
    chat.say("yes")
    assert [(a, args["order_id"]) for a, args in chat.writes()] == [
        ("cancel_pending_order", "#W5011897"),
        ("exchange_delivered_order_items", "#W8241280"),
    ]
    assert chat.writes()[1][1]["payment_method_id"].startswith("gift_card_")


def test_the_payment_method_named_beside_the_items_pays_for_them(chat: Chat) -> None:
    # Two methods named, each after the sentence about its items: the bottle's change is paid
    # with the card named beside it, not with the gift card named for the chair.
    user = DEMO["users"]["nolan_delacroix_2431"]
    chat.say(user["email"])
    first = chat.say(
        "Two changes. The water bottle in my pending order: stainless steel instead of glass, "
        "same 750ml with the straw lid. Put that on my credit card. And the desk chair I "
        "received: a leather seat with 4D adjustable armrests, same grey frame. That difference "
        "goes on the gift card."
    )
    assert "on order #W5011897 I'll change" in first and "Visa card ending" in first
    chat.say("yes")
    _, args = chat.writes()[0]
    assert args["payment_method_id"].startswith("credit_card_")


def test_orders_described_as_the_one_with_each_cancelled_for_its_own_reason(chat: Chat) -> None:
    # "The skillet one" and "the one with …" describe orders by what they hold; each part says
    # its own reason.
    user = DEMO["users"]["ximena_nakamura_2272"]
    chat.say(user["email"])
    first = chat.say(
        "The skillet one - I clicked buy on it by accident, cancel it. The one with the hoodie "
        "and the toothbrush I don't need any more, cancel that too. Leave the others alone."
    )
    assert "cancel order #W1359631" in first and "ordered by mistake" in first
    second = chat.say("yes")
    assert "cancel order #W4943115" in second and "no longer needed" in second
    chat.say("yes")
    assert [(a, args["order_id"], args["reason"]) for a, args in chat.writes()] == [
        ("cancel_pending_order", "#W1359631", "ordered by mistake"),
        ("cancel_pending_order", "#W4943115", "no longer needed"),
    ]


def test_an_option_ruled_out_does_not_describe_the_item_asked_for(chat: Chat) -> None:
    # Two sunglasses in one order, black and tortoise: "the tortoise pair … not the black one,
    # I'm keeping that" asks for the tortoise pair only, though both colours are named.
    order = DEMO["orders"]["#W8649011"]
    chat.say(owner(order)["email"])
    reply = chat.say(
        "I got two pairs of sunglasses in order #W8649011. I want to return the tortoise pair. "
        "Not the black one, I'm keeping that. Refund to the original payment method."
    )
    assert "Which items" not in reply
    assert "Sunglasses (metal, polarized, tortoise)" in reply
    assert "polarized, black" not in reply


def test_items_chosen_by_their_price_rank(chat: Chat) -> None:
    # "The two cheapest things" of an order: those two by what they cost, the rest kept.
    user = _farid()
    order = DEMO["orders"]["#W7237246"]
    cheapest = sorted(order["items"], key=lambda i: float(i["price"]))[:2]
    chat.say(user["email"])
    reply = chat.say(
        "From my order with the coffee grinder I want to return the two cheapest things. "
        "Refund to my gift card."
    )
    assert "start a return of" in reply and "#W7237246" in reply
    for item in order["items"]:
        assert (item["name"] in reply) == (item in cheapest), item["name"]


@pytest.mark.parametrize(
    "payment",
    [
        "The difference goes on whatever I paid that order with.",
        "Put the difference on the card that order was paid with.",
    ],
)
def test_whatever_i_paid_with_is_the_orders_own_method(chat: Chat, payment: str) -> None:
    # "Whatever I paid that order with" names the method that paid for it; "cheaper than what
    # I paid" (a price) would not.
    user = _farid()
    order = DEMO["orders"]["#W7237246"]
    paid = next(
        p["payment_method_id"]
        for p in order["payment_history"]
        if p["transaction_type"] == "payment"
    )
    chat.say(user["email"])
    chat.say(
        "I'd like to exchange the coffee grinder I got for the 400g hopper one, same black and "
        f"40 settings. {payment}"
    )
    chat.say("yes")
    (_, args), *_ = chat.writes()
    assert args["order_id"] == "#W7237246" and args["payment_method_id"] == paid


def test_a_no_that_says_not_to_do_it_withdraws_the_request(chat: Chat) -> None:
    # The classifier reads "don't cancel it" as a cancellation; the "no" and the negated verb
    # say the customer takes it back, so the same proposal is not made again.
    order_id, order = find_order("pending")
    chat.say(owner(order)["email"])
    reply = chat.say(f"Please cancel order {order_id}, I don't need it anymore.")
    assert "To confirm" in reply
    reply = chat.say("wait, no. my brother wants it after all. don't cancel it, keep it as it is.")
    assert "To confirm" not in reply, reply
    chat.say("yes")
    assert chat.writes() == []


def test_what_is_excepted_from_everything_being_fine_is_returned_alone(chat: Chat) -> None:
    user = _farid()  # delivered #W7237246: grinder, tent, notebook, paid by gift card
    chat.say(user["email"])
    reply = chat.say(
        "My order with the coffee grinder, the tent and the notebook came last week. Everything's "
        "fine except the grinder, it's far too noisy. I'd like to send it back, refund to my "
        "gift card."
    )
    assert "Grinder" in reply and "Tent" not in reply and "Notebook" not in reply, reply
    chat.say("yes")
    assert chat.writes() == [
        (
            "return_delivered_order_items",
            {
                "order_id": "#W7237246",
                "item_ids": ["2941307871"],
                "payment_method_id": "gift_card_2179613",
            },
        )
    ]


def test_what_an_order_also_had_only_describes_it(chat: Chat) -> None:
    user = _farid()
    chat.say(user["email"])
    reply = chat.say(
        "I want to return the notebook from my order that also had a coffee grinder and a tent. "
        "Refund to my gift card please."
    )
    assert "Notebook" in reply and "Grinder" not in reply and "Tent" not in reply, reply
    chat.say("yes")
    assert [args["item_ids"] for _, args in chat.writes()] == [["6413238134"]]


def test_a_yes_with_another_request_confirms_and_the_other_waits_its_turn(chat: Chat) -> None:
    # Nolan Delacroix: pending #W5011897, delivered #W8241280 (a desk chair, paid by card).
    chat.say("nolan.delacroix2431@example.com")
    reply = chat.say("Please cancel order #W5011897, I ordered it by mistake.")
    assert "To confirm" in reply and "#W5011897" in reply
    reply = chat.say(
        "yes. and I want to return the desk chair from my delivered order, refund to my gift card."
    )
    assert "#W5011897 is cancelled" in reply and "Ergonomic Desk Chair" in reply, reply
    chat.say("yes")
    assert chat.writes() == [
        ("cancel_pending_order", {"order_id": "#W5011897", "reason": "ordered by mistake"}),
        (
            "return_delivered_order_items",
            {
                "order_id": "#W8241280",
                "item_ids": ["7611256517"],
                "payment_method_id": "gift_card_4852955",
            },
        ),
    ]


def test_a_no_inside_another_request_is_no_answer_to_the_question(chat: Chat) -> None:
    # "I don't need it" belongs to the cancellation asked beside the yes, not to the answer.
    chat.say("nolan.delacroix2431@example.com")
    reply = chat.say(
        "I want to return the desk chair from my delivered order, refund to my gift card."
    )
    assert "To confirm" in reply
    reply = chat.say(
        "yes, do that. and one more thing: my pending order #W5011897 - please cancel it, "
        "I don't need it anymore."
    )
    assert "return for order #W8241280 is requested" in reply, reply
    chat.say("yes")
    assert [name for name, _ in chat.writes()] == [
        "return_delivered_order_items",
        "cancel_pending_order",
    ]


def test_a_second_item_added_before_the_yes_joins_the_first_one(chat: Chat) -> None:
    # Ximena Nakamura's pending #W1359631: an 8 inch pre-seasoned skillet and a clicky 75%
    # keyboard with white backlight. Items change once per order: both go in one change.
    chat.say("ximena.nakamura2272@example.com")
    reply = chat.say(
        "Please change the cast iron skillet in order #W1359631 to the enameled blue finish, "
        "same 8 inch size. Gift card for any difference."
    )
    assert "To confirm" in reply and "Cast Iron Skillet" in reply, reply
    reply = chat.say(
        "wait, before you do that - in the same order the keyboard is a clicky 75% one with "
        "white backlight. I'd like it tactile with no backlight, same layout. please do both "
        "changes together."
    )
    assert "Cast Iron Skillet" in reply and "Mechanical Keyboard" in reply, reply
    chat.say("yes")
    ((name, args),) = chat.writes()
    assert name == "modify_pending_order_items"
    assert sorted(args["item_ids"]) == ["2366712768", "2560634922"]
    pairs = dict(zip(args["item_ids"], args["new_item_ids"], strict=True))
    assert pairs == {"2560634922": "4524715771", "2366712768": "1895559797"}


def test_an_offer_declined_with_a_negated_request_is_not_taken_up(chat: Chat) -> None:
    # Nolan Delacroix's water bottle is in pending #W5011897: it cannot be returned, and
    # cancelling the order is offered.
    chat.say("nolan.delacroix2431@example.com")
    reply = chat.say("I want to return the water bottle I ordered.")
    assert "cancel it instead" in reply, reply
    reply = chat.say("no. don't cancel or change anything in that order, just leave it.")
    assert "haven't changed anything" in reply and "cancel" not in reply.lower(), reply
    chat.say("yes")
    chat.say("yes")
    assert chat.writes() == []


def _two_pending_told_apart() -> tuple[dict[str, Any], list[tuple[str, str]]]:
    """A customer with two pending orders, each holding a product no other order of theirs
    holds: (the customer, [(order id, that product) for both])."""
    for user in DEMO["users"].values():
        held = [{i["name"] for i in DEMO["orders"][o]["items"]} for o in user["orders"]]
        told: list[tuple[str, str]] = []
        for order_id, names in zip(user["orders"], held, strict=True):
            elsewhere = set().union(*(h for h in held if h is not names))
            own = sorted(names - elsewhere)
            if DEMO["orders"][order_id]["status"] == "pending" and own:
                told.append((order_id, own[0]))
        if len(told) >= 2:
            return user, told[:2]
    raise AssertionError("no customer with two pending orders told apart by a product")


@pytest.mark.parametrize(
    "request_words",
    [
        "Please cancel two orders: the one with the {a}, I ordered it by mistake. "
        "And the one with the {b}, I no longer need it.",
        "I need two cancellations: the order with the {a} was a mistake. "
        "And the one with the {b}, I no longer need it.",
        "The order with the {a} was a mistake, and the one with the {b} I no longer need. "
        "Please cancel both orders.",
        "Cancel my order with the {a}, I ordered it by mistake, and also the one with the {b}: "
        "I no longer need that one.",
        "The order with the {a} was a mistake. The one with the {b} I no longer need. Cancel them.",
    ],
)
def test_a_request_counted_over_two_orders_is_proposed_for_both(
    chat: Chat, request_words: str
) -> None:
    # Before, the second order, described in a part that does not say "cancel" again, was
    # dropped without a word (invariant 3).
    user, [(first, a), (second, b)] = _two_pending_told_apart()
    chat.say(user["email"])
    reply = chat.say(request_words.format(a=a.lower(), b=b.lower()))
    assert f"cancel order {first}" in reply and "ordered by mistake" in reply
    reply = chat.say("yes")
    assert f"cancel order {second}" in reply and "no longer needed" in reply
    chat.say("yes")
    assert chat.writes() == [
        ("cancel_pending_order", {"order_id": first, "reason": "ordered by mistake"}),
        ("cancel_pending_order", {"order_id": second, "reason": "no longer needed"}),
    ]


def test_both_orders_described_before_the_request_are_cancelled(chat: Chat) -> None:
    # "another with the …" stands for another order (a stand-in, as "one" is): before, the
    # order so described was not described as an order, "cancel both of them" was read as
    # said of the last product named, and the first order was dropped without a word.
    user, [(first, a), (second, b)] = _two_pending_told_apart()
    chat.say(user["email"])
    reply = chat.say(
        f"I have an order with the {a.lower()}, and another with the {b.lower()}. I ordered "
        "both of them by mistake - please cancel both of them."
    )
    assert f"cancel order {first}" in reply and "ordered by mistake" in reply, reply
    reply = chat.say("yes")
    assert f"cancel order {second}" in reply and "ordered by mistake" in reply, reply
    chat.say("yes")
    assert chat.writes() == [
        ("cancel_pending_order", {"order_id": first, "reason": "ordered by mistake"}),
        ("cancel_pending_order", {"order_id": second, "reason": "ordered by mistake"}),
    ]


def test_an_item_change_and_an_exchange_of_other_things_are_two_requests(chat: Chat) -> None:
    # Changing a pending order's item and exchanging a received one are one request when they
    # speak of the same thing (a check redirects between them); of two different products they
    # are two, and the second is proposed after the first — before, it was dropped unsaid —
    # in the order the customer asked them (each locks only its own order).
    user = DEMO["users"]["nolan_delacroix_2431"]
    chat.say(user["email"])
    first = chat.say(
        "Two changes. The water bottle in my pending order: change it to stainless steel "
        "instead of glass, same 750ml with the straw lid. Put that on my credit card. And the "
        "desk chair I received: exchange it for one with a leather seat and 4D adjustable "
        "armrests, same grey frame. That difference "
        "goes on the gift card."
    )
    assert "on order #W5011897 I'll change" in first and "Visa card ending" in first
    second = chat.say("yes")
    assert "on order #W8241280 I'll exchange" in second and "gift card" in second
    chat.say("yes")
    assert [(a, args["order_id"]) for a, args in chat.writes()] == [
        ("modify_pending_order_items", "#W5011897"),
        ("exchange_delivered_order_items", "#W8241280"),
    ]


def _short_gift_card_and_two_pending() -> tuple[dict[str, Any], str, str]:
    """A customer whose gift card cannot pay one of their pending orders, paid otherwise, and
    another pending order: (customer, that order, the other)."""
    for user in DEMO["users"].values():
        cards = [m for m in user["payment_methods"].values() if m["source"] == "gift_card"]
        pending = [o for o in user["orders"] if DEMO["orders"][o]["status"] == "pending"]
        if len(cards) != 1 or len(pending) < 2:
            continue
        for order_id in pending:
            paid = DEMO["orders"][order_id]["payment_history"][0]
            if paid["payment_method_id"] != cards[0]["id"] and paid["amount"] > cards[0]["balance"]:
                other = next(o for o in pending if o != order_id)
                return user, order_id, other
    raise AssertionError("no customer whose gift card falls short of a pending order")


def test_a_write_that_cannot_run_is_said_before_the_yes_and_the_next_request_goes_on(
    chat: Chat,
) -> None:
    # The store refuses a gift card short of the order's total. Before, that was proposed,
    # refused after the "yes", and the cancellation asked in the same message was dropped.
    user, short, other = _short_gift_card_and_two_pending()
    chat.say(user["email"])
    reply = chat.say(
        f"Please pay order {short} with my gift card. Then cancel {other}, I don't need it."
    )
    assert "I can't do that: Your gift card has a balance" in reply, reply
    # the customer hears of their gift card, never the store's id for it
    assert not any(method_id in reply for method_id in user["payment_methods"])
    assert f"pay order {short}" not in reply and f"cancel order {other}" in reply
    chat.say("yes")
    assert chat.writes() == [
        ("cancel_pending_order", {"order_id": other, "reason": "no longer needed"})
    ]


def _paypal_and_one_card() -> tuple[dict[str, Any], str, dict[str, Any]]:
    """A customer with PayPal and one credit card, and a pending order paid with PayPal:
    (customer, order, card)."""
    for user in DEMO["users"].values():
        methods = list(user["payment_methods"].values())
        cards = [m for m in methods if m["source"] == "credit_card"]
        if sorted(m["source"] for m in methods) != ["credit_card", "paypal"]:
            continue
        for order_id in user["orders"]:
            order = DEMO["orders"][order_id]
            paid = order["payment_history"][0]["payment_method_id"]
            if order["status"] == "pending" and paid.startswith("paypal"):
                return user, order_id, cards[0]
    raise AssertionError("no customer with PayPal, one card and a pending order on PayPal")


@pytest.mark.parametrize(("said", "proposed"), [("my card", True), ("my amex", False)])
def test_a_card_brand_the_customer_lacks_names_none_of_their_cards(
    chat: Chat, said: str, proposed: bool
) -> None:
    # Before, "my amex" from a customer whose only card is another brand paid with that card.
    user, order_id, card = _paypal_and_one_card()
    assert card["brand"] != "amex"
    chat.say(user["email"])
    reply = chat.say(f"Please charge my pending order {order_id} to {said} instead of PayPal.")
    assert (f"I'll pay order {order_id}" in reply) is proposed, reply
    chat.say("yes")
    expected = [
        ("modify_pending_order_payment", {"order_id": order_id, "payment_method_id": card["id"]})
    ]
    assert chat.writes() == (expected if proposed else [])


@pytest.mark.parametrize(
    "answer",
    [
        "the water bottle is the 500ml steel one with a straw, too small - I'd like the "
        "biggest one you have, still steel with a straw",
        "I'd like the biggest water bottle you have in the same material and lid",
        "the water bottle: the biggest you have, same material and lid",
    ],
)
def test_an_answer_that_sounds_like_a_product_question_answers_the_question_waiting(
    chat: Chat, answer: str
) -> None:
    # "I'd like the biggest one you have …" reads like a question about products; asked which
    # items to exchange, it names one and asks nothing: before, it started that question.
    order_id, order = next(
        (oid, o)
        for oid, o in DEMO["orders"].items()
        if o["status"] == "delivered"
        and len({i["name"] for i in o["items"]}) == len(o["items"]) == 2
        and "Water Bottle" in {i["name"] for i in o["items"]}
    )
    other = next(i["name"].lower() for i in order["items"] if i["name"] != "Water Bottle")
    chat.say(owner(order)["email"])
    asked = chat.say(f"I got my order with the water bottle and the {other}; I'd like to swap.")
    assert "Which items" in asked, asked
    reply = chat.say(answer)
    assert "difference" in reply, reply
    confirm = chat.say("paypal")
    assert f"on order {order_id} I'll exchange: Water Bottle" in confirm, confirm


@pytest.mark.parametrize(
    ("then", "which"),
    [
        ("Please ship it to 12 Elm Street, Austin, TX 78701 instead.", "first"),
        # another order is not the one just talked about: it is asked which
        ("Please ship my other order to 12 Elm Street, Austin, TX 78701.", None),
    ],
)
def test_it_is_the_order_just_talked_about(chat: Chat, then: str, which: str | None) -> None:
    user, first, _second = _customer_with_two_pending()
    chat.say(user["email"])
    chat.say(f"Where is my order {first}?")
    reply = chat.say(then)
    if which == "first":
        assert f"shipping address of order {first}" in reply, reply
    else:
        assert f"shipping address of order {first}" not in reply, reply


def test_a_method_an_order_is_already_paid_with_is_named_as_the_customer_knows_it(
    chat: Chat,
) -> None:
    user, order_id, _card = _paypal_and_one_card()
    chat.say(user["email"])
    reply = chat.say(f"Please pay order {order_id} with my PayPal.")
    assert f"Order {order_id} is already paid with your Paypal" in reply, reply
    assert not any(method_id in reply for method_id in user["payment_methods"])
    chat.say("yes")
    assert chat.writes() == []


@pytest.mark.parametrize(
    "put_off", ["never mind that", "Hmm, I'll think about it and get back to you."]
)
def test_a_request_put_off_is_dropped_and_said_so(chat: Chat, put_off: str) -> None:
    # While the request asks for its details, "I'll think about it" drops it: the customer is
    # told nothing was changed (not "Sorry, I didn't get that"), and a later yes writes nothing.
    order_id, order = find_order("pending")
    chat.say(f"{owner(order)['email']}")
    asked = chat.say(f"Please cancel order {order_id}.")
    assert "?" in asked and "To confirm" not in asked
    reply = chat.say(put_off)
    assert "haven't changed anything" in reply
    chat.say("yes")
    assert chat.writes() == []


def _customer_with_three_pending() -> tuple[dict[str, Any], list[tuple[str, str]], str]:
    """A customer with three pending orders or more, two of them each holding a product no
    other of their pending orders holds: those two, each with that product, and another."""
    for user in DEMO["users"].values():
        pending = [o for o in user["orders"] if DEMO["orders"][o]["status"] == "pending"]
        names = {o: {i["name"] for i in DEMO["orders"][o]["items"]} for o in pending}
        own = {o: names[o] - set().union(*(names[p] for p in pending if p != o)) for o in pending}
        told = [(o, sorted(own[o])[0]) for o in pending if own[o]][:2]
        if len(pending) >= 3 and len(told) == 2:
            kept = next(o for o in pending if o not in dict(told))
            return user, told, kept
    raise AssertionError("no customer with three pending orders, two of them told apart")


def test_which_order_answered_with_two_orders_cancels_both_each_for_its_reason(
    chat: Chat,
) -> None:
    user, [(first, a), (second, b)], kept = _customer_with_three_pending()
    chat.say(f"{user['email']} - I need to cancel two of my orders")
    chat.say(
        f"the one with the {a.lower()}, I ordered that by mistake. and the one with the "
        f"{b.lower()} - I don't need it anymore. the others stay."
    )
    reply = chat.say("yes")
    assert "To confirm" in reply and second in reply, "\n".join(chat.replies)
    chat.say("yes")
    assert chat.writes() == [
        ("cancel_pending_order", {"order_id": first, "reason": "ordered by mistake"}),
        ("cancel_pending_order", {"order_id": second, "reason": "no longer needed"}),
    ]
    assert all(args["order_id"] != kept for _, args in chat.writes())


def test_a_yes_and_the_other_order_too_does_both_in_turn(chat: Chat) -> None:
    user, first_id, second_id = _customer_with_two_pending()
    second = DEMO["orders"][second_id]
    other = next(i["name"] for i in _distinct_items(second))
    chat.say(user["email"])
    reply = chat.say(f"please cancel order {first_id}, I ordered it by mistake.")
    assert f"I'll cancel order {first_id}" in reply
    reply = chat.say(
        f"yes. and actually the other pending one too - the one with the {other.lower()}. "
        "same reason, that one was a mistake as well."
    )
    assert f"order {first_id} is cancelled" in reply
    assert f"I'll cancel order {second_id}" in reply
    chat.say("yes, ordered by mistake too. go ahead.")
    assert [(a, args["order_id"]) for a, args in chat.writes()] == [
        ("cancel_pending_order", first_id),
        ("cancel_pending_order", second_id),
    ]
