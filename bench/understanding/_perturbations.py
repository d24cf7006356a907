"""Deterministic, meaning-preserving rewrites of a customer's message, one kind at a time.

Each perturbation is how other people type the same words: without capitals, without
punctuation, with contractions spelled out or run together, with one slip of a finger. None of
them touches what a record is found by: emails, order numbers (``#W…``), amounts and numbers,
and street addresses keep every character (lower case aside, which applies to everything).
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable

# What a record is found by; a perturbation leaves these spans alone.
_EMAIL = r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
_ORDER_ID = r"#\w+"
_NUMBER = r"[$€£]?\d(?:[\d,]*\d)?(?:\.\d+)?%?"
# A street address: a house number, words, then a five-digit zip; commas inside it stay.
_ADDRESS = r"\b\d+\s+[A-Za-z][^.?!;:\n]{2,120}?\b\d{5}(?:-\d{4})?\b"
_PROTECTED = re.compile(f"{_ADDRESS}|{_EMAIL}|{_ORDER_ID}|{_NUMBER}")


def _outside_protected(text: str, rewrite: Callable[[str], str]) -> str:
    """``rewrite`` applied to the stretches of ``text`` between protected spans."""
    pieces: list[str] = []
    last = 0
    for match in _PROTECTED.finditer(text):
        pieces += [rewrite(text[last : match.start()]), match.group()]
        last = match.end()
    pieces.append(rewrite(text[last:]))
    return "".join(pieces)


def lower_case(text: str, _seed: str) -> str:
    """(a) Every letter in lower case, order numbers and emails included."""
    return text.lower()


_SENTENCE_END = re.compile(r"[.?!]+(?=\s|$)")
_OTHER_MARKS = re.compile(r"[,;:()\"“”…]|(?<!\w)-+(?!\w)|[.?!]+")


def no_punctuation(text: str, _seed: str) -> str:
    """(b) Punctuation dropped, sentence ends turned into spaces; an apostrophe or a hyphen
    inside a word stays (contractions are (c)'s business), and so does every mark inside an
    email, an order number, an amount or an address."""

    def strip(stretch: str) -> str:
        stretch = _SENTENCE_END.sub(" ", stretch)
        return _OTHER_MARKS.sub("", stretch)

    return re.sub(r"[ \t]{2,}", " ", _outside_protected(text, strip)).strip()


# Contractions and their full forms; 's and 'd are expanded only where the reading is certain.
_CONTRACTIONS = {
    "i'm": "i am",
    "i'd": "i would",
    "i've": "i have",
    "i'll": "i will",
    "you're": "you are",
    "we're": "we are",
    "they're": "they are",
    "it's": "it is",
    "that's": "that is",
    "what's": "what is",
    "there's": "there is",
    "let's": "let us",
    "don't": "do not",
    "doesn't": "does not",
    "didn't": "did not",
    "isn't": "is not",
    "aren't": "are not",
    "wasn't": "was not",
    "weren't": "were not",
    "haven't": "have not",
    "hasn't": "has not",
    "hadn't": "had not",
    "won't": "will not",
    "wouldn't": "would not",
    "can't": "cannot",
    "couldn't": "could not",
    "shouldn't": "should not",
}
# Typed without the apostrophe, these are other words ("ill", "well", "were", "its" is kept:
# people write it and a reader must cope); collapsing leaves them with their apostrophe.
_KEEP_APOSTROPHE = {"i'll", "we're", "let's"}
_APOSTROPHES = re.compile(r"[’‘]")


def _keep_case(model: str, replacement: str) -> str:
    if model[:1].isupper():
        return replacement[:1].upper() + replacement[1:]
    return replacement


def _word_pattern(words: list[str]) -> re.Pattern[str]:
    alternatives = sorted(words, key=len, reverse=True)
    shown = "|".join(r"\s+".join(re.escape(part) for part in w.split()) for w in alternatives)
    return re.compile(rf"(?<![\w']){shown}(?![\w'])", re.IGNORECASE)


_CONTRACTED = _word_pattern(list(_CONTRACTIONS))
_EXPANDED_TO_COLLAPSED = {
    full: short.replace("'", "") if short not in _KEEP_APOSTROPHE else short
    for short, full in _CONTRACTIONS.items()
}
_EXPANDED = _word_pattern(list(_EXPANDED_TO_COLLAPSED))


def expand_contractions(text: str, _seed: str) -> str:
    """(c1) Every contraction written out: "I'd" -> "I would", "don't" -> "do not"."""

    def expand(match: re.Match[str]) -> str:
        word = _APOSTROPHES.sub("'", match.group())
        return _keep_case(word, _CONTRACTIONS[word.lower()])

    return _CONTRACTED.sub(expand, _APOSTROPHES.sub("'", text))


def collapse_contractions(text: str, _seed: str) -> str:
    """(c2) Contractions typed the quick way: "I would" -> "Id", "don't" -> "dont"."""

    def collapse(match: re.Match[str]) -> str:
        full = " ".join(match.group().lower().split())
        return _keep_case(match.group(), _EXPANDED_TO_COLLAPSED[full])

    def drop(match: re.Match[str]) -> str:
        word = _APOSTROPHES.sub("'", match.group())
        if word.lower() in _KEEP_APOSTROPHE:
            return word
        return word.replace("'", "")

    text = _CONTRACTED.sub(drop, _APOSTROPHES.sub("'", text))
    return _EXPANDED.sub(collapse, text)


_KEYBOARD = ["qwertyuiop", "asdfghjkl", "zxcvbnm"]


def _neighbours(letter: str) -> str:
    """The keys touching ``letter``'s on a staggered keyboard: each row sits half a key right of
    the one above, so a key touches columns ``c`` and ``c + 1`` of the row above and ``c - 1``
    and ``c`` of the row below ("s": a d, w e, z x)."""
    for row_number, row in enumerate(_KEYBOARD):
        column = row.find(letter)
        if column < 0:
            continue
        near = [row[c] for c in (column - 1, column + 1) if 0 <= c < len(row)]
        for other, columns in (
            (row_number - 1, (column, column + 1)),
            (row_number + 1, (column - 1, column)),
        ):
            if 0 <= other < len(_KEYBOARD):
                near += [_KEYBOARD[other][c] for c in columns if 0 <= c < len(_KEYBOARD[other])]
        return "".join(near)
    return ""


_LONG_WORD = re.compile(r"(?<![\w@#.'-])[a-z]{7,}(?![\w@'-])")


def keyboard_typo(text: str, seed: str) -> str:
    """(d) One slip in one long lower-case word (seven letters or more): a letter swapped with
    its neighbour, or struck as the key beside it. Words with a capital (names, the start of a
    sentence), emails, order numbers and numbers are never touched."""
    spans = [m for m in _LONG_WORD.finditer(text) if not _inside_protected(text, m.start())]
    if not spans:
        return text
    rng = random.Random(seed)
    match = rng.choice(spans)
    word = match.group()
    at = rng.randrange(1, len(word) - 2)
    if rng.random() < 0.5:
        typo = word[:at] + word[at + 1] + word[at] + word[at + 2 :]
    else:
        near = _neighbours(word[at]) or word[at]
        typo = word[:at] + rng.choice(near) + word[at + 1 :]
    return text[: match.start()] + typo + text[match.end() :]


def _inside_protected(text: str, at: int) -> bool:
    return any(m.start() <= at < m.end() for m in _PROTECTED.finditer(text))


Perturbation = Callable[[str, str], str]

PERTURBATIONS: dict[str, Perturbation] = {
    "lower": lower_case,
    "nopunct": no_punctuation,
    "expand": expand_contractions,
    "collapse": collapse_contractions,
    "typo": keyboard_typo,
}
"""Every perturbation by the name the bench's ``--only`` takes, in the order it runs them."""
