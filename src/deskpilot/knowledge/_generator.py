"""Questions for the help center as commands: a generator around another one.

``KnowledgeCommandGenerator`` lets the wrapped generator read the message first. Only when that
reading asks for nothing the flows handle (it gives ``Clarify`` or ``OutOfScope`` and nothing
else), no request is in progress and no question waits for an answer, and the message names
none of the customer's records, is the message asked of the help center: a sure answer
replaces the clarification with ``AskQuestion`` (answer, title, link); a miss is kept for
``deskpilot kb gaps`` and the message is clarified, then handed off, as before.
"""

from __future__ import annotations

from collections.abc import Collection

from deskpilot.actions import mask_line
from deskpilot.commands import (
    AskQuestion,
    Clarify,
    Command,
    CommandGenerator,
    DialogueView,
    OutOfScope,
    Span,
)
from deskpilot.domain import Understanding
from deskpilot.knowledge._answer import KnowledgeBase, Verdict
from deskpilot.knowledge._index import KnowledgeIndex


class KnowledgeCommandGenerator:
    """``inner``'s commands, with questions only the help center answers turned into
    ``AskQuestion``. ``records``: the entity types of the business's records (a message naming
    one is about the customer's own records, never the help center's)."""

    def __init__(
        self,
        inner: CommandGenerator,
        knowledge: KnowledgeBase,
        *,
        records: Collection[str] = (),
        misses: KnowledgeIndex | None = None,
    ) -> None:
        self.inner = inner
        self.knowledge = knowledge
        self.records = frozenset(records)
        self.misses = misses

    def generate(self, understanding: Understanding, view: DialogueView) -> tuple[Command, ...]:
        """The inner generator's commands; an unread question answered from the help center."""
        commands = self.inner.generate(understanding, view)
        if not self._for_help_center(understanding, view, commands):
            return commands
        u = understanding
        found = self.knowledge.answer(u.text)
        source = found.source
        if found.verdict is Verdict.MISS or source is None:
            if self.misses is not None:
                self.misses.do_record_miss(mask_line(u.text), u.language, found.answerability)
            return commands
        asked = AskQuestion(
            question=u.text,
            answer=found.text,
            title=source.title,
            link=source.link,
            evidence=(Span.whole(u.text),),
        )
        return (*(c for c in commands if not isinstance(c, Clarify | OutOfScope)), asked)

    def _for_help_center(
        self, u: Understanding, view: DialogueView, commands: tuple[Command, ...]
    ) -> bool:
        if view.active or view.waiting_answer or view.asked:
            return False
        if u.gibberish or u.spam or u.abuse or u.categories:
            return False
        if any(e.type in self.records for e in u.entities):
            return False
        unread = [c for c in commands if isinstance(c, Clarify | OutOfScope)]
        return bool(unread) and len(unread) == len(commands)
