"""A change only asked about ("How much would the skillet cost in 10 inch?") is answered with
what it would be and offered, never proposed for a yes at once: a yes to the offer proposes the
change as any request, and only a yes to that proposal writes. A question beside a request
("Change it to 10 inch. How much is that?") or a request in a question's form ("Could I …?",
"Would it be possible to …?") is proposed as before (docs/understanding.md, "A change asked
about")."""

from __future__ import annotations

import pytest

from deskpilot.flows._dialogue import AskingAbout

from .conftest import RETAIL, Chat

HIRO = "hiro.dubois1174@example.com"  # pending #W9077095: a skillet, 8 inch, enameled blue
CHANGE = (
    "modify_pending_order_items",
    {
        "order_id": "#W9077095",
        "item_ids": ["4524715771"],
        "new_item_ids": ["8272466320"],
        "payment_method_id": "paypal_1774280",
    },
)
ASKED = [
    "How much more would the skillet in my pending order be in 10 inch, same enameled blue?"
    " PayPal.",
    "Would it cost more to get the skillet in my pending order in 10 inch, same enameled blue?"
    " PayPal for any difference.",
    "How much would it cost to change the skillet in my pending order to 10 inch, same"
    " enameled blue? PayPal.",
]


@pytest.mark.parametrize("question", ASKED)
def test_a_change_only_asked_about_is_answered_and_offered_not_proposed(
    chat: Chat, question: str
) -> None:
    chat.say(HIRO)
    said = chat.say(question)
    assert "Nothing is changed yet" in said and "Shall I go ahead" not in said, chat.replies
    said = chat.say("yes")
    assert chat.writes() == [], chat.replies
    assert "To confirm, on order #W9077095 I'll change: Cast Iron Skillet" in said, chat.replies
    chat.say("yes")
    assert chat.writes() == [CHANGE], chat.replies


def test_a_change_only_asked_about_then_left_writes_nothing(chat: Chat) -> None:
    chat.say(HIRO)
    chat.say(ASKED[0])
    chat.say("Hm, ok. I'll leave it as it is then, thanks.")
    chat.say("yes")
    assert chat.writes() == [], chat.replies


@pytest.mark.parametrize(
    "request_",
    [
        "Change the skillet in my pending order to 10 inch, same enameled blue. How much is"
        " that? PayPal.",
        "Could I get the skillet in my pending order in 10 inch, same enameled blue? PayPal.",
        "Would it be possible to make the skillet in my pending order 10 inch, same enameled"
        " blue? PayPal.",
    ],
)
def test_a_change_asked_for_in_a_question_is_proposed(chat: Chat, request_: str) -> None:
    chat.say(HIRO)
    said = chat.say(request_)
    assert "To confirm, on order #W9077095 I'll change: Cast Iron Skillet" in said, chat.replies
    chat.say("yes")
    assert chat.writes() == [CHANGE], chat.replies


@pytest.mark.parametrize(
    ("text", "only"),
    [
        ("How much cheaper would the espresso machine be with a lower pressure?", True),
        ("Would it cost more to get the blue one?", True),
        ("Hi. Quick question first: do you have it in white?", True),
        ("Can you tell me what the blue one costs?", True),
        ("Could I exchange it for the blue one?", False),
        ("Is it possible to change it to blue?", False),
        ("Change it to blue. How much is that?", False),
        ("I'd like the blue one. Would it cost more?", False),
        ("want medium, blue if you have it. how much do I pay today?", False),
        ("I was wondering whether it also comes with more storage?", True),
        ("I was wondering whether it could be the blue one?", False),
        ("Gift card for the difference.", False),
        # a request after a fallback ("if not") asks for it (dialogue.not_asking.fallback)
        ("the kettle order, is it shipped yet? if not cancel it. ordered by mistake", False),
        ("Is it shipped yet? If not, change it to blue.", False),
        ("Is it shipped yet? If it is, how much would the blue one cost?", True),
    ],
)
def test_which_messages_only_ask_about_a_change(text: str, only: bool) -> None:
    assert AskingAbout(RETAIL.vocabulary.dialogue).only(text) is only
