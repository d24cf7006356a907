"""Generators: from what understanding read of a message to the commands it gives.

``CommandGenerator`` is the one protocol; ``ReadingCommandGenerator`` is the offline default,
built on the calibrated intent classifier's reading (``Understanding``) and the workspace's
vocabulary (``dialogue:``). A generator built on a language model must give the same commands
for the same messages and pass the same tests (``tests/commands/``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Protocol

from deskpilot.commands._language import (
    CancelFlow,
    ChitChat,
    Clarify,
    Command,
    Confirm,
    Deny,
    HandOff,
    OutOfScope,
    SetSlot,
    Span,
    StartFlow,
)
from deskpilot.commands._readings import SENTENCE, Answer, Details, RequestVerbs, YesNo
from deskpilot.domain import Entity, Understanding
from deskpilot.workspace import DialogueWords, phrases


@dataclass(frozen=True)
class DialogueView:
    """What a generator may know of the conversation besides the message."""

    # A question waits for a yes or a no (a confirmation, an offer).
    waiting_answer: bool = False
    # A question of a request in progress waits for a value (which card, which day): a no
    # to it declines to go on.
    asked: bool = False
    # A request is in progress (it can be withdrawn).
    active: bool = False
    # The customer's words for each request waiting its turn, in queue order.
    queued: tuple[str, ...] = ()
    # The request in progress, if any.
    current: str | None = None
    # The requests waiting their turn, in queue order.
    waiting: tuple[str, ...] = ()
    # The request last carried out, when none is in progress ("and the one with the wall
    # clock too, same reason" asks for it again).
    done: str | None = None


class CommandGenerator(Protocol):
    """Turns what understanding read of a message into commands."""

    def generate(self, understanding: Understanding, view: DialogueView) -> tuple[Command, ...]:
        """The message's commands, in the order they were read."""
        ...


