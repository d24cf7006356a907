"""Questions for the help center as commands: a generator around another one.

``KnowledgeCommandGenerator`` lets the wrapped generator read the message first. The message is
asked of the help center only when no offer waits for a yes or no, the message names none of
the customer's records, and what the reading found is no more than:
a message not understood (``Clarify``, ``OutOfScope``), small talk (``ChitChat``), an intent
that starts no flow (a workspace may declare one for general questions), or, read below the
``auto`` band, a flow that needs no identity and writes nothing (``open_intents``).
A request that writes, or that reads the customer's records, always stays with the flows.

A sure answer replaces those commands with ``AskQuestion`` (answer, title, link). With
``choose``, a question two or three articles may answer (``Verdict.CHOOSE``) becomes an
``AskQuestion`` with their titles as ``choices``: the engine asks "Do you mean …?" (template
``knowledge_choice``). A miss on a message not understood is
kept for ``deskpilot kb gaps``, and the message is clarified, then handed off, as before.

In the middle of a request, only a message that asks something (a question mark, or opening
with one of the workspace's ``requests.asks`` words after its ``requests.leads``) is asked of
the help center: "my visa" or "go ahead" answer the request, whatever an article holds; nor is
a question pointing back at what the request is about (the workspace's ``requests.refers_back``:
"what colour is it?" asks about the customer's own records). Only a
sure answer is taken, and its ``AskQuestion`` comes after the reading's commands instead of
replacing them: the engine answers it and asks the
request's question again when the message gives the request nothing it waits for, and
otherwise goes on as if the help center had not been asked.

A question is answered from an article in its own language when one answers it; otherwise
from one in the help center's language, the answer opened by ``note`` (the workspace's
``knowledge_other_language`` template, in the customer's language when the workspace has it).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection
from functools import cache

from deskpilot.actions import mask_line
from deskpilot.commands import (
    AskQuestion,
    ChitChat,
    Clarify,
    Command,
    CommandGenerator,
    DialogueView,
    OutOfScope,
    Span,
    StartFlow,
)
from deskpilot.domain import Understanding
from deskpilot.knowledge._answer import KnowledgeAnswer, KnowledgeBase, Verdict
from deskpilot.knowledge._index import HelpCenterIndex, Hit
from deskpilot.workspace import phrases


class KnowledgeCommandGenerator:
    """``inner``'s commands, with questions only the help center answers turned into
    ``AskQuestion``. ``records``: the entity types of the business's records (a message naming
    one is about the customer's own records, never the help center's). ``asking``: the words
    opening a question, and ``leads`` the words passed over before them (in the middle of a
    request, only a message that asks is asked of the help center)."""

    def __init__(
        self,
        inner: CommandGenerator,
        knowledge: KnowledgeBase,
        *,
        records: Collection[str] = (),
        open_intents: Collection[str] = (),
        flow_intents: Collection[str] = (),
        auto: float = 1.0,
        misses: HelpCenterIndex | None = None,
        choose: bool = False,
        note: Callable[[str, str], str] | None = None,
        served: Collection[str] = (),
        asking: Collection[str] = (),
        leads: Collection[str] = (),
        refers_back: Collection[str] = (),
    ) -> None:
        self.inner = inner
        self.knowledge = knowledge
        self.records = frozenset(records)
        self.open_intents = frozenset(open_intents)
        self.flow_intents = frozenset(flow_intents)
        self.auto = auto
        self.misses = misses
        self.choose = choose
        self.note = note
        self.served = frozenset(served) | {knowledge.language}
        passed = rf"(?:(?:{phrases(leads)})\W+)*" if leads else ""
        self._asks = re.compile(rf"^\W*{passed}(?:{phrases(asking)})", re.I) if asking else None
        self._back = re.compile(phrases(refers_back), re.I) if refers_back else None

    def generate(self, understanding: Understanding, view: DialogueView) -> tuple[Command, ...]:
        """The inner generator's commands; an unread question answered from the help center."""
        commands = self.inner.generate(understanding, view)
        u = understanding
        language = cache(lambda: self._language(u))
        if not self._for_help_center(
            u, view, commands, foreign=lambda: language() not in self.served
        ):
            return commands
        found = self.knowledge.answer(u.text, language=language())
        source = found.source
        if view.active:
            # In the middle of a request only a sure answer is offered, beside the reading:
            # the engine, which knows what the request waits for, tells an aside from an answer.
            if found.verdict is not Verdict.ANSWER or source is None:
                return commands
            return (*commands, self._asked(u.text, found, source))
        if found.verdict is Verdict.CHOOSE and self.choose:
            # Not sure which article is meant: ask with their titles (the engine replies with
            # ``knowledge_choice``; the choice is then asked again).
            titles = tuple(h.title for h in found.choices)
            return (AskQuestion(question=u.text, choices=titles, evidence=(Span.whole(u.text),)),)
        if found.verdict is not Verdict.ANSWER or source is None:
            unread = all(isinstance(c, Clarify | OutOfScope) for c in commands)
            if unread and self.misses is not None:
                self.misses.do_record_miss(mask_line(u.text), u.language, found.answerability)
            return commands
        return (self._asked(u.text, found, source),)

    def _asked(self, question: str, found: KnowledgeAnswer, source: Hit) -> AskQuestion:
        """``AskQuestion`` with the help center's answer and its source, the note first when
        the answer is in another language than the question's."""
        text = found.text
        if found.translated_note and self.note is not None:
            text = f"{self.note(found.language, source.language)} {text}"
        return AskQuestion(
            question=question,
            answer=text,
            title=source.title,
            link=source.link,
            evidence=(Span.whole(question),),
        )

    def _language(self, u: Understanding) -> str:
        """The message's language. The understanding tells the languages the workspace serves;
        the help center tells the others its articles are written in. Detected only when asked
        for: most messages are settled before (an order number, an offer waiting for its yes)."""
        language = u.language if u.language != self.knowledge.language else None
        return language or self.knowledge.detect(u.text)

    def _for_help_center(
        self,
        u: Understanding,
        view: DialogueView,
        commands: tuple[Command, ...],
        *,
        foreign: Callable[[], bool],
    ) -> bool:
        if view.waiting_answer and not view.active:
            return False  # an offer waits for its yes or no
        if view.active and not self._asking(u.text):
            return False  # "my visa", "go ahead": an answer to the request, not a question
        if view.active and self._back is not None and self._back.search(u.text):
            return False  # "what colour is it?": about what the request is about, their own
        if u.gibberish or u.spam or u.abuse or u.categories:
            return False
        if any(e.type in self.records for e in u.entities):
            return False
        return bool(commands) and all(self._yields(c, foreign=foreign) for c in commands)

    def _asking(self, text: str) -> bool:
        """Whether ``text`` asks something: a question mark, or a question's opening words."""
        return "?" in text or (self._asks is not None and self._asks.search(text) is not None)

    def _yields(self, command: Command, *, foreign: Callable[[], bool]) -> bool:
        """Whether ``command`` leaves the message to the help center. ``foreign``: the message
        is in a language the workspace does not serve, so a flow read below the ``auto`` band
        (by a classifier that learnt the workspace's language) is no surer than a guess."""
        if isinstance(command, Clarify | OutOfScope | ChitChat):
            return True
        if not isinstance(command, StartFlow):
            return False
        if command.intent not in self.flow_intents:
            return True  # it starts nothing
        open_flow = command.intent in self.open_intents or foreign()
        return open_flow and command.confidence < self.auto
