"""``deskpilot kb gaps``: the questions no article answered, grouped by what they are about.

Misses are grouped by their two rarest searchable words (the words a new article would have
to hold), so "do you deliver on sundays?" and "sunday delivery??" fall together.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import asdict, dataclass

from deskpilot.knowledge._index import STOPWORDS, Miss

_WORD = re.compile(r"[^\W\d_]{3,}", re.UNICODE)


@dataclass(frozen=True)
class Gap:
    """Questions about one topic no article answers: how many, and a few of them."""

    topic: str
    count: int
    examples: tuple[str, ...]

    def as_dict(self) -> dict[str, object]:
        """The gap as plain values (for ``--json``)."""
        return asdict(self)


def group_misses(misses: Sequence[Miss], *, examples: int = 3) -> list[Gap]:
    """The misses grouped by topic, the most asked first."""
    words = [_words(m.question) for m in misses]
    frequency = Counter(w for ws in words for w in set(ws))
    groups: dict[str, list[str]] = {}
    for miss, ws in zip(misses, words, strict=True):
        # The words most often missed name the topic; the question's own order breaks ties.
        key = sorted(ws, key=lambda w: (-frequency[w], ws.index(w)))[:2]
        topic = " ".join(sorted(key)) or "(no words)"
        groups.setdefault(topic, []).append(miss.question)
    gaps = [Gap(t, len(qs), tuple(dict.fromkeys(qs))[:examples]) for t, qs in groups.items()]
    return sorted(gaps, key=lambda g: (-g.count, g.topic))


def _words(text: str) -> list[str]:
    found = [w.lower() for w in _WORD.findall(text)]
    return list(dict.fromkeys(w for w in found if w not in STOPWORDS))
