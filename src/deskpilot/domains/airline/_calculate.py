"""``calculate``: the arithmetic helper the reference agent uses, without ``eval``."""

from __future__ import annotations

import ast
import operator
from collections.abc import Callable

_ALLOWED = frozenset("0123456789+-*/(). ")
_BINARY: dict[type[ast.operator], Callable[[float, float], float]] = {
    ast.Add: operator.add,
    ast.Sub: operator.sub,
    ast.Mult: operator.mul,
    ast.Div: operator.truediv,
}
_UNARY: dict[type[ast.unaryop], Callable[[float], float]] = {
    ast.UAdd: operator.pos,
    ast.USub: operator.neg,
}


class CalculationError(ValueError):
    """The expression is not plain arithmetic, or cannot be computed (a division by zero)."""


def calculate(expression: str) -> str:
    """The value of an arithmetic expression (digits, spaces, ``+ - * / ( ) .``), rounded to
    two decimals and written as the reference writes it (``597.0``)."""
    if not all(char in _ALLOWED for char in expression):
        raise CalculationError("invalid characters in expression")
    try:
        tree = ast.parse(expression.strip(), mode="eval")
    except SyntaxError as exc:
        raise CalculationError(f"invalid syntax in expression: {exc.msg}") from exc
    return str(round(float(_value(tree.body)), 2))


def _value(node: ast.expr) -> float:
    if isinstance(node, ast.Constant) and isinstance(node.value, int | float):
        return float(node.value)
    if isinstance(node, ast.BinOp) and type(node.op) in _BINARY:
        left, right = _value(node.left), _value(node.right)
        try:
            return _BINARY[type(node.op)](left, right)
        except ZeroDivisionError as exc:
            raise CalculationError("division by zero") from exc
    if isinstance(node, ast.UnaryOp) and type(node.op) in _UNARY:
        return _UNARY[type(node.op)](_value(node.operand))
    raise CalculationError("only numbers, + - * / and parentheses are allowed")
