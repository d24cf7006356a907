"""The guard: the one gate every action passes, and the record of why it allowed or refused."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

from pydantic import BaseModel

from deskpilot.actions._spec import ActionSpec, Connector, Refusal, SideEffect
from deskpilot.domain import Assurance, Case
from deskpilot.policy import CompiledRule, compile_rule
from deskpilot.workspace._models import PolicyFile

Role = Literal["automation", "agent", "supervisor"]


@dataclass(frozen=True)
class GuardContext:
    """Who asks, in which case: everything the guard needs besides the action itself."""

    case: Case
    actor: str
    role: Role = "automation"
    sentiment: float = 0.0
    categories: tuple[str, ...] = ()


@dataclass(frozen=True)
class GuardVerdict:
    """The guard's answer: allowed, or refused with a code and a plain-language reason."""

    allowed: bool
    code: str
    reason: str
    checks: tuple[str, ...]
    handoff: bool = False
    # The reason as a template of the workspace and its facts, when the connector gave one
    # (``Refusal.said``).
    said: tuple[str, Mapping[str, Any]] | None = None

    def as_event(self) -> dict[str, Any]:
        """The verdict as event data."""
        return {
            "allowed": self.allowed,
            "code": self.code,
            "reason": self.reason,
            "checks_passed": list(self.checks),
            "handoff": self.handoff,
        }


def _said(code: str, **facts: Any) -> tuple[str, Mapping[str, Any]]:
    """A refusal of the guard's own as the customer hears it: the workspace's template
    ``reason_<code>`` with ``facts`` (the flow engine says the English reason without it)."""
    return f"reason_{code}", facts


def canonical_args(args: dict[str, Any]) -> str:
    """Arguments as canonical JSON, so "the same arguments" means the same thing everywhere."""
    return json.dumps(args, sort_keys=True, separators=(",", ":"), default=str)


