"""Splitting a message into the parts that may each carry a request of its own."""

from __future__ import annotations

import re

_REQUEST_VERBS = (
    r"cancel|return|exchange|swap|change|modify|update|ship|send|deliver|move|track|tell|check|"
    r"refund|replace|switch|pay|use|redirect|make|set|put"
)
_SPLIT = re.compile(
    r"(?:[.;!?]\s+|\s+)(?=(?:and\s+)?(?:also|additionally|plus|as well as|another thing|"
    r"one more thing|and then|then)\b)|[.?!]\s+(?=[A-Z])|;\s+|\s+[-–—]\s+"
    rf"|,?\s+and\s+(?=(?:please\s+)?(?:{_REQUEST_VERBS})\b)"
    r"|,?\s+and\s+(?=(?:my|the)\s+(?:default|account|profile)\s+address)"
    # "two things for my LA order: exchange …" — not "For #W1234567: exchange …"
    rf"|(?<!\d):\s+(?=(?:please\s+)?(?:{_REQUEST_VERBS})\b)",
    re.I,
)


def segments(text: str) -> list[str]:
    """The parts of a message that may each carry a request ("…, and also change my address")."""
    parts: list[str] = []
    for piece in (p.strip(" ,.;") for p in _SPLIT.split(text)):
        if not piece:
            continue
        continues = re.match(r"(but|or|so|which|that|because)\b", piece, re.I) is not None
        if parts and (len(piece.split()) < 2 or len(parts[-1].split()) < 2 or continues):
            parts[-1] = f"{parts[-1]} {piece}"  # "- but for that difference use my visa"
        else:
            parts.append(piece)
    return parts
