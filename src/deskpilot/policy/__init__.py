"""Policy: guardrail rules written in CEL, compiled once and evaluated against plain data."""

from deskpilot.policy._cel import CompiledRule, compile_rule

__all__ = ["CompiledRule", "compile_rule"]
