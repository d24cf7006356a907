"""Sentiment and urgency of a customer message, with the flags policy rules act on.

``VaderSentimentAnalyzer`` starts from VADER's compound score and adds cues VADER does not see:
shouting, runs of ``!``, threats to leave, to charge back or to go to a lawyer, urgency words,
deadlines and repeated contact.

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

__all__ = [
    "CHARGEBACK_THREAT",
    "DEADLINE",
    "DEFAULT_LEXICON_OVERRIDES",
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

_I = re.I
_URGENT = re.compile(
    r"\b(?:urgent(?:ly)?|asap|a\.s\.a\.p|immediately|right away|right now|emergency"
    r"|as soon as possible|time[- ]sensitive|hurry|urgence|urgente|dringend|sofort)\b",
    _I,
)
_DAY_WORDS = (
    r"tomorrow|tonight|today|noon|midnight|eod|end of (?:the )?(?:day|week|month)|the weekend"
    r"|monday|tuesday|wednesday|thursday|friday|saturday|sunday|\d{1,2}\s?(?:am|pm)"
    r"|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{1,2}|\d{1,2}/\d{1,2}"
)
_DEADLINE = re.compile(
    rf"\b(?:by|before|until|no later than)\s+(?:this\s+|next\s+)?(?:{_DAY_WORDS})\b"
    r"|\bdeadline\b|\bin time for\b|\bneed (?:it|this|them) (?:today|tonight|tomorrow)\b",
    _I,
)
_LEAVE = re.compile(
    r"\b(?:cancel|close|delet|terminat|deactivat)\w*\s+(?:my\s+|the\s+)?(?:whole\s+)?"
    r"(?:account|membership|subscription)\b"
    r"|\b(?:never|won'?t|will not|not going to)\s+(?:ever\s+)?(?:shop|order|buy|purchase)\w*"
    r"\s+(?:here|from you|with you|again)\b"
    r"|\btak(?:e|ing) my (?:business|money|custom) (?:elsewhere|somewhere else)\b"
    r"|\b(?:switch(?:ing)?|go(?:ing)?|mov(?:e|ing)) (?:to|with) (?:a |another |your )?"
    r"(?:competitor|amazon|walmart|store|shop|company|retailer)s?\b"
    r"|\b(?:last|final) time (?:i|we) (?:shop|order|buy)"
    r"|\b(?:i'?m|i am) done with (?:you|this (?:store|company|shop))\b"
    r"|\blos(?:e|t|ing) (?:a|me as a) customer\b",
    _I,
)
_CHARGEBACK = re.compile(
    r"\bcharge[- ]?backs?\b|\bdisput\w* (?:the|this|my|your) (?:charge|payment|transaction)\b"
    r"|\b(?:call|contact|tell|report (?:you|this) to) my"
    r" (?:bank|credit card company|card issuer)\b",
    _I,
)
_LEGAL = re.compile(
    r"\b(?:lawyers?|attorneys?|solicitors?|legal action|lawsuit|sue|suing|small claims"
    r"|take you to court|see you in court|consumer protection|better business bureau|bbb"
    r"|attorney general|ftc)\b",
    _I,
)
_CONTACT_VERB = (
    r"(?:writ(?:e|ing|ten)|wrote|call(?:ed|ing)?|e-?mail(?:ed|ing)?|contact(?:ed|ing)?"
    r"|messag(?:e|ed|ing)|ask(?:ed|ing)?|reach(?:ed|ing)? out|chat(?:ted|ting)?"
    r"|complain(?:ed|ing)?|told you|explain(?:ed|ing)?|repeat(?:ed|ing)?)"
)
_REPEAT_WORDS = (
    r"(?:already|again|before|previously|repeatedly|(?:multiple|several|many|a few|two|three"
    r"|four|five|\d+) times|(?:second|third|fourth|fifth|\d+(?:st|nd|rd|th)) time)"
)
_REPEAT = re.compile(
    rf"\b{_CONTACT_VERB}\b[^.!?\n]{{0,40}}\b{_REPEAT_WORDS}\b"
    rf"|\b{_REPEAT_WORDS}\b[^.!?\n]{{0,40}}\b{_CONTACT_VERB}\b"
    r"|\bhow many (?:more )?times\b"
    r"|\b(?:no one|nobody|no-one)\s+(?:has\s+|ever\s+)*(?:replied|answered|responded|got back"
    r"|gotten back|called back|helped)"
    r"|\bstill (?:no|haven'?t (?:heard|had|got|gotten|received)(?: a| any)?) (?:reply|response"
    r"|answer|word|back)\b",
    _I,
)
_CAPS_WORD = re.compile(r"\b[A-Z]{3,}\b")
_CAPS_EXEMPT = frozenset({"USD", "ASAP", "USA", "FAQ", "SMS", "URL", "PDF", "RGB", "LED", "UPS"})
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


# Words VADER scores as emotional that are plain requests in customer service ("I'd like to
# cancel", "please help", "store credit", "gift card", "customer support", "urgent").
_NEUTRAL_WORDS = "urgent care cancel credit free gift help kind like pay please support want yes"
DEFAULT_LEXICON_OVERRIDES: dict[str, float] = dict.fromkeys(_NEUTRAL_WORDS.split(), 0.0)


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
    lexicon_overrides: dict[str, float] = Field(
        default_factory=lambda: dict(DEFAULT_LEXICON_OVERRIDES)
    )


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

    def __init__(self, config: SentimentConfig | None = None) -> None:
        self._config = config or SentimentConfig()
        self._vader = SentimentIntensityAnalyzer()
        self._vader.lexicon.update(self._config.lexicon_overrides)

    def analyze(self, text: str) -> SentimentResult:
        """Sentiment, urgency and flags of one message."""
        compound = float(self._vader.polarity_scores(text.translate(_TYPOGRAPHIC))["compound"])
        flags = detect_flags(text)
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


def detect_flags(text: str) -> frozenset[str]:
    """The rule cues present in ``text`` (``urgent``, ``legal_threat``, ``repeat_contact``…)."""
    checks = {
        URGENT: _URGENT.search(text) is not None,
        DEADLINE: _DEADLINE.search(text) is not None,
        THREAT_TO_LEAVE: _LEAVE.search(text) is not None,
        CHARGEBACK_THREAT: _CHARGEBACK.search(text) is not None,
        LEGAL_THREAT: _LEGAL.search(text) is not None,
        REPEAT_CONTACT: _REPEAT.search(text) is not None,
        SHOUTING: _is_shouting(text),
        EXCLAMATIONS: _EXCLAIM_RUN.search(text) is not None or text.count("!") >= 3,
    }
    return frozenset(flag for flag, present in checks.items() if present)


def _is_shouting(text: str) -> bool:
    """Several words in capitals, or a message written mostly in capitals."""
    caps = [w for w in _CAPS_WORD.findall(text) if w not in _CAPS_EXEMPT]
    words = _WORD.findall(text)
    letters = [ch for ch in text if ch.isalpha()]
    mostly_upper = len(letters) >= 10 and sum(ch.isupper() for ch in letters) / len(letters) > 0.6
    return len(caps) >= 3 or (len(words) >= 2 and mostly_upper)


def _clamp(value: float, low: float, high: float) -> float:
    return max(low, min(high, value))