class ReadingCommandGenerator:
    """Commands from the intent classifier's reading, the entities and the workspace's words.

    ``flow_intents``: the intents a flow starts; ``review``: the confidence below which an
    intent is not read as asked; ``auto``: the one at and above which it is read surely (a
    part read so leads over a whole message read less surely as one of the ``questions``, the
    intents that only ask something); ``identity``: the details of who a customer is (entity
    types); ``slot_kinds``: for each intent, the slot kinds its flow resolves (a mark of a kind
    no request of the conversation takes says nothing of what is asked; without them every
    mark is taken to); ``related``: pairs of intents of one request told apart by its record's
    state (an item change and an exchange), never led one by the other's verb.
    """

    def __init__(
        self,
        words: DialogueWords,
        *,
        flow_intents: Sequence[str],
        review: float,
        auto: float | None = None,
        questions: Sequence[str] = (),
        identity: Sequence[str] = (),
        slot_kinds: Mapping[str, Iterable[str]] | None = None,
        related: Iterable[tuple[str, str]] = (),
    ) -> None:
        self.words = words
        # pairs of intents one request moves between by its record's state (either way)
        self.related = frozenset((a, b) for pair in related for a, b in (pair, pair[::-1]))
        self.slot_kinds = (
            None if slot_kinds is None else {k: frozenset(v) for k, v in slot_kinds.items()}
        )
        self.flow_intents = frozenset(flow_intents)
        self.review = review
        self.auto = auto
        self.questions = frozenset(questions)
        self.identity = tuple(identity)
        self._person = re.compile(phrases(words.person), re.I)
        self._withdraw = re.compile(phrases(words.withdraw), re.I)
        self._everything = re.compile(phrases(words.withdraw_all), re.I)
        self._answers = YesNo.of(words)
        self._detail = Details.of(words)
        self._verbs = RequestVerbs(words)
        self._same_again = re.compile(phrases(words.same_again), re.I) if words.same_again else None
        self._change = re.compile(phrases(words.change_verbs), re.I) if words.change_verbs else None

    def intents(self, u: Understanding) -> list[str]:
        """The request the message asks for, as a whole or by its parts (at most one)."""
        top = [i.name for i in u.intents[:1] if i.confidence >= self.review]
        # "Use my gift card" settles a request; it never leads one.
        named = [
            name
            for name, piece in u.parts
            if name and name in self.flow_intents and not self._detail.only(piece)
        ]
        if u.out_of_scope or not top:
            # A long message mixing story and requests reads as nothing as a whole, while its
            # parts were each recognised confidently: the first of them leads.
            return named[:1]
        if top[0] not in self.flow_intents and named:
            # Read as a whole it starts nothing ("Your name is … and your zip is …"), but a
            # part asks for something: that part leads.
            return named[:1]
        unsure = self.auto is not None and u.intents[0].confidence < self.auto
        asked = {name for name, _ in u.likely}
        if unsure and not named and top[0] not in self.questions:
            worded = self._asked_by_verb(u, top[0])
            if worded is not None:
                return [worded]
        if unsure and named and top[0] in self.questions and not {top[0]} & {*named, *asked}:
            # "i want to return a water bottle. the one that came with my hiking boots, not
            # the one in the order that hasn't arrived yet": the whole, read between the bands
            # as a question no part asks, is diluted by the words describing the item; the part
            # read surely on its own says what is asked. (A change read so stays: it may be the
            # message's other request, "Cancel the order … And from my delivered order: the
            # boots …"; so does a question a part asks: "What options does the chair have?")
            return named[:1]
        return top

    def _asked_by_verb(self, u: Understanding, top: str) -> str | None:
        """A request a part asks for by its own verb (``request_verbs``), when the whole message,
        read only between the bands as the request ``top`` (not a question), says no verb of
        ``top``'s and no change verb: "I want to return one of the two things in my order … -
        the jigsaw puzzle. The camera stays" asks for a return, however the words describing
        what stays lean the whole. Never between two ``related`` intents (an item change and an
        exchange are one request the record's state tells apart)."""
        if self._verbs.names(u.text, top) or (self._change and self._change.search(u.text)):
            return None
        for name, piece in u.likely:
            if name == top or name not in self.flow_intents or (name, top) in self.related:
                continue
            if self._verbs.names(piece, name) and not self._verbs.only_negated(piece, name):
                return name
        return None

    def _sure(self, u: Understanding, intents: Sequence[str]) -> bool:
        """Whether the request the message starts was read surely: as a part of its own, or
        the whole message at or above ``auto``."""
        if not intents or intents[0] not in self.flow_intents:
            return False
        if any(name == intents[0] for name, _ in u.parts):
            return True
        return self.auto is not None and _confidence(u, intents[0]) >= self.auto

    def _again(self, u: Understanding, view: DialogueView) -> StartFlow | None:
        """After a yes, the request in progress asked again for another thing ("yes. and
        actually the other pending one too - the one with the umbrella"): a request of its own,
        read from the sentence saying so to the end of the message. Not when the message is
        small talk ("yes, and thanks as well") or says too little to name another thing."""
        if view.current is None or any(i.name in self.words.small_talk for i in u.intents[:1]):
            return None
        for sentence in SENTENCE.finditer(u.text):
            more = self._answers.more.search(sentence.group(0))
            if more is None:
                continue
            # what the sentence names before "too", but a yes or a slot's value ("yes,
            # ordered by mistake too" says the same reason, not another thing)
            before = sentence.group(0)[: more.start()]
            said = [
                w
                for w in re.finditer(r"\w+", before)
                if not self._answers.yes.fullmatch(w.group(0))
                and not any(m.start <= sentence.start() + w.start() < m.end for m in u.marks)
            ]
            if len(said) < 2:
                return None
            at = Span(sentence.start(), len(u.text), u.text[sentence.start() :])
            return StartFlow(intent=view.current, again=True, evidence=(at,))
        return None

    def _again_after_done(
        self, u: Understanding, view: DialogueView, intents: Sequence[str]
    ) -> StartFlow | None:
        """Once a request is carried out and none is in progress, the same request asked for
        another thing ("and the one with the wall clock too, same reason"): read as ``_again``
        reads it beside a yes, when it says the request holds again (``same_again``: "same
        reason"). Not when the message names another request by its verb."""
        if view.done is None or view.active or view.waiting_answer:
            return None
        if any(self._verbs.names(u.text, name) for name in self.flow_intents if name != view.done):
            return None
        # "too" alone may say how a thing is ("it's way too big"): the words saying the request
        # holds again are needed
        if self._same_again is None or self._same_again.search(u.text) is None:
            return None
        return self._again(u, replace(view, current=view.done))

    def _likely_after_yes(self, u: Understanding, view: DialogueView) -> list[Command]:
        """After a yes that opens the message, a request read only between the bands in what
        follows ("yes. and that electric kettle - it's the 1 litre white one - can I have the
        1.5 litre one in silver instead?"): named (``Clarify(reason="unsure")``) with the words
        from the sentence after the yes on, so that it is not lost beside the yes."""
        opening = SENTENCE.search(u.text)
        if view.current is None or opening is None:
            return []
        if self._answers.read(opening.group(0)) is not Answer.YES:
            return []
        rest = u.text[opening.end() :]
        start = opening.end() + len(rest) - len(rest.lstrip(".!?; \n"))
        for name, piece in u.likely:
            if name not in self.flow_intents or self._detail.only(piece):
                continue
            if u.text.find(piece, start) < 0:
                continue
            words = Span(start, len(u.text), u.text[start:])
            return [Clarify(reason="unsure", intent=name, evidence=(words,))]
        return []

    def _taken(self, u: Understanding, view: DialogueView) -> list[Entity]:
        """The marks of ``u`` whose slot kind a request of the conversation resolves: the one
        in progress, those waiting, those the message reads (all marks without
        ``slot_kinds``)."""
        if self.slot_kinds is None:
            return list(u.marks)
        asked = {view.current, *view.waiting, *self.intents(u)}
        asked |= {name for name, _ in (*u.parts, *u.likely)}
        kinds = {kind for name in asked if name for kind in self.slot_kinds.get(name, ())}
        return [mark for mark in u.marks if mark.type in kinds]

    def generate(self, understanding: Understanding, view: DialogueView) -> tuple[Command, ...]:
        """The message's commands: who the customer is, a yes or no to the question waiting,
        a request withdrawn, a person asked for, the request it starts, small talk."""
        u = understanding
        text = u.text
        commands: list[Command] = []
        for kind in self.identity:
            for entity in u.entities_of(kind)[:1]:
                at = (Span(entity.start, entity.end, entity.text),) if entity.start >= 0 else ()
                commands.append(SetSlot(slot=kind, value=entity.value, evidence=at))
        for mark in u.marks:
            # The words the span tagger marked as saying a slot kind's value.
            value = mark.value if mark.value is not None else mark.text
            at = (Span(mark.start, mark.end, mark.text),)
            commands.append(SetSlot(slot=mark.type, value=value, evidence=at))
        dropped = self._withdraw.search(text) if view.active else None
        set_apart: Command | None = None
        if dropped is not None and _names_a_thing(u, dropped, self.identity):
            # "Forget the kettle, I'll keep it": an item set aside, not a request — unless a
            # request waiting its turn is about it.
            waiting = _waiting_about(u, dropped, self.identity, view.queued)
            if waiting is not None:
                set_apart = CancelFlow(queued=waiting, evidence=(_span(dropped),))
            dropped = None
        if view.waiting_answer:
            # "Yes, do that. And cancel my other order, I don't need it": a part asking for a
            # request of its own is no answer to the question waiting.
            asking = {piece for name, piece in u.parts if name in self.flow_intents}
            rest = [piece for _, piece in u.parts if piece not in asking]
            # Words marked as a slot's value say what, not whether: "yes, it's no longer
            # needed" is a yes. Only a value some request of the conversation takes, and only
            # words that name one of its values: "Hm, ok. I'll leave it as it is then" is a no,
            # to an item change or to a cancellation, even if the tagger marks its words as a
            # cancellation's reason (they name none of the reasons).
            named = [mark for mark in self._taken(u, view) if mark.value is not None]
            answer = self._answers.read(
                _unmarked(" ".join(rest) if asking and rest else text, named)
            )
            if answer is Answer.YES and dropped is not None:
                # A withdrawal wins over a yes word, as a no does: "ok then, I'll just keep the
                # one I have" takes the request back, its "ok" only hears what was said.
                commands.append(Deny(evidence=(Span.whole(text),)))
            elif answer is Answer.YES:
                commands.append(Confirm(evidence=(Span.whole(text),)))
                again = self._again(u, view)
                if again is not None:
                    commands.append(again)
                elif not asking:
                    commands += self._likely_after_yes(u, view)
            elif answer is Answer.NO:
                commands.append(Deny(evidence=(Span.whole(text),)))
        elif view.asked and self._answers.declines(text):
            commands.append(Deny(evidence=(Span.whole(text),)))
            if view.active and dropped is None and self._answers.declines_after_asking(text):
                # "oh, only the same product? then never mind": the question asked back
                # answers nothing; the no closing the message takes the request back.
                commands.append(CancelFlow(evidence=(Span.whole(text),)))
        if set_apart is not None:
            commands.append(set_apart)
        if dropped is not None:
            everything = self._everything.search(dropped.group(0)) is not None
            commands.append(CancelFlow(everything=everything, evidence=(_span(dropped),)))
        intents = self.intents(u)
        again = self._again_after_done(u, view, intents)
        if again is not None:
            commands.append(again)
        person = self._person.search(text)
        if intents[:1] == [self.words.person_intent] and person is not None:
            reason = "the customer asked for a person"
            at = (_span(person),)
            commands.append(HandOff(reason=reason, code="asked_for_human", evidence=at))
        for intent in intents:
            confidence = _confidence(u, intent)
            if intent in self.words.small_talk:
                reply = self.words.small_talk[intent]
                at = (Span.whole(text),)
                commands.append(ChitChat(intent=intent, reply=reply, evidence=at))
            else:
                spans = _part_spans(u, intent) or (Span.whole(text),)
                commands.append(StartFlow(intent=intent, confidence=confidence, evidence=spans))
        # "Use my mastercard" names a detail: never the request asked about either
        likely = [
            (n, p) for n, p in u.likely if n in self.flow_intents and not self._detail.only(p)
        ]
        if likely and self._sure(u, intents) and not view.active and not view.waiting_answer:
            # A request read surely, and beside it a part asking for another one read only
            # between the bands ("i want to return the hiking boots … and my pending order
            # with the dumbbells should ship to the jacksonville address …"): named, with the
            # part's words, so that it is not lost beside the sure one. Not a part asked as a
            # question ("Has my order shipped yet? And which address is it going to?"): it
            # may only ask about what the other request is about.
            commands += [
                Clarify(reason="unsure", intent=name, evidence=spans)
                for name, piece in likely
                if name not in intents
                and not piece.rstrip().endswith("?")
                and (spans := _piece_spans(u.text, piece))
            ]
        if likely and not intents and not view.active and not view.waiting_answer:
            # Nothing read surely enough to be asked, but a part asks for something read
            # between the bands: the question to ask back names it, rather than dropping it.
            name, piece = likely[0]
            where = u.text.find(piece)
            asked = (Span(where, where + len(piece), piece),) if where >= 0 else ()
            commands.append(
                Clarify(reason="unsure", intent=name, evidence=asked or (Span.whole(text),))
            )
        if u.out_of_scope and not intents:
            commands.append(OutOfScope(evidence=(Span.whole(text),)))
        if not intents and not commands:
            reason = "gibberish" if u.gibberish else "not understood"
            commands.append(Clarify(reason=reason, evidence=(Span.whole(text),)))
        return tuple(commands)


