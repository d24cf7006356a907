"""Spam, gibberish and abuse in inbound messages.

``HeuristicSpamDetector`` returns three separate verdicts, because the pipeline treats them
differently: ``spam`` (links with promotion, link floods, walls of repeated text or characters) is
dropped, ``gibberish`` (keyboard mashing such as ``asdfgh qwerty``) gets a clarifying question, and
``abuse`` (insults or profanity aimed at the agent) goes to a person. The words are the
language's (``SpamWords``: the engine's lexicon, with what the workspace adds); without them,
only links, repetition and keyboard mashing are read.
Profanity that is not aimed at anyone (``the damn parcel is late``) is reported in ``reasons`` only.
Gibberish rules assume Latin-script text typed on a QWERTY keyboard.
"""

from __future__ import annotations

import itertools
import re
import zlib
from collections import Counter
from dataclasses import dataclass
from typing import Protocol

from pydantic import BaseModel, ConfigDict, Field

from deskpilot.workspace import SpamWords, cues_pattern, lexicon_phrases

__all__ = [
    "ABUSE",
    "GIBBERISH",
    "LINKS_AND_PROMO",
    "MANY_LINKS",
    "PROFANITY",
    "PROMO_TEXT",
    "REPEATED_CHARACTERS",
    "REPEATED_TEXT",
    "HeuristicSpamDetector",
    "SpamConfig",
    "SpamDetector",
    "SpamResult",
]

LINKS_AND_PROMO = "links_and_promo"
MANY_LINKS = "many_links"
PROMO_TEXT = "promo_text"
REPEATED_CHARACTERS = "repeated_characters"
REPEATED_TEXT = "repeated_text"
GIBBERISH = "gibberish"
ABUSE = "abuse"
PROFANITY = "profanity"
_SPAM_REASONS = frozenset(
    {LINKS_AND_PROMO, MANY_LINKS, PROMO_TEXT, REPEATED_CHARACTERS, REPEATED_TEXT}
)

_LINK = re.compile(
    r"https?://\S+|\bwww\.\S+|(?<![@\w.])[a-z0-9-]+\.(?:com|net|org|io|xyz|ru|info|biz|top|click"
    r"|shop|store|online|site|link|ly)\b(?:/\S*)?",
    re.I,
)
_TOKEN = re.compile(r"[^\s]+")
_LATIN_WORD = re.compile(r"[a-zà-öø-ÿ]+")
_EMAIL = re.compile(r"\S+@\S+")
_SENTENCE = re.compile(r"[^.!?\n]+")
_VOWELS = frozenset("aeiouyàáâäèéêëìíîïòóôöùúûü")
_KEYBOARD_ROWS = ("qwertyuiop", "asdfghjkl", "zxcvbnm")
_ROW_POSITION = {
    ch: (row, i) for row, keys in enumerate(_KEYBOARD_ROWS) for i, ch in enumerate(keys)
}
_CONSONANT_RUN = re.compile(r"[b-df-hj-np-tv-xz]{6,}")
_LEET = str.maketrans({"0": "o", "1": "i", "3": "e", "4": "a", "@": "a", "$": "s", "5": "s"})


