"""The forms before 2026-12-07's perf16 cuts, for ``bench/api/alternate.py``.

Each cut can be put back alone by naming it: ``HPERF16_OLD=replace,options,numbers`` (the
default: all three).
``replace``: the flow engine's copies of its records through ``dataclasses.replace``;
``options``: the catalogue matcher looks for option values in a message every time it matches
it, rather than once per text and claimed words; ``numbers``: ``kept_ids`` finds each order's
digits in a message with a pattern compiled from them, one scan per order.
"""

from __future__ import annotations

import dataclasses
import os
import re
from collections.abc import Callable, Sequence
from typing import Any

from deskpilot.domains.retail import _matcher, _resolvers
from deskpilot.flows import _engine

# the decision, where both cuts are spent
STAGES = ((_engine.FlowDecider, "decide"),)


def _options_every_time(
    self: Any, text: str, tokens: Sequence[Any], claimed: set[int]
) -> list[Any]:
    hits = _matcher._exact_hits(tokens, claimed, self._option_keys.keys(), self._max_option_len)
    hits += _matcher._fuzzy_hits(
        tokens,
        claimed,
        self._fuzzy_options,
        self._config.fuzzy_min_chars,
        max_len=3,
        never=self._config.never_fuzzy,
    )
    return hits


class _PerDigits:
    """``number_spans``'s answer as ``kept_ids`` found it before: a pattern per order's digits."""

    def __init__(self, text: str) -> None:
        self.text = text

    def get(self, digits: str, default: Any) -> Any:
        pattern = rf"(?:#\s*)?(?:W\s*)?(?<!\d){digits}(?!\d)"
        return [m.span() for m in re.finditer(pattern, self.text, re.I)] or default


def old(runtime: Any) -> Callable[[], None]:
    """Put the named old forms back; the function that takes them out again."""
    wanted = set(os.environ.get("HPERF16_OLD", "replace,options,numbers").split(","))
    patches: list[tuple[str, object, str, object]] = [
        ("replace", _engine, "replace", dataclasses.replace),
        ("options", _matcher.CatalogueEntityMatcher, "_option_candidates", _options_every_time),
        ("numbers", _resolvers, "number_spans", _PerDigits),
    ]
    saved = []
    for name, owner, attr, func in patches:
        if name in wanted:
            saved.append((owner, attr, getattr(owner, attr)))
            setattr(owner, attr, func)

    def undo() -> None:
        for owner, attr, func in saved:
            setattr(owner, attr, func)

    return undo
