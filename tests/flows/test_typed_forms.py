"""Other people's typing reads as ours: a message in lower case, or with its contractions typed
the quick way ("dont", "Id like"), is understood as the same message written with care. Record
ids are read in the case the records write them, quick spellings are written out from the
workspace's ``spellings`` before anything reads the message, a word the workspace knows typed
with one slip of the keyboard is read as that word, and a name typed in small letters is
looked for first among the words the business's own texts never use."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from deskpilot.pipeline import BuildContext, Understander
from deskpilot.settings import Settings
from deskpilot.testing import run_case_files

from ..conftest import RETAIL_WORKSPACE, need_tau_retail
from .conftest import DEMO, NLU, RETAIL, Chat, find_order, owner

USER: dict[str, Any] = next(iter(DEMO["users"].values()))
FIRST, LAST = USER["name"]["first_name"].lower(), USER["name"]["last_name"].lower()
ZIP = USER["address"]["zip"]

# A name in small letters among ordinary words, the zip in a sentence of its own or after
# words that could pass for a name: the name is still among the pairs tried.
NAMES_IN_SMALL_LETTERS = [
    f"hi, {FIRST} {LAST} here (people call me nono). zip {ZIP}. how much did i pay for my last "
    "order?",
    f"hi! {FIRST} {LAST}, big apple resident, zip {ZIP}. i ordered some home-office and hiking "
    "stuff. where is it?",
]


CITY, STATE = USER["address"]["city"], USER["address"]["state"]
NAMES_WITHOUT_COMMAS = [
    # the name after "I'm" runs on into the city: its pairs of words are tried too
    f"Hi I'm {FIRST.title()} {LAST.title()} {CITY} {STATE} {ZIP} Can you tell me where my order is",
    f"I'm {FIRST.title()} {LAST.title()} {CITY} {ZIP} I want to know where my order is",
    # a zip right before "order" is no count of orders ("12345 orders")
    f"{FIRST} {LAST} {ZIP} order 1234567 where is it",
]


@pytest.mark.parametrize("message", NAMES_IN_SMALL_LETTERS + NAMES_WITHOUT_COMMAS)
def test_typed_forms_a_name_in_small_letters_is_found(chat: Chat, message: str) -> None:
    reply = chat.say(message)
    assert "couldn't find an account" not in reply, reply
    assert chat.case is not None and chat.case.verification is not None, reply


def _pending_pair() -> tuple[str, str, dict[str, Any]]:
    """Two pending orders of one customer, shipping to different addresses."""
    pending = [o for o, v in DEMO["orders"].items() if v["status"] == "pending"]
    for a in pending:
        for b in pending:
            first, second = DEMO["orders"][a], DEMO["orders"][b]
            same = a < b and first["user_id"] == second["user_id"]
            if same and first["address"]["address1"] != second["address"]["address1"]:
                return a, b, second
    raise AssertionError("no customer with two pending orders to different addresses")


ID_CASES = [str.lower, str.upper]


@pytest.mark.parametrize("typed", ID_CASES)
def test_typed_forms_an_order_id_in_small_letters_is_the_records_id(chat: Chat, typed: Any) -> None:
    target, model, model_order = _pending_pair()
    email = owner(model_order)["email"]
    reply = chat.say(
        f"{email}. for {typed(target)}, change the shipping address to the same one as "
        f"{typed(model)}."
    )
    assert "To confirm" in reply and target in reply, reply
    assert model_order["address"]["address1"] in reply, reply


# Asked with its contractions typed the quick way: answered as when written out.
QUICKLY_TYPED = [
    "Id like to know whats in order {order_id}",
    "id like to know whats in order {order_id}",
]


@pytest.mark.parametrize("message", QUICKLY_TYPED)
def test_typed_forms_quick_spellings_are_read_written_out(chat: Chat, message: str) -> None:
    order_id, order = find_order("pending", min_items=2)
    reply = chat.say(f"{owner(order)['email']}. " + message.format(order_id=order_id))
    assert f"Order {order_id} is pending. It contains" in reply, reply


# One slip of the keyboard in a word the workspace knows (its scales, its request words, its
# catalogue): read as the word, before anything reads the message.
SLIPS_READ = [
    ("exchange my desk lamp for a birghter one", "brighter"),  # two letters swapped
    ("i want to exchagne the kettle", "exchange"),
    ("can i retrun the headphones", "return"),
    ("please refudn it to my card", "refund"),
    ("a biggre tent please", "bigger"),
    ("the same boots but one size smaler", "smaller"),  # a letter dropped
    ("a waterprof speaker", "waterproof"),
    ("i'd like to retturn my order", "return"),  # a letter doubled
    ("exchabge the backpack for a green one", "exchange"),  # the key beside
]


@pytest.mark.parametrize(("message", "meant"), SLIPS_READ)
def test_typed_forms_a_slip_in_a_known_word_is_read_as_the_word(
    reader: Understander, message: str, meant: str
) -> None:
    text = reader.understand(message, None).text
    assert meant in text.split(), text


# Words left as typed: a word with a capital (a name, a brand), an email, an id or a number,
# a short word, a word one slip from two known words, a word of the language itself, and a
# slip of a word that says yes or no or negates (a slip never answers for the customer).
SLIPS_LEFT = [
    "is Birghter the name on the order",
    "my email is birghter@example.com",
    "my email is lamp.birghter@example.com",
    "the code birghter2 did not work",
    "i want the lmap in blue",  # short: "lamp"
    "is it shpping yet",  # "shipping" or "shopping"
    "i will do it later",  # a word of the language, not "latter"
    "confrim",  # "confirm" says yes
    "the same one wihtout the case",  # "without" negates
    "canecl that",  # "cancel that" says no
]


@pytest.mark.parametrize("message", SLIPS_LEFT)
def test_typed_forms_words_that_are_no_slip_of_ours_stay_as_typed(
    reader: Understander, message: str
) -> None:
    assert reader.understand(message, None).text == message


@pytest.fixture(scope="module")
def reader() -> Understander:
    """The store workspace's own understanding, over the demo store's catalogue."""
    return NLU(BuildContext(RETAIL, catalogue=DEMO["products"]))


def test_typed_forms_a_slip_in_a_comparative_exchanges_for_the_brighter_lamp(
    tmp_path: Path,
) -> None:
    settings = Settings(data_dir=tmp_path, workspace=RETAIL_WORKSPACE, store=need_tau_retail())
    [result] = run_case_files([Path(__file__).parent / "typed_slips_cases.yaml"], settings)
    assert result.passed, (result.failures, result.transcript)
