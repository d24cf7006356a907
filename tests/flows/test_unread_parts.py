"""A part of a several-request message that no request took up, though read alone it asks
for a change of its own ("(2) The order with the headphones and the speaker: I paid with my
Mastercard but I would like the Visa to be charged instead" beside a cancellation), is named
back once the requests run out, never acted on and never lost without a word; what asks
nothing ("Thank you!") is not (docs/understanding.md, "No request dropped without a word").
(The headphones' order was paid with the Visa: the records do not ground what the words move,
so it is not taken up as a payment change, as in ``test_payment_moved.py``.)"""

from __future__ import annotations

from pathlib import Path

from deskpilot.domain import IntentScore

from .conftest import DEMO, Chat, chat_scored_by, forced_readings

TOOTHBRUSH_ORDER = "#W9077095"  # pending: a pink toothbrush, navy headphones
HIRO = DEMO["users"][DEMO["orders"][TOOTHBRUSH_ORDER]["user_id"]]["email"]
PABLO = "pablo.carvalho3501@example.com"  # pending #W1083416: skillet, grinder; #W2332556: …
EMAIL = (
    f'Copying my message from before: "Hello. Pablo Carvalho here, {PABLO}. I have made a mess '
    "of my orders and need help. (1) The order with the skillet and the coffee grinder - I "
    "ordered that by mistake, please cancel it. (2) The order with the headphones and the "
    "speaker: I paid with my Mastercard but I would like the Visa to be charged instead. "
    'Thank you!"'
)


def test_a_part_no_request_took_up_is_named_back_once_the_requests_are_done(chat: Chat) -> None:
    first = chat.say(EMAIL)
    assert "cancel order #W1083416" in first, chat.replies
    assert "couldn't tell" not in first, chat.replies  # not before the request it waits behind
    done = chat.say("yes")
    assert "#W1083416 is cancelled" in done, chat.replies
    assert "couldn't tell what you wanted with" in done, chat.replies
    assert "I would like the Visa to be charged instead" in done, chat.replies
    assert "Thank you" not in done, chat.replies  # thanks asks for nothing
    assert [name for name, _ in chat.writes()] == ["cancel_pending_order"], chat.replies
    # named back once, not again at the next turn
    assert "couldn't tell" not in chat.say("ok thanks"), chat.replies


def test_a_single_request_with_thanks_names_nothing_back(chat: Chat) -> None:
    chat.say(
        f"Hello, {PABLO}. The order with the skillet and the coffee grinder - I ordered that by "
        "mistake, please cancel it. Thank you so much, hope you're well!"
    )
    done = chat.say("yes")
    assert "#W1083416 is cancelled" in done, chat.replies
    assert "couldn't tell" not in done, chat.replies


def test_a_part_the_write_took_up_after_all_is_not_named_back(tmp_path: Path) -> None:
    # "The toothbrush should be white …" read alone as an address change is noted as unread;
    # the item change written on the toothbrush takes it up, so it is not named back
    scores = forced_readings(
        (
            lambda said: said.startswith("the toothbrush should be"),
            [IntentScore("modify_order_address", 0.8), IntentScore("modify_order_items", 0.1)],
        ),
        otherwise=[IntentScore("modify_order_items", 0.95), IntentScore("order_status", 0.01)],
    )
    with chat_scored_by(tmp_path, scores) as chat:
        proposal = chat.say(
            f"hi, {HIRO}. On my pending order {TOOTHBRUSH_ORDER}, please change the toothbrush. "
            "The toothbrush should be white, still 5 cleaning modes, with a travel case. PayPal "
            "for the difference."
        )
        assert "Electric Toothbrush" in proposal and "To confirm" in proposal, chat.replies
        done = chat.say("yes")
        assert [name for name, _ in chat.writes()] == ["modify_pending_order_items"], chat.replies
        assert "couldn't tell" not in done, chat.replies
