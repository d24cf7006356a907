"""A part of a several-request message that no request took up, though read alone it asks
for a change of its own ("(2) The order with the headphones and the speaker: I paid with my
Visa but I would like the Mastercard to be charged instead" beside a cancellation), is named
back once the requests run out, never acted on and never lost without a word; what asks
nothing ("Thank you!") is not (docs/understanding.md, "No request dropped without a word")."""

from __future__ import annotations

from .conftest import Chat

PABLO = "pablo.carvalho3501@example.com"  # pending #W1083416: skillet, grinder; #W2332556: …
EMAIL = (
    f'Copying my message from before: "Hello. Pablo Carvalho here, {PABLO}. I have made a mess '
    "of my orders and need help. (1) The order with the skillet and the coffee grinder - I "
    "ordered that by mistake, please cancel it. (2) The order with the headphones and the "
    "speaker: I paid with my Visa but I would like the Mastercard to be charged instead. "
    'Thank you!"'
)


def test_a_part_no_request_took_up_is_named_back_once_the_requests_are_done(chat: Chat) -> None:
    first = chat.say(EMAIL)
    assert "cancel order #W1083416" in first, chat.replies
    assert "couldn't tell" not in first, chat.replies  # not before the request it waits behind
    done = chat.say("yes")
    assert "#W1083416 is cancelled" in done, chat.replies
    assert "couldn't tell what you wanted with" in done, chat.replies
    assert "I would like the Mastercard to be charged instead" in done, chat.replies
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
