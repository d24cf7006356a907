"""A kind of request said without what it is about ("I need to change something on one of my
orders", "there's a problem with an item I got"): the kind is kept, asked about, and the next
message is read among its requests (``dialogue.vague_requests``)."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from deskpilot.commands import Command, StartFlow
from deskpilot.domain import Understanding
from deskpilot.workspace import VagueRequestWords, phrases

# Where the dialogue's memory keeps the kind asked about, until the next message.
KIND = "vague_request"

# Below this, the classifier saw nothing of the kind's request in the message ("#W8306539"
# alone): the next message is not read as one of them on the kind alone.
_FLOOR = 0.1


@dataclass(frozen=True)
class _Kind:
    name: str
    said: re.Pattern[str]
    requests: tuple[str, ...]


class VagueRequests:
    """The kinds of request a message may name without saying what, and how the next message
    is read under one."""

    def __init__(self, words: Mapping[str, VagueRequestWords]) -> None:
        self._kinds = tuple(
            _Kind(name, re.compile(phrases(w.phrases), re.I), tuple(w.requests))
            for name, w in words.items()
            if w.phrases and w.requests
        )

    def kind(self, text: str) -> str | None:
        """The first kind whose phrases ``text`` says, or None."""
        return next((k.name for k in self._kinds if k.said.search(text)), None)

    def requests(self, kind: str) -> tuple[str, ...]:
        """The requests of ``kind`` (none for a kind no longer in the workspace)."""
        return next((k.requests for k in self._kinds if k.name == kind), ())

    def read_under(
        self, kind: str, u: Understanding, commands: Sequence[Command], sure: float
    ) -> tuple[Command, ...] | None:
        """``commands`` of the message answering a question about ``kind``, its request read
        among the kind's: the one the classifier ranks first of them, in place of a request of
        another kind read less surely than ``sure`` (or of none). None when the message is
        read surely as another request, already as one of the kind's, or as none of them."""
        among = self.requests(kind)
        if not among:
            return None
        start = next((c for c in commands if isinstance(c, StartFlow)), None)
        if start is not None and (start.intent in among or start.confidence >= sure):
            return None
        scored = [i for i in u.intents if i.name in among and i.confidence >= _FLOOR]
        if not scored:
            return None
        best = max(scored, key=lambda i: i.confidence)
        if start is None:
            return (StartFlow(intent=best.name, confidence=best.confidence), *commands)
        read = replace(start, intent=best.name, confidence=best.confidence)
        return tuple(read if c is start else c for c in commands)
