"""A message as the readers expect it, whoever typed it: words typed the quick way written out
("dont" as "don't", "Id like" as "I'd like", the workspace's ``spellings``; a phone's "’" as
"'"), a word the workspace knows read through one slip of the keyboard ("birghter" as
"brighter", ``Slips``), and record ids in
the case the records write them ("#w5056519" as "#W5056519").

Every reader after understanding (the segmenter, the classifier, the flows, a pack's
resolvers) then sees one spelling of what the customer meant, instead of each reader having to
know every way of typing it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from deskpilot.nlu._entity_patterns import RecordIdFinder
from deskpilot.nlu._numerals import Numerals
from deskpilot.nlu._slips import Slips


class TypedForms:
    """Rewrites a message into the spelling the workspace's words are written in."""

    def __init__(
        self,
        spellings: Mapping[str, str],
        records: Sequence[RecordIdFinder] = (),
        slips: Slips | None = None,
        numerals: Numerals | None = None,
    ) -> None:
        self._numerals = numerals
        self._spellings = {" ".join(k.lower().split()): v for k, v in spellings.items()}
        alternatives = sorted(self._spellings, key=len, reverse=True)
        shown = "|".join(r"\s+".join(re.escape(w) for w in k.split()) for k in alternatives)
        # a word of its own: not inside another word, an email or an id
        self._typed = (
            re.compile(rf"(?<![\w'’@.#-])(?:{shown})(?![\w'’@-])", re.I) if shown else None
        )
        self._records = tuple(records)
        self._slips = slips

    def __call__(self, text: str) -> str:
        """``text`` with the quick spellings written out, the slips of the keyboard in the
        workspace's words put right and the record ids in their case."""
        text = text.replace("’", "'")  # a phone's apostrophe, as the words are written
        if self._typed is not None:
            text = self._typed.sub(self._written, text)
        if self._slips is not None:
            text = self._slips.read(text)
        if self._numerals is not None:
            text = self._numerals(text)
        return self._ids_in_case(text)

    def _written(self, match: re.Match[str]) -> str:
        typed = match.group()
        written = self._spellings[" ".join(typed.lower().split())]
        if typed[:1].isupper():
            return written[:1].upper() + written[1:]
        return written

    def _ids_in_case(self, text: str) -> str:
        """Each record id that differs from the records' way of writing it only in the case of
        its letters, written as the records write it (the same length: no span moves)."""
        for finder in self._records:
            for found in finder(text):
                typed = text[found.start : found.end]
                value = str(found.value)
                if typed != value and typed.lower() == value.lower():
                    text = text[: found.start] + value + text[found.end :]
        return text
