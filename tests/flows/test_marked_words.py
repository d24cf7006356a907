"""The words the span tagger marks decide what the rest of the message leaves open, through the
pipeline on the demo store — and never pick one of two values the customer said on purpose."""

from __future__ import annotations

from .conftest import Chat

XIMENA = "ximena.nakamura2272@example.com"  # pending #W2460971 (t-shirt), paid with the visa


def test_a_reason_in_new_words_is_read_from_the_marked_examples(chat: Chat) -> None:
    chat.say(XIMENA)
    # No phrase of vocabulary.yaml says a reason here; the marked examples teach it.
    reply = chat.say("Please cancel order #W2460971, I got it cheaper somewhere else.")
    assert "cancel order #W2460971" in reply and "no longer needed" in reply
    assert chat.say("yes").startswith("Done")
    assert chat.writes() == [
        ("cancel_pending_order", {"order_id": "#W2460971", "reason": "no longer needed"})
    ]


def test_two_reasons_said_are_asked_about_not_picked(chat: Chat) -> None:
    chat.say(XIMENA)
    reply = chat.say(
        "Cancel order #W2460971. I ordered it by mistake, and anyway I don't need it anymore."
    )
    assert "What is the reason for cancelling: ordered by mistake, or no longer needed?" in reply
    assert chat.writes() == []


def test_the_method_marked_as_where_the_money_goes_is_proposed(chat: Chat) -> None:
    chat.say(XIMENA)
    reply = chat.say(
        "Change the payment of order #W2460971: it's on my visa now, put it on my gift card."
    )
    assert "pay order #W2460971 with your gift card" in reply
    chat.say("yes")
    assert chat.writes() == [
        (
            "modify_pending_order_payment",
            {"order_id": "#W2460971", "payment_method_id": "gift_card_5588471"},
        )
    ]


def test_a_method_named_for_another_request_keeps_the_question(chat: Chat) -> None:
    chat.say(XIMENA)
    reply = chat.say(
        "For order #W2460971 I'd like to pay with my gift card. "
        "Also my visa should be used for the t-shirt order, whatever is cheaper."
    )
    assert "?" in reply
    assert chat.writes() == []
