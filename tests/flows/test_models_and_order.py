"""What a message points at as a model ("the same address as my hoodie order"), what it says is
all an order holds ("my order with only the t-shirt"), and requests run in the order asked."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from deskpilot.components import domain_knowledge
from deskpilot.domain import Case, CaseId, CustomerId, DialogueState, Understanding
from deskpilot.domains.retail import RetailStore
from deskpilot.domains.retail._evidence import EvidenceAudit
from deskpilot.flows import Phrasing, SlotContext
from deskpilot.runtime import build_runtime
from deskpilot.settings import Settings

from ..conftest import RETAIL_WORKSPACE
from .conftest import CATALOGUE, DEMO, RETAIL, Chat

AUDIT = EvidenceAudit.of(RETAIL.vocabulary)
KNOWLEDGE = domain_knowledge(RETAIL)
DENVER = {
    "address1": "12 Larimer Street",
    "address2": "Suite 5",
    "city": "Denver",
    "country": "USA",
    "state": "CO",
    "zip": "80202",
}
# Ximena Nakamura: pending #W2460971 holds only a t-shirt, pending #W1359631 a t-shirt and
# more; pending #W4943115 (hoodie, running shoes…) ships to Denver in this copy of the store.
XIMENA = "ximena.nakamura2272@example.com"


@pytest.fixture
def store() -> RetailStore:
    data: dict[str, Any] = copy.deepcopy(DEMO)
    data["orders"]["#W4943115"]["address"] = dict(DENVER)
    return RetailStore.in_memory(data)


@pytest.mark.parametrize(
    ("words", "mention", "model"),
    [
        ("ship it to the same address as my hoodie order", "hoodie", True),
        ("the same type as the grill I received", "grill", True),
        ("make it just like the backpack I have", "backpack", True),
        ("ship my hoodie order to Denver", "hoodie", False),
        ("the hoodie is the same, send the mat as well", "mat", False),
        # one of a list after them, but not what a new clause names
        ("the same address as my hoodie and running shoes order", "shoes", True),
        ("the same as my old one, return the hoodie", "hoodie", False),
        # the model order said again after a comma, a word before "one" (probes29)
        ("the same address as my other order, the big one with the hoodie", "hoodie", True),
        # the order that is the model, described by what it holds
        ("the same address as my order with the hoodie and the running shoes", "hoodie", True),
        ("the same address as my order with the hoodie and the running shoes", "shoes", True),
        ("the same address as my order with the hoodie. cancel the one with the mat", "mat", False),
        # the model order said with a few more words, or as the address used for it
        ("can it go to the same address as the order i got with the hoodie", "hoodie", True),
        ("to the same address i used for the order with the hoodie", "hoodie", True),
        ("the same as before, and i want the hoodie in red too", "hoodie", False),
    ],
)
def test_a_mention_after_the_words_of_likeness_is_a_model(
    words: str, mention: str, model: bool
) -> None:
    start = words.index(mention)
    assert AUDIT.model_at(words, start, start + len(mention)) is model


@pytest.mark.parametrize(
    ("words", "mention", "exactly"),
    [
        ("my order with only the t-shirt", "t-shirt", True),
        ("the order with just the white bookshelf", "bookshelf", True),
        ("the order with nothing but the t-shirt", "t-shirt", True),
        ("my order with the t-shirt", "t-shirt", False),
        ("only if the t-shirt comes in blue", "t-shirt", False),
        ("the order with the lamp, only the t-shirt", "lamp", False),
    ],
)
def test_words_before_a_mention_say_it_is_all_an_order_holds(
    words: str, mention: str, exactly: bool
) -> None:
    start = words.index(mention)
    assert AUDIT.exactly_at(words, start, start + len(mention)) is exactly


@pytest.mark.parametrize(
    "model",
    ["my hoodie and running shoes order", "my order with the hoodie and the running shoes"],
)
def test_the_order_named_as_a_model_gives_its_address_and_is_not_the_one_changed(
    chat: Chat, model: str
) -> None:
    chat.say(XIMENA)
    reply = chat.say(f"My order with only the t-shirt should ship to the same address as {model}.")
    assert "#W2460971" in reply and "12 Larimer Street" in reply, reply
    chat.say("yes")
    assert chat.writes() == [
        ("modify_pending_order_address", {"order_id": "#W2460971", **DENVER}),
    ]


@pytest.mark.parametrize("cancel_first", [True, False])
def test_requests_run_in_the_order_the_customer_asked(chat: Chat, cancel_first: bool) -> None:
    cancel = "cancel order #W6051552, I ordered it by mistake"
    move = "ship order #W2460971 to the same address as order #W4943115"
    first, second = (cancel, move) if cancel_first else (move, cancel)
    chat.say(XIMENA)
    chat.say(f"Two things. First, {first}. Second, {second}.")
    chat.say("yes")
    chat.say("yes")
    done = [name for name, _ in chat.writes()]
    expected = ["cancel_pending_order", "modify_pending_order_address"]
    assert done == (expected if cancel_first else expected[::-1]), chat.replies


def test_the_order_holding_only_what_was_named_is_meant_whatever_its_state(
    tmp_path: Any,
) -> None:
    # #W2460971 (only a t-shirt) is processed in this copy; #W1359631 (a t-shirt and more) is
    # pending. "My order with just the t-shirt" is the processed one: it cannot be cancelled,
    # and the pending one is not proposed instead.
    data: dict[str, Any] = copy.deepcopy(DEMO)
    data["orders"]["#W2460971"]["status"] = "processed"
    settings = Settings(data_dir=tmp_path, database_url="sqlite://", workspace=RETAIL_WORKSPACE)
    runtime = build_runtime(settings, store=RetailStore.in_memory(data))
    try:
        chat = Chat(runtime)
        chat.say(XIMENA)
        reply = chat.say(
            "please cancel my order with just the t-shirt in it, I ordered it by mistake."
        )
        assert "#W2460971" in reply and "can't be cancelled" in reply, reply
        assert "#W1359631" not in reply
        chat.say("yes")
        chat.say("yes")
        assert chat.writes() == []
    finally:
        runtime.close()


def test_a_product_the_customer_never_bought_names_none_of_their_items(chat: Chat) -> None:
    """ "… to match my backpack" from a customer who never bought a backpack here: the wish
    in that clause is still the hoodie's, not another item's."""
    reply = chat.say(
        "diego.jensen5138@example.com. My order with the grinder, the skillet and the hoodie "
        "arrived: the hoodie is the maroon one. I'd like it in black instead, to match my "
        "backpack. PayPal for any difference."
    )
    assert "To confirm" in reply and "S, black, recycled polyester" in reply, reply
    chat.say("yes")
    assert chat.writes() == [
        (
            "exchange_delivered_order_items",
            {
                "order_id": "#W3664212",
                "item_ids": ["5235857443"],
                "new_item_ids": ["3638578497"],
                "payment_method_id": "paypal_4394099",
            },
        )
    ]


def test_an_order_corrected_in_the_same_message_is_the_one_after_the_correction(
    chat: Chat,
) -> None:
    reply = chat.say(
        f"{XIMENA} - please cancel my order with the skillet, I ordered it by mistake. no wait, "
        "sorry, not that one - the other one, with the hoodie and the grinder."
    )
    assert "To confirm" in reply and "#W4943115" in reply and "#W1359631" not in reply
    chat.say("yes")
    assert chat.writes() == [
        ("cancel_pending_order", {"order_id": "#W4943115", "reason": "ordered by mistake"})
    ]


@pytest.mark.parametrize(
    ("words", "moves_to_denver"),
    [
        # Only a description of the other order, by where it goes and what it holds.
        ("in my order going to Denver, the hoodie: I'd like it in black instead", False),
        ("And in my order with the hoodie, the shoes should be a size bigger", False),
        # Words that take that order's address.
        ("ship it to the same address as my hoodie order", True),
        ("send it where my order with the hoodie is going", True),
        ("use the address on the hoodie order", True),
    ],
)
def test_a_product_named_points_at_an_address_only_with_words_that_take_it(
    store: RetailStore, words: str, moves_to_denver: bool
) -> None:
    """Ximena's pending #W1359631 (skillet…) is the order changing; #W4943115 (hoodie…) ships
    to Denver in this copy of the store."""
    data = store.snapshot()
    user = data["users"]["ximena_nakamura_2272"]
    ctx = SlotContext(
        text=words,
        understanding=Understanding(text=words),
        case=Case(id=CaseId("c1"), customer_id=CustomerId("u1")),
        slots={"order_id": "#W1359631"},
        dialogue=DialogueState(),
        options={},
        user=user,
        record=lambda kind, rid: data["orders" if kind == "order" else "products"].get(rid),
        catalogue=CATALOGUE,
        phrasing=Phrasing(RETAIL.vocabulary.dialogue),
    )
    found = KNOWLEDGE.resolvers["address"](ctx)
    moved = found is not None and found.value is not None and found.value["city"] == "Denver"
    assert moved is moves_to_denver, found


def test_a_correction_in_the_next_message_takes_back_the_order_first_described(
    chat: Chat,
) -> None:
    first = chat.say(f"{XIMENA}. I want to cancel my order with the skillet, I don't need it.")
    assert "#W1359631" in first
    reply = chat.say(
        "no wait, sorry - the other order! the one with the hoodie and the grinder. keep the "
        "skillet one, cancel the hoodie one. I don't need it anymore."
    )
    assert "To confirm" in reply and "#W4943115" in reply, reply
    chat.say("yes")
    assert chat.writes() == [
        ("cancel_pending_order", {"order_id": "#W4943115", "reason": "no longer needed"})
    ]


@pytest.mark.parametrize("change_first", [True, False])
def test_an_item_change_and_an_exchange_of_other_orders_run_in_the_order_asked(
    chat: Chat, change_first: bool
) -> None:
    # Zane Valdez: pending #W5118231 holds only a large blue IP67 speaker; delivered
    # #W6984355 black wide size 7 running shoes (a black regular size 10 exists). An item
    # change locks only its own order: asked with an exchange of another order, each runs
    # where the customer asked it, each with its own words.
    change = "The speaker in my pending order: I want the IPX4 one, same large blue"
    exchange = "And the running shoes I received: exchange them for the size 10 regular, black"
    first, second = (change, exchange) if change_first else (exchange.removeprefix("And "), change)
    chat.say("zane.valdez9579@example.com")
    chat.say(f"{first}. {second}. Same payment as before.")
    for _ in range(3):
        if chat.writes() and len(chat.writes()) == 2:
            break
        chat.say("yes")
    done = [name for name, _ in chat.writes()]
    expected = ["modify_pending_order_items", "exchange_delivered_order_items"]
    assert done == (expected if change_first else expected[::-1]), "\n".join(chat.replies)


def _a_product_pending_and_received() -> tuple[dict[str, Any], str, str, str]:
    """A customer with one pending and one delivered order holding the same product (once
    each): the customer, the product's name, the pending and the delivered order."""
    for user in DEMO["users"].values():
        orders = [DEMO["orders"][o] for o in user["orders"]]
        for pending in (o for o in orders if o["status"] == "pending"):
            for delivered in (o for o in orders if o["status"] == "delivered"):
                names = {i["name"] for i in pending["items"]} & {
                    i["name"] for i in delivered["items"]
                }
                held = [n for n in names if sum(n in str(o["items"]) for o in orders) == 2]
                if held:
                    return user, held[0], pending["order_id"], delivered["order_id"]
    raise AssertionError("no product in one pending and one delivered order")


