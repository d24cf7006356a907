"""A proposal waiting for its yes is not lost to another request asked surely beside it
(docs/understanding.md, "A proposal set aside for another request, not dropped").

While the cancellation of one order waited for a yes, "Also I need the shipping address of
order … changed to …", read surely as an address change, was taken as new facts of the
cancellation: the other order was proposed for cancelling, and the address change was lost.
The address change now waits its turn behind the cancellation, asked with "also" for another
order (probes21, "A request added while a proposal waits"): the cancellation is proposed again,
then the address change, each for a yes of its own ("Before that, …" still goes first). A
request the customer withdrew ("Forget the cancellation. …") goes (a control).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from deskpilot.domain import IntentScore

from .conftest import DEMO, chat_scored_by, forced_readings

ADDRESS = "227 Oak Street, Suite 699, Washington, DC 20564"
SCORES = forced_readings(
    (lambda s: "address" in s, [IntentScore("modify_order_address", 0.95)]),
    (lambda s: "cancel" in s, [IntentScore("cancel_order", 0.95)]),
    otherwise=[IntentScore("product_info", 0.2), IntentScore("order_status", 0.15)],
)


def _two_pending() -> tuple[dict[str, Any], str, str]:
    """A demo customer with two pending orders: (customer, one order, the other)."""
    for user in DEMO["users"].values():
        pending = [o for o in user["orders"] if DEMO["orders"][o]["status"] == "pending"]
        if len(pending) >= 2:
            return user, pending[0], pending[1]
    raise AssertionError("no demo customer with two pending orders")


# (the messages before the address change, then after it, the writes by (action, order))
CASES = {
    # added with "also": it waits behind the proposal, in the order asked (probes21)
    "its proposal waiting": (
        ["Please cancel order {a}.", "I ordered it by mistake"],
        ["yes", "yes"],
        [("cancel_pending_order", "{a}"), ("modify_pending_order_address", "{b}")],
    ),
    "withdrawn in the same message": (
        ["Please cancel order {a}."],
        ["yes"],
        [("modify_pending_order_address", "{b}")],
    ),
}


@pytest.mark.parametrize("name", list(CASES))
def test_a_request_in_progress_waits_for_another_asked_surely(tmp_path: Path, name: str) -> None:
    before, after, writes = CASES[name]
    user, a, b = _two_pending()
    change = f"Also I need the shipping address of order {b} changed to {ADDRESS}."
    if name.startswith("withdrawn"):
        change = f"Forget the cancellation. {change}"
    with chat_scored_by(tmp_path, SCORES) as chat:
        chat.say(f"{user['email']}. {before[0].format(a=a)}")
        for text in before[1:]:
            chat.say(text)
        proposed = chat.say(change)
        # never a cancellation of the other order; withdrawn, the address change comes at
        # once, else the cancellation is proposed again and the address change waits
        assert f"cancel order {b}" not in proposed, chat.replies
        first = f"shipping address of order {b}" if name.startswith("withdrawn") else f"order {a}"
        assert first in proposed, chat.replies
        for text in after:
            chat.say(text)
        done = [(n, args["order_id"]) for n, args in chat.writes()]
    assert done == [(n, o.format(a=a, b=b)) for n, o in writes], chat.replies
    if not name.startswith("withdrawn"):
        # the address change was proposed after, for a yes of its own
        later = chat.replies[len(before) + 1 :]
        assert any(f"shipping address of order {b}" in r for r in later), chat.replies


def test_a_short_request_naming_its_own_subject_does_not_re_aim_the_proposal(
    tmp_path: Path,
) -> None:
    """ "Before that, please cancel order A because I ordered it by mistake" (twelve words, a
    short answer by length) while the address change of order B waits: read as new facts, it
    proposed changing the address of order A. Naming its own request's subject, it is that
    request; the address change waits and is proposed again for its own yes."""
    user, a, b = _two_pending()
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
