"""Regular-expression finders for record ids, emails, phones, zip codes, amounts and names.

Each finder returns spans with a normalised value; ``PatternEntityExtractor`` (in ``entities``)
runs them in priority order and drops spans that overlap an earlier, more specific one, so that
the digits of a record id, a phone number or an amount are never read again as a zip code.
How a business's record ids are written (``#W1234567``) is its workspace's vocabulary
(``records:``), read by ``RecordIdFinder``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from deskpilot.workspace import IdentityWords, phrases

_EMAIL = re.compile(
    r"(?<![\w.+-])[A-Za-z0-9][A-Za-z0-9._%+-]*@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}(?![\w-])"
)

_PHONE_NANP = re.compile(
    r"(?<![\w+])(?:\+?1[\s.-]?)?(?:\((?P<area1>[2-9]\d{2})\)\s?|(?P<area2>[2-9]\d{2})[\s.-])"
    r"(?P<exchange>\d{3})[\s.-](?P<line>\d{4})(?![\w-])"
)
_PHONE_INTL = re.compile(r"(?<![\w+])\+(?P<body>\d[\d\s.()-]{6,18}\d)(?![\w-])")

_NUM = r"(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d{1,2})?|\d+(?:\.\d{1,2})?)(?![\d,]\d)"
_AMOUNT_PREFIX = re.compile(rf"(?:(?<![\w$])(?:US\$|USD|usd)\s?|\$\s?){_NUM}")
_AMOUNT_SUFFIX = re.compile(rf"(?<![\w$.,]){_NUM}\s?(?:USD|usd|dollars?|bucks)\b", re.I)
_AMOUNT_BARE = re.compile(
    r"(?<![\w$.,/-])(?P<num>\d{1,3}(?:,\d{3})+\.\d{2}|\d+\.\d{2})"
    r"(?![\d.,%]|\s?(?:ml|l|kg|g|lbs?|oz|inch|in|mm|cm|ft|mah|gb|tb|mb)\b)",
    re.I,
)

_UNITS = (
    r"ml|mah|mm|cm|km|kg|g|lbs?|oz|miles?|mi|minutes?|mins?|hours?|hrs?|seconds?|days?|weeks?"
    r"|months?|years?|items?|pieces?|pcs|points?|steps?|units?|times?|dollars?|bucks|usd|rpm"
    r"|w|watts?|v|mb|gb|tb|%|people"
)
_ZIP = re.compile(
    rf"(?<![\w$#.,/+-])(?P<zip>\d{{5}})(?:-\d{{4}})?(?![\w%]|[.,/]\d|\s?(?:{_UNITS})\b)", re.I
)
_NUMBER_WORD = r"\s*(?:number|num|no\.?|id|nr)?\s*"


@dataclass(frozen=True)
class SpokenForms:
    """Details written as they are said (a voice channel's transcript, or typed as one would
    say them), in the workspace's words (``vocabulary.yaml``, ``identity``): "omar dot muller4197
    at example dot com", "zip code nine eight one three seven", ten digits after "call me on".
    Without the words (``NO_SPOKEN_FORMS``), only written forms are read."""

    email: re.Pattern[str] | None = None
    dot: str = "(?!)"
    zip: re.Pattern[str] | None = None
    digit: str = "(?!)"
    digits: Mapping[str, str] = field(default_factory=dict)
    phone: re.Pattern[str] | None = None


NO_SPOKEN_FORMS = SpokenForms()


def spoken_forms(words: IdentityWords) -> SpokenForms:
    """The spoken forms of an email, a zip code and a phone number the workspace's words make."""
    dot = rf"(?:\s+{phrases(words.spoken_dot)}\s+|\.)"
    email = None
    if words.spoken_at and words.spoken_dot:
        # The part after "at" must end in a spoken "dot" and a top-level domain, so "look at
        # example.com" or "I was at home" is never an address.
        email = re.compile(
            rf"(?<![\w.@+-])(?P<local>[a-z0-9][a-z0-9_%+-]*(?:{dot}[a-z0-9_%+-]+)*)"
            rf"\s+{phrases(words.spoken_at)}\s+(?P<domain>[a-z0-9-]+(?:{dot}[a-z0-9-]+)*?)"
            rf"\s+{phrases(words.spoken_dot)}\s+(?P<tld>[a-z]{{2,}})(?![\w@-])",
            re.I,
        )
    digit = rf"(?:{phrases(words.digits)}|\d)" if words.digits else "(?!)"
    link = rf"(?:\s*{phrases(words.links)})?" if words.links else ""
    zip_said = None
    if words.zip_cues and words.digits:
        zip_said = re.compile(
            rf"{phrases(words.zip_cues)}{link}[\s:,]+"
            rf"(?P<zip>{digit}(?:[\s,-]+{digit}){{4}})\b(?![\s,-]*{digit}\b)",
            re.I,
        )
    phone = None
    if words.phone_cues:
        phone = re.compile(
            rf"{phrases(words.phone_cues)}[^\d\n]{{0,20}}?(?<!\d)(?P<digits>\+?1?\d{{10}})(?!\d)",
            re.I,
        )
    return SpokenForms(
        email=email,
        dot=dot,
        zip=zip_said,
        digit=digit,
        digits={word.lower(): str(n) for word, n in words.digits.items()},
        phone=phone,
    )


