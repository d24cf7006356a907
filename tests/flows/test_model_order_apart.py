"""The order a request only copies from ("the same address as my order with the digital
camera", "to the address where my running shoes are going", "the same card as my headphones
order") is never the order changed: the address or payment change goes to the order the other
words describe, or asks which order is meant (docs/understanding.md, "The order an address is
copied from")."""

from __future__ import annotations

import copy
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from deskpilot.domains.retail import RetailStore
from deskpilot.settings import Settings

from ..conftest import RETAIL_WORKSPACE, RetailParts
from .conftest import DEMO, Chat

FELIX = "felix.okafor9017@example.com"
# Felix's pending orders: #W3018224 (sunglasses, keyboard) to Pittsburgh; #W2431806 (the smart
# bulb) to Nashville. As in probes13's Lei Ahmed case, the order the address is copied from
# holds what the order to change holds (a pair of the same sunglasses) and one thing more.
TARGET, SOURCE = "#W3018224", "#W2431806"
GRANITE = "1789 Granite Avenue, Apt 5A, Nashville, TN 37239"
# A second address of theirs in Nashville: the delivered order #W3635766 went there.
ELM = {
    "address1": "12 Elm Street",
    "address2": "",
    "city": "Nashville",
    "country": "USA",
    "state": "TN",
    "zip": "37201",
}


def _felix_store(*, second_nashville: bool) -> RetailStore:
    data: dict[str, Any] = copy.deepcopy(DEMO)
    orders = data["orders"]
    orders[SOURCE]["items"].append(copy.deepcopy(orders[TARGET]["items"][0]))
    if second_nashville:
        orders["#W3635766"]["address"] = dict(ELM)
    return RetailStore.in_memory(data)


def _chat_on(tmp_path: Path, retail: RetailParts, store: RetailStore) -> Iterator[Chat]:
    """A chat with the store's workspace on ``store``, closed afterwards."""
    settings = Settings(data_dir=tmp_path, database_url="sqlite://", workspace=RETAIL_WORKSPACE)
    runtime = retail.runtime(settings, store=store)
    yield Chat(runtime)
    runtime.close()


@pytest.fixture
def felix_chat(
    tmp_path: Path, retail: RetailParts, request: pytest.FixtureRequest
) -> Iterator[Chat]:
    store = _felix_store(second_nashville=getattr(request, "param", False))
    yield from _chat_on(tmp_path, retail, store)


WORDS = [
    "my order with the sunglasses - send it to nashville, the same address as my order with "
    "the smart bulb",
    "the sunglasses order: ship it to nashville, to the address where my smart bulb order is going",
    "the order with the sunglasses should go to nashville - to the address of my smart bulb order",
    "send the sunglasses order to the same address as my order with the smart bulb, in nashville",
    # the city, then the address as what an order goes to (probes13's "(3) That same order
    # must go to Dallas, the address my order with the e-reader and smart watch is going to")
    "my order with the sunglasses must go to nashville, the address my order with the smart "
    "bulb is going to",
]

GRANITE_WRITE = (
    "modify_pending_order_address",
    {
        "order_id": TARGET,
        "address1": "1789 Granite Avenue",
        "address2": "Apt 5A",
        "city": "Nashville",
        "country": "USA",
        "state": "TN",
        "zip": "37239",
    },
)


@pytest.mark.parametrize("words", WORDS)
def test_the_order_an_address_is_copied_from_is_not_the_one_changed(
    felix_chat: Chat, words: str
) -> None:
    said = felix_chat.say(f"{FELIX}. {words}")
    assert f"order {TARGET} to {GRANITE}" in said, felix_chat.replies
    felix_chat.say("yes")
    assert felix_chat.writes() == [GRANITE_WRITE], felix_chat.replies


@pytest.mark.parametrize("felix_chat", [True], indirect=True)
def test_another_address_in_that_city_never_goes_to_the_model_order(felix_chat: Chat) -> None:
    # Read as the order to change, the bulb's order would be sent to the one other Nashville
    # address of theirs, Elm Street: a write nobody asked for.
    said = felix_chat.say(f"{FELIX}. {WORDS[0]}")
    assert SOURCE not in said and "Elm Street" not in said, felix_chat.replies
    assert f"order {TARGET} to {GRANITE}" in said, felix_chat.replies
    felix_chat.say("yes")
    assert felix_chat.writes() == [GRANITE_WRITE], felix_chat.replies


