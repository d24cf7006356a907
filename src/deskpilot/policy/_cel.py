"""Policy rules written as CEL expressions: compiled once, evaluated against plain data."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import cel

from deskpilot.errors import PolicyError, WorkspaceError
from deskpilot.workspace._models import PolicyRule


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
