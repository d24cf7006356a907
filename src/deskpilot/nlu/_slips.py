"""A word the workspace knows, read through one slip of the keyboard: "birghter" as "brighter".

Customers type in a hurry; a comparative, a request's verb or an option's value typed with two
letters swapped, one dropped or doubled, or a key struck beside the one meant is read by nobody
downstream (the scales, the request words, the catalogue match whole words). ``Slips`` puts
such a word right before anything reads the message, only where the reading is certain: the
word typed is no word of the workspace or of the language, and exactly one known word lies
one slip away.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Collection, Iterable, Iterator

import numpy as np
from spellchecker import SpellChecker

from deskpilot.nlu.language import release_free_memory

# The keys a finger slips to: those beside a key on the keyboard most customers type on
# (QWERTY; each row set off from the one above it by a quarter and a half of a key).
_ROWS = ("qwertyuiop", "asdfghjkl", "zxcvbnm")
_SET_OFF = (0.0, 0.25, 0.75)
_PLACES = {
    key: (row, column + _SET_OFF[row])
    for row, keys in enumerate(_ROWS)
    for column, key in enumerate(keys)
}
_BESIDE = {
    key: "".join(
        other
        for other, (row_b, x_b) in _PLACES.items()
        if other != key
        and ((row_b == row and abs(x_b - x) <= 1) or (abs(row_b - row) == 1 and abs(x_b - x) < 1))
    )
    for key, (row, x) in _PLACES.items()
}
_LETTERS = "abcdefghijklmnopqrstuvwxyz"
# A stretch of the message between spaces that holds an email, an id, a web address or a
# number: its words are no customer's typing of ours (``j.smiht@…``, ``#W…``, ``https://…``).
_NO_WORDS = re.compile(r"[@#/\\\d_]|\w\.\w")
# A word typed in small letters only: not part of a longer one, of a contraction or of a
# hyphenated word; a word with a capital (a name, a brand) is left as written.
_SMALL_WORD = re.compile(r"(?<![\w'-])[a-z]+(?![\w'-])")


def one_slip_from(typed: str) -> Iterator[str]:
    """Every word ``typed`` may have been meant as, one slip of the keyboard away: two letters
    swapped, a letter dropped, a letter doubled, or a key struck beside the one meant."""
    for at in range(len(typed) - 1):
        if typed[at] != typed[at + 1]:
            yield typed[:at] + typed[at + 1] + typed[at] + typed[at + 2 :]
        else:
            yield typed[:at] + typed[at + 1 :]
    for at in range(len(typed) + 1):
        for letter in _LETTERS:
            yield typed[:at] + letter + typed[at:]
    for at, key in enumerate(typed):
        for other in _BESIDE.get(key, ""):
            yield typed[:at] + other + typed[at + 1 :]


class WordList:
    """A language's words, held as the sorted hashes of their strings (8 bytes a word, some
    1.3 MB for English's 160,000, against some 22 MB as a set of strings): whether a word is
    one of them, and the union of two lists. The hashes are the process's own (``hash``), as
    the list is built in the process that asks it. A string whose hash is a word's would count
    as a word: that can only keep a slip from being read (a typed word taken as known, or a
    second word near it), never make one be read, as what a slip is read as is checked
    against the business's own words (``Slips``)."""

    def __init__(self, words: Iterable[str] = ()) -> None:
        self._hashes = np.unique(np.fromiter((hash(w) for w in words), dtype=np.int64))

    def __len__(self) -> int:
        return len(self._hashes)

    def __contains__(self, word: object) -> bool:
        return bool(self.among([word])) if isinstance(word, str) else False

    def among(self, words: Collection[str]) -> set[str]:
        """Those of ``words`` that are on the list."""
        if not words or not len(self._hashes):
            return set()
        listed = list(words)
        hashes = np.fromiter((hash(w) for w in listed), dtype=np.int64, count=len(listed))
        at = np.searchsorted(self._hashes, hashes).clip(max=len(self._hashes) - 1)
        found = self._hashes[at] == hashes
        return {word for word, on in zip(listed, found.tolist(), strict=True) if on}

    def __or__(self, other: WordList) -> WordList:
        union = WordList()
        union._hashes = np.union1d(self._hashes, other._hashes)
        return union


class Slips:
    """A word the workspace knows, read through one slip of the keyboard ("birghter" as
    "brighter", "exchagne" as "exchange").

    ``meant``: the words a slip may be read as (the business's own: its vocabulary, its
    catalogue, its examples and replies). ``kept`` and ``language``: other words known as
    they are, never written as the reading of a slip (a name, a word of the language, a yes,
    a no, a negation: a slip must not say them for the customer). A typed word is read as
    another only when it is no known word itself, has at least ``shortest`` letters, and
    exactly one known word lies one slip away, a ``meant`` one of ``shortest`` letters or
    more; otherwise it stays as typed.
    """

    def __init__(
        self,
        meant: Collection[str],
        kept: Collection[str] = (),
        *,
        language: WordList | None = None,
        shortest: int = 5,
    ) -> None:
        self._meant = frozenset(w.lower() for w in meant)
        self._known = self._meant | frozenset(w.lower() for w in kept)
        # the language's words (``language_words``), in small letters: kept too, shared
        # between workspaces rather than copied into each one's words
        self._language = language if language is not None else WordList()
        self._shortest = shortest

    def _is_known(self, word: str) -> bool:
        return word in self._known or word in self._language

    def meant(self, typed: str) -> str | None:
        """The known word ``typed`` (in small letters) was meant as, or None: it is one
        itself, is short, or lies one slip from no known word or from several."""
        if len(typed) < self._shortest or self._is_known(typed):
            return None
        candidates = set(one_slip_from(typed))
        near = (candidates & self._known) | self._language.among(candidates)
        if len(near) != 1:
            return None
        word = near.pop()
        return word if word in self._meant and len(word) >= self._shortest else None

    def read(self, text: str) -> str:
        """``text`` with each word typed one slip from a known word written as that word."""
        return re.sub(r"\S+", self._stretch, text)

    def _stretch(self, match: re.Match[str]) -> str:
        stretch = match.group()
        if _NO_WORDS.search(stretch):
            return stretch
        return _SMALL_WORD.sub(lambda m: self.meant(m.group()) or m.group(), stretch)


@functools.cache
def language_words(language: str) -> WordList:
    """The words of ``language`` (an ISO 639-1 code) as a spelling library lists them
    (pyspellchecker's word list: some 160,000 English words), in small letters; none for a
    language it has no list of. Read once per process: the list never changes."""
    try:
        checker = SpellChecker(language=language, distance=1)
    except ValueError:
        return WordList()
    words = WordList(word.lower() for word in checker.word_frequency.words())
    del checker
    release_free_memory()  # the list's strings, read only to be hashed
    return words