@pytest.mark.parametrize("denied", [True, False])
def test_an_order_in_the_state_said_is_meant_not_the_one_ruled_out(denied: bool) -> None:
    # Asked as an exchange (delivered orders): "in my other pending order: the kettle … (not
    # the one I already received)" means the pending order; the flow's checks redirect.
    user, name, pending, delivered = _a_product_pending_and_received()
    words = f"in my other pending order: the {name.lower()} should be the other colour"
    if denied:
        words += " (not the one I already received)"
    ctx = SlotContext(
        text=words,
        understanding=Understanding(text=words),
        case=Case(id=CaseId("c1"), customer_id=CustomerId("u1")),
        slots={},
        dialogue=DialogueState(),
        options={"statuses": ["delivered"]},
        user=user,
        record=lambda kind, rid: DEMO["orders" if kind == "order" else "products"].get(rid),
        catalogue=CATALOGUE,
        phrasing=Phrasing(RETAIL.vocabulary.dialogue),
    )
    found = KNOWLEDGE.resolvers["order"](ctx)
    assert found is not None and found.value == (pending if denied else delivered), found


@pytest.mark.parametrize("talked_about", [True, False])
def test_a_city_said_of_something_else_does_not_name_an_order_without_the_product(
    talked_about: bool,
) -> None:
    # Asked as an exchange (delivered orders): "those hoodies" sit in a pending and a processed
    # order; "in Denver" is said of the address just taken from the backpack order, the only
    # delivered one. That order holds no hoodie: it is not meant. Of the orders holding the
    # hoodie, the one just talked about is; with none talked about, the customer chooses.
    def order(oid: str, status: str, city: str, *names: str) -> dict[str, Any]:
        items = [{"item_id": f"{oid[2:]}{n}", "name": name} for n, name in enumerate(names)]
        return {"order_id": oid, "status": status, "address": {"city": city}, "items": items}

    orders = {
        "#W1000001": order("#W1000001", "pending", "Boston", "Hoodie"),
        "#W1000002": order("#W1000002", "processed", "Boston", "Hoodie", "Yoga Mat"),
        "#W1000003": order("#W1000003", "delivered", "Denver", "Backpack"),
    }
    words = "yes, the same address as the backpack order, in Denver. and that hoodie - in black"
    ctx = SlotContext(
        text=words,
        understanding=Understanding(text=words),
        case=Case(id=CaseId("c1"), customer_id=CustomerId("u1")),
        slots={},
        dialogue=DialogueState(memory={"order": "#W1000001"} if talked_about else {}),
        options={"statuses": ["delivered"]},
        user={"user_id": "u1", "orders": list(orders)},
        record=lambda kind, rid: orders.get(rid) if kind == "order" else None,
        catalogue=CATALOGUE,
        phrasing=Phrasing(RETAIL.vocabulary.dialogue),
    )
    found = KNOWLEDGE.resolvers["order"](ctx)
    assert found is not None
    if talked_about:
        assert found.value == "#W1000001", found
    else:
        assert not found.resolved and len(found.choices) == 2, found
