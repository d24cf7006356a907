"""The phrase syntax of ``vocabulary.yaml``: how a list of words becomes one pattern."""

from __future__ import annotations

import re
from collections.abc import Iterable

# Where one sentence of a message ends and the next begins (its punctuation kept with it).
SENTENCE_BREAK = re.compile(r"(?<=[.;!?])\s+|\n+")


def phrases(entries: Iterable[str]) -> str:
    """One alternation for a vocabulary list: whole words, case-blind; a space matches any
    spacing, ``*`` any one word, a leading ``~`` lets the entry end a longer word ("~n't"), a
    trailing ``~`` lets it begin one ("cancel~" for "cancelled", "cancelling")."""
    parts = []
    # Longest first (the alternation takes the first that matches), then alphabetically: the
    # same pattern in every process, whatever the order of a set.
    unique = {e.strip().lower() for e in entries if e.strip()}
    for entry in sorted(unique, key=lambda e: (-len(e), e)):
        inside = entry.removeprefix("~").removesuffix("~")
        body = r"\s+".join(r"\w+" if w == "*" else re.escape(w) for w in inside.split())
        lead = r"\b" if not entry.startswith("~") and inside[0].isalnum() else ""
        tail = r"\b" if inside[-1].isalnum() else ""
        if entry.endswith("~"):
            tail = r"\w*\b"  # "cancel~": cancelled, cancelling
        parts.append(f"{lead}{body}{tail}")
    return "(?:" + "|".join(parts) + ")" if parts else "(?!)"