class SpamConfig(BaseModel):
    """Thresholds of ``HeuristicSpamDetector`` (its words are the language's: ``SpamWords``)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    max_links: int = Field(3, ge=1)
    char_run: int = Field(6, ge=3)
    char_run_share: float = Field(0.5, gt=0, le=1)
    gibberish_share: float = Field(0.5, gt=0, le=1)
    repeated_sentence_count: int = Field(3, ge=2)
    repeated_text_chars: int = Field(200, ge=20)
    long_text_chars: int = Field(400, ge=50)
    long_text_compression: float = Field(0.25, gt=0, le=1)


@dataclass(frozen=True)
class SpamResult:
    """Verdicts for one message and the reasons behind them (codes such as ``gibberish``)."""

    spam: bool
    abuse: bool
    gibberish: bool
    reasons: tuple[str, ...]


class SpamDetector(Protocol):
    """Says whether a message is spam, gibberish or abusive."""

    def check(self, text: str) -> SpamResult:
        """The verdicts for one message."""
        ...


class HeuristicSpamDetector:
    """Rules over links, promotion words, repetition, keyboard patterns and abuse word lists."""

    def __init__(self, words: SpamWords | None = None, config: SpamConfig | None = None) -> None:
        words = words or SpamWords()
        self._config = config or SpamConfig()
        self._strong_promo = tuple(p.lower() for p in words.strong_promo)
        self._insult = re.compile(lexicon_phrases(words.insults), re.I)
        self._profanity = re.compile(lexicon_phrases(words.profanity), re.I)
        self._masked = tuple(w.lower() for w in words.masked)
        self._addressed = frozenset(w.lower() for w in words.addressed)
        self._targets = frozenset(w.lower() for w in words.targets)
        self._sworn_before = frozenset(w.lower() for w in words.sworn_at.before)
        self._sworn_after = frozenset(w.lower() for w in words.sworn_at.after)
        self._threats = re.compile(cues_pattern(words.threats), re.I)
        self._not_gibberish = frozenset(w.lower() for w in words.not_gibberish)
        # Compiled once, not looked up in re's cache for every word of every message.
        self._weak_promo = [
            re.compile(rf"(?<!\w){re.escape(p.lower())}(?!\w)") for p in words.weak_promo
        ]
        self._char_run = re.compile(rf"(\S)\1{{{self._config.char_run - 1},}}")

    def check(self, text: str) -> SpamResult:
        """Spam, abuse and gibberish verdicts with their reasons, in a stable order."""
        reasons = [*self._spam_reasons(text)]
        if self._is_gibberish(text):
            reasons.append(GIBBERISH)
        reasons.extend(self._abuse_reasons(text))
        return SpamResult(
            spam=any(r in _SPAM_REASONS for r in reasons),
            abuse=ABUSE in reasons,
            gibberish=GIBBERISH in reasons,
            reasons=tuple(reasons),
        )

    def _spam_reasons(self, text: str) -> list[str]:
        c = self._config
        links = len(_LINK.findall(text))
        lowered = _LINK.sub(" ", text).lower()
        strong = sum(lowered.count(p) for p in self._strong_promo)
        weak = sum(len(p.findall(lowered)) for p in self._weak_promo)
        reasons = []
        if links and (strong >= 1 or weak >= 2):
            reasons.append(LINKS_AND_PROMO)
        if links >= c.max_links:
            reasons.append(MANY_LINKS)
        if not links and strong >= 2:
            reasons.append(PROMO_TEXT)
        if self._mostly_repeated_characters(text):
            reasons.append(REPEATED_CHARACTERS)
        if self._repeated_text(text):
            reasons.append(REPEATED_TEXT)
        return reasons

    def _mostly_repeated_characters(self, text: str) -> bool:
        chars = [ch for ch in text.lower() if not ch.isspace()]
        if not chars:
            return False
        runs = self._char_run.finditer("".join(chars))
        covered = sum(len(m.group()) for m in runs)
        return covered / len(chars) >= self._config.char_run_share

    def _repeated_text(self, text: str) -> bool:
        """Long text made of the same sentence again and again, or that compresses far too well."""
        c = self._config
        if len(text) < c.repeated_text_chars:
            return False
        sentences = [" ".join(s.lower().split()) for s in _SENTENCE.findall(text)]
        counts = Counter(s for s in sentences if len(s) >= 10)
        if counts and max(counts.values()) >= c.repeated_sentence_count:
            return True
        raw = text.encode()
        if len(raw) < c.long_text_chars:
            return False
        return len(zlib.compress(raw, 9)) / len(raw) < c.long_text_compression

    def _is_gibberish(self, text: str) -> bool:
        plain = _EMAIL.sub(" ", _LINK.sub(" ", text)).lower()
        words = [w for w in _LATIN_WORD.findall(plain) if len(w) >= 3]
        if not words:
            return False
        mashed = sum(_looks_mashed(w, self._not_gibberish) for w in words)
        return mashed / len(words) >= self._config.gibberish_share

    def _abuse_reasons(self, text: str) -> list[str]:
        tokens = [_normalise(t) for t in _TOKEN.findall(text)]
        tokens = [t for t in tokens if t]
        aimed = self._threats.search(text) is not None or self._vocative_insult(text)
        profane = False
        for i, token in enumerate(tokens):
            insult = self._matches(self._insult, token)
            swear = self._matches(self._profanity, token)
            if not (insult or swear):
                continue
            profane = profane or swear
            before = set(tokens[max(0, i - 3) : i])
            after = set(tokens[i + 1 : i + 3])
            if insult and (before & self._addressed or after & self._targets):
                aimed = True
            if swear and (after & self._sworn_after or before & self._sworn_before):
                aimed = True
        reasons = []
        if aimed:
            reasons.append(ABUSE)
        if profane:
            reasons.append(PROFANITY)
        return reasons

    def _vocative_insult(self, text: str) -> bool:
        """An insult addressed to the reader: "…, morons." / "Idiots! …"."""
        for m in re.finditer(r"(?:^|[,;:!?.]\s*)([A-Za-z]+)\s*(?=[,;:!?.]|$)", text):
            if self._matches(self._insult, _normalise(m.group(1))):
                return True
        return False

    def _matches(self, pattern: re.Pattern[str], token: str) -> bool:
        if "*" in token:  # masked swearing: "f**k", "sh*t"
            masked = re.compile(re.escape(token).replace(r"\*", r"\w"))
            return any(masked.fullmatch(word) for word in self._masked)
        return pattern.fullmatch(token) is not None


def _normalise(token: str) -> str:
    stripped = token.strip('.,!?;:"()[]{}<>-_').lower()
    if any(ch.isalpha() for ch in stripped):
        stripped = stripped.translate(_LEET)
    return stripped


def _looks_mashed(word: str, not_gibberish: frozenset[str]) -> bool:
    """A word no one types on purpose: no vowels, six consonants in a row, or a key-row walk."""
    if word in not_gibberish:
        return False
    if len(word) >= 4 and not any(ch in _VOWELS for ch in word):
        return True
    return _CONSONANT_RUN.search(word) is not None or _longest_row_walk(word) >= 4


def _longest_row_walk(word: str) -> int:
    """Length of the longest run of neighbouring keys on one row, in one direction (``asdf``)."""
    best = run = 1
    step = 0
    for a, b in itertools.pairwise(word):
        pa, pb = _ROW_POSITION.get(a), _ROW_POSITION.get(b)
        delta = pb[1] - pa[1] if pa and pb and pa[0] == pb[0] else 0
        if delta in (-1, 1) and (run == 1 or delta == step):
            run += 1
        elif delta in (-1, 1):
            run = 2
        else:
            run = 1
        step = delta
        best = max(best, run)
    return best