KIRA = "kira.delacroix7672@example.com"  # pending #W9886546 (skillet, headphones), Nashville


def test_the_order_an_address_is_copied_from_in_another_status(chat: Chat) -> None:
    said = chat.say(
        f"{KIRA}. ship my pending order to raleigh, to the address where my running shoes are going"
    )
    assert "order #W9886546 to 7041 Foundry Row, Suite 699, Raleigh, NC 27631" in said, chat.replies


def test_the_only_order_that_could_change_is_the_model_asks_which(chat: Chat) -> None:
    # The skillet's order is the one pending order: named only as where the address comes
    # from, it is not taken as the order to change without asking.
    said = chat.say(f"{KIRA}. send my pending order to the address of my order with the skillet")
    assert "Which order should I change?" in said, chat.replies
    assert chat.writes() == []


PABLO = "pablo.carvalho3501@example.com"  # pending #W1083416 (skillet, grinder; Mastercard)
# and #W2332556 (headphones, grinder, …; Visa ending 6583)


CARD_WORDS = [
    "please pay my grinder order with the same card as my order with the headphones",
    "my order with the coffee grinder - pay it with the card I used for my order with the "
    "headphones",
    "change the payment of my order with the grinder to the card I paid for my headphones "
    "order with",
]


@pytest.mark.parametrize("words", CARD_WORDS)
def test_the_order_a_card_is_copied_from_is_not_the_one_changed(chat: Chat, words: str) -> None:
    # The card is the one that paid the headphones' order, a record of theirs: not asked for.
    said = chat.say(f"{PABLO}. {words}")
    assert "pay order #W1083416 with your Visa card ending 6583" in said, chat.replies
    chat.say("yes")
    assert chat.writes() == [
        (
            "modify_pending_order_payment",
            {"order_id": "#W1083416", "payment_method_id": "credit_card_5039666"},
        )
    ], chat.replies


def _pablo_store(*, headphones_paid_by: tuple[str, ...]) -> RetailStore:
    data: dict[str, Any] = copy.deepcopy(DEMO)
    history = data["orders"]["#W2332556"]["payment_history"]
    first = history[0]
    history[:] = [{**first, "payment_method_id": m} for m in headphones_paid_by]
    return RetailStore.in_memory(data)


@pytest.fixture
def pablo_chat(
    tmp_path: Path, retail: RetailParts, request: pytest.FixtureRequest
) -> Iterator[Chat]:
    yield from _chat_on(tmp_path, retail, _pablo_store(headphones_paid_by=request.param))


VISA, MASTERCARD = "credit_card_5039666", "credit_card_4046335"


@pytest.mark.parametrize(
    ("pablo_chat", "words"),
    [
        # the headphones' order paid by both cards: which one is meant is asked
        ((VISA, MASTERCARD), CARD_WORDS[0]),
        ((VISA, MASTERCARD), CARD_WORDS[1]),
        # a card named that did not pay the order copied from: which one is meant is asked
        (
            (MASTERCARD,),
            "change the payment of my skillet order to my visa, the same card as my order with the "
            "headphones",
        ),
    ],
    indirect=["pablo_chat"],
)
def test_a_card_copied_from_an_order_it_does_not_name_alone_is_asked_about(
    pablo_chat: Chat, words: str
) -> None:
    said = pablo_chat.say(f"{PABLO}. {words}")
    assert "Which" in said and "Visa" in said and "Mastercard" in said, pablo_chat.replies
    assert "Shall I go ahead" not in said, pablo_chat.replies
    pablo_chat.say("yes")
    assert pablo_chat.writes() == [], pablo_chat.replies


def test_a_likeness_of_an_item_copies_no_payment(chat: Chat) -> None:
    # "the same … as" said of an item, and a method named: that method, not the model's.
    said = chat.say(
        f"{PABLO}. in my order with the skillet, pay with my mastercard, the same as my order "
        "with the headphones"
    )
    assert "Visa" not in said, chat.replies


def test_a_place_then_the_one_with_a_product_names_the_order_itself(chat: Chat) -> None:
    # "… going to nashville, the one with the skillet": after a place and a comma only an
    # address word names where something goes (probes5's Jacksonville cancellation)
    said = chat.say(
        f"{KIRA}. please cancel my order that's going to nashville, the one with the skillet. "
        "i no longer need it"
    )
    assert "cancel order #W9886546" in said, chat.replies
