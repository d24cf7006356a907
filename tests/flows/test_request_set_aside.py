"""A proposal waiting for its yes is not lost to another request asked surely beside it
(docs/understanding.md, "A proposal set aside for another request, not dropped").

While the cancellation of one order waited for a yes, "Also I need the shipping address of
order … changed to …", read surely as an address change, was taken as new facts of the
cancellation: the other order was proposed for cancelling, and the address change was lost.
The proposal now waits its turn with its words, the address change is proposed, and the
cancellation is proposed again after it for a yes of its own. A request the customer withdrew
("Forget the cancellation. …") goes (a control). Asked with a word of adding ("Also I need …"),
the other request waits behind the proposal instead, in the order the customer asked for them
(docs/understanding.md, "A request of another kind added while a proposal waits", 2026-12-07).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from deskpilot.domain import IntentScore

from .conftest import chat_scored_by, forced_readings, two_pending

ADDRESS = "227 Oak Street, Suite 699, Washington, DC 20564"
SCORES = forced_readings(
    (lambda s: "address" in s, [IntentScore("modify_order_address", 0.95)]),
    (lambda s: "cancel" in s, [IntentScore("cancel_order", 0.95)]),
    otherwise=[IntentScore("product_info", 0.2), IntentScore("order_status", 0.15)],
)


# (the messages before the address change, the address change (its order as {b}), then the
# messages after it, the writes by (action, order))
CASES = {
    "its proposal waiting": (
        ["Please cancel order {a}.", "I ordered it by mistake"],
        "I need the shipping address of order {b} changed to " + ADDRESS + ".",
        ["yes", "yes"],
        [("modify_pending_order_address", "{b}"), ("cancel_pending_order", "{a}")],
    ),
    "withdrawn in the same message": (
        ["Please cancel order {a}."],
        "Forget the cancellation. Also I need the shipping address of order {b} changed to "
        + ADDRESS
        + ".",
        ["yes"],
        [("modify_pending_order_address", "{b}")],
    ),
}


@pytest.mark.parametrize("name", list(CASES))
def test_a_request_in_progress_waits_for_another_asked_surely(tmp_path: Path, name: str) -> None:
    before, change, after, writes = CASES[name]
    user, a, b = two_pending()
    change = change.format(b=b)
    with chat_scored_by(tmp_path, SCORES) as chat:
        chat.say(f"{user['email']}. {before[0].format(a=a)}")
        for text in before[1:]:
            chat.say(text)
        proposed = chat.say(change)
        # the other order's address change is proposed, never a cancellation of it
        assert f"shipping address of order {b}" in proposed, chat.replies
        for text in after:
            chat.say(text)
        done = [(n, args["order_id"]) for n, args in chat.writes()]
    assert done == [(n, o.format(a=a, b=b)) for n, o in writes], chat.replies
    if not name.startswith("withdrawn"):
        # the cancellation was proposed again, for a yes of its own
        assert any(f"cancel order {a}" in r for r in chat.replies[len(before) + 1 :]), chat.replies


def test_a_short_request_naming_its_own_subject_does_not_re_aim_the_proposal(
    tmp_path: Path,
) -> None:
    """ "Before that, please cancel order A because I ordered it by mistake" (twelve words, a
    short answer by length) while the address change of order B waits: read as new facts, it
    proposed changing the address of order A. Naming its own request's subject, it is that
    request; the address change waits and is proposed again for its own yes."""
    user, a, b = two_pending()
    with chat_scored_by(tmp_path, SCORES) as chat:
        chat.say(f"{user['email']}. Please change the shipping address of order {b} to {ADDRESS}.")
        proposed = chat.say(f"Before that, please cancel order {a} because I ordered it by mistake")
        assert f"shipping address of order {a}" not in proposed, chat.replies
        assert f"cancel order {a}" in proposed, chat.replies
        again = chat.say("yes")
        assert f"shipping address of order {b}" in again, chat.replies
        chat.say("yes")
        done = [(n, args["order_id"]) for n, args in chat.writes()]
    assert done == [("cancel_pending_order", a), ("modify_pending_order_address", b)], chat.replies
