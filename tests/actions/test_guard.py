"""The guard refuses, with a code and a reason, every write it must not let through."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest
from pydantic import BaseModel

from deskpilot.actions import (
    ActionLayer,
    ActionOutcome,
    ActionRegistry,
    ActionSpec,
    Guard,
    GuardContext,
    SideEffect,
)
from deskpilot.domain import (
    ActionStatus,
    Assurance,
    Case,
    CaseId,
    CustomerId,
    EventType,
    PendingConfirmation,
    Verification,
    new_id,
)
from deskpilot.domains.retail import RetailConnector, RetailStore, generate_store
from deskpilot.policy import PolicyRule
from deskpilot.store import CaseRecorder, Database
from deskpilot.workspace import PolicyFile

DATA = generate_store()


def _pending_order(user_id: str | None = None) -> tuple[str, dict[str, Any]]:
    for order_id, order in DATA["orders"].items():
        if order["status"] == "pending" and user_id in (None, order["user_id"]):
            return order_id, order
    raise AssertionError("no pending order in the demo store")


class Harness:
    """An action layer over an in-memory copy of the demo store, and a case to act in."""

    def __init__(self, policies: PolicyFile | None = None, never: tuple[str, ...] = ()) -> None:
        self.store = RetailStore.in_memory(DATA)
        self.db = Database.connect("sqlite://")
        registry = ActionRegistry()
        registry.register(RetailConnector(self.store))
        self.layer = ActionLayer(registry, Guard(policies or PolicyFile(), never), self.db)
        self.case = Case(id=CaseId(new_id("case")), customer_id=CustomerId(new_id("cus")))
        with self.db.transaction() as repo:
            repo.insert_case(self.case)

    def verify(self, user_id: str) -> None:
        self.case = replace(self.case, verification=Verification(user_id, "email"))

    def confirm(self, action: str, args: dict[str, Any]) -> None:
        pc = PendingConfirmation(action, args, "ok?")
        self.case = replace(self.case, confirmed=(*self.case.confirmed, pc))

    def call(self, action: str, args: dict[str, Any], **ctx: Any) -> ActionOutcome:
        recorder = CaseRecorder(self.db, self.case.id, None)
        outcome = self.layer.call(action, args, GuardContext(self.case, "bot", **ctx), recorder)
        recorder.flush()
        return outcome

    def events(self) -> list[Any]:
        with self.db.transaction() as repo:
            return repo.list_events(self.case.id)


def _cancel_args(order_id: str, reason: str = "no longer needed") -> dict[str, Any]:
    return {"order_id": order_id, "reason": reason}


def test_guard_refuses_a_write_without_verification() -> None:
    h = Harness()
    order_id, _ = _pending_order()
    h.confirm("cancel_pending_order", _cancel_args(order_id))
    outcome = h.call("cancel_pending_order", _cancel_args(order_id))
    assert (outcome.status, outcome.refusal_code) == (ActionStatus.REFUSED, "not_verified")
    assert h.store.snapshot()["orders"][order_id]["status"] == "pending"


def test_guard_refuses_a_write_on_another_customers_order() -> None:
    h = Harness()
    order_id, order = _pending_order()
    stranger = next(u for u in DATA["users"] if u != order["user_id"])
    h.verify(stranger)
    h.confirm("cancel_pending_order", _cancel_args(order_id))
    outcome = h.call("cancel_pending_order", _cancel_args(order_id))
    assert outcome.refusal_code == "not_owner"
    assert "another customer" in (outcome.refusal_reason or "")


def test_guard_refuses_a_write_without_confirmation() -> None:
    h = Harness()
    order_id, order = _pending_order()
    h.verify(order["user_id"])
    outcome = h.call("cancel_pending_order", _cancel_args(order_id))
    assert outcome.refusal_code == "not_confirmed"


def test_guard_refuses_a_confirmation_for_different_arguments() -> None:
    h = Harness()
    order_id, order = _pending_order()
    h.verify(order["user_id"])
    h.confirm("cancel_pending_order", _cancel_args(order_id, "ordered by mistake"))
    outcome = h.call("cancel_pending_order", _cancel_args(order_id, "no longer needed"))
    assert outcome.refusal_code == "confirmation_mismatch"
    assert h.store.snapshot()["orders"][order_id]["status"] == "pending"


def test_guard_passes_store_rules_as_structured_refusals() -> None:
    h = Harness()
    order_id, order = _pending_order()
    h.verify(order["user_id"])
    args = _cancel_args(order_id, "found it cheaper elsewhere")
    h.confirm("cancel_pending_order", args)
    outcome = h.call("cancel_pending_order", args)
    assert outcome.refusal_code == "invalid_cancel_reason"
    verdicts = [e for e in h.events() if e.type is EventType.GUARD_DECISION]
    assert verdicts[-1].data["allowed"] is False
    assert verdicts[-1].data["checks_passed"] == [
        "verified",
        "ownership",
        "confirmed",
        "automation_allowed",
    ]


def test_guard_refuses_a_write_over_a_workspace_limit() -> None:
    rule = PolicyRule(
        name="max_items_per_change",
        when="size(args.item_ids) > limits.max_items",
        effect="handoff",
        reason="Changing more than one item at once is approved by a person.",
        actions=["modify_pending_order_items"],
    )
    h = Harness(PolicyFile(limits={"max_items": 1}, rules=[rule]))
    order_id, order = next(
        (k, o)
        for k, o in DATA["orders"].items()
        if o["status"] == "pending" and len(o["items"]) >= 2
    )
    h.verify(order["user_id"])
    item_ids = [i["item_id"] for i in order["items"][:2]]
    method = next(iter(DATA["users"][order["user_id"]]["payment_methods"]))
    args = {
        "order_id": order_id,
        "item_ids": item_ids,
        "new_item_ids": item_ids,
        "payment_method_id": method,
    }
    h.confirm("modify_pending_order_items", args)
    outcome = h.call("modify_pending_order_items", args)
    assert outcome.refusal_code == "policy:max_items_per_change"
    assert outcome.handoff is True


def test_guard_hands_never_automate_categories_to_a_person() -> None:
    h = Harness(never=("bereavement",))
    order_id, order = _pending_order()
    h.verify(order["user_id"])
    h.confirm("cancel_pending_order", _cancel_args(order_id))
    outcome = h.call("cancel_pending_order", _cancel_args(order_id), categories=("bereavement",))
    assert outcome.refusal_code == "never_automate"
    assert outcome.handoff is True


def test_confirmed_write_runs_and_is_audited_with_personal_data_masked() -> None:
    h = Harness()
    order_id, order = _pending_order()
    user = DATA["users"][order["user_id"]]
    h.verify(order["user_id"])
    found = h.call("find_user_id_by_email", {"email": user["email"]})
    assert found.ok and found.result == order["user_id"]
    h.confirm("cancel_pending_order", _cancel_args(order_id))
    outcome = h.call("cancel_pending_order", _cancel_args(order_id))
    assert outcome.ok
    assert h.store.snapshot()["orders"][order_id]["status"] == "cancelled"
    requested = [e.data for e in h.events() if e.type is EventType.ACTION_REQUESTED]
    assert user["email"] not in str(requested)
    results = [e.data for e in h.events() if e.type is EventType.ACTION_RESULT]
    assert results[-1]["status"] == "succeeded" and "duration_ms" in results[-1]


def test_a_crash_between_the_backend_call_and_recording_it_writes_once(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    h = Harness()
    order_id, order = _pending_order()
    h.verify(order["user_id"])
    args = _cancel_args(order_id)
    h.confirm("cancel_pending_order", args)
    real_record = h.layer._record_call

    def crash(*_: object) -> None:
        raise SystemExit("process died after the store wrote")

    monkeypatch.setattr(h.layer, "_record_call", crash)
    with pytest.raises(SystemExit):
        h.call("cancel_pending_order", args)
    after_crash = h.store.snapshot()["orders"][order_id]
    assert after_crash["status"] == "cancelled"
    monkeypatch.setattr(h.layer, "_record_call", real_record)
    retried = h.call("cancel_pending_order", args)
    assert retried.ok
    assert h.store.snapshot()["orders"][order_id] == after_crash
    again = h.call("cancel_pending_order", args)
    assert again.replayed and again.ok
    assert (
        h.store.snapshot()["orders"][order_id]["payment_history"] == after_crash["payment_history"]
    )


K, P = Assurance.KNOWN, Assurance.PROVEN


@pytest.mark.parametrize(
    ("levels", "default", "side_effect", "floor", "needed"),
    [
        ({}, None, SideEffect.READ, None, K),  # unset: reads on known facts,
        ({}, None, SideEffect.WRITE, None, P),  # writes on proof
        ({}, K, SideEffect.WRITE, None, K),  # the workspace's default
        ({"act": P}, K, SideEffect.READ, None, P),  # its level for the action
        ({"act": K}, P, SideEffect.WRITE, None, K),
        ({"act": K}, K, SideEffect.WRITE, P, P),  # never below what the action declares
        ({}, None, SideEffect.READ, P, P),
    ],
)
def test_an_action_needs_the_workspaces_level_never_below_its_own(
    levels: dict[str, Assurance],
    default: Assurance | None,
    side_effect: SideEffect,
    floor: Assurance | None,
    needed: Assurance,
) -> None:
    guard = Guard(PolicyFile(), known_facts=("email",), levels=levels, default_level=default)
    spec = ActionSpec("act", "an action", side_effect, BaseModel, "c", verification=floor)
    assert guard.needs(spec) is needed


def test_a_customer_verified_by_an_email_is_refused_a_write_that_needs_proof() -> None:
    h = Harness()
    h.layer.guard = Guard(PolicyFile(), known_facts=("email",))
    order_id, order = _pending_order()
    h.verify(order["user_id"])
    args = {"order_id": order_id, "reason": "no longer needed"}
    h.confirm("cancel_pending_order", args)
    refused = h.call("cancel_pending_order", args)
    assert refused.refusal_code == "needs_stronger_verification"
    h.case = replace(h.case, verification=Verification(order["user_id"], "code"))
    assert h.call("cancel_pending_order", args).status is ActionStatus.SUCCEEDED


def test_a_preview_says_what_would_refuse_a_write_and_changes_nothing() -> None:
    # Before a write is proposed: who the customer is, what they own and the system's
    # preconditions — not the confirmation it still needs. Nothing runs, nothing is recorded.
    h = Harness()
    order_id, order = _pending_order()
    stranger = next(u for u in DATA["users"] if u != order["user_id"])

    def preview(args: dict[str, Any]) -> Any:
        return h.layer.preview("cancel_pending_order", args, GuardContext(h.case, "bot"))

    assert preview(_cancel_args(order_id)).code == "not_verified"
    h.verify(stranger)
    assert preview(_cancel_args(order_id)).code == "not_owner"
    h.verify(order["user_id"])
    refused = preview(_cancel_args(order_id, "found it cheaper elsewhere"))
    assert (refused.allowed, refused.code) == (False, "invalid_cancel_reason")
    allowed = preview(_cancel_args(order_id))  # never confirmed: the preview does not ask
    assert allowed.allowed and allowed.checks == ("verified", "ownership", "preconditions")
    assert h.store.snapshot()["orders"][order_id]["status"] == "pending"
    assert h.events() == []
