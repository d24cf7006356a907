"""Answers from the help center: retrieve passages, score how answerable the question is, and
phrase the answer from the best passage with its article's title and link.

``Retriever`` and ``AnswerWriter`` are the two protocols: the default retriever is the FTS5
index and the default writer quotes the passage; a language model can be added later as another
``AnswerWriter`` that phrases the answer from the same passages (and nothing else). Retrieved
text is data: it is quoted to the customer, never followed as instructions.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Protocol

from deskpilot.knowledge._index import Hit
from deskpilot.nlu.language import LanguageConfig, LanguageDetector, LinguaLanguageDetector

# The answerability (the share of the question's information the best passage holds) at or
# above which a question is answered. Chosen on tests/knowledge/questions.yaml: see
# docs/knowledge.md ("Choosing the threshold").
ANSWER_AT = 0.5
# Below ANSWER_AT but at or above this, the question is asked back: "Do you mean …?" with the
# two or three articles whose passages hold at least this share of it. Chosen on
# tests/knowledge/questions.yaml: see docs/knowledge.md ("A clarifying question").
CLARIFY_AT = 0.25
MAX_CHOICES = 3
_MAX_CHARS = 480
_SENTENCE = re.compile(r"(?<=[.!?])\s+")
_MARKUP = re.compile(r"(\*\*|__|`|^\s*[-*]\s+|^\s*\d+\.\s+|\[([^\]]*)\]\([^)]*\))", re.M)


class Retriever(Protocol):
    """Finds the passages that may answer a question, best first."""

    def search(
        self, question: str, *, k: int = 5, audience: str = "customers", on: date | None = None
    ) -> list[Hit]:
        """The ``k`` best passages for ``question`` among the articles ``audience`` may read
        (customers: the customers' articles; agents: every article)."""
        ...


class AnswerWriter(Protocol):
    """Phrases an answer from passages, using nothing they do not say."""

    def write(self, question: str, hits: Sequence[Hit]) -> str:
        """The answer's text."""
        ...


class Verdict(StrEnum):
    """What to do with a question."""

    ANSWER = "answer"
    CHOOSE = "choose"  # two or three articles may answer it: ask which one is meant
    MISS = "miss"  # no passage answers it surely: clarify, then hand off


@dataclass(frozen=True)
class KnowledgeAnswer:
    """The help center's answer to a question, the articles to choose from, or a miss, with
    the passages it rests on."""

    question: str
    verdict: Verdict
    answerability: float
    hits: tuple[Hit, ...]
    text: str = ""
    choices: tuple[Hit, ...] = ()
    language: str = "en"  # the question's

    @property
    def source(self) -> Hit | None:
        """The passage the answer quotes (None for a miss)."""
        return self.hits[0] if self.verdict is Verdict.ANSWER and self.hits else None

    @property
    def translated_note(self) -> bool:
        """Whether the answer quotes an article in another language than the question's (the
        customer is told so)."""
        source = self.source
        return source is not None and source.language != self.language


class QuotingWriter:
    """The offline writer: the best passage's first sentences, without Markdown marks."""

    def write(self, question: str, hits: Sequence[Hit]) -> str:
        """The start of the best passage, cut at a sentence end."""
        return quote(hits[0].text) if hits else ""


def quote(text: str, limit: int = _MAX_CHARS) -> str:
    """``text`` as plain sentences, at most ``limit`` characters, cut at a sentence end."""
    plain = _MARKUP.sub(lambda m: m.group(2) or "", text)
    plain = " ".join(line.strip() for line in plain.splitlines() if line.strip())
    out = ""
    for sentence in _SENTENCE.split(plain):
        if out and len(out) + len(sentence) + 1 > limit:
            break
        out = f"{out} {sentence}".strip()
    return out if len(out) <= limit else out[: limit - 1].rsplit(" ", 1)[0] + "…"


class KnowledgeBase:
    """Answers questions from a retriever: a verdict from the answerability, and the text."""

    def __init__(
        self,
        retriever: Retriever,
        writer: AnswerWriter | None = None,
        *,
        answer_at: float = ANSWER_AT,
        clarify_at: float = CLARIFY_AT,
        today: date | None = None,
        language: str = "en",
        detector: LanguageDetector | None = None,
    ) -> None:
        self.retriever = retriever
        self.writer = writer or QuotingWriter()
        self.answer_at = answer_at
        self.clarify_at = clarify_at
        self.today = today
        self.language = language
        self.detector = detector

    def answer(
        self,
        question: str,
        *,
        k: int = 5,
        audience: str = "customers",
        language: str | None = None,
    ) -> KnowledgeAnswer:
        """The answer to ``question`` from the articles ``audience`` may read (the customers'
        by default), or a miss. ``language``: the question's (detected when not given); an
        article in it is preferred, then one in the help center's own language."""
        asked = language or self.detect(question)
        found = self.retriever.search(question, k=k, audience=audience, on=self.today)
        hits = tuple(self._prefer(found, asked))
        score = answerability(hits)
        if score < self.answer_at:
            choices = self._choices(hits, asked) if score >= self.clarify_at else ()
            verdict = Verdict.CHOOSE if choices else Verdict.MISS
            return KnowledgeAnswer(question, verdict, score, hits, choices=choices, language=asked)
        text = self.writer.write(question, hits)
        return KnowledgeAnswer(question, Verdict.ANSWER, score, hits, text, language=asked)

    def detect(self, question: str) -> str:
        """The language ``question`` is written in, among the help center's and the
        workspace's (the workspace's own when it cannot tell)."""
        return self.detector.detect(question) if self.detector is not None else self.language

    def _prefer(self, hits: Sequence[Hit], asked: str) -> list[Hit]:
        """``hits`` reordered, keeping their order otherwise: among those that would be answered
        (then among the others), the question's language first, then the help center's."""

        def key(hit: Hit) -> tuple[bool, int]:
            speaks = 2 if hit.language == asked else 1 if hit.language == self.language else 0
            return (hit.coverage >= self.answer_at, speaks)

        return sorted(hits, key=key, reverse=True)

    def _choices(self, hits: Sequence[Hit], asked: str) -> tuple[Hit, ...]:
        """The articles (two or three, best first) whose passages hold enough of the question
        to be offered as what it may mean, written in its language or the help center's; none
        when fewer than two do."""
        readable = {asked, self.language}
        held = [h for h in hits if h.coverage >= self.clarify_at and h.language in readable]
        held = held[:MAX_CHOICES]  # one an article
        return tuple(held) if len(held) >= 2 else ()


def language_detector(languages: Sequence[str], default: str) -> LanguageDetector:
    """Tells which of ``languages`` (the help center's and the workspace's) a question is
    written in; ``default`` when it is too short to tell."""
    served = tuple(dict.fromkeys((default, *languages)))
    return LinguaLanguageDetector(LanguageConfig(languages=served, default=default))


def answerability(hits: Sequence[Hit]) -> float:
    """How surely the best passage answers the question, between 0 and 1: the share of the
    question's information it holds."""
    return round(hits[0].coverage, 4) if hits else 0.0
