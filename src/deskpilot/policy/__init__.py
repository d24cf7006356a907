"""Policy: guardrail rules written in CEL, compiled once and evaluated against plain data."""

from deskpilot.policy._cel import CelExpression, CompiledRule, PolicyRule, compile_rule

__all__ = ["CelExpression", "CompiledRule", "PolicyRule", "compile_rule"]
