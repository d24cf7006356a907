"""Never-automate categories: messages a person must handle, whatever the request.

Bereavement, legal threats, fraud reports and medical or safety incidents are recognised by the
workspace's cue phrases (``vocabulary.yaml``: ``categories``); the workspace's
``never_automate`` list decides which of them stop automation. Without the words, no message
is of any category.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Protocol

from deskpilot.workspace import CategoryWords, phrases

# How far after a denied verb a word may undo the denial ("didn't order it, it was by mistake").
_UNDO_WITHIN = 25


class CategoryDetector(Protocol):
    """Finds the sensitive categories a message belongs to."""

    def detect(self, text: str) -> tuple[str, ...]:
        """The categories of ``text``, in a stable order."""
        ...


def _pattern(words: CategoryWords) -> re.Pattern[str] | None:
    cue = phrases(words.cues) if words.cues else ""
    if cue and words.not_after:
        # "The speaker died": a cue right after a thing it is said of is no cue. Each word of
        # ``not_after`` is ruled out by a fixed-width look-behind of its own.
        behind = "".join(rf"(?<!\b{re.escape(w)}\s)" for w in sorted(words.not_after))
        cue = rf"{behind}(?:{cue})"
    parts = [cue] if cue else []
    denials = words.denials
    if denials.negators and denials.verbs:
        unless = rf"(?!.{{0,{_UNDO_WITHIN}}}{phrases(denials.unless)})" if denials.unless else ""
        parts.append(rf"{phrases(denials.negators)} {phrases(denials.verbs)}{unless}")
    return re.compile("|".join(parts), re.I) if parts else None


class CueCategoryDetector:
    """Recognises categories by the workspace's cue phrases (no model, no false sense of
    precision), compiled once."""

    def __init__(self, categories: Mapping[str, CategoryWords] | None = None) -> None:
        compiled = {name: _pattern(words) for name, words in (categories or {}).items()}
        self._patterns = {name: p for name, p in compiled.items() if p is not None}

    def detect(self, text: str) -> tuple[str, ...]:
        """The categories whose cues appear in ``text``."""
        return tuple(name for name, pattern in self._patterns.items() if pattern.search(text))
