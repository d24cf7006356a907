"""The built-in decision component: identity, order status, clarification and hand-off.

Deterministic and explained: every decision carries the reasons it was taken. Requests this
component does not automate yet are handed to a person with what is already known, never
answered with a guess.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from deskpilot.actions import ActionOutcome
from deskpilot.domain import Case, CaseStatus, Understanding, Verification
from deskpilot.pipeline._protocols import (
    ActionRequest,
    Decision,
    DecisionKind,
    ReplySpec,
    Turn,
)

_IDENTIFY = ("find_user_id_by_email", "find_user_id_by_name_zip")
_SELF_SERVICE = frozenset({"order_status"})
_SMALL_TALK = frozenset({"greeting", "thanks"})
_MAX_LISTED_ORDERS = 5


def _order_facts(order: dict[str, Any]) -> dict[str, Any]:
    tracking = [t for f in order.get("fulfillments", []) for t in f.get("tracking_id", [])]
    return {
        "order_id": order["order_id"],
        "status": order["status"],
        "items": [
            {"name": i["name"], "options": ", ".join(str(v) for v in i.get("options", {}).values())}
            for i in order.get("items", [])
        ],
        "tracking": tracking,
    }


class BuiltinDecider:
    """Resolves "where is my order?" end to end; hands everything else to a person."""

    def decide(self, turn: Turn) -> Decision:
        """The next step of ``turn``."""
        case = turn.case
        if turn.outcomes:
            return self._after(turn, case, turn.outcomes[-1])
        u = turn.understanding
        case = self._absorb(case, u)
        intent = self._intent(turn)
        if intent == "human_agent":
            return self._handoff(case, "the customer asked for a person", "asked_for_human")
        if intent is not None:
            case = replace(case, clarifications=0)
        if intent is not None and intent not in _SMALL_TALK:
            case = replace(case, intent=intent)
        if case.verification is None and self._identity_request(case) is not None:
            request = self._identity_request(case)
            assert request is not None
            return Decision(DecisionKind.ACT, case, ("verify identity",), action=request)
        if intent in _SMALL_TALK and case.intent is None:
            return self._reply(case, intent, {}, "small talk")
        if intent is None and not self._adds_facts(turn.case, case):
            return self._not_understood(turn, case)
        if case.intent is None:
            return self._not_understood(turn, case)
        if case.intent not in _SELF_SERVICE:
            return self._handoff(
                case, f"'{case.intent}' is not automated in this workspace", "not_automated"
            )
        return self._order_status(case)

    # -- steps --------------------------------------------------------------------------------
    def _order_status(self, case: Case) -> Decision:
        if case.verification is None:
            return self._ask_identity(case)
        order_id = case.slots.get("order_id")
        if order_id:
            return Decision(
                DecisionKind.ACT,
                case,
                ("look up the order",),
                action=ActionRequest("get_order_details", {"order_id": order_id}),
            )
        return Decision(
            DecisionKind.ACT,
            case,
            ("no order named: list the customer's orders",),
            action=ActionRequest("get_user_details", {"user_id": case.verification.user_id}),
        )

    def _after(self, turn: Turn, case: Case, last: ActionOutcome) -> Decision:
        if last.action in _IDENTIFY:
            return self._after_identify(turn, case, last)
        if last.status.value == "failed":
            return self._handoff(case, f"{last.action} failed: {last.refusal_code}", "backend")
        if last.action == "get_order_details":
            return self._after_order(case, last)
        if last.action == "get_user_details" and last.ok:
            orders = list(last.result.get("orders", []))
            if len(orders) == 1:
                slots = {**case.slots, "order_id": orders[0]}
                return self._order_status(replace(case, slots=slots))
            facts = {"orders": orders[:_MAX_LISTED_ORDERS], "more": max(0, len(orders) - 5)}
            return self._reply(case, "ask_order", facts, "several orders: ask which one")
        return self._refused(case, last)

    def _after_identify(self, turn: Turn, case: Case, last: ActionOutcome) -> Decision:
        slots = {
            k: v
            for k, v in case.slots.items()
            if k not in ("email", "first_name", "last_name", "zip")
        }
        if not last.ok:
            case = replace(case, slots=slots)
            return self._reply(case, "identity_not_found", {}, "identity not found")
        method = "email" if last.action == "find_user_id_by_email" else "name_zip"
        verified = replace(
            case, slots=slots, verification=Verification(user_id=str(last.result), method=method)
        )
        if verified.intent in _SELF_SERVICE:
            return self._order_status(verified)
        if verified.intent is not None and verified.intent not in _SMALL_TALK:
            return self._handoff(
                verified, f"'{verified.intent}' is not automated in this workspace", "not_automated"
            )
        if verified.slots.get("order_id"):
            return self._order_status(replace(verified, intent="order_status"))
        return self._reply(verified, "verified_ask_request", {}, "verified; ask what they need")

    def _after_order(self, case: Case, last: ActionOutcome) -> Decision:
        if last.ok:
            slots = {k: v for k, v in case.slots.items() if k != "order_id"}
            done = replace(
                case,
                intent=None,
                slots=slots,
                outcome="order_status_answered",
                status=CaseStatus.OPEN,
            )
            return self._reply(done, "order_status", _order_facts(last.result), "answered")
        slots = {k: v for k, v in case.slots.items() if k != "order_id"}
        return self._refused(replace(case, slots=slots), last)

    def _refused(self, case: Case, last: ActionOutcome) -> Decision:
        template = {
            "not_found": "order_not_found",
            "not_owner": "not_owner",
        }.get(last.refusal_code or "", "refused")
        facts = {"order_id": last.args.get("order_id", ""), "reason": last.refusal_reason or ""}
        return self._reply(case, template, facts, f"refused: {last.refusal_code}")

    # -- helpers ------------------------------------------------------------------------------
    @staticmethod
    def _absorb(case: Case, u: Understanding) -> Case:
        slots = dict(case.slots)
        for kind in ("order_id", "email", "first_name", "last_name", "zip"):
            found = u.entities_of(kind)
            if found:
                slots[kind] = found[-1].value if kind == "order_id" else found[0].value
        return replace(case, slots=slots)

    @staticmethod
    def _intent(turn: Turn) -> str | None:
        top = turn.understanding.top_intent
        bands = turn.workspace.config.confidence
        if top is None or turn.understanding.out_of_scope or top.confidence < bands.review:
            return None
        return top.name

    @staticmethod
    def _identity_request(case: Case) -> ActionRequest | None:
        s = case.slots
        if s.get("email"):
            return ActionRequest("find_user_id_by_email", {"email": s["email"]})
        if s.get("first_name") and s.get("last_name") and s.get("zip"):
            args = {"first_name": s["first_name"], "last_name": s["last_name"], "zip": s["zip"]}
            return ActionRequest("find_user_id_by_name_zip", args)
        return None

    def _ask_identity(self, case: Case) -> Decision:
        waiting = replace(case, status=CaseStatus.WAITING_CUSTOMER)
        return self._reply(waiting, "ask_identity", {}, "identity needed first")

    @staticmethod
    def _adds_facts(before: Case, after: Case) -> bool:
        """Whether this message supplied a slot value the case did not have."""
        return any(after.slots.get(k) != before.slots.get(k) for k in after.slots)

    def _not_understood(self, turn: Turn, case: Case) -> Decision:
        if case.slots.get("order_id") and case.verification is not None:
            return self._order_status(replace(case, intent="order_status"))
        limit = turn.workspace.config.clarify_limit
        if case.clarifications < limit:
            asked = replace(case, clarifications=case.clarifications + 1)
            return Decision(
                DecisionKind.CLARIFY,
                asked,
                ("message not understood: ask once",),
                replies=(ReplySpec("clarify"),),
            )
        return self._handoff(
            case, "message not understood after a clarifying question", "not_understood"
        )

    @staticmethod
    def _reply(case: Case, template: str, facts: dict[str, Any], reason: str) -> Decision:
        return Decision(DecisionKind.REPLY, case, (reason,), replies=(ReplySpec(template, facts),))

    @staticmethod
    def _handoff(case: Case, reason: str, code: str) -> Decision:
        return Decision(
            DecisionKind.HANDOFF,
            case,
            (reason,),
            replies=(ReplySpec("handoff", {"code": code}),),
            handoff_reason=reason,
            notes={"code": code},
        )
