"""How a message answers a yes/no question, and whether a part only names a detail of a
request, read the same way by every generator, in the workspace's words (``vocabulary.yaml``,
``dialogue``: ``affirm``, ``deny``, ``firm_affirm``, ``doubt``, ``details``,
``change_verbs``)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from deskpilot.workspace import DialogueWords, NotAskingWords, phrases

# A sentence, or a clause closed by a semicolon: what a "too" after a doubt is read within.
SENTENCE = re.compile(r"[^.!?;]+")
_CLAUSE_END = re.compile(r"[.;!?]+\s+|,\s*")  # a sentence's end, or a comma


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
    # after a yes, a condition it is said on: "yes, as long as I don't have to pay more"
    conditional: re.Pattern[str] | None = None

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
            conditional=re.compile(phrases(words.conditional), re.I) if words.conditional else None,
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
        if self._on_condition(said) and not doubted:
            return Answer.NEITHER
        if (self.no.search(said) or doubted) and not self.opens_firmly.match(said):
            return Answer.NO
        if self.yes.search(said):
            return Answer.YES
        return Answer.NEITHER

    def _on_condition(self, said: str) -> bool:
        """Whether ``said`` is a yes set on a condition: a yes, no no before the condition, and
        the condition after it ("yes, as long as I don't have to pay more"; a no in the
        condition is the condition's, not the answer's)."""
        cond = self.conditional.search(said) if self.conditional is not None else None
        if cond is None:
            return False
        before = said[: cond.start()]
        return self.yes.search(before) is not None and self.no.search(before) is None

    def declines_after_asking(self, text: str) -> bool:
        """Whether ``text`` asks something back, then closes on a no to the question waiting:
        "oh, only the same product? then never mind" takes the request back, whatever the
        question before it names."""
        return bool(self._after_question(text)) and self.declines(text)

    @staticmethod
    def _after_question(text: str) -> str:
        """What ``text`` says after its last question, when it says something before and
        after it ("" otherwise)."""
        asked, mark, last = text.strip().rpartition("?")
        return last.strip() if mark and asked.strip() and last.strip() else ""

    def bare(self, text: str) -> bool:
        """Whether ``text`` is a yes and nothing more ("yes", "ok, sure!"): no word left once
        the yes words are taken out."""
        return self.read(text) is Answer.YES and not re.search(r"\w", self.yes.sub("", text))

    def without_answers(self, text: str) -> str:
        """``text`` without its words of yes and no: what else it says ("yes please, the green
        one" says "the green one"; a bare yes says nothing)."""
        return self.no.sub(" ", self.yes.sub(" ", text))

    def _more_in_sentence(self, text: str) -> bool:
        """Whether the sentence ``text`` opens says "too" ("… the other one too. Thanks")."""
        first = SENTENCE.match(text)
        return first is not None and self.more.search(first.group(0)) is not None

    def declines(self, text: str) -> bool:
        """Whether ``text``, answering a question that asks for a value ("which card?"),
        opens with a no and asks nothing back: "no thanks, too expensive", not "wait, which
        one holds more?" or "I don't know". Words of hesitation may open it first ("oh okay,
        never mind then"). After a question of their own, its last sentence decides: "oh,
        only the same product? then never mind" declines."""
        said = self._after_question(text) or text.strip()
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


class RequestVerbs:
    """The verbs that name each request (``dialogue.request_verbs``), and where one is said but
    not asked for (``dialogue.not_asking``): "I don't want to cancel the whole order", "if I
    cancelled it, how much would I get back?" ask for no cancellation. Without these words no
    request is named by a verb."""

    def __init__(self, words: DialogueWords | None = None) -> None:
        words = words or DialogueWords()
        verbs = {intent: phrases(said) for intent, said in words.request_verbs.items()}
        asking = _not_asking(words.not_asking)
        self._said = {intent: re.compile(verb, re.I) for intent, verb in verbs.items()}
        self._not_asking = {
            intent: re.compile(asking.replace("{verb}", verb), re.I)
            for intent, verb in verbs.items()
        }

    def names(self, text: str, intent: str) -> bool:
        """Whether ``text`` says the verb of ``intent``'s request at all."""
        verb = self._said.get(intent)
        return verb is not None and verb.search(text) is not None

    def only_negated(self, text: str, intent: str) -> bool:
        """Whether every mention of ``intent``'s verb in ``text`` is negated or hypothetical."""
        verb = self._said.get(intent)
        if verb is None:
            return False
        mentions = len(verb.findall(text))
        return mentions > 0 and len(self._not_asking[intent].findall(text)) >= mentions

    def not_asked_ends(self, text: str, intent: str) -> tuple[int, ...]:
        """Where each mention of ``intent``'s verb said but not asked for ends in ``text``."""
        asking = self._not_asking.get(intent)
        return () if asking is None else tuple(m.end() for m in asking.finditer(text))

    def taken_back(self, text: str, intent: str) -> bool:
        """Whether ``text`` asks for ``intent``'s request and then takes it back: the last clause
        naming it decides ("cancel my order … actually, forget it. I'll keep it, don't cancel
        anything"); one that never asked takes nothing back ("If I cancelled it, how much would
        I get back? Don't cancel anything yet")."""
        return self.taking_back(text, intent) is not None

    def taking_back(self, text: str, intent: str) -> tuple[str, str] | None:
        """The clauses of ``text`` asking for ``intent``'s request and the last one naming it,
        which takes it back (``taken_back``); None when nothing asked is taken back."""
        naming = [c for c in _CLAUSE_END.split(text) if self.names(c, intent)]
        asked = [c for c in naming[:-1] if not self.only_negated(c, intent)]
        if not asked or not self.only_negated(naming[-1], intent):
            return None
        return " ".join(asked), naming[-1]


def _not_asking(words: NotAskingWords) -> str:
    """Where a request's verb (``{verb}``) is said but not asked for."""
    wanting = rf"(?:{phrases(words.wanting)}\s+(?:{phrases(words.to)}\s+)?)?"
    # "if not, cancel it": one look-behind per fallback word, each of fixed width
    fallback = "".join(rf"(?<!\b{re.escape(w.lower())}\s)" for w in words.fallback if w.strip())
    return (
        rf"(?:{fallback}{phrases(words.negators)}\s+{wanting}(?:{phrases(words.to)}\s+)?"
        rf"(?:{{verb}})\b"
        rf"(?!\s+(?:it\s+)?{phrases(words.not_yet)}[^.?!]*{phrases(words.contrast)})"
        rf"|{phrases(words.hypothetical)}\s+(?:{phrases(words.supposing)}\s+)?(?:{{verb}})\b"
        rf"|{phrases(words.wondering)}[^.?!]*\b(?:{{verb}})\b)"
    )


# Where a clause of a sentence opens: what it asks is read at its start ("Quick question
# first: do you have …", "Hm, how much would it cost?").
