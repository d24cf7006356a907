"""Sentiment and urgency of a customer message, with the flags policy rules act on.

``VaderSentimentAnalyzer`` starts from VADER's compound score and adds cues VADER does not see:
shouting, runs of ``!``, threats to leave, to charge back or to go to a lawyer, urgency words,
deadlines and repeated contact. The words of the cues, and the valences VADER's lexicon gets in
place of its own, are the language's (``SentimentWords``: the engine's lexicon, with what the
workspace adds); without them, only shouting and exclamations are read.

Formulas (weights are ``SentimentConfig`` fields):

- ``sentiment = clamp(compound - threat_penalty·[any threat] - repeat_penalty·[repeat_contact]
  - shouting_penalty·[shouting or exclamations, and compound < 0.05], -1, 1)``
- ``urgency = 1 - (1 - negativity_weight·max(0, -sentiment)) · Π_flags (1 - weight_flag)``, a
  noisy-OR: each cue alone gives its weight, several together approach 1, none gives 0.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Protocol

from pydantic import BaseModel, ConfigDict, Field
from vaderSentiment.vaderSentiment import (  # type: ignore[import-untyped]
    SentimentIntensityAnalyzer,
)

from deskpilot.workspace import (
    DeadlineWords,
    RepeatWords,
    SentimentWords,
    cues_pattern,
    lexicon_phrases,
)

__all__ = [
    "CHARGEBACK_THREAT",
    "DEADLINE",
    "EXCLAMATIONS",
    "LEGAL_THREAT",
    "REPEAT_CONTACT",
    "SHOUTING",
    "THREAT_TO_LEAVE",
    "URGENT",
    "SentimentAnalyzer",
    "SentimentConfig",
    "SentimentResult",
    "VaderSentimentAnalyzer",
]

SHOUTING = "shouting"
EXCLAMATIONS = "exclamations"
URGENT = "urgent"
DEADLINE = "deadline"
THREAT_TO_LEAVE = "threat_to_leave"
CHARGEBACK_THREAT = "chargeback_threat"
LEGAL_THREAT = "legal_threat"
REPEAT_CONTACT = "repeat_contact"
_THREATS = frozenset({THREAT_TO_LEAVE, CHARGEBACK_THREAT, LEGAL_THREAT})

_CAPS_WORD = re.compile(r"\b[A-Z]{3,}\b")
_EXCLAIM_RUN = re.compile(r"[!?]*![!?]*!")
_WORD = re.compile(r"\b[^\W\d_]{3,}\b")
# VADER splits on spaces and strips ASCII punctuation only: "ugh…" or "don’t" would not be
# found in its lexicon or among its negations. Typographic punctuation is read as its ASCII form.
_TYPOGRAPHIC = str.maketrans(
    {
        "\u2026": "...",
        "\u2019": "'",
        "\u2018": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u2013": "-",
        "\u2014": "-",
    }
)


class SentimentConfig(BaseModel):
    """Weights of the sentiment and urgency formulas (see the module docstring)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    threat_penalty: float = Field(0.25, ge=0, le=1)
    repeat_penalty: float = Field(0.15, ge=0, le=1)
    shouting_penalty: float = Field(0.1, ge=0, le=1)
    urgent_weight: float = Field(0.6, ge=0, le=1)
    deadline_weight: float = Field(0.45, ge=0, le=1)
    legal_weight: float = Field(0.5, ge=0, le=1)
    chargeback_weight: float = Field(0.45, ge=0, le=1)
    leave_weight: float = Field(0.35, ge=0, le=1)
    repeat_weight: float = Field(0.4, ge=0, le=1)
    shouting_weight: float = Field(0.25, ge=0, le=1)
    exclamation_weight: float = Field(0.15, ge=0, le=1)
    negativity_weight: float = Field(0.3, ge=0, le=1)


@dataclass(frozen=True)
class SentimentResult:
    """Sentiment in [-1, 1], urgency in [0, 1], VADER's raw compound score and the cue flags."""

    sentiment: float
    urgency: float
    compound: float
    flags: frozenset[str]


class SentimentAnalyzer(Protocol):
    """Scores how the customer feels and how urgent the message is."""

    def analyze(self, text: str) -> SentimentResult:
        """Sentiment, urgency and cue flags of one message."""
        ...