def _names_a_thing(u: Understanding, m: re.Match[str], identity: Sequence[str]) -> bool:
    """Whether an entity (a product, a record's id — not who the customer is) lies in the words
    ``m`` matched: then they speak of that thing, not of the request."""
    return any(
        e.start >= 0 and e.start < m.end() and m.start() < e.end and e.type not in identity
        for e in u.entities
    )


def _waiting_about(
    u: Understanding, m: re.Match[str], identity: Sequence[str], queued: Sequence[str]
) -> int | None:
    """The place in the queue of the one waiting request whose words name what ``m`` names."""
    named = [
        e.text.lower()
        for e in u.entities
        if e.start >= 0 and e.start < m.end() and m.start() < e.end and e.type not in identity
    ]
    about = [
        i
        for i, words in enumerate(queued)
        if named and all(re.search(rf"\b{re.escape(n)}", words, re.I) for n in named)
    ]
    return about[0] if len(about) == 1 else None


def _span(m: re.Match[str]) -> Span:
    return Span(m.start(), m.end(), m.group(0))


def _confidence(u: Understanding, intent: str) -> float:
    return next((i.confidence for i in u.intents if i.name == intent), 0.0)


def _part_spans(u: Understanding, intent: str) -> tuple[Span, ...]:
    """Where the parts of the message that ask for ``intent`` are."""
    spans = []
    for name, piece in u.parts:
        at = u.text.find(piece)
        if name == intent and at >= 0:
            spans.append(Span(at, at + len(piece), piece))
    return tuple(spans)


def _piece_spans(text: str, piece: str) -> tuple[Span, ...]:
    """Where ``piece`` is in ``text`` (none when it is not found)."""
    at = text.find(piece)
    return (Span(at, at + len(piece), piece),) if at >= 0 else ()


def _unmarked(text: str, marks: Sequence[Entity]) -> str:
    """``text`` without the words the span tagger marked as a slot's value."""
    for mark in marks:
        text = text.replace(mark.text, " ")
    return text
