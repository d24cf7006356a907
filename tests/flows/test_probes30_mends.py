"""What probes30's first run found (docs/understanding.md, "Probes 30", 2026-12-07), on the
reference store:

- "oh, only the same product? then never mind", to "what should change on the earbuds?": the
  question asked back was read as a wish for the very same item and a same-item exchange was
  proposed (and done on a yes); a message closing on a no after a question of its own takes
  the request back.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from ..conftest import assert_passed, conversation_case, run_reference_cases

# Mei Jackson (zip 78729): PayPal only. Delivered #W5881725 holds black wireless earbuds.
MEI = "Mei Jackson, 78729."


def _run(name: str, turns: list[str], actions: list[dict[str, Any]], tmp_path: Path) -> None:
    case = conversation_case(name, turns, {"actions": actions, "escalated": False})
    [result] = run_reference_cases([case], tmp_path).values()
    assert_passed(result)


@pytest.mark.parametrize(
    "answer",
    [
        "oh, only the same product? then never mind",
        "wait, so it has to be the same thing? ok then, never mind",
    ],
)
def test_a_no_closing_a_question_asked_back_takes_the_request_back(
    answer: str, tmp_path: Path
) -> None:
    asked = f"{MEI} My black wireless earbuds hurt my ears. Can I exchange them for headphones?"
    _run("asked back then no", [asked, answer, "yes"], [], tmp_path)
