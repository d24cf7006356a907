"""Property: whatever the order of messages, proposals, crashes and retries, a write runs only
for the proposal the customer saw last before they wrote the "yes" that confirmed it (the yes
names the proposal waiting when it was stored)."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from deskpilot.domains.retail import RetailStore
from deskpilot.pipeline import ProcessingFailed
from deskpilot.settings import Settings

from ..conftest import RETAIL_WORKSPACE, RetailParts
from .conftest import DEMO, Chat

XIMENA = "ximena.nakamura2272@example.com"
ORDERS = ("#W2460971", "#W4943115")  # two of her pending orders
STEPS = st.lists(
    st.one_of(
        st.tuples(st.just("cancel"), st.sampled_from(ORDERS)),
        st.tuples(st.just("yes"), st.booleans()),  # True: the worker dies before answering it
        st.tuples(st.just("retry"), st.none()),
    ),
    min_size=2,
    max_size=7,
)


class _Crash:
    """An understander that dies once when told to, then works again."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner
        self.armed = False

    def understand(self, text: str, context: Any) -> Any:
        if self.armed:
            self.armed = False
            raise RuntimeError("the worker died")
        return self.inner.understand(text, context)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(STEPS)
# The attack that was found: a yes to A held up by a crash, then B proposed, then the retry.
@example([("cancel", ORDERS[0]), ("yes", True), ("cancel", ORDERS[1]), ("retry", None)])
@example([("cancel", ORDERS[0]), ("yes", True), ("retry", None), ("yes", False)])
def test_a_write_runs_only_for_a_proposal_shown_before_its_yes_was_written(
    retail: RetailParts, steps: list[tuple[str, Any]]
) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        where = Settings(data_dir=Path(tmp), database_url="sqlite://", workspace=RETAIL_WORKSPACE)
        runtime = retail.runtime(where, store=RetailStore.in_memory(DEMO))
        try:
            chat = Chat(runtime)
            crash = _Crash(runtime.pipeline.understander)
            runtime.pipeline.understander = crash  # type: ignore[assignment]
            chat.say(XIMENA)
            # The clock of the customer's screen: when each order's proposal was last shown,
            # and the yes messages written since.
            shown: dict[str, int] = {}
            showings: list[tuple[int, str]] = []
            yes_written: list[int] = []
            for tick, (kind, arg) in enumerate(steps, start=1):
                answered = len(chat.replies)
                try:
                    if kind == "cancel":
                        chat.say(f"Please cancel order {arg}, I ordered it by mistake.")
                    elif kind == "yes":
                        yes_written.append(tick)
                        crash.armed = bool(arg)
                        chat.say("yes")
                    else:
                        runtime.pipeline.retry_failed()
                except ProcessingFailed:
                    pass
                for order in ORDERS:
                    if any(f"cancel order {order}" in r for r in chat.replies[answered:]):
                        shown[order] = tick
                        showings.append((tick, order))
            for action, args in chat.writes():
                assert action == "cancel_pending_order"
                order = args["order_id"]
                assert order in shown, (steps, order)
                # Some yes was written after that order's proposal was shown...
                assert any(t > shown[order] for t in yes_written), (steps, order, shown)
                # ...while it was the last proposal on the customer's screen.
                last_before = {
                    max((s for s in showings if s[0] < t), default=(0, ""))[1] for t in yes_written
                }
                assert order in last_before, (steps, order, showings)
        finally:
            runtime.close()


def _pending_paid_by_card_with_paypal() -> tuple[dict[str, Any], str, dict[str, Any], str, str]:
    """A customer with a card and PayPal, a pending order paid by the card, and one of its
    items with an available variant that differs in one colour-like word."""
    for user in DEMO["users"].values():
        methods = user["payment_methods"]
        if sorted(m["source"] for m in methods.values()) != ["credit_card", "paypal"]:
            continue
        for order_id in user["orders"]:
            order = DEMO["orders"][order_id]
            paid = order["payment_history"][0]["payment_method_id"]
            if order["status"] != "pending" or not paid.startswith("credit_card"):
                continue
            names = [i["name"] for i in order["items"]]
            for item in order["items"]:
                if names.count(item["name"]) > 1:
                    continue
                for vid, v in DEMO["products"][item["product_id"]]["variants"].items():
                    diff = [x for k, x in v["options"].items() if item["options"].get(k) != x]
                    if (
                        v["available"]
                        and len(diff) == 1
                        and len(diff[0]) >= 4
                        and diff[0].isalpha()
                    ):
                        return user, order_id, item, vid, methods[paid]["brand"]
    raise AssertionError("no such customer in the demo store")


def test_a_detail_said_with_a_yes_is_not_the_next_requests(chat: Chat) -> None:
    # "yes, the paypal. and in that order change the speaker": the PayPal is the payment
    # change's, not among the item change's words; its difference goes where they say.
    user, order_id, item, new_id, brand = _pending_paid_by_card_with_paypal()
    chat.say(user["email"])
    reply = chat.say(f"I want to change the payment method of order {order_id} to my paypal.")
    assert "To confirm" in reply, reply
    chat.say(f"yes, the paypal. and in that order I'd like to change the {item['name'].lower()}.")
    assert chat.case is not None and chat.case.intent == "modify_order_items"
    assert "paypal" not in " ".join(chat.case.dialogue.said).lower()  # the yes's, not its
    new = DEMO["products"][item["product_id"]]["variants"][new_id]["options"]
    value = next(x for k, x in new.items() if item["options"].get(k) != x)
    reply = chat.say(f"make it {value}, same everything else. take any difference from my {brand}.")
    assert "To confirm" in reply, chat.replies
    chat.say("yes")
    writes = chat.writes()
    assert [w[0] for w in writes] == ["modify_pending_order_payment", "modify_pending_order_items"]
    paid = DEMO["orders"][order_id]["payment_history"][0]["payment_method_id"]
    assert writes[1][1]["new_item_ids"] == [new_id] and writes[1][1]["payment_method_id"] == paid
