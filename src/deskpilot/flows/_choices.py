"""Slot kinds that are one of a few choices, declared as data (``vocabulary.yaml``, ``choices``).

A cancellation reason, a cabin class, a delivery preference: the workspace lists each value
and the phrases that say it; the slot's value is the one value whose phrases the customer's
words contain; two values said at once is no value. When no phrase says one, the words the
span tagger marked for the kind may (``slots.yaml``: "[I found one cheaper](cancel_reason=no
longer needed)"), and then a word one slip away from a one-word phrase of one value ("by
mistke"); otherwise there is no value, and the flow asks its question. Words that say
two values for two subjects ("the jacket order was a mistake; the skateboard one I no longer
need") give each subject the value said in the sentence that speaks of it, when exactly one
does.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from rapidfuzz.distance import DamerauLevenshtein

from deskpilot.domain import Ground
from deskpilot.flows._dialogue import sentence_at
from deskpilot.flows._slots import Resolution, Resolver, SlotContext
from deskpilot.workspace import phrases

_TYPO_MIN = 5  # shorter words are too easily another word with one slip


class ChoiceResolver:
    """Finds which of a kind's values the customer's words say."""

    def __init__(self, values: Mapping[str, Sequence[str]]) -> None:
        self._values = {value: re.compile(phrases(said), re.I) for value, said in values.items()}
        # The one-word phrases long enough that one slip still says them ("mistke", "acident").
        self._words = {
            value: {p.rstrip("~").lower() for p in said if " " not in p and len(p) >= _TYPO_MIN}
            for value, said in values.items()
        }

    def __call__(self, ctx: SlotContext) -> Resolution | None:
        """The one value said, or None. When no phrase says a value, the words the span
        tagger marked for the kind may: the one value the marked examples taught for them.
        Words that say two values stay two ("the luggage one was a mistake, the tablet one I
        don't need"), unless only one of them is said in a sentence that speaks of the
        request's subject (``SlotContext.about``)."""
        said = self._said(ctx.text)
        if not said:
            # The words the examples taught, where they are in the request's words.
            said = [
                (m.value, ctx.text.find(m.text), m.text)
                for m in ctx.marked
                if m.value in self._values
            ]
        if not said:
            said = self._slipped(ctx.text)
        values = {value for value, _, _ in said}
        if len(values) > 1 and ctx.about is not None:
            # Two values, each of its own subject: the one said where this subject is spoken of.
            said = [s for s in said if ctx.about(sentence_at(ctx.text, s[1]))]
            values = {value for value, _, _ in said}
        if len(values) != 1:
            return None
        value, _, words = said[0]
        return Resolution(value=value, grounds=(Ground.said(words),))

    def _slipped(self, text: str) -> list[tuple[str, int, str]]:
        """Each value a word says with one letter wrong, missing, extra or swapped."""
        found = []
        for m in re.finditer(r"[a-z]+", text.lower()):
            word = m.group()
            if len(word) < _TYPO_MIN:
                continue
            for value, words in self._words.items():
                close = any(
                    word.startswith(w) or DamerauLevenshtein.distance(word, w) <= 1 for w in words
                )
                if close:
                    found.append((value, m.start(), text[m.start() : m.end()]))
        return found

    def _said(self, text: str) -> list[tuple[str, int, str]]:
        """Each value a phrase says: the value, where, and the words."""
        return [
            (value, m.start(), m.group())
            for value, p in self._values.items()
            for m in p.finditer(text)
        ]


def choice_resolvers(choices: Mapping[str, Mapping[str, Sequence[str]]]) -> dict[str, Resolver]:
    """A resolver per kind of choice the workspace declares."""
    return {kind: ChoiceResolver(values) for kind, values in choices.items()}
