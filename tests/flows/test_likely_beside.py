"""A request read surely, and beside it a part asking for another request read only between
the bands ("i want to return the water bottle … and my pending order with the speaker should
ship to …"): the sure one runs first, and the other waits its turn with its part's words, its
proposal confirmed as any other (docs/understanding.md, "A request read between the bands")."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from deskpilot.domain import IntentScore

from .conftest import AUSTIN, chat_scored_by, forced_readings, yes_or_no

ZANE = "zane.valdez9579@example.com"  # delivered #W6984355: a water bottle; pending #W5118231
RETURN = "i want to return the water bottle from my delivered order, refund to my visa"
SHIP = (
    "and my pending order with the portable speaker should ship to 12 Oak Street, Austin, TX 78701"
)
MESSAGE = f"{ZANE}. {RETURN}. {SHIP}."


def _scores(
    address: float, beside: str = "modify_order_address"
) -> Callable[[str], list[IntentScore]]:
    """The return read surely (as a whole and as its part), the part asking for the address
    read at ``address`` as ``beside``, everything else below the review band."""

    def scores(text: str) -> list[IntentScore]:
        said = text.strip().lower()
        if (answer := yes_or_no(said)) is not None:
            return answer
        if said.startswith("and my pending order"):
            return [IntentScore(beside, address), IntentScore("order_status", 0.1)]
        if "return" in said:
            return [IntentScore("return_items", 0.9), IntentScore(beside, 0.05)]
        return [IntentScore("product_info", 0.2), IntentScore("order_status", 0.15)]

    return scores


def test_a_request_read_between_the_bands_beside_a_sure_one_waits_its_turn(
    tmp_path: Path,
) -> None:
    with chat_scored_by(tmp_path, _scores(0.6)) as chat:
        said = chat.say(MESSAGE)
        assert "return of Water Bottle" in said, said
        said = chat.say("yes")
        assert [a for a, _ in chat.writes()] == ["return_delivered_order_items"]
        assert "shipping address of order #W5118231 to 12 Oak Street" in said, said
        chat.say("yes")
        assert chat.writes()[-1] == (
            "modify_pending_order_address",
            {"order_id": "#W5118231", **AUSTIN},
        )


def test_a_request_read_below_the_review_band_beside_a_sure_one_is_not_taken(
    tmp_path: Path,
) -> None:
    with chat_scored_by(tmp_path, _scores(0.2)) as chat:
        chat.say(MESSAGE)
        said = chat.say("yes")
        assert "12 Oak Street" not in said, said
        chat.say("yes")
        assert [a for a, _ in chat.writes()] == ["return_delivered_order_items"]


def test_a_request_taking_a_detail_of_the_sure_one_is_not_taken_beside_it(
    tmp_path: Path,
) -> None:
    # a return and an exchange both take the order's items: a part read between the bands as
    # the one, beside the other read surely, may be its details, so nothing more is proposed
    with chat_scored_by(tmp_path, _scores(0.6, beside="exchange_items")) as chat:
        chat.say(MESSAGE)
        said = chat.say("yes")
        assert "exchange" not in said.lower(), said
        chat.say("yes")
        assert [a for a, _ in chat.writes()] == ["return_delivered_order_items"]


def test_a_request_read_between_the_bands_whose_words_name_no_subject_is_dropped(
    tmp_path: Path,
) -> None:
    # "Then I won't have to change it every time I buy something", read between the bands as
    # an address change: its words name none of the customer's orders, so it is not asked about
    scores = forced_readings(
        (
            lambda said: said.startswith("then i"),
            [IntentScore("modify_order_address", 0.6), IntentScore("order_status", 0.1)],
        ),
        (
            lambda said: "return" in said,
            [IntentScore("return_items", 0.9), IntentScore("order_status", 0.05)],
        ),
        otherwise=[IntentScore("product_info", 0.2), IntentScore("order_status", 0.15)],
    )

    with chat_scored_by(tmp_path, scores) as chat:
        chat.say(f"{ZANE}. {RETURN}. Then I won't have to change it every time I buy something.")
        said = chat.say("yes")
        assert [a for a, _ in chat.writes()] == ["return_delivered_order_items"]
        assert "Which order" not in said, said


def test_a_question_read_between_the_bands_beside_a_sure_request_is_not_taken(
    tmp_path: Path,
) -> None:
    # "… and which address does my speaker order ship to?": a question about the order, not a
    # wish to change its address
    with chat_scored_by(tmp_path, _scores(0.6)) as chat:
        chat.say(
            f"{ZANE}. {RETURN}. and my pending order with the portable speaker, which "
            "address does it ship to?"
        )
        said = chat.say("yes")
        assert "What's the new address" not in said, said
        assert [a for a, _ in chat.writes()] == ["return_delivered_order_items"]


def test_a_request_beside_a_sure_one_pointing_back_with_that_one_is_of_the_same_order(
    tmp_path: Path,
) -> None:
    # "… should ship to … and put that one on paypal": read now that the customer is known, its
    # words name the order the address change was about only as "that one"; before, it named
    # no order on its own and was dropped without a word.
    ship = (
        "my pending order with the portable speaker should ship to 12 Oak Street, Austin, TX 78701"
    )
    pay = "and put that one on paypal rather than the visa"

    scores = forced_readings(
        (
            lambda said: said.startswith("and put"),
            [IntentScore("modify_order_payment", 0.6), IntentScore("order_status", 0.1)],
        ),
        otherwise=[IntentScore("modify_order_address", 0.9), IntentScore("order_status", 0.05)],
    )

    with chat_scored_by(tmp_path, scores) as chat:
        said = chat.say(f"{ZANE}. {ship}. {pay}")
        assert "shipping address of order #W5118231" in said, said
        said = chat.say("yes")
        assert "pay order #W5118231 with your Paypal" in said, chat.replies
        chat.say("yes")
        assert chat.writes()[-1] == (
            "modify_pending_order_payment",
            {"order_id": "#W5118231", "payment_method_id": "paypal_2102328"},
        )
