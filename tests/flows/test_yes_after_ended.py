"""A bare yes after a request ended without a write ("No problem — I haven't changed anything.
Is there anything else I can help with?") is answered as a yes after a write is: asked what
else, never told it was not understood (docs/understanding.md, "A yes after a request ended",
2026-12-07).

Yusuf Taylor asks to cancel his order with the desk lamp and takes it back at the confirmation
question; his "yes" to "anything else?" got the clarifying question ("Sorry, I didn't quite
get that"), which counts toward a hand-off.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from ..conftest import conversation_case, run_reference_cases

ASK = "hi, yusuf.taylor6118@example.com. cancel my order with the desk lamp, no longer needed"

ROWS: list[tuple[str, list[str]]] = [
    ("no, forget it", [ASK, "no, forget it", "yes"]),
    ("no then ok", [ASK, "no", "ok"]),
    ("never mind that", [ASK, "never mind that", "yes"]),
]


@pytest.mark.parametrize(("name", "said"), ROWS, ids=[row[0] for row in ROWS])
def test_a_yes_after_a_request_ended(tmp_path: Path, name: str, said: list[str]) -> None:
    case = conversation_case(name, said, {"actions": [], "escalated": False})
    [result] = run_reference_cases([case], tmp_path).values()
    lines = [line.text for line in result.transcript]
    assert result.passed, lines
    assert "haven't changed anything" in lines[-3], lines
    assert "anything else" in lines[-1] and "didn't quite get" not in lines[-1], lines
