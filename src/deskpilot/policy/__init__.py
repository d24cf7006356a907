"""Policy: guardrail rules written in CEL, compiled once and evaluated against plain data."""

from deskpilot.policy._cel import CompiledRule, PolicyRule, compile_rule

__all__ = ["CompiledRule", "PolicyRule", "compile_rule"]
