"""A part that names its item first and asks only by a wish after a comma ("then the camera I
got, it is 20MP, I want the 30MP one instead") is a request of its own when the classifier is
sure of the part and the wish's own words read as the same request; its story alone ("the hose
doesn't reach the yard, I want the longest one", read as a return) asks for nothing the wish
does not."""

from __future__ import annotations

from pathlib import Path

import pytest

from deskpilot.domain import IntentScore

from .conftest import chat_scored_by
from .test_request_order import _exchange_and_cancellation


@pytest.mark.parametrize(("wish_reads", "exchanged"), [("exchange_items", True), ("", False)])
def test_a_wish_after_a_comma_asks_for_the_request_beside_a_cancellation(
    tmp_path: Path, wish_reads: str, exchanged: bool
) -> None:
    user, item, value, delivered, pending = _exchange_and_cancellation()
    product = item["name"].lower()

    def scores(text: str) -> list[IntentScore]:
        said = text.strip().lower()
        if said == "yes":
            return [IntentScore("affirm", 0.97)]
        if said.startswith("i want"):
            # the wish's own words: the exchange (unsure), or another request
            name = wish_reads or "return_items"
            return [IntentScore(name, 0.6), IntentScore("product_info", 0.2)]
        if said.startswith("then"):
            return [IntentScore("exchange_items", 0.9), IntentScore("return_items", 0.05)]
        return [IntentScore("cancel_order", 0.9), IntentScore("exchange_items", 0.05)]

    # Without the exchange's reading, a wish naming no value of the item's product: one that
    # names one is read from the customer's records whatever the classifier reads
    # (test_long_message_parts.py).
    wish = f"the {value} one" if exchanged else "a nicer one"
    with chat_scored_by(tmp_path, scores) as chat:
        first = chat.say(
            f"{user['email']}. please cancel order {pending}, I don't need it anymore. then the "
            f"{product} I got, it is the one from order {delivered}, I want {wish} instead, "
            "everything else the same."
        )
        assert pending in first and "Shall I go ahead" in first, chat.replies
        after = chat.say("yes")
        assert (delivered in after and "exchange" in after) is exchanged, chat.replies
        chat.say("yes")
        names = [name for name, _ in chat.writes()]
        wanted = ["cancel_pending_order", "exchange_delivered_order_items"]
        assert names == (wanted if exchanged else wanted[:1]), chat.replies
