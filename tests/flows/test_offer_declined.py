"""A polite no to the closest variant offered, or "leave it then", ends the request; a bare no
asks about the other choices (docs/understanding.md, "What is wanted does not say which thing
it is", 2026-12-07).

Yara Sanchez's speaker is black, 10 hours, not waterproof; no black waterproof one is
available, so the closest is offered with the others beside it. "no thanks" used to be read as
"not that one": the other choices were asked about, then asked again, and the third time a
person took over, for a customer who had only said no.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from ..conftest import conversation_case, run_reference_cases

YARA = "yara.sanchez4385@example.com my speaker isn't waterproof, I want the waterproof version"
NOAH = "mia.thomas7243@example.com the hiking boots in my pending order are a size too big, "

ROWS: list[tuple[str, list[str], str]] = [
    ("no thanks", [YARA, "no thanks"], "No problem — I haven't changed anything."),
    ("no thank you", [YARA, "no, thank you"], "No problem — I haven't changed anything."),
    (
        "no, leave it then",
        [NOAH + "can you change them to size 11?", "no, leave it then"],
        "No problem — I haven't changed anything.",
    ),
    # a bare no turns down the one offered: the others are asked about
    ("a bare no", [YARA, "no"], "There's no available Bluetooth Speaker"),
]


@pytest.mark.parametrize(("name", "said", "reply"), ROWS, ids=[row[0] for row in ROWS])
def test_a_no_to_the_closest_offered(
    tmp_path: Path, name: str, said: list[str], reply: str
) -> None:
    case = conversation_case(name, [*said, "yes"], {"actions": []})
    [result] = run_reference_cases([case], tmp_path).values()
    assert not result.failures, result.failures
    replies = [line.text for line in result.transcript if line.speaker == "deskpilot"]
    assert replies[1].startswith(reply), replies