class VaderSentimentAnalyzer:
    """VADER compound score adjusted by rule cues; see the module docstring for the formulas."""

    def __init__(
        self, words: SentimentWords | None = None, config: SentimentConfig | None = None
    ) -> None:
        words = words or SentimentWords()
        self._config = config or SentimentConfig()
        self._vader = SentimentIntensityAnalyzer()
        self._vader.lexicon.update(words.lexicon)
        self._cues = _Cues(words)

    def analyze(self, text: str) -> SentimentResult:
        """Sentiment, urgency and flags of one message."""
        compound = float(self._vader.polarity_scores(text.translate(_TYPOGRAPHIC))["compound"])
        flags = self._cues.flags(text)
        sentiment = _clamp(compound - self._penalty(flags, compound), -1.0, 1.0)
        return SentimentResult(
            sentiment=round(sentiment, 4),
            urgency=round(self._urgency(flags, sentiment), 4),
            compound=compound,
            flags=flags,
        )

    def _penalty(self, flags: frozenset[str], compound: float) -> float:
        c = self._config
        penalty = c.threat_penalty if flags & _THREATS else 0.0
        if REPEAT_CONTACT in flags:
            penalty += c.repeat_penalty
        if flags & {SHOUTING, EXCLAMATIONS} and compound < 0.05:
            penalty += c.shouting_penalty
        return penalty

    def _urgency(self, flags: frozenset[str], sentiment: float) -> float:
        c = self._config
        weights = {
            URGENT: c.urgent_weight,
            DEADLINE: c.deadline_weight,
            LEGAL_THREAT: c.legal_weight,
            CHARGEBACK_THREAT: c.chargeback_weight,
            THREAT_TO_LEAVE: c.leave_weight,
            REPEAT_CONTACT: c.repeat_weight,
            SHOUTING: c.shouting_weight,
            EXCLAMATIONS: c.exclamation_weight,
        }
        calm = 1.0 - c.negativity_weight * max(0.0, -sentiment)
        for flag in flags:
            calm *= 1.0 - weights[flag]
        return _clamp(1.0 - calm, 0.0, 1.0)


class _Cues:
    """The rule cues of a language's words, compiled once."""

    def __init__(self, words: SentimentWords) -> None:
        self._urgent = re.compile(cues_pattern(words.urgent), re.I)
        self._deadline = re.compile(_deadline(words.deadline), re.I)
        self._leave = re.compile(cues_pattern(words.leave), re.I)
        self._chargeback = re.compile(cues_pattern(words.chargeback), re.I)
        self._legal = re.compile(cues_pattern(words.legal), re.I)
        self._repeat = re.compile(_repeat(words.repeat_contact), re.I)
        self._acronyms = frozenset(word.upper() for word in words.acronyms)

    def flags(self, text: str) -> frozenset[str]:
        """The rule cues present in ``text`` (``urgent``, ``legal_threat``, ``repeat_contact``…)."""
        checks = {
            URGENT: self._urgent.search(text) is not None,
            DEADLINE: self._deadline.search(text) is not None,
            THREAT_TO_LEAVE: self._leave.search(text) is not None,
            CHARGEBACK_THREAT: self._chargeback.search(text) is not None,
            LEGAL_THREAT: self._legal.search(text) is not None,
            REPEAT_CONTACT: self._repeat.search(text) is not None,
            SHOUTING: self._is_shouting(text),
            EXCLAMATIONS: _EXCLAIM_RUN.search(text) is not None or text.count("!") >= 3,
        }
        return frozenset(flag for flag, present in checks.items() if present)

    def _is_shouting(self, text: str) -> bool:
        """Several words in capitals, or a message written mostly in capitals."""
        caps = [w for w in _CAPS_WORD.findall(text) if w not in self._acronyms]
        words = _WORD.findall(text)
        letters = [ch for ch in text if ch.isalpha()]
        upper = sum(ch.isupper() for ch in letters)
        mostly_upper = len(letters) >= 10 and upper / len(letters) > 0.6
        return len(caps) >= 3 or (len(words) >= 2 and mostly_upper)


def _deadline(words: DeadlineWords) -> str:
    """A day or a time after a word of a deadline ("by Friday", "before 5pm", "by May 3",
    "until 6/14"), or a cue of one."""
    clock = lexicon_phrases([f"~{word.lstrip('~')}" for word in words.clock])
    months = lexicon_phrases(words.months)
    day = (
        rf"(?:{lexicon_phrases(words.days)}|\d{{1,2}}\s?{clock}|{months}\.?\s+\d{{1,2}}"
        r"|\d{1,2}/\d{1,2})"
    )
    before = rf"{lexicon_phrases(words.before)}\s+(?:{lexicon_phrases(words.which)}\s+)?{day}\b"
    return f"{before}|{cues_pattern(words.cues)}"


def _repeat(words: RepeatWords) -> str:
    """Getting in touch said near a word of repetition, in one sentence, or a cue of it."""
    contacting, repeated = lexicon_phrases(words.contacting), cues_pattern(words.repeated)
    near = rf"{contacting}[^.!?\n]{{0,40}}{repeated}|{repeated}[^.!?\n]{{0,40}}{contacting}"
    return f"{near}|{cues_pattern(words.cues)}"


def _clamp(value: float, low: float, high: float) -> float:
    return max(low, min(high, value))
