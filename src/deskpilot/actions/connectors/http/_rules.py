"""The CEL parts of an action, compiled once: refusal rules and the precondition.

A refusal rule whose expression cannot be evaluated on an answer (typically a key that this
answer does not have) simply does not match: rules are written for one shape of error answer and
meet every other shape too. A precondition that cannot be evaluated fails closed: the action does
not run.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import cel

from deskpilot.actions._spec import Refusal

from ._config import PreconditionConfig, RefusalRule

__all__ = ["CompiledPrecondition", "CompiledRefusal", "EvaluationError", "first_refusal"]

logger = logging.getLogger(__name__)


class EvaluationError(Exception):
    """A CEL expression raised or did not produce a boolean."""


def _evaluate(program: cel.Program, context: Mapping[str, Any]) -> bool:
    try:
        value = program.execute(dict(context))
    except Exception as exc:  # the CEL binding raises KeyError, TypeError, ValueError, ...
        raise EvaluationError(type(exc).__name__) from exc
    if not isinstance(value, bool):
        raise EvaluationError(f"a {type(value).__name__} instead of a boolean")
    return value


@dataclass(frozen=True)
class CompiledRefusal:
    """A ``RefusalRule`` with its CEL expression compiled."""

    status: int | None
    program: cel.Program | None
    code: str
    reason: str

    @classmethod
    def of(cls, rule: RefusalRule) -> CompiledRefusal:
        """Compile ``rule`` (its expression was checked when the file was loaded)."""
        program = None if rule.when is None else cel.compile(rule.when)
        return cls(rule.status, program, rule.code, rule.reason)

    def matches(self, status: int, response: Any, args: Mapping[str, Any]) -> bool:
        """Whether this rule applies to an answer with ``status`` and JSON ``response``."""
        if self.status is not None and self.status != status:
            return False
        if self.program is None:
            return True
        context = {"response": response, "status": status, "args": dict(args)}
        try:
            return _evaluate(self.program, context)
        except EvaluationError as exc:
            logger.debug("refusal rule %s does not apply: %s", self.code, exc)
            return False


def first_refusal(
    rules: tuple[CompiledRefusal, ...], status: int, response: Any, args: Mapping[str, Any]
) -> Refusal | None:
    """The refusal of the first rule that matches the answer, if any."""
    for rule in rules:
        if rule.matches(status, response, args):
            return Refusal(rule.code, rule.reason)
    return None


@dataclass(frozen=True)
class CompiledPrecondition:
    """A ``PreconditionConfig`` with its CEL expression compiled."""

    action: str
    program: cel.Program
    code: str
    reason: str

    @classmethod
    def of(cls, config: PreconditionConfig) -> CompiledPrecondition:
        """Compile ``config`` (its expression was checked when the file was loaded)."""
        return cls(config.action, cel.compile(config.require), config.code, config.reason)

    def holds(self, result: Any, args: Mapping[str, Any]) -> bool:
        """Whether ``require`` is true; raises ``EvaluationError`` if it cannot be evaluated."""
        return _evaluate(self.program, {"result": result, "args": dict(args)})
