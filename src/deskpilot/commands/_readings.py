"""How a message answers a yes/no question, read the same way by every generator."""

from __future__ import annotations

import re
from enum import StrEnum


class Answer(StrEnum):
    """How a message answers a yes/no question."""

    YES = "yes"
    NO = "no"
    NEITHER = "neither"


_NO = re.compile(
    r"\b(no|nope|nah|don'?t|do not|never ?mind|stop|wait|hold on|cancel that|not now|"
    r"changed my mind|forget it|leave it)\b|\bactually\b(?!.{0,20}\byes\b)",
    re.I,
)
_YES = re.compile(
    r"\b(yes|yeah|yep|yup|ya|sure|ok(ay)?|correct|confirm(ed)?|go ahead|do it|please do|"
    r"that'?s right|that is right|right|affirmative|proceed|sounds good|perfect|absolutely|"
    r"definitely|of course|y)\b",
    re.I,
)


def yes_or_no(text: str) -> Answer:
    """Whether ``text`` says yes, says no, or neither (a no wins over a yes: "yes, but wait")."""
    lowered = text.strip().lower()
    if _NO.search(lowered) and not re.match(r"^\s*(yes|yeah|yep|correct)\b[^,]*$", lowered):
        return Answer.NO
    if _YES.search(lowered):
        return Answer.YES
    return Answer.NEITHER
