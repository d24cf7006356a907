"""Where a message writes each number, as an order's id may be written ("#W1", "W 1", "1").

``kept_ids`` asks, for each of the customer's orders, where the message writes that order's
digits. Compiling a pattern of each order's digits cost a compilation per order new to the
``re`` module's cache (every new customer's orders) and a scan of the text per order; the
numbers a text writes are found in one scan instead, and kept per text (a message is read
for several slots and trials in a turn).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping

# A run of digits with what may stand before an order's digits: "#", "W", spaces between. For
# any digits D, the spans of this pattern's matches whose run is D are the spans of
# ``(?:#\s*)?(?:W\s*)?(?<!\d)D(?!\d)``'s matches: what may come first is never a digit, so
# each run is matched whole, from the same first character.
_WRITTEN_NUMBER = re.compile(r"(?:#\s*)?(?:W\s*)?(?<!\d)(\d+)(?!\d)", re.I)


@functools.lru_cache(maxsize=256)
def number_spans(text: str) -> Mapping[str, tuple[tuple[int, int], ...]]:
    """Each run of digits ``text`` writes, with the spans of its mentions (and what stands
    before it of an order's id), in order."""
    spans: dict[str, list[tuple[int, int]]] = {}
    for m in _WRITTEN_NUMBER.finditer(text):
        spans.setdefault(m[1], []).append(m.span())
    return {digits: tuple(found) for digits, found in spans.items()}
