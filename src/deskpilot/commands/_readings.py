"""How a message answers a yes/no question, and whether a part only names a detail of a
request, read the same way by every generator, in the workspace's words (``vocabulary.yaml``,
``dialogue``: ``affirm``, ``deny``, ``firm_affirm``, ``doubt``, ``details``,
``change_verbs``)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from deskpilot.workspace import DialogueWords, phrases

# A sentence, or a clause closed by a semicolon: what a "too" after a doubt is read within.
SENTENCE = re.compile(r"[^.!?;]+")


class Answer(StrEnum):
    """How a message answers a yes/no question."""

    YES = "yes"
    NO = "no"
    NEITHER = "neither"


@dataclass(frozen=True)
class YesNo:
    """The workspace's words for yes and no, compiled once."""

    yes: re.Pattern[str]
    no: re.Pattern[str]
    firm: re.Pattern[str]  # a firm yes word
    opens_firmly: re.Pattern[str]  # a message opening with one, no comma after it
    doubt: re.Pattern[str]
    # words of hesitation opening an answer, before its no: "oh okay, never mind then"
    hesitating: re.Pattern[str]
    # after a doubt in its sentence, the same request again: "actually the other one too"
    more: re.Pattern[str]

    @classmethod
    def of(cls, words: DialogueWords) -> YesNo:
        """The reading of ``words`` (a workspace without them reads every message as neither)."""
        return cls(
            yes=re.compile(phrases(words.affirm), re.I),
            no=re.compile(phrases(words.deny), re.I),
            firm=re.compile(phrases(words.firm_affirm), re.I),
            opens_firmly=re.compile(rf"^\s*{phrases(words.firm_affirm)}[^,]*$", re.I),
            doubt=re.compile(phrases(words.doubt), re.I),
            hesitating=re.compile(rf"^(?:\s*{phrases(words.hesitations)}[\s,.!-]*)*", re.I)
            if words.hesitations
            else re.compile(""),
            more=re.compile(phrases(words.more), re.I),
        )

    def read(self, text: str) -> Answer:
        """Whether ``text`` says yes, says no, or neither (a no wins over a yes: "yes, but
        wait"; a message opening with a firm yes and no comma is a yes)."""
        said = text.strip()
        # "Actually …" doubts what was asked, unless a firm yes follows ("actually, yes").
        # "Yes. And actually the other one too" asks for more after a yes, it doubts nothing
        # ("actually, forget the speaker too" still doubts).
        opens_yes = self.firm.match(said) is not None
        doubted = any(
            not self.firm.search(said[m.end() : m.end() + 20])
            and not (opens_yes and self._more_in_sentence(said[m.end() :]))
            for m in self.doubt.finditer(said)
        )
        if (self.no.search(said) or doubted) and not self.opens_firmly.match(said):
            return Answer.NO
        if self.yes.search(said):
            return Answer.YES
        return Answer.NEITHER

    def bare(self, text: str) -> bool:
        """Whether ``text`` is a yes and nothing more ("yes", "ok, sure!"): no word left once
        the yes words are taken out."""
        return self.read(text) is Answer.YES and not re.search(r"\w", self.yes.sub("", text))

    def _more_in_sentence(self, text: str) -> bool:
        """Whether the sentence ``text`` opens says "too" ("… the other one too. Thanks")."""
        first = SENTENCE.match(text)
        return first is not None and self.more.search(first.group(0)) is not None

    def declines(self, text: str) -> bool:
        """Whether ``text``, answering a question that asks for a value ("which card?"),
        opens with a no and asks nothing back: "no thanks, too expensive", not "wait, which
        one holds more?" or "I don't know". Words of hesitation may open it first ("oh okay,
        never mind then")."""
        said = text.strip()
        opening = self.hesitating.match(said)
        return (
            bool(self.no.match(said, opening.end() if opening else 0))
            and "?" not in said
            and self.read(said) is Answer.NO
        )


@dataclass(frozen=True)
class Details:
    """The workspace's words for a detail a request takes ("paypal", "gift card")."""

    detail: re.Pattern[str]
    change: re.Pattern[str]
    courtesy: re.Pattern[str]

    @classmethod
    def of(cls, words: DialogueWords) -> Details:
        """The reading of ``words`` (a workspace without them names no detail)."""
        never = re.compile(r"(?!)")
        return cls(
            detail=re.compile(phrases(words.details), re.I) if words.details else never,
            change=re.compile(phrases(words.change_verbs), re.I) if words.change_verbs else never,
            courtesy=re.compile(phrases(words.courtesy), re.I) if words.courtesy else never,
        )

    def only(self, text: str) -> bool:
        """Whether ``text`` is a short part naming a detail and asking no change: "Use my gift
        card" is how a request is settled, never a request of its own (words of courtesy do
        not count: "Any refund onto my PayPal please, ta")."""
        return (
            len(self.courtesy.sub(" ", text).split()) <= 6
            and self.detail.search(text) is not None
            and self.change.search(text) is None
        )
