"""A request read between the bands by a part of a message no part of which was read surely:
asked about by name, or proposed at once when the message says all it needs, never dropped
(docs/understanding.md, "A request read between the bands")."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from deskpilot.domain import IntentScore

from .conftest import Chat, action_statuses, chat_scored_by, yes_or_no

GRETA = "greta.guerrero5203@example.com"  # pending #W6948042 in the demo store


def _scores(request: float) -> Callable[[str], list[IntentScore]]:
    """The part asking for a cancellation read at ``request``; the whole message and the
    story around it below the review band; a yes and a no read surely."""

    def scores(text: str) -> list[IntentScore]:
        said = text.strip().lower()
        if (answer := yes_or_no(said)) is not None:
            return answer
        if said.startswith("could you cancel"):
            return [IntentScore("cancel_order", request), IntentScore("order_status", 0.1)]
        return [IntentScore("product_info", 0.2), IntentScore("cancel_order", 0.15)]

    return scores


def _cancels(chat: Chat) -> list[str]:
    return action_statuses(chat.runtime, chat.conversation.case_id, "cancel_pending_order")


NAMED = f"{GRETA}. Plans changed. Could you cancel order #W6948042, I no longer need it."
UNNAMED = f"{GRETA}. Plans changed this week. Could you cancel something for me?"


def test_a_request_read_between_the_bands_that_says_all_it_needs_is_proposed(
    tmp_path: Path,
) -> None:
    with chat_scored_by(tmp_path, _scores(0.6)) as chat:
        said = chat.say(NAMED)
        assert "To confirm: I'll cancel order #W6948042" in said, said
        assert _cancels(chat) == []
        chat.say("yes")
        assert _cancels(chat) == ["succeeded"]


def test_a_request_read_between_the_bands_is_asked_about_by_name(tmp_path: Path) -> None:
    with chat_scored_by(tmp_path, _scores(0.6)) as chat:
        said = chat.say(UNNAMED)
        assert "Do you want to cancel an order? (yes/no)" in said, said
        # the yes starts it with what was said: the order is asked for next, nothing written
        said = chat.say("yes")
        assert "Which order would you like to cancel?" in said, said
        assert _cancels(chat) == []


def test_a_no_to_the_request_asked_about_starts_nothing(tmp_path: Path) -> None:
    with chat_scored_by(tmp_path, _scores(0.6)) as chat:
        chat.say(UNNAMED)
        said = chat.say("no")
        assert "To confirm" not in said and "Which order" not in said, said
        assert _cancels(chat) == []


def test_a_request_read_below_the_review_band_is_not_offered(tmp_path: Path) -> None:
    with chat_scored_by(tmp_path, _scores(0.3)) as chat:
        said = chat.say(NAMED)
        assert "What can I help you with?" in said, said
