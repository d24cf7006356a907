"""How a message's parts are named: a request of its own when a part is recognised surely, and a
run of pieces after a request, none sure alone, when they are sure together."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import pytest

from deskpilot.domain import IntentScore
from deskpilot.nlu.understander import NluUnderstander
from deskpilot.workspace import load_workspace

from ..conftest import RETAIL_WORKSPACE

REQUESTS = load_workspace(RETAIL_WORKSPACE).vocabulary.requests

MESSAGE = (
    "Cancel order #W1234567, I don't need it anymore. And in my other order the hose is a "
    "green 25ft one. I want vinyl instead, same length. Paypal."
)


def _scorer(sure: Callable[[str], str | None]) -> Callable[[str], Sequence[IntentScore]]:
    """Sure of what ``sure`` names for a text, unsure (0.4) of an item change otherwise."""

    def score(text: str) -> Sequence[IntentScore]:
        name = sure(text)
        if name is not None:
            return [IntentScore(name, 0.9), IntentScore("modify_order_items", 0.05)]
        return [IntentScore("modify_order_items", 0.4), IntentScore("cancel_order", 0.3)]

    return score


def _whole_and_cancel(text: str) -> str | None:
    if text.startswith("Cancel order"):
        return "cancel_order"
    return "modify_order_items" if "hose" in text and "vinyl" in text else None


def test_pieces_sure_only_together_are_a_request_of_their_own() -> None:
    understander = NluUnderstander(_scorer(_whole_and_cancel), requests=REQUESTS)
    u = understander.understand(MESSAGE, None)
    named = [name for name, _ in u.parts]
    assert named[0] == "cancel_order"
    assert named[1:] == ["modify_order_items"] * (len(named) - 1), u.parts
    assert "intent:modify_order_items" in u.flags


def test_a_run_that_asks_nothing_stays_with_the_request_before_it() -> None:
    # The same pieces without a wish ("I want …"): read together they are sure, but nothing in
    # them asks, so no request is added.
    story = MESSAGE.replace("I want vinyl instead", "Vinyl would be nicer")
    understander = NluUnderstander(_scorer(_whole_and_cancel), requests=REQUESTS)
    u = understander.understand(story, None)
    assert [name for name, _ in u.parts][1:] == [""] * (len(u.parts) - 1), u.parts
    assert "intent:modify_order_items" not in u.flags


def test_a_run_unsure_together_too_stays_unnamed() -> None:
    understander = NluUnderstander(
        _scorer(lambda t: "cancel_order" if t.startswith("Cancel order") else None),
        requests=REQUESTS,
    )
    u = understander.understand(MESSAGE, None)
    assert [name for name, _ in u.parts][1:] == [""] * (len(u.parts) - 1), u.parts


def _sure_parts(text: str) -> str | None:
    if text.startswith("Cancel order"):
        return "cancel_order"
    return "modify_order_items" if text.startswith("I want vinyl") else None


def _unsure_whole(
    sure: Callable[[str], str | None], whole: float
) -> Callable[[str], Sequence[IntentScore]]:
    """Sure of each part ``sure`` names; of the whole message, an item change at ``whole``."""

    def score(text: str) -> Sequence[IntentScore]:
        if text == MESSAGE:
            return [IntentScore("modify_order_items", whole), IntentScore("cancel_order", 0.2)]
        name = sure(text)
        if name is not None:
            return [IntentScore(name, 0.9), IntentScore("return_items", 0.05)]
        return [IntentScore("return_items", 0.3), IntentScore("cancel_order", 0.2)]

    return score


@pytest.mark.parametrize(("whole", "flagged"), [(0.3, True), (0.5, False)])
def test_a_part_of_the_whole_reading_is_its_own_request_when_that_reading_is_unsure(
    whole: float, flagged: bool
) -> None:
    # Read as a whole the message is an item change, too unsure to lead (below review: 0.45
    # here): the cancellation part leads, and the item change part must still be a request of
    # its own, or it is dropped without a word. A sure whole reading leads by itself.
    understander = NluUnderstander(
        _unsure_whole(_sure_parts, whole), requests=REQUESTS, review_threshold=0.45
    )
    u = understander.understand(MESSAGE, None)
    assert "intent:cancel_order" in u.flags
    assert ("intent:modify_order_items" in u.flags) is flagged, u.flags