_NAME_CUE = re.compile(
    r"(?:\b(?P<strong>my\s+name\s+is|my\s+name['’]?s|name\s*:)"
    r"|\b(?P<weak>i\s*['’]\s*m|i\s+am|im|this\s+is|it['’]?s|its|here\s+is))\s+",
    re.I,
)
_WORD = re.compile(r"[^\W\d_]+(?:['’\-][^\W\d_]+)*")
_TITLE = re.compile(r"(?:mr|mrs|ms|miss|dr)\.?\s+", re.I)
_SIGNOFF = re.compile(
    r"^\s*(?:thanks|thank\s+you|many\s+thanks|regards|best(?:\s+regards)?|kind\s+regards|cheers"
    r"|sincerely|br|thx|best\s+wishes)\s*[,!.]*\s*$",
    re.I,
)
_SIGNATURE_LINE = re.compile(r"^\s*(?P<dash>[-—–~]+)?\s*(?P<name>[^\W\d_][^\n]{0,60}?)\s*$")
_NOT_NAMES = frozenset(
    [
        "a",
        "about",
        "absolutely",
        "afraid",
        "again",
        "all",
        "also",
        "always",
        "an",
        "and",
        "angry",
        "any",
        "anyone",
        "are",
        "asking",
        "at",
        "back",
        "bad",
        "being",
        "but",
        "calling",
        "checking",
        "completely",
        "confused",
        "contacting",
        "currently",
        "customer",
        "disappointed",
        "done",
        "dr",
        "everyone",
        "fine",
        "finally",
        "following",
        "for",
        "from",
        "frustrated",
        "furious",
        "getting",
        "glad",
        "going",
        "good",
        "great",
        "happy",
        "having",
        "hello",
        "here",
        "hey",
        "hi",
        "hoping",
        "i",
        "in",
        "interested",
        "it",
        "just",
        "looking",
        "me",
        "mr",
        "mrs",
        "ms",
        "my",
        "never",
        "new",
        "no",
        "not",
        "now",
        "ok",
        "okay",
        "on",
        "only",
        "order",
        "our",
        "please",
        "pretty",
        "reaching",
        "really",
        "regarding",
        "ridiculous",
        "sick",
        "so",
        "sorry",
        "still",
        "sure",
        "thank",
        "thanks",
        "that",
        "the",
        "their",
        "there",
        "this",
        "tired",
        "to",
        "totally",
        "trying",
        "unacceptable",
        "unhappy",
        "upset",
        "urgent",
        "very",
        "waiting",
        "with",
        "wondering",
        "writing",
        "you",
        "your",
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ]
)
_MAX_NAME_WORDS = 3


@dataclass(frozen=True)
class Found:
    """One pattern match: the entity type, its normalised value and the span it covers."""

    type: str
    value: Any
    start: int
    end: int


