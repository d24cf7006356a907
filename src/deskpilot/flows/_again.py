"""The request just carried out, asked again without its verb for another thing ("and the
t-shirt too, that one to my gift card" once a return is done; "same for the grill one please"
once an order is cancelled), read in the workspace's words (``dialogue``: ``again``,
``again_openers``, ``again_not``; the verbs of ``requests`` and ``dialogue.request_verbs``).
Without those words no message asks for a request again."""

from __future__ import annotations

import re
from dataclasses import dataclass

from deskpilot.workspace import DialogueWords, RequestWords, phrases

_NEVER = re.compile(r"(?!)")


@dataclass(frozen=True)
class SameAgain:
    """Whether a message, once a request was carried out, asks for it again by its words alone."""

    closing: re.Pattern[str]
    opening: re.Pattern[str]
    stating: re.Pattern[str]
    verbs: re.Pattern[str]
    # where a clause joined to the one before by a comma and a word of ``clause_joiners``
    # starts (", and the one with …")
    joined: re.Pattern[str] = _NEVER

    @classmethod
    def of(cls, words: DialogueWords, requests: RequestWords) -> SameAgain:
        """The reading of ``words`` and ``requests`` (compiled once per pair of them)."""
        key = (id(words), id(requests))
        held = _COMPILED.get(key)
        if held is None or held[0] is not words or held[1] is not requests:
            if len(_COMPILED) >= _KEPT:
                _COMPILED.clear()  # workspaces loaded again and again (tests): none kept long
            held = (words, requests, _compiled(words, requests))
            _COMPILED[key] = held
        return held[2]

    def closes(self, clause: str) -> bool:
        """Whether ``clause``, cut from a message that asks for a request, asks for it again for
        another thing: it names no request by a verb, states or asks nothing, and a word of
        ``again`` closes it ("…, and the one with the two keyboards too")."""
        if "?" in clause or self.verbs.search(clause) or self.stating.search(clause):
            return False
        return self.closing.search(clause) is not None

    def asks(self, text: str) -> bool:
        """Whether ``text`` asks for the request before it again: it names no request by a verb,
        states or asks nothing of what it names (no ``again_not`` word, no "?"), and a word of
        ``again`` closes a clause of it or one of ``again_openers`` opens it."""
        if "?" in text or self.verbs.search(text) or self.stating.search(text):
            return False
        return bool(self.opening.match(text) or self.closing.search(text))


# Compiled readings, by the identity of the words they were compiled from (kept beside them).
_COMPILED: dict[tuple[int, int], tuple[DialogueWords, RequestWords, SameAgain]] = {}
_KEPT = 16


def _compiled(words: DialogueWords, requests: RequestWords) -> SameAgain:
    if not words.again and not words.again_openers:
        return SameAgain(_NEVER, _NEVER, _NEVER, _NEVER)
    named = [*requests.verbs, *requests.actions, *words.change_verbs]
    for said in words.request_verbs.values():
        named.extend(said)
    # before it, what opens a message and says nothing: "oh and also …", "ok, same for …"
    before = phrases([*words.hesitations, *words.courtesy])
    courtesy = phrases(words.courtesy)
    return SameAgain(
        closing=(
            re.compile(rf"{phrases(words.again)}\W*(?:{courtesy}\W*)?(?:[.,;:!]|$)", re.I)
            if words.again
            else _NEVER
        ),
        opening=(
            re.compile(rf"\W*(?:{before}\W+)*{phrases(words.again_openers)}\b", re.I)
            if words.again_openers
            else _NEVER
        ),
        stating=re.compile(phrases(words.again_not), re.I) if words.again_not else _NEVER,
        verbs=re.compile(phrases(named), re.I) if named else _NEVER,
        joined=(
            re.compile(rf",\s+(?={phrases(words.clause_joiners)}\s)", re.I)
            if words.clause_joiners
            else _NEVER
        ),
    )
