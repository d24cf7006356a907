"""A request read only between the bands after a yes that confirms what waits ("yes. and that
coffee grinder - … can I have the black one instead?"): the yes runs the proposal waiting, and
that request waits its turn with the words after the yes, its proposal confirmed as any other
(docs/understanding.md, "A request read between the bands")."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from deskpilot.domain import IntentScore

from .conftest import Chat, action_statuses, chat_scored_by, forced_readings, yes_or_no

GRETA = "greta.guerrero5203@example.com"  # pending #W6948042: a silver coffee grinder, a chair
ADDRESS = f"{GRETA}. Please ship order #W6948042 to 12 Oak Street, Austin, TX 78701."
GRINDER = (
    "and that coffee grinder - it's the silver one with 15 grind settings - can I have the "
    "black one instead? same 400g hopper. gift card."
)


def _scores(wish: float) -> Callable[[str], list[IntentScore]]:
    """The address change read surely, the part asking for the grinder read at ``wish`` as an
    item change, everything else below the review band; a yes read surely."""

    def scores(text: str) -> list[IntentScore]:
        said = text.strip().lower()
        if (answer := yes_or_no(said)) is not None:
            return answer
        if said.startswith("please ship order") or ("ship order" in said and "@" in said):
            return [IntentScore("modify_order_address", 0.97), IntentScore("order_status", 0.01)]
        if said.startswith("can i have"):
            return [IntentScore("modify_order_items", wish), IntentScore("product_info", 0.1)]
        return [IntentScore("product_info", 0.2), IntentScore("modify_order_items", 0.15)]

    return scores


def _statuses(chat: Chat, action: str) -> list[str]:
    return action_statuses(chat.runtime, chat.conversation.case_id, action)


def _addresses(chat: Chat) -> list[tuple[str, str]]:
    """The address changes written: which order, to which street."""
    return [
        (args["order_id"], args["address1"])
        for action, args in chat.writes()
        if action == "modify_pending_order_address"
    ]


def test_a_request_read_between_the_bands_after_a_yes_waits_its_turn(tmp_path: Path) -> None:
    with chat_scored_by(tmp_path, _scores(0.6)) as chat:
        said = chat.say(ADDRESS)
        assert "change the shipping address of order #W6948042" in said, said
        said = chat.say(f"yes. {GRINDER}")
        assert _statuses(chat, "modify_pending_order_address") == ["succeeded"]
        # the grinder's change is proposed from the words after the yes, and waits for its own yes
        assert "To confirm, on order #W6948042 I'll change: Burr Coffee Grinder" in said, said
        assert "black" in said and "Ergonomic Desk Chair" not in said, said
        assert _statuses(chat, "modify_pending_order_items") == []
        chat.say("yes")
        assert _statuses(chat, "modify_pending_order_items") == ["succeeded"]


def test_a_request_read_below_the_review_band_after_a_yes_is_not_taken(tmp_path: Path) -> None:
    with chat_scored_by(tmp_path, _scores(0.2)) as chat:
        chat.say(ADDRESS)
        said = chat.say(f"yes. {GRINDER}")
        assert "Burr Coffee Grinder" not in said, said
        chat.say("yes")
        assert _statuses(chat, "modify_pending_order_items") == []


def test_a_yes_that_changes_the_proposal_waiting_is_asked_again_not_run(tmp_path: Path) -> None:
    # new facts for the proposal waiting ("to 9 Lake Drive instead"): it is said again, and
    # nothing runs on the yes that changed it, whatever else the message asks
    with chat_scored_by(tmp_path, _scores(0.6)) as chat:
        chat.say(ADDRESS)
        said = chat.say(f"yes, but to 9 Lake Drive, Miami, FL 33101 instead. {GRINDER}")
        assert _statuses(chat, "modify_pending_order_address") == []
        assert "9 Lake Drive" in said, said


def test_a_yes_then_the_same_request_for_another_subject_runs_both(tmp_path: Path) -> None:
    # "yes." alone, then the same request for another order: that yes consents to what waits,
    # and the other order's change is proposed after it, for its own yes
    with chat_scored_by(tmp_path, _scores(0.6)) as chat:
        chat.say(ADDRESS)
        said = chat.say("yes. and ship order #W5691980 to 9 Lake Drive, Miami, FL 33101.")
        assert _addresses(chat) == [("#W6948042", "12 Oak Street")]
        assert "order #W5691980 to 9 Lake Drive" in said, said
        chat.say("yes")
        assert _addresses(chat) == [("#W6948042", "12 Oak Street"), ("#W5691980", "9 Lake Drive")]


def test_a_yes_then_the_same_subject_again_is_asked_again_not_run(tmp_path: Path) -> None:
    with chat_scored_by(tmp_path, _scores(0.6)) as chat:
        chat.say(ADDRESS)
        said = chat.say("yes. and ship order #W6948042 to 9 Lake Drive, Miami, FL 33101.")
        assert _addresses(chat) == []
        assert "order #W6948042 to 9 Lake Drive" in said, said


def test_a_request_taking_a_detail_of_the_one_confirmed_is_not_taken_after_the_yes(
    tmp_path: Path,
) -> None:
    # an item change and a cancellation both take the order's items: words after the yes to
    # the one, read between the bands as the other, may be its details, so nothing is proposed
    scores = forced_readings(
        (
            lambda said: "change the coffee grinder" in said,
            [IntentScore("modify_order_items", 0.97), IntentScore("order_status", 0.01)],
        ),
        (
            lambda said: said.startswith("can you cancel"),
            [IntentScore("cancel_order", 0.6), IntentScore("product_info", 0.1)],
        ),
        otherwise=[IntentScore("product_info", 0.2), IntentScore("modify_order_items", 0.15)],
    )

    with chat_scored_by(tmp_path, scores) as chat:
        said = chat.say(
            f"{GRETA}. Please change the coffee grinder in order #W6948042 to the black one, "
            "same 15 grind settings and 400g hopper."
        )
        assert "Burr Coffee Grinder" in said and "To confirm" in said, said
        said = chat.say("yes. and that order - can you cancel it? I ordered it by mistake.")
        assert _statuses(chat, "modify_pending_order_items") == ["succeeded"]
        # nothing is said of a cancellation: not proposed, nor checked and refused
        assert "To confirm" not in said and "cancel" not in said.lower(), said
