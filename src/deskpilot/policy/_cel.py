"""Policy rules written as CEL expressions: the rule as ``policies.yaml`` states it, compiled once,
evaluated against plain data."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

import cel
from pydantic import BaseModel, ConfigDict, Field

from deskpilot.errors import PolicyError, WorkspaceError


class PolicyRule(BaseModel):
    """A guardrail over an action request, written in CEL.

    The expression sees ``action`` (name, side_effect), ``args``, ``case`` (verified, intent,
    sentiment) and ``limits``. When it is true the guard refuses (``effect: refuse``) or hands
    the case to a person (``effect: handoff``) with ``reason``.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    when: str = Field(min_length=1)
    effect: Literal["refuse", "handoff"] = "refuse"
    reason: str = Field(min_length=1)
    actions: list[str] = Field(default_factory=list, description="empty: every action")


@dataclass(frozen=True)
class CompiledRule:
    """A policy rule with its expression compiled."""

    rule: PolicyRule
    program: Any

    def matches(self, context: dict[str, Any]) -> bool:
        """Whether the condition holds for ``context``; PolicyError if it cannot be decided."""
        try:
            result = self.program.execute(context)
        except (RuntimeError, ValueError, TypeError, KeyError) as exc:
            raise PolicyError(
                f"policy rule {self.rule.name!r} could not be evaluated: {exc}",
                rule=self.rule.name,
            ) from exc
        if not isinstance(result, bool):
            raise PolicyError(
                f"policy rule {self.rule.name!r} must give true or false, gave {result!r}",
                rule=self.rule.name,
            )
        return result


def compile_rule(rule: PolicyRule, *, where: str = "policies.yaml") -> CompiledRule:
    """Compile a rule's CEL expression; a syntax error is a WorkspaceError naming the rule."""
    try:
        program = cel.compile(rule.when)
    except ValueError as exc:
        detail = str(exc).splitlines()[0]
        raise WorkspaceError(f"{where}: rule {rule.name!r}: {detail}", rule=rule.name) from exc
    return CompiledRule(rule=rule, program=program)
