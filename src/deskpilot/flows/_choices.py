"""Slot kinds that are one of a few choices, declared as data (``vocabulary.yaml``, ``choices``).

A cancellation reason, a cabin class, a delivery preference: the workspace lists each value
and the phrases that say it; the slot's value is the one value whose phrases the customer's
words contain. Two values said at once, or none, is no value: the flow asks its question.
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
        """The one value said, or None."""
        said = [(value, m) for value, p in self._values.items() if (m := p.search(ctx.text))]
        if len(said) != 1:
            return None
        value, words = said[0]
        return Resolution(value=value, grounds=(Ground.said(words.group()),))


def choice_resolvers(choices: Mapping[str, Mapping[str, Sequence[str]]]) -> dict[str, Resolver]:
    """A resolver per kind of choice the workspace declares."""
    return {kind: ChoiceResolver(values) for kind, values in choices.items()}