class RecordIdFinder:
    """Ids of one kind of record as customers write them: with the id's letters ("#W1234567",
    "W 1234567"), after the record's name ("order 1234567", "order no. 1234567") or after a
    hash ("#1234567"), or, given a ``pattern``, as a whole word of that form ("mia_li_3668");
    the value is written as the records write it."""

    def __init__(
        self,
        entity: str,
        *,
        digits: int,
        written: str,
        letters: Sequence[str] = (),
        words: Sequence[str] = (),
        hash: bool = False,
        pattern: str | None = None,
        case: str | None = None,
    ) -> None:
        self.entity = entity
        self.written = written
        self.words = tuple(words)
        self._case = case
        self._patterns: list[tuple[re.Pattern[str], bool]] = []
        if pattern is not None:
            # An id that is not letters then digits (a user id, a booking code): the whole id,
            # as a word of its own, read in the case the records write it.
            whole = rf"(?<![\w-])(?P<digits>(?:{pattern}))(?![\w-])"
            self._patterns.append((re.compile(whole), False))
            letters, words, hash = (), (), False
        body = rf"(?P<digits>\d{{{digits}}})(?![.,]?\d)"
        if letters and pattern is None:
            marks = "|".join(re.escape(x) for x in letters)
            lead = rf"(?<![\w@.])(?:#\s?)?(?:{marks})\s?[-#]?\s?"
            self._patterns.append((re.compile(lead + body, re.I), False))
        named = "|".join(re.escape(w) for w in words)
        if words:
            cue = rf"\b(?:{named}){_NUMBER_WORD}(?:is|was|:|#)?\s*"
            self._patterns.append((re.compile(cue + body, re.I), True))
        if hash:
            self._patterns.append((re.compile(r"(?<![\w&])#\s?" + body), False))
        # Digits just after the record's name, or counting records ("3 orders").
        self._after_word = (
            re.compile(rf"\b(?:{named}){_NUMBER_WORD}[:#]?\s*$", re.I) if words else None
        )
        # "12345 orders" counts them; "77004 order W5061109" is a zip, then an order
        self._counting = re.compile(rf"\s?(?:{named})s\b", re.I) if words else None

    def __call__(self, text: str) -> Iterator[Found]:
        """The ids in ``text``, with their spans."""
        for pattern, cued in self._patterns:
            for m in pattern.finditer(text):
                start = m.start("digits") if cued else m.start()
                found = m["digits"]
                if self._case is not None:
                    found = found.upper() if self._case == "upper" else found.lower()
                yield Found(self.entity, self.written.format(digits=found), start, m.end())

    def beside_name(self, text: str, start: int, end: int) -> bool:
        """Whether the digits at ``start:end`` come just after the record's name or count them
        ("order 12345", "12345 orders": no zip code; "77004 order W5061109" is one)."""
        if self._after_word is None or self._counting is None:
            return False
        counted = self._counting.match(text, end) is not None
        return counted or self._after_word.search(text, 0, start) is not None


def find_emails(text: str, spoken: SpokenForms = NO_SPOKEN_FORMS) -> Iterator[Found]:
    """E-mail addresses, lower-cased (the domain is case-insensitive; most stores fold the
    rest), written or said aloud."""
    for m in _EMAIL.finditer(text):
        yield Found("email", m.group().lower(), m.start(), m.end())
    if spoken.email is None:
        return
    for m in spoken.email.finditer(text):
        local, domain = (re.split(spoken.dot, m[part], flags=re.I) for part in ("local", "domain"))
        value = f"{'.'.join(local)}@{'.'.join([*domain, m['tld']])}".lower()
        yield Found("email", value, m.start(), m.end())


def is_email(text: str) -> bool:
    """Whether ``text`` is one e-mail address and nothing else."""
    return _EMAIL.fullmatch(text.strip()) is not None


def find_phones(
    text: str, default_country_code: str, spoken: SpokenForms = NO_SPOKEN_FORMS
) -> Iterator[Found]:
    """Phone numbers in E.164 form; bare ten-digit runs only after a cue such as ``phone``."""
    for m in _PHONE_NANP.finditer(text):
        area = m["area1"] or m["area2"]
        yield Found("phone", f"+1{area}{m['exchange']}{m['line']}", m.start(), m.end())
    for m in _PHONE_INTL.finditer(text):
        digits = re.sub(r"\D", "", m["body"])
        if 8 <= len(digits) <= 15:
            yield Found("phone", f"+{digits}", m.start(), m.end())
    for m in spoken.phone.finditer(text) if spoken.phone is not None else ():
        digits = re.sub(r"\D", "", m["digits"])
        value = f"+{digits}" if len(digits) > 10 else f"+{default_country_code}{digits}"
        yield Found("phone", value, m.start("digits"), m.end("digits"))


