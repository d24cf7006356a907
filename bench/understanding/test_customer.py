"""The scripted customer's answering rules, table-driven; run with
``.venv/bin/python -m pytest bench/understanding -q -p no:cacheprovider``."""

from __future__ import annotations

from pathlib import Path

import pytest
from _customer import CLOSING, Ask, ScriptedCustomer, classify
from _tasks import BenchTaskError, Facts, load_bench_tasks

ASKS = [
    (
        "To confirm: I'll cancel order #W3525030 (T-Shirt) because it was no longer needed. "
        "Shall I go ahead? (yes/no)",
        Ask.CONFIRM,
    ),
    ("Sorry, I need a clear yes or no: shall I go ahead with the change I described?", Ask.CONFIRM),
    ("Which order shall I change? Orders that can still be changed: #W1234567.", Ask.ORDER),
    (
        "Which order would you like to cancel? Orders that can still be cancelled: "
        "#W3525030 (pending: T-Shirt); #W3282177 (pending: Desk Lamp).",
        Ask.ORDER,
    ),
    (
        "I can help with that. First, please tell me the email address on your account, "
        "or your first name, last name and zip code.",
        Ask.IDENTITY,
    ),
    (
        "I couldn't find an account with those details. Could you check the email address, "
        "or give me your first name, last name and zip code?",
        Ask.IDENTITY,
    ),
    (
        "What's the new address? Please give the street, apartment or suite if any, city, "
        "state and zip code.",
        Ask.ADDRESS,
    ),
    (
        "Sure. Is that because you no longer need it, or because it was ordered by mistake?",
        Ask.REASON,
    ),
    ("Which payment method should pay the $21.62 difference?", Ask.PAYMENT),
    (
        "Where should the refund go: back to the original payment method, or to your gift card?",
        Ask.PAYMENT,
    ),
    (
        "Which items would you like to return? Did you mean: Wireless Earbuds (black, 4 hours); "
        "Wireless Earbuds (black, 6 hours)?",
        Ask.ITEMS,
    ),
    ("What would you like instead? Tell me which options should change.", Ask.OPTIONS),
    (
        "There's no available Bookshelf with exactly those options. The closest available one "
        "is wood, white, 5 ft ($451.01) — would that work? Other options: wood, brown, 5 ft.",
        Ask.OFFER,
    ),
    (
        "Done — order #W3525030 is cancelled. The refund goes back to the original method.",
        Ask.NOTHING,
    ),
    ("You're welcome! Is there anything else I can help with?", Ask.NOTHING),
]


@pytest.mark.parametrize(("reply", "expected"), ASKS)
def test_classify_reads_what_a_reply_asks(reply: str, expected: Ask) -> None:
    assert classify(reply) is expected


def _customer() -> ScriptedCustomer:
    facts = Facts.model_validate(
        {
            "identity": {"first_name": "Ann", "last_name": "Lee", "zip": "12345"},
            "writes": [
                {
                    "action": "modify_pending_order_items",
                    "order": "#W1111111",
                    "items": ["Bookshelf"],
                    "new": ["wood, 5 ft tall"],
                    "payment": "PayPal",
                },
                {
                    "action": "return_delivered_order_items",
                    "order": "#W2222222",
                    "items": ["Water Bottle"],
                    "payment": "my gift card",
                },
            ],
        }
    )
    wanted_bookshelf = (("wood", "brown", "5 ft"),)
    return ScriptedCustomer(facts, (wanted_bookshelf, ()))


def test_customer_answers_the_write_a_question_is_about() -> None:
    customer = _customer()
    reply = "Where should the refund go: back to the original payment method, or a gift card?"
    assert customer.answer([reply]) == "My gift card, please."
    assert customer.answer(["Which order are the items from?"]) == "It's order #W2222222."


def test_customer_accepts_only_the_offer_of_the_wanted_variant() -> None:
    customer = _customer()
    offer = "The closest available one is {} ($1.00) — would that work?"
    wrong = offer.format("wood, white, 5 ft")
    assert customer.answer([wrong]) == "For the Bookshelf: wood, 5 ft tall."
    assert customer.answer([offer.format("wood, brown, 5 ft")]) == "yes"


def test_customer_restates_what_is_left_then_closes() -> None:
    customer = _customer()
    customer.answer(["Done — the items on order #W1111111 are changed."])
    restated = customer.answer(["Is there anything else I can help with?"])
    assert restated.startswith("I'd like to return the Water Bottle from order #W2222222")
    closing = customer.answer(["Done — the return for order #W2222222 is requested."])
    assert closing == CLOSING
    assert customer.finished


def test_customer_identifies_with_name_and_zip() -> None:
    customer = _customer()
    reply = "First, please tell me the email address on your account, or your name and zip code."
    assert customer.answer([reply]) == "I'm Ann Lee, zip code 12345."


def test_tasks_from_reserved_indices_are_refused(tmp_path: Path) -> None:
    tasks = tmp_path / "tasks.yaml"
    tasks.write_text(
        "tasks:\n  - task: 4\n    description: Your name is Ann Lee and your zip is 12345.\n"
        "    facts:\n      identity: {email: a@example.com}\n"
        "      writes: [{action: cancel_pending_order, order: '#W1', reason: by mistake}]\n",
        encoding="utf-8",
    )
    with pytest.raises(BenchTaskError, match="reserved for another suite"):
        load_bench_tasks(tasks, tmp_path)
