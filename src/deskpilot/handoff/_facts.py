"""What routing rules can see of a case, and their CEL conditions compiled and checked."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, fields
from typing import Any

import cel


@dataclass(frozen=True)
class CaseFacts:
    """The facts a routing rule sees as ``case``; unknown text facts are empty strings."""

    intent: str = ""
    sentiment: float = 0.0
    urgency: float = 0.0
    vip: bool = False
    tier: str = ""
    language: str = ""
    channel: str = ""

    def as_context(self) -> dict[str, Any]:
        """The CEL context: ``{"case": {...}}`` with every field present."""
        return {"case": asdict(self)}


FACT_FIELDS: tuple[str, ...] = tuple(f.name for f in fields(CaseFacts))

_STRING_LITERAL = re.compile(r'"(?:[^"\\]|\\.)*"|\'(?:[^\'\\]|\\.)*\'')
_CASE_FIELD = re.compile(r"\bcase\.([A-Za-z_]\w*)")


def compile_condition(expression: str) -> Any:
    """Compile a rule's CEL condition and check it on a neutral case.

    ValueError (with a one-line reason) when the syntax is wrong, when it names a field ``case``
    does not have, or when it does not give true or false. Checking the field names by text
    catches typos hidden behind ``&&``/``||``, which CEL would otherwise only reach at run time.
    """
    try:
        program = cel.compile(expression)
    except ValueError as exc:
        raise ValueError(_first_line(str(exc))) from exc
    unquoted = _STRING_LITERAL.sub('""', expression)
    for name in _CASE_FIELD.findall(unquoted):
        if name not in FACT_FIELDS:
            raise ValueError(f"case has no field {name!r}; it has {', '.join(FACT_FIELDS)}")
    try:
        result = program.execute(CaseFacts().as_context())
    except (ArithmeticError, LookupError, RuntimeError, TypeError, ValueError) as exc:
        raise ValueError(f"cannot be evaluated: {_first_line(str(exc))}") from exc
    if not isinstance(result, bool):
        raise ValueError(f"must give true or false, gave {result!r}")
    return program


_SYNTAX = re.compile(r"<input>:(\d+):(\d+): Syntax error: (.*)")


def _first_line(text: str) -> str:
    line = text.strip().splitlines()[0] if text.strip() else "unknown error"
    syntax = _SYNTAX.search(line)
    if syntax is not None:
        row, column, detail = syntax.groups()
        where = f"column {column}" if row == "1" else f"line {row}, column {column}"
        return f"syntax error at {where}: {detail}"
    return line
