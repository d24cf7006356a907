"""A message that answers the request in progress and speaks of a request waiting its turn
gives that request its words too (docs/understanding.md, "Words for a request that waits").

probes11's "My pending order with the dumbbells and the helmet needs to go to Jacksonville …":
the address change asked which order, the item change waited; "also the cycling helmet in
there is an L, make it two sizes smaller. same blue. paypal" (read between the bands as an
exchange) answered the address change, and the item change's turn came with the first
message's words only: "Which items should change?".
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from deskpilot.domain import IntentScore

from .conftest import chat_scored_by, forced_readings
from .test_left_requests import _two_pending_changes

ADDRESS = "227 Oak Street, Suite 699, Washington, DC 20564"


def _scores(later: str, sure: float) -> Callable[[str], list[IntentScore]]:
    """The address change read surely, the part asking for an item change surely, and the
    message giving the address read at ``sure`` as ``later``."""
    return forced_readings(
        (lambda s: s.startswith("and i want to change"), [IntentScore("modify_order_items", 0.9)]),
        (lambda s: "new address" in s, [IntentScore("modify_order_address", 0.9)]),
        (lambda s: s.startswith("227 oak"), [IntentScore(later, sure)]),
        otherwise=[IntentScore("product_info", 0.2), IntentScore("order_status", 0.15)],
    )


def test_words_for_a_waiting_request_said_while_another_asks_are_kept(tmp_path: Path) -> None:
    # read between the bands as an exchange: a request the waiting item change may become
    user, [_, (order_id, item, value, new)] = _two_pending_changes()
    name = item["name"].lower()
    with chat_scored_by(tmp_path, _scores("exchange_items", 0.45)) as chat:
        asked = chat.say(
            f"{user['email']}. My pending order with the {name} needs to go to a new address. "
            "And I want to change an item of it."
        )
        assert "address" in asked and "Shall I" not in asked, asked
        proposed = chat.say(f"{ADDRESS}. also the {name} in there, make it {value}. paypal")
        assert f"order {order_id} to 227 Oak Street" in proposed, proposed
        then = chat.say("yes")
        # the item change's proposal at once, not "Which items should change?"
        assert "Shall I go ahead" in then and value in then, then
        chat.say("yes")
        writes = chat.writes()
    assert [n for n, _ in writes] == ["modify_pending_order_address", "modify_pending_order_items"]
    assert (writes[1][1]["order_id"], writes[1][1]["new_item_ids"]) == (order_id, [new])


def test_words_read_as_another_request_are_not_given_to_the_waiting_one(tmp_path: Path) -> None:
    user, [_, (_, item, value, _new)] = _two_pending_changes()
    name = item["name"].lower()
    with chat_scored_by(tmp_path, _scores("cancel_order", 0.45)) as chat:
        chat.say(
            f"{user['email']}. My pending order with the {name} needs to go to a new address. "
            "And I want to change an item of it."
        )
        chat.say(f"{ADDRESS}. also the {name} in there, make it {value}. paypal")
        then = chat.say("yes")
        assert "Shall I go ahead" not in then, then
        assert [n for n, _ in chat.writes()] == ["modify_pending_order_address"]