class Guard:
    """Checks identity, ownership, confirmation, preconditions and policy before every action."""

    def __init__(
        self,
        policies: PolicyFile,
        never_automate: tuple[str, ...] = (),
        *,
        known_facts: tuple[str, ...] = (),
        levels: Mapping[str, Assurance] | None = None,
        default_level: Assurance | None = None,
    ) -> None:
        """``known_facts``: the verification methods that rest only on facts a customer knows
        (an email, a name and zip); ``levels``: the level the workspace sets for an action,
        ``default_level`` for the others (None: known for reads, proven for writes)."""
        self.limits = dict(policies.limits)
        self.rules: tuple[CompiledRule, ...] = tuple(compile_rule(r) for r in policies.rules)
        self.never_automate = frozenset(never_automate)
        self.known_facts = frozenset(known_facts)
        self.levels = dict(levels or {})
        self.default_level = default_level

    def needs(self, spec: ActionSpec) -> Assurance:
        """How surely the customer must be verified for ``spec``: the workspace's level for it,
        never below what the action itself declares."""
        chosen = self.levels.get(spec.name, self.default_level)
        if chosen is None:
            chosen = Assurance.PROVEN if spec.side_effect is SideEffect.WRITE else Assurance.KNOWN
        floor = spec.verification or Assurance.KNOWN
        return chosen if chosen.covers(floor) else floor

    def evaluate(
        self,
        spec: ActionSpec,
        args: BaseModel,
        connector: Connector,
        ctx: GuardContext,
        impact: dict[str, Any] | None = None,
    ) -> GuardVerdict:
        """Decide whether ``spec`` may run with ``args`` for ``ctx``; never raises for a refusal."""
        checks: list[str] = []
        plain = args.model_dump(mode="json")
        verdict = self._who(spec, args, connector, ctx, checks)
        if verdict is not None:
            return verdict
        if spec.side_effect is SideEffect.WRITE:
            verdict = self._confirmation(spec, plain, ctx, checks)
            if verdict is not None:
                return verdict
            if ctx.role == "automation" and self.never_automate.intersection(ctx.categories):
                found = sorted(self.never_automate.intersection(ctx.categories))
                return self._refuse(
                    "never_automate",
                    f"This case is in a category a person must handle ({', '.join(found)}).",
                    checks,
                    handoff=True,
                    said=_said("never_automate", categories=found),
                )
            checks.append("automation_allowed")
        verdict = self._preconditions(spec, args, connector, checks)
        if verdict is not None:
            return verdict
        verdict = self._policies(spec, plain, ctx, impact or {}, checks)
        if verdict is not None:
            return verdict
        return GuardVerdict(True, "allowed", "all checks passed", tuple(checks))

    def preview(
        self, spec: ActionSpec, args: BaseModel, connector: Connector, ctx: GuardContext
    ) -> GuardVerdict:
        """Before a write is proposed: whether who the customer is, what they own and the
        system's preconditions let it run now — not the confirmation it still needs, nor the
        limits a person may lift. Nothing runs; never raises for a refusal."""
        checks: list[str] = []
        verdict = self._who(spec, args, connector, ctx, checks)
        verdict = verdict or self._preconditions(spec, args, connector, checks)
        return verdict or GuardVerdict(True, "allowed", "preconditions hold", tuple(checks))

    def _who(
        self,
        spec: ActionSpec,
        args: BaseModel,
        connector: Connector,
        ctx: GuardContext,
        checks: list[str],
    ) -> GuardVerdict | None:
        """Identity and ownership: a refusal, or None when they hold."""
        verification = ctx.case.verification
        if spec.public and spec.side_effect is SideEffect.READ:
            checks.append("public")
        elif not spec.identifies:
            if verification is None:
                return self._refuse(
                    "not_verified",
                    "I need to confirm who you are before I can look into your account.",
                    checks,
                    said=_said("not_verified"),
                )
            if self._needs_proof(spec, ctx):
                return self._refuse(
                    "needs_stronger_verification",
                    "Knowing an email address or a name and zip code is not enough for this: a "
                    "colleague will confirm it is your account.",
                    checks,
                    handoff=True,
                    said=_said("needs_stronger_verification"),
                )
            checks.append("verified")
            try:
                owner = connector.owner_of(spec.name, args)
            except Refusal as refusal:
                return self._refuse(refusal.code, refusal.reason, checks, said=refusal.said)
            if owner is not None and owner != verification.user_id:
                return self._refuse(
                    "not_owner",
                    "That belongs to another customer's account, so I can't access or change it.",
                    checks,
                    said=_said("not_owner"),
                )
            checks.append("ownership")
        return None

    def _preconditions(
        self, spec: ActionSpec, args: BaseModel, connector: Connector, checks: list[str]
    ) -> GuardVerdict | None:
        try:
            connector.check(spec.name, args)
        except Refusal as refusal:
            return self._refuse(refusal.code, refusal.reason, checks, said=refusal.said)
        checks.append("preconditions")
        return None

    def _needs_proof(self, spec: ActionSpec, ctx: GuardContext) -> bool:
        """Whether the automation would run ``spec`` for a customer verified only by facts
        they know where it needs proof. A person acting on the case answers for the customer's
        identity themselves."""
        verification = ctx.case.verification
        if ctx.role != "automation" or verification is None:
            return False
        known = Assurance.KNOWN if verification.method in self.known_facts else Assurance.PROVEN
        return not known.covers(self.needs(spec))

    def _confirmation(
        self, spec: ActionSpec, plain: dict[str, Any], ctx: GuardContext, checks: list[str]
    ) -> GuardVerdict | None:
        if ctx.role != "automation":
            checks.append("confirmed_by_agent")
            return None
        wanted = canonical_args(plain)
        same_action = [c for c in ctx.case.confirmed if c.action == spec.name]
        if any(canonical_args(c.args) == wanted for c in same_action):
            checks.append("confirmed")
            return None
        if same_action:
            return self._refuse(
                "confirmation_mismatch",
                "You confirmed a different change; I need your yes for exactly this one.",
                checks,
                said=_said("confirmation_mismatch"),
            )
        return self._refuse(
            "not_confirmed",
            "I need your explicit confirmation before making this change.",
            checks,
            said=_said("not_confirmed"),
        )

    def _policies(
        self,
        spec: ActionSpec,
        plain: dict[str, Any],
        ctx: GuardContext,
        impact: dict[str, Any],
        checks: list[str],
    ) -> GuardVerdict | None:
        context = {
            "action": {"name": spec.name, "side_effect": spec.side_effect.value, **impact},
            "args": plain,
            "case": {
                "verified": ctx.case.verification is not None,
                "intent": ctx.case.intent or "",
                "sentiment": ctx.sentiment,
                "categories": list(ctx.categories),
            },
            "actor": {"name": ctx.actor, "role": ctx.role},
            "limits": self.limits,
        }
        for compiled in self.rules:
            rule = compiled.rule
            if rule.actions and spec.name not in rule.actions:
                continue
            if compiled.matches(context):
                return self._refuse(
                    f"policy:{rule.name}", rule.reason, checks, handoff=rule.effect == "handoff"
                )
            checks.append(f"policy:{rule.name}")
        return None

    @staticmethod
    def _refuse(
        code: str,
        reason: str,
        checks: list[str],
        *,
        handoff: bool = False,
        said: tuple[str, Mapping[str, Any]] | None = None,
    ) -> GuardVerdict:
        return GuardVerdict(False, code, reason, tuple(checks), handoff=handoff, said=said)
