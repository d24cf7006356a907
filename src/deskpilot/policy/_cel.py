"""Policy rules written as CEL expressions: the rule as ``policies.yaml`` states it, compiled once,
evaluated against plain data."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

import cel
from pydantic import BaseModel, ConfigDict, Field

from deskpilot.errors import PolicyError, WorkspaceError

# A CEL identifier (the language's grammar: ASCII letters, digits and underscores).
_IDENTIFIER = re.compile(r"[_A-Za-z][_A-Za-z0-9]*")


class CelExpression:
    """A CEL expression compiled once, run with only the variables its source names.

    CEL converts every variable it is given into its own values before running, at a cost in
    proportion to their size (a customer's record with their orders: 0.1-0.3 ms), and a program
    reads a variable only by writing its name, so a variable whose name the source never holds
    is left out: the result is the same. The names are every identifier in the source, string
    literals and a macro's own variables included (a few more than needed, never fewer); a
    variable whose name is no identifier is always given.
    """

    def __init__(self, source: str) -> None:
        self.source = source
        self.program = cel.compile(source)  # ValueError: the expression does not parse
        self.names = frozenset(_IDENTIFIER.findall(source))

    def execute(self, context: Mapping[str, Any]) -> Any:
        """The expression's value over ``context`` (its own errors as ``cel`` raises them)."""
        names = self.names
        return self.program.execute(
            {k: v for k, v in context.items() if k in names or not _IDENTIFIER.fullmatch(k)}
        )


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
