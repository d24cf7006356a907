"""A request another one took the place of before its proposal is named back, never dropped
without a word (docs/understanding.md, "A request set aside is named back: "Shall I still …?"").

While DeskPilot asked for the reason of a cancellation, "Also I need the shipping address of
order … changed to …", read surely as another request, started the address change, and the
cancellation was dropped without a word. Now, once the address change is done (or turned
down), the cancellation is named back with a question of its own ("Earlier you also asked to
cancel order … Shall I still do that?"); only a yes takes it up again, and a no or any other
message lets it go. A request the customer withdrew ("Forget the cancellation. Also …") is
neither named back nor proposed again — while its proposal waited, it was proposed again, and
the next "yes", meant for the address change, cancelled the order. A request turned down,
or one the business cannot do, hands the one set aside back too.
"""

from __future__ import annotations

import pytest

from .conftest import Chat

EMAIL = "pablo.carvalho3501@example.com"
CANCEL, OTHER = "#W1083416", "#W2332556"  # Pablo's two pending orders in the demo store
START = f"Hi, I'm {EMAIL}. Please cancel order {CANCEL}."
ADDRESS = "227 Oak Street, Suite 699, Washington, DC 20564"
CHANGE = f"Also I need the shipping address of order {OTHER} changed to {ADDRESS}."
NAMED_BACK = f"Earlier you also asked to cancel order {CANCEL}. Shall I still do that?"


def _done(chat: Chat) -> list[tuple[str, str]]:
    return [(name, args["order_id"]) for name, args in chat.writes()]


def _set_aside(chat: Chat, answer: str) -> str:
    """The cancellation's reason asked, the address change asked instead and answered with
    ``answer``: the reply to that answer."""
    assert "reason" in chat.say(START), chat.replies
    assert f"shipping address of order {OTHER}" in chat.say(CHANGE), chat.replies
    return chat.say(answer)


def test_a_request_set_aside_is_named_back_and_a_yes_takes_it_up(chat: Chat) -> None:
    done = _set_aside(chat, "yes")
    assert NAMED_BACK in done, chat.replies
    assert "reason" in chat.say("yes"), chat.replies  # taken up where it stood
    assert f"cancel order {CANCEL}" in chat.say("ordered by mistake"), chat.replies
    chat.say("yes")
    assert _done(chat) == [
        ("modify_pending_order_address", OTHER),
        ("cancel_pending_order", CANCEL),
    ], chat.replies


def test_a_request_set_aside_is_named_back_after_the_other_is_turned_down(chat: Chat) -> None:
    turned_down = _set_aside(chat, "no")
    assert NAMED_BACK in turned_down, chat.replies
    assert "reason" in chat.say("yes"), chat.replies
    assert _done(chat) == [], chat.replies


def test_a_request_set_aside_is_named_back_when_the_other_cannot_be_done(chat: Chat) -> None:
    # Zane's order #W6984355 is delivered: its address can no longer be changed
    chat.say("Hi, I'm zane.valdez9579@example.com. Please cancel order #W5118231.")
    refused = chat.say(f"Also I need the shipping address of order #W6984355 changed to {ADDRESS}.")
    assert "can no longer be changed" in refused, chat.replies
    assert "Earlier you also asked to cancel order #W5118231. Shall I still" in refused, (
        chat.replies
    )
    assert "reason" in chat.say("yes"), chat.replies
    chat.say("no longer needed")
    chat.say("yes")
    assert _done(chat) == [("cancel_pending_order", "#W5118231")], chat.replies


@pytest.mark.parametrize(
    "answer", ["no", "Can you tell me the status of order #W2332556?", "thanks, that's all"]
)
def test_a_request_named_back_is_let_go_on_anything_but_a_yes(chat: Chat, answer: str) -> None:
    assert NAMED_BACK in _set_aside(chat, "yes"), chat.replies
    chat.say(answer)
    for text in ("yes", "ordered by mistake", "yes"):
        chat.say(text)
    after = chat.replies[3:]
    assert not any(f"cancel order {CANCEL}" in r or "Shall I still" in r for r in after), after
    assert _done(chat) == [("modify_pending_order_address", OTHER)], chat.replies


@pytest.mark.parametrize("proposed", [True, False], ids=["its proposal waiting", "its slot asked"])
def test_a_request_withdrawn_for_another_is_neither_proposed_nor_named_again(
    chat: Chat, proposed: bool
) -> None:
    chat.say(START)
    if proposed:
        assert f"cancel order {CANCEL}" in chat.say("ordered by mistake"), chat.replies
    change = chat.say(f"Forget the cancellation. {CHANGE}")
    assert f"shipping address of order {OTHER}" in change, chat.replies
    assert f"cancel order {CANCEL}" not in change, chat.replies
    done = chat.say("yes")
    assert "Shall I still" not in done, chat.replies
    chat.say("yes")
    assert _done(chat) == [("modify_pending_order_address", OTHER)], chat.replies


def test_a_request_asked_for_anew_is_not_named_back_again(chat: Chat) -> None:
    chat.say(START)
    assert "new address" in chat.say(f"Also I need the shipping address of order {OTHER} changed.")
    again = chat.say(f"Actually, please cancel order {CANCEL} now, I ordered it by mistake.")
    assert f"cancel order {CANCEL}" in again, chat.replies
    turned_down = chat.say("no")
    # the cancellation was asked for anew and turned down: only the address change is named back
    assert NAMED_BACK not in turned_down, chat.replies
    assert f"change the shipping address of order {OTHER}. Shall I still" in turned_down
    chat.say("no")
    assert _done(chat) == [], chat.replies
