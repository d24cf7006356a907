"""Never-automate categories: messages a person must handle, whatever the request.

Bereavement, legal threats, fraud reports and medical or safety incidents are recognised by cue
phrases; the workspace's ``never_automate`` list decides which of them stop automation.
"""

from __future__ import annotations

import re
from typing import Protocol

_CUES: dict[str, tuple[str, ...]] = {
    "bereavement": (
        r"passed away",
        r"\bdied\b",
        r"\bdeath of\b",
        r"\bdeceased\b",
        r"\bfuneral\b",
        r"\blost my (mother|father|mom|dad|husband|wife|son|daughter|partner|brother|sister)\b",
        r"\bbereave",
    ),
    "legal_threat": (
        r"\b(sue|suing|sued)\b",
        r"\blawyers?\b",
        r"\battorneys?\b",
        r"\blegal action\b",
        r"\btake (you|this) to court\b",
        r"\blawsuit\b",
        r"\bsmall claims\b",
    ),
    "fraud": (
        r"\bfraud",
        r"\bscam(med)?\b",
        r"\bunauthori[sz]ed\b",
        r"\bstolen (credit )?card\b",
        r"\bsomeone (used|stole|hacked)\b",
        r"\b(didn'?t|did not|never) (place|make|order|authori[sz]e)\b"
        r"(?!.{0,25}\b(mistake|accident))",
        r"\bhacked\b",
        r"\bidentity theft\b",
    ),
    "medical": (
        r"\bhospital\b",
        r"\binjur(y|ed|ies)\b",
        r"\bburn(ed|t) (me|my)\b",
        r"\ballergic reaction\b",
        r"\bemergency room\b",
        r"\b(electric )?shock(ed)? me\b",
        r"\bdoctor\b",
        r"\bcaught fire\b",
    ),
}
_COMPILED = {name: re.compile("|".join(cues), re.I) for name, cues in _CUES.items()}

CATEGORIES: tuple[str, ...] = tuple(_CUES)


class CategoryDetector(Protocol):
    """Finds the sensitive categories a message belongs to."""

    def detect(self, text: str) -> tuple[str, ...]:
        """The categories of ``text``, in a stable order."""
        ...


class CueCategoryDetector:
    """Recognises categories by cue phrases (no model, no false sense of precision)."""

    def detect(self, text: str) -> tuple[str, ...]:
        """The categories whose cues appear in ``text``."""
        return tuple(name for name, pattern in _COMPILED.items() if pattern.search(text))
