"""Whether a new message repeats a request the customer already has open in another case.

``SimilarityDuplicateDetector`` compares the message with each open case's messages:

- both name record ids (the workspace's ``records:``, the store's order numbers) and share none,
  or both have a known intent and the intents differ → never a duplicate (``where is #W1?`` vs
  ``where is #W2?``; cancel vs status of the same record);
- they share a record id → a duplicate when the intents are the same, or when the texts are at
  least a little alike (``same_record_threshold``);
- otherwise → a duplicate only when the texts are clearly alike (``similar_threshold``).

Text similarity is the larger of a cosine over content-word stems (ids, numbers, stop words and
the records' own names removed) and rapidfuzz ``token_sort_ratio`` over the same words, so both
reordered phrasing and typos count. The thresholds were set on the labelled pairs in
``tests/nlu/test_duplicates.py``.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal, Protocol

from pydantic import BaseModel, ConfigDict, Field
from rapidfuzz import fuzz

from deskpilot.domain import CaseId
from deskpilot.nlu._entity_patterns import RecordIdFinder

__all__ = [
    "DuplicateCandidate",
    "DuplicateConfig",
    "DuplicateDetector",
    "OpenCase",
    "SimilarityDuplicateDetector",
    "text_similarity",
]

_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?")
_NOISE = re.compile(r"\S+@\S+|https?://\S+|\d+", re.I)
_STOP_WORDS = """
    a about above after again all also am an and any are as at be been before being below but by
    can could did do does doing don't done for from get got had has have having he her here hi
    hello hey him his how i i'd i'm i've if in into is it it's its just let me more my myself
    need no not now of off ok on once only or other our out over own please same she should so
    some still such than thank thanks that that's the their them then there these they this
    those through to too under until up us very want was we were what when where which while who
    why will with would yes yet you you're your yours would've can't won't isn't didn't doesn't
    haven't hasn't wasn't one
"""
_STOP = frozenset(_STOP_WORDS.split())
_SUFFIXES = ("ing", "ed", "es", "s")


@dataclass(frozen=True)
class OpenCase:
    """An open case of the same customer: its id, the customer's messages, record ids, intent."""

    case_id: CaseId
    texts: tuple[str, ...]
    record_ids: frozenset[str] = frozenset()
    intent: str | None = None


@dataclass(frozen=True)
class DuplicateCandidate:
    """An open case scored against the new message, with why it matched."""

    case_id: CaseId
    score: float
    reason: Literal["same_record", "similar_text"]


class DuplicateConfig(BaseModel):
    """Similarity thresholds in [0, 1]; see the module docstring for how they are used."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    similar_threshold: float = Field(0.52, ge=0, le=1)
    same_record_threshold: float = Field(0.3, ge=0, le=1)


class DuplicateDetector(Protocol):
    """Finds the open case a new message most likely repeats."""

    def find_duplicate(
        self,
        text: str,
        open_cases: Sequence[OpenCase],
        record_ids: Iterable[str] | None = None,
        intent: str | None = None,
    ) -> CaseId | None:
        """The id of the case the message duplicates, or None."""
        ...


class SimilarityDuplicateDetector:
    """Record-id overlap plus text similarity (stem cosine and rapidfuzz) against open cases."""

    def __init__(
        self, config: DuplicateConfig | None = None, records: Sequence[RecordIdFinder] = ()
    ) -> None:
        self._config = config or DuplicateConfig()
        self._records = tuple(records)
        # The records' names ("order") are in nearly every message about them: no evidence.
        self._stop = frozenset(f"{w}{s}" for r in records for w in r.words for s in ("", "s"))

    def find_duplicate(
        self,
        text: str,
        open_cases: Sequence[OpenCase],
        record_ids: Iterable[str] | None = None,
        intent: str | None = None,
    ) -> CaseId | None:
        """The best-scoring duplicate's case id; record ids are read from the text when not
        given."""
        ranked = self.rank(text, open_cases, record_ids, intent)
        return ranked[0].case_id if ranked else None

    def rank(
        self,
        text: str,
        open_cases: Sequence[OpenCase],
        record_ids: Iterable[str] | None = None,
        intent: str | None = None,
    ) -> list[DuplicateCandidate]:
        """Every open case that passes its threshold, best first."""
        mine = frozenset(record_ids if record_ids is not None else self._ids(text))
        found: list[DuplicateCandidate] = []
        for case in open_cases:
            theirs = case.record_ids | {o for t in case.texts for o in self._ids(t)}
            if mine and theirs and not mine & theirs:
                continue
            if intent and case.intent and intent != case.intent:
                continue
            score = max((text_similarity(text, t, self._stop) for t in case.texts), default=0.0)
            same_intent = intent is not None and intent == case.intent
            if mine & theirs and (same_intent or score >= self._config.same_record_threshold):
                found.append(DuplicateCandidate(case.case_id, score, "same_record"))
            elif score >= self._config.similar_threshold:
                found.append(DuplicateCandidate(case.case_id, score, "similar_text"))
        order = {"same_record": 0, "similar_text": 1}
        return sorted(found, key=lambda c: (order[c.reason], -c.score))

    def _ids(self, text: str) -> set[str]:
        return {str(found.value) for record in self._records for found in record(text)}


def text_similarity(a: str, b: str, stop: frozenset[str] = frozenset()) -> float:
    """Similarity of two messages' requests in [0, 1], ignoring ids, numbers and stop words
    (and the words of ``stop``)."""
    words_a, words_b = _content_words(a, stop), _content_words(b, stop)
    if not words_a or not words_b:
        return 0.0
    stems_a, stems_b = Counter(map(_stem, words_a)), Counter(map(_stem, words_b))
    dot = sum(stems_a[s] * stems_b[s] for s in stems_a)
    norm = math.sqrt(sum(v * v for v in stems_a.values()) * sum(v * v for v in stems_b.values()))
    cosine = dot / norm if norm else 0.0
    fuzzy = fuzz.token_sort_ratio(" ".join(words_a), " ".join(words_b)) / 100
    return max(cosine, fuzzy)


def _content_words(text: str, stop: frozenset[str] = frozenset()) -> list[str]:
    plain = _NOISE.sub(" ", text).lower().replace("’", "'")
    return [w for w in _WORD.findall(plain) if w not in _STOP and w not in stop and len(w) > 1]


def _stem(word: str) -> str:
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word
