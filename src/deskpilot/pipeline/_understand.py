"""The starter understanding component: word overlap with the workspace's intent examples.

It fills the ``Understander`` protocol with something simple and predictable; the trained
classifiers of ``deskpilot.nlu`` replace it when the workspace selects them.
"""

from __future__ import annotations

import math
import re

from deskpilot.domain import Entity, IntentScore, Understanding
from deskpilot.pipeline._protocols import UnderstandingContext
from deskpilot.workspace import Workspace

_WORD = re.compile(r"[a-z0-9']+")
_ORDER_ID = re.compile(r"#?\s?\b[wW]\s?(\d{7})\b")
_EMAIL = re.compile(r"\b[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}\b")
_ZIP = re.compile(r"(?<![#\w])(\d{5})(?![\d])")
_NAME = re.compile(
    r"\b(?:i am|i'm|im|my name is|this is|name's)\s+([A-Z][a-z'-]+)\s+([A-Z][a-z'-]+)", re.I
)
_STOP = frozenset(
    [
        "a",
        "an",
        "the",
        "is",
        "are",
        "my",
        "i",
        "me",
        "to",
        "of",
        "for",
        "and",
        "or",
        "it",
        "in",
        "on",
        "at",
        "be",
        "do",
        "you",
        "your",
        "please",
    ]
)


def _tokens(text: str) -> set[str]:
    words = _WORD.findall(text.lower())
    return {w[:-1] if w.endswith("s") and len(w) > 3 else w for w in words if w not in _STOP}


def extract_basic_entities(text: str) -> tuple[Entity, ...]:
    """Order ids, emails, zip codes and introduced names, found by patterns."""
    found: list[Entity] = []
    for m in _ORDER_ID.finditer(text):
        found.append(Entity("order_id", f"#W{m.group(1)}", m.group(0), m.start(), m.end()))
    for m in _EMAIL.finditer(text):
        found.append(Entity("email", m.group(0).lower(), m.group(0), m.start(), m.end()))
    taken = [(e.start, e.end) for e in found]
    for m in _ZIP.finditer(text):
        if not any(s <= m.start() < e for s, e in taken):
            found.append(Entity("zip", m.group(1), m.group(0), m.start(), m.end()))
    for m in _NAME.finditer(text):
        first, last = m.group(1), m.group(2)
        found.append(Entity("first_name", first.capitalize(), first, m.start(1), m.end(1)))
        found.append(Entity("last_name", last.capitalize(), last, m.start(2), m.end(2)))
    return tuple(sorted(found, key=lambda e: e.start))


class KeywordIntentScorer:
    """Scores each intent by the best word-set cosine similarity with one of its examples."""

    def __init__(self, workspace: Workspace) -> None:
        self.examples = [
            (intent.name, _tokens(example))
            for intent in workspace.intents
            for example in intent.examples
        ]

    def __call__(self, text: str) -> list[IntentScore]:
        """Intents ranked by similarity, ids and emails left out of the words."""
        words = _tokens(without_spans(text, extract_basic_entities(text)))
        best: dict[str, float] = {}
        for name, example in self.examples:
            if not example or not words:
                continue
            overlap = len(words & example)
            score = overlap / math.sqrt(len(example) * len(words)) if overlap else 0.0
            if score > best.get(name, 0.0):
                best[name] = min(score, 1.0)
        ranked = sorted(best.items(), key=lambda kv: kv[1], reverse=True)
        return [IntentScore(n, round(s, 4)) for n, s in ranked[:5]]


class KeywordUnderstander:
    """The starter understanding: keyword intents and pattern entities, nothing else."""

    def __init__(self, workspace: Workspace) -> None:
        self.score = KeywordIntentScorer(workspace)

    def understand(self, text: str, context: UnderstandingContext) -> Understanding:
        """Rank intents by overlap and pull out the basic entities."""
        intents = tuple(self.score(text))
        return Understanding(
            text=text,
            language=context.language,
            intents=intents,
            out_of_scope=not intents,
            entities=extract_basic_entities(text),
        )


def without_spans(text: str, entities: tuple[Entity, ...]) -> str:
    """The text with entity spans blanked out, so ids and emails do not count as words."""
    chars = list(text)
    for e in entities:
        for i in range(max(e.start, 0), min(e.end, len(chars))):
            chars[i] = " "
    return "".join(chars)
