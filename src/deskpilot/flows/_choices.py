"""Slot kinds that are one of a few choices, declared as data (``vocabulary.yaml``, ``choices``).

A cancellation reason, a cabin class, a delivery preference: the workspace lists each value
and the phrases that say it; the slot's value is the one value whose phrases the customer's
words contain; two values said at once is no value. When no phrase says one, the words the
span tagger marked for the kind may (``slots.yaml``: "[I found one cheaper](cancel_reason=no
longer needed)"); otherwise there is no value, and the flow asks its question.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from deskpilot.domain import Ground
from deskpilot.flows._slots import Resolution, Resolver, SlotContext
from deskpilot.workspace import phrases


class ChoiceResolver:
    """Finds which of a kind's values the customer's words say."""

    def __init__(self, values: Mapping[str, Sequence[str]]) -> None:
        self._values = {value: re.compile(phrases(said), re.I) for value, said in values.items()}

    def __call__(self, ctx: SlotContext) -> Resolution | None:
        """The one value said, or None. When no phrase says a value, the words the span
        tagger marked for the kind may: the one value the marked examples taught for them.
        Words that say two values stay two ("the luggage one was a mistake, the tablet one I
        don't need"): no mark picks one of them."""
        said = self._said(ctx.text)
        if said:
            return said[0] if len(said) == 1 else None
        taught = {m.value: m.text for m in ctx.marked if m.value in self._values}
        if len(taught) == 1:
            value, words = next(iter(taught.items()))
            return Resolution(value=value, grounds=(Ground.said(words),))
        return None

    def _said(self, text: str) -> list[Resolution]:
        return [
            Resolution(value=value, grounds=(Ground.said(m.group()),))
            for value, p in self._values.items()
            if (m := p.search(text))
        ]


def choice_resolvers(choices: Mapping[str, Mapping[str, Sequence[str]]]) -> dict[str, Resolver]:
    """A resolver per kind of choice the workspace declares."""
    return {kind: ChoiceResolver(values) for kind, values in choices.items()}
