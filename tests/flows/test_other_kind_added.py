"""A request of another kind, added with a word of adding while a proposal waits for its yes,
waits its turn behind that proposal, as one of the same kind does (docs/understanding.md, "A
request of another kind added while a proposal waits", 2026-12-07).

"Please cancel my order with the espresso machine …", then, before the yes, "oh and also, the
order with the grill … please ship it to … instead" (probes20, task 243): the address change
went first and the cancellation was asked again after it, so the customer's two writes were made
in the other order than asked. Asked with a word of adding ("also", "as well"), the other request
now waits behind the proposal, pinned to its own subject, and the engine says so; asked without
one it still goes first, and a question is still answered at once.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from deskpilot.domain import IntentScore

from .conftest import chat_scored_by, forced_readings, two_pending

ADDRESS = "227 Oak Street, Suite 699, Washington, DC 20564"
SCORES = forced_readings(
    (lambda s: "where is" in s, [IntentScore("order_status", 0.95)]),
    (lambda s: "address" in s or "ship" in s, [IntentScore("modify_order_address", 0.95)]),
    (lambda s: "cancel" in s, [IntentScore("cancel_order", 0.95)]),
    otherwise=[IntentScore("product_info", 0.2), IntentScore("order_status", 0.15)],
)


# (said while the cancellation of order {a} waits, what the reply proposes first, the writes by
# (action, order) after two yeses)
CASES = {
    "also, another kind: waits behind": (
        "Also I need the shipping address of order {b} changed to " + ADDRESS + ".",
        "cancel order {a}",
        [("cancel_pending_order", "{a}"), ("modify_pending_order_address", "{b}")],
    ),
    "as well, another kind: waits behind": (
        "oh, and please ship order {b} to " + ADDRESS + " as well",
        "cancel order {a}",
        [("cancel_pending_order", "{a}"), ("modify_pending_order_address", "{b}")],
    ),
    "no word of adding: goes first, as before": (
        "I need the shipping address of order {b} changed to " + ADDRESS + ".",
        "shipping address of order {b}",
        [("modify_pending_order_address", "{b}"), ("cancel_pending_order", "{a}")],
    ),
    "a question with a word of adding: answered at once": (
        "Also, where is order {b}?",
        "order {b}",
        [("cancel_pending_order", "{a}")],
    ),
}


@pytest.mark.parametrize("name", list(CASES))
def test_a_request_added_beside_a_waiting_proposal_takes_its_turn(
    tmp_path: Path, name: str
) -> None:
    said, proposed, writes = CASES[name]
    user, a, b = two_pending()
    with chat_scored_by(tmp_path, SCORES) as chat:
        chat.say(f"{user['email']}. Please cancel order {a}.")
        chat.say("I ordered it by mistake")
        reply = chat.say(said.format(b=b))
        assert proposed.format(a=a, b=b).lower() in reply.lower(), chat.replies
        if proposed.startswith("cancel"):
            # the engine says the other request comes next
            assert "right after this one" in reply, chat.replies
            assert f"order {b}" in reply, chat.replies
        chat.say("yes")
        chat.say("yes")
        done = [(n, args["order_id"]) for n, args in chat.writes()]
    assert done == [(n, o.format(a=a, b=b)) for n, o in writes], chat.replies
