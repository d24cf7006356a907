"""A numbered thing of a customer's list that no request took up, though read alone it asks
for a change of its own, is proposed from its own words once the requests before it are done,
when those words take its request to its exact proposal at once; otherwise it is named back as
before (docs/understanding.md, "A listed thing read as its own request").

probes13's "(2) The order with the running shoes and the vacuum: I paid with PayPal but I would
like the Mastercard to be charged instead" beside "(1) … please cancel it" was named back.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from deskpilot.domain import IntentScore

from .conftest import chat_scored_by, forced_readings
from .test_left_requests import _two_pending_changes
from .test_unread_parts import EMAIL as UNREAD_EMAIL
from .test_unread_parts import PABLO

# Pablo's headphones order was paid with the Visa: the records agree with the words of (2).
EMAIL = (
    f'Copying my message from before: "Hello. Pablo Carvalho here, {PABLO}. I have made a mess '
    "of my orders and need help. (1) The order with the skillet and the coffee grinder - I "
    "ordered that by mistake, please cancel it. (2) The order with the headphones and the "
    "speaker: I paid with my Visa but I would like the Mastercard to be charged instead. "
    'Thank you!"'
)

CANCELLED = "#W1083416"  # Pablo's skillet and grinder order
REPAID = "#W2332556"  # his headphones and speaker order, paid with the Visa
MASTERCARD = "credit_card_4046335"


def _scores(listed: str) -> Callable[[str], list[IntentScore]]:
    """The part opening with ``listed`` read between the bands as a payment change, every
    other words surely as a cancellation."""
    return forced_readings(
        (
            lambda said: said.startswith(listed),
            [IntentScore("modify_order_payment", 0.6), IntentScore("modify_order_items", 0.2)],
        ),
        otherwise=[IntentScore("cancel_order", 0.95), IntentScore("order_status", 0.01)],
    )


def test_a_listed_thing_is_proposed_from_its_own_words_after_the_request_before(
    tmp_path: Path,
) -> None:
    with chat_scored_by(tmp_path, _scores("(2)")) as chat:
        assert f"cancel order {CANCELLED}" in chat.say(EMAIL), chat.replies
        done = chat.say("yes")
        assert f"{CANCELLED} is cancelled" in done, chat.replies
        # the payment change, for a yes: not "I couldn't tell what you wanted"
        assert "couldn't tell" not in done and f"pay order {REPAID}" in done, chat.replies
        assert "Mastercard" in done and "Shall I go ahead" in done, chat.replies
        chat.say("yes")
        assert chat.writes() == [
            ("cancel_pending_order", {"order_id": CANCELLED, "reason": "ordered by mistake"}),
            ("modify_pending_order_payment", {"order_id": REPAID, "payment_method_id": MASTERCARD}),
        ], chat.replies


@pytest.mark.parametrize(
    ("email", "why"),
    [
        # not a listed thing, and the records disagree with its words (the order was paid with
        # the Visa, not the Mastercard): named back, never acted on
        (UNREAD_EMAIL.replace("(2) The order", "The order"), "not listed"),
        # its words name no method to move to: no proposal at once, so it is named back
        (
            EMAIL.replace(
                "I would like the Mastercard to be charged instead",
                "I would like another card to be charged",
            ),
            "no method",
        ),
    ],
)
def test_a_part_that_is_no_listed_thing_or_reaches_no_proposal_is_named_back(
    tmp_path: Path, email: str, why: str
) -> None:
    listed = "(2)" if why != "not listed" else "the order with the headphones"
    with chat_scored_by(tmp_path, _scores(listed)) as chat:
        chat.say(email)
        done = chat.say("yes")
        assert "couldn't tell what you wanted with" in done, (why, chat.replies)
        assert "Shall I go ahead" not in done, (why, chat.replies)
        chat.say("yes")
        assert [n for n, _ in chat.writes()] == ["cancel_pending_order"], (why, chat.replies)


def test_a_listed_thing_read_as_no_request_is_read_from_the_records(tmp_path: Path) -> None:
    # "(4) The running shoes in it should be yellow, not black. Same size. Mastercard for the
    # difference.": read as no request, the thing's words (up to the next listed thing) name
    # an item of theirs and another value of its product: its item change, for a yes
    user, [(first, one, _, _), (second, two, value, new)] = _two_pending_changes()
    scores = forced_readings(
        (lambda said: said.startswith("(2)"), [IntentScore("product_info", 0.2)]),
        otherwise=[IntentScore("cancel_order", 0.95), IntentScore("order_status", 0.01)],
    )
    with chat_scored_by(tmp_path, scores) as chat:
        said = chat.say(
            f"{user['email']}. (1) The order with the {one['name'].lower()} - I ordered it by "
            f"mistake, please cancel it. (2) The {two['name'].lower()} in my other order should "
            f"be {value}. Same otherwise. PayPal for the difference. Thank you!"
        )
        assert f"cancel order {first}" in said, chat.replies
        done = chat.say("yes")
        assert f"on order {second}" in done and "Shall I go ahead" in done, chat.replies
        chat.say("yes")
        writes = chat.writes()
    assert [n for n, _ in writes] == ["cancel_pending_order", "modify_pending_order_items"]
    assert (writes[1][1]["order_id"], writes[1][1]["new_item_ids"]) == (second, [new])


def test_the_listed_things_after_one_turned_down_are_named_back(tmp_path: Path) -> None:
    email = EMAIL.replace(
        ' Thank you!"', ' (3) The headphones must go to my Baltimore address. Thank you!"'
    )
    scores = forced_readings(
        (
            lambda said: said.startswith("(2)"),
            [IntentScore("modify_order_payment", 0.6), IntentScore("modify_order_items", 0.2)],
        ),
        (lambda said: said.startswith("(3)"), [IntentScore("product_info", 0.2)]),
        otherwise=[IntentScore("cancel_order", 0.95), IntentScore("order_status", 0.01)],
    )
    with chat_scored_by(tmp_path, scores) as chat:
        chat.say(email)
        assert f"pay order {REPAID}" in chat.say("yes"), chat.replies
        no = chat.say("no")
        assert "couldn't tell what you wanted with" in no and "(3) The headphones" in no, no
        assert [n for n, _ in chat.writes()] == ["cancel_pending_order"], chat.replies
