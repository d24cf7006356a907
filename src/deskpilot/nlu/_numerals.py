"""Numbers said in words, written in digits where a measure follows them: "eight gigs of RAM",
"the thirty-four inch one", "two thousand pieces" read as "8 gigs of RAM", "34 inch",
"2000 pieces", so that every reader of measures (the catalogue's values, scales, comparisons)
sees the digits it knows. The words are the workspace's (``vocabulary.yaml``, ``numerals``);
a number word before anything else ("the two orders", "the blue one") stays as it is."""

from __future__ import annotations

import re

from deskpilot.workspace import NumeralWords, phrases


class Numerals:
    """Writes the numbers said in words before a measure in digits."""

    def __init__(self, words: NumeralWords) -> None:
        self._values = {k.lower(): v for k, v in words.values.items()}
        self._multipliers = {k.lower(): v for k, v in words.multipliers.items()}
        self._pattern: re.Pattern[str] | None = None
        if not (self._values and words.before):
            return
        number = phrases([*self._values, *self._multipliers])
        joiner = rf"[\s-]+(?:{phrases(words.joiners)}\s+)?" if words.joiners else r"[\s-]+"
        # a run of number words, opening with one that counts ("two thousand", not "thousand")
        self._pattern = re.compile(
            rf"(?<![\w'@.#-])(?P<said>{phrases(list(self._values))}(?:{joiner}{number})*)"
            rf"(?P<gap>[\s-]*)(?={phrases(words.before)})",
            re.I,
        )
        self._word = re.compile(number, re.I)

    def __call__(self, text: str) -> str:
        """``text`` with each number said in words before a measure written in digits."""
        if self._pattern is None:
            return text
        return self._pattern.sub(self._written, text)

    def _written(self, match: re.Match[str]) -> str:
        value = self.value(match.group("said"))
        if value is None:
            return match.group()
        gap = match.group("gap")
        return f"{value}{gap if gap else ' '}"

    def value(self, said: str) -> int | None:
        """The number ``said`` in words ("thirty-four" 34, "five hundred" 500, "two thousand
        five hundred" 2500), or None when its words make no number ("four four")."""
        total = current = 0
        last = None  # the size of the last word counted, so "four four" is no number
        for m in self._word.finditer(said):
            word = m.group().lower()
            if word in self._multipliers:
                factor = self._multipliers[word]
                if current == 0:
                    return None
                current *= factor
                if factor >= 1000:
                    total, current = total + current, 0
                last = None
                continue
            n = self._values[word]
            if last is not None and (last < 20 or n >= 10 or last % 10):
                return None  # "four four", "thirty twenty": not one number
            current += n
            last = n
        return total + current
