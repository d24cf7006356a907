"""Examples with their spans marked, as a support team writes them.

``refund the difference [to my paypal](payment_method)`` marks the words that say a slot kind's
value; ``[I no longer need it](cancel_reason=no longer needed)`` marks them with the value they
say. The span tagger (``deskpilot.nlu``) learns from them where in a message a slot's words are.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# "[words](kind)" or "[words](kind=value)"; the words hold no brackets.
_MARK = re.compile(r"\[([^\[\]()]+)\]\(([a-z][a-z0-9_]*)(?:=([^()\[\]]+))?\)")


@dataclass(frozen=True)
class Mark:
    """Words of an example marked as saying a slot kind's value (``value`` when it is named)."""

    start: int
    end: int
    kind: str
    value: str | None = None


@dataclass(frozen=True)
class MarkedText:
    """An example's plain text and the spans marked in it."""

    text: str
    marks: tuple[Mark, ...] = ()

    def said(self, mark: Mark) -> str:
        """The words ``mark`` covers."""
        return self.text[mark.start : mark.end]


def parse_marked(example: str) -> MarkedText:
    """The plain text and the marks of ``example``; a ValueError says what is malformed."""
    out: list[str] = []
    marks: list[Mark] = []
    at = 0
    length = 0
    for m in _MARK.finditer(example):
        before = example[at : m.start()]
        _no_stray(before)
        out.append(before)
        length += len(before)
        words = m.group(1)
        if words != words.strip() or not words.strip():
            raise ValueError(f"the marked words {words!r} start or end with a space")
        value = m.group(3).strip() if m.group(3) is not None else None
        if value == "":
            raise ValueError(f"the mark of {words!r} names no value after '='")
        marks.append(Mark(length, length + len(words), m.group(2), value))
        out.append(words)
        length += len(words)
        at = m.end()
    rest = example[at:]
    _no_stray(rest)
    out.append(rest)
    return MarkedText("".join(out), tuple(marks))


def _no_stray(text: str) -> None:
    """Text outside the marks holds no bracket that looks like half of one."""
    for i, ch in enumerate(text):
        if ch == "[" or (ch == "]" and text[i + 1 : i + 2] == "("):
            raise ValueError(
                f"a mark is not closed at {text[max(0, i - 10) : i + 15]!r}: "
                "write [words](kind) or [words](kind=value)"
            )