def find_amounts(text: str) -> Iterator[Found]:
    """US-dollar amounts (``$12.50``, ``12 dollars``, ``USD 12``, ``12.50``) as Decimal."""
    for pattern in (_AMOUNT_PREFIX, _AMOUNT_SUFFIX, _AMOUNT_BARE):
        for m in pattern.finditer(text):
            yield Found("amount", parse_amount(m["num"]), m.start(), m.end())


def parse_amount(number: str) -> Decimal:
    """``"1,249.5"`` → ``Decimal("1249.50")``: thousands separators dropped, cents kept."""
    return Decimal(number.replace(",", "")).quantize(Decimal("0.01"))


def find_zips(
    text: str, records: Sequence[RecordIdFinder] = (), spoken: SpokenForms = NO_SPOKEN_FORMS
) -> Iterator[Found]:
    """US zip codes: five digits standing alone (ZIP+4 gives its first five), not a quantity
    and not a record's number ("order 12345"); or said digit by digit after "zip code"."""
    for m in _ZIP.finditer(text):
        if any(r.beside_name(text, m.start(), m.end()) for r in records):
            continue
        yield Found("zip", m["zip"], m.start(), m.end())
    if spoken.zip is None:
        return
    for m in spoken.zip.finditer(text):
        said = re.findall(spoken.digit, m["zip"], re.I)
        if any(not d.isdigit() for d in said):  # digits alone are the pattern above's
            digits = "".join(spoken.digits.get(d.lower(), d) for d in said)
            yield Found("zip", digits, m.start("zip"), m.end("zip"))


def find_names(text: str) -> Iterator[Found]:
    """First and last names after a cue (``I'm``, ``my name is``, ``this is``) or in a sign-off."""
    for cue in _NAME_CUE.finditer(text):
        strong = cue["strong"] is not None
        rest = cue.end()
        title = _TITLE.match(text, rest)
        if title:
            rest = title.end()
        words = _name_words(text, rest, allow_lowercase=strong)
        yield from _name_entities(words, surname_only=title is not None and len(words) == 1)
    yield from _signature(text)


def _name_words(text: str, pos: int, *, allow_lowercase: bool) -> list[re.Match[str]]:
    words: list[re.Match[str]] = []
    while len(words) < _MAX_NAME_WORDS:
        m = _WORD.match(text, pos)
        if m is None or m.group().lower() in _NOT_NAMES or len(m.group()) < 2:
            break
        if not (m.group()[0].isupper() or allow_lowercase):
            break
        words.append(m)
        gap = re.match(r"[ \t]+", text[m.end() :])
        if gap is None:
            break
        pos = m.end() + gap.end()
    return words


def _name_entities(words: list[re.Match[str]], *, surname_only: bool) -> Iterator[Found]:
    if not words:
        return
    if surname_only:
        yield Found("last_name", _title(words[0].group()), words[0].start(), words[0].end())
        return
    yield Found("first_name", _title(words[0].group()), words[0].start(), words[0].end())
    if len(words) > 1:
        yield Found("last_name", _title(words[-1].group()), words[-1].start(), words[-1].end())


def _signature(text: str) -> Iterator[Found]:
    """A name alone on the last line, after a dash or under a sign-off line (``Thanks,``)."""
    lines = [(m.start(), m.group()) for m in re.finditer(r"[^\n]+", text) if m.group().strip()]
    if len(lines) < 2:
        return
    offset, last = lines[-1]
    m = _SIGNATURE_LINE.match(last)
    if m is None or not (m["dash"] or _SIGNOFF.match(lines[-2][1])):
        return
    start = offset + m.start("name")
    words = _name_words(text, start, allow_lowercase=False)
    if words and words[-1].end() == offset + m.end("name"):
        yield from _name_entities(words, surname_only=False)


def _title(word: str) -> str:
    if word.isupper() or word.islower():
        return "-".join(part.capitalize() for part in word.split("-"))
    return word
