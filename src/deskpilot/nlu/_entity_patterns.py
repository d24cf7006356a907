"""Regular-expression finders for record ids, emails, phones, zip codes, amounts and names.

Each finder returns spans with a normalised value; ``PatternEntityExtractor`` (in ``entities``)
runs them in priority order and drops spans that overlap an earlier, more specific one, so that
the digits of a record id, a phone number or an amount are never read again as a zip code.
How a business's record ids are written (``#W1234567``, "order number 1234567") is its
workspace's vocabulary (``records:``), read by ``RecordIdFinder``; the words around the other
entities (a name's cues and sign-offs, a sum of money's words, details said aloud) are its
``identity:`` and ``amounts:``, compiled once into ``EntityForms``. Only punctuation, digits
and symbols ("$", "#", "@") are written here.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from deskpilot.nlu._dates import DateForms, date_forms
from deskpilot.workspace import AmountWords, IdentityWords, VocabularyFile, phrases

_EMAIL = re.compile(
    r"(?<![\w.+-])[A-Za-z0-9][A-Za-z0-9._%+-]*@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}(?![\w-])"
)

_PHONE_NANP = re.compile(
    r"(?<![\w+])(?:\+?1[\s.-]?)?(?:\((?P<area1>[2-9]\d{2})\)\s?|(?P<area2>[2-9]\d{2})[\s.-])"
    r"(?P<exchange>\d{3})[\s.-](?P<line>\d{4})(?![\w-])"
)
_PHONE_INTL = re.compile(r"(?<![\w+])\+(?P<body>\d[\d\s.()-]{6,18}\d)(?![\w-])")

_NUM = r"(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d{1,2})?|\d+(?:\.\d{1,2})?)(?![\d,]\d)"
_WORD = re.compile(r"[^\W\d_]+(?:['’\-][^\W\d_]+)*")
_SIGNATURE_LINE = re.compile(r"^\s*(?P<dash>[-—–~]+)?\s*(?P<name>[^\W\d_][^\n]{0,60}?)\s*$")


def _marks(entries: Iterable[str]) -> str:
    """One alternation of the words that mark a number, which customers may write joined to it
    ("USD12", "12usd", "order no.1234567"): no word boundary around them, a space matching any
    spacing, longest first; ``(?!)`` (nothing) without any."""
    unique = {e.strip().lower() for e in entries if e.strip()}
    parts = [
        r"\s+".join(re.escape(w) for w in entry.split())
        for entry in sorted(unique, key=lambda e: (-len(e), e))
    ]
    return "(?:" + "|".join(parts) + ")" if parts else "(?!)"


@dataclass(frozen=True)
class EntityForms:
    """The patterns the workspace's words (``vocabulary.yaml``: ``identity``, ``amounts``,
    ``dates``) give the finders, compiled once by ``entity_forms``: details said aloud ("omar
    dot muller4197 at example dot com", "zip code nine eight one three seven", ten digits after
    "call me on"), the cues and sign-offs around a name, the words of a sum of money ("12
    dollars") and of a quantity that is no zip code ("10000 mah"), and the dates
    (``DateForms``). Without the words (``NO_ENTITY_FORMS``), what needs none is read: written
    emails and phone numbers, five digits, "$12", "12.50", a name signed after a dash, ISO and
    numeric dates."""

    spoken_email: re.Pattern[str] | None
    dot: str
    spoken_zip: re.Pattern[str] | None
    digit: str
    digits: Mapping[str, str]
    spoken_phone: re.Pattern[str] | None
    zip: re.Pattern[str]
    name_cue: re.Pattern[str] | None
    title: re.Pattern[str] | None
    signoff: re.Pattern[str] | None
    name_stops: frozenset[str]
    amounts: tuple[re.Pattern[str], ...]
    dates: DateForms


def entity_forms(vocabulary: VocabularyFile) -> EntityForms:
    """The patterns the workspace's words make for the pattern finders."""
    words = vocabulary.identity
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
    return EntityForms(
        spoken_email=email,
        dot=dot,
        spoken_zip=zip_said,
        digit=digit,
        digits={word.lower(): str(n) for word, n in words.digits.items()},
        spoken_phone=phone,
        zip=re.compile(
            rf"(?<![\w$#.,/+-])(?P<zip>\d{{5}})(?:-\d{{4}})?"
            rf"(?![\w%]|[.,/]\d|\s?(?:{_marks(words.quantities)}|%)\b)",
            re.I,
        ),
        name_cue=_name_cue(words),
        title=re.compile(rf"{phrases(words.titles)}\.?\s+", re.I) if words.titles else None,
        signoff=_signoff(words),
        name_stops=frozenset(w.strip().lower() for w in words.name_stops),
        amounts=_amount_forms(vocabulary.amounts),
        dates=date_forms(vocabulary.dates),
    )


def _name_cue(words: IdentityWords) -> re.Pattern[str] | None:
    """A cue before a name: ``strong`` when what follows is a name whatever its case."""
    if not (words.name_cues or words.capital_name_cues):
        return None
    return re.compile(
        rf"(?:(?P<strong>{phrases(words.name_cues)})"
        rf"|(?P<weak>{phrases(words.capital_name_cues)}))\s+",
        re.I,
    )


def _signoff(words: IdentityWords) -> re.Pattern[str] | None:
    """A line of a sign-off alone ("Kind regards,"), the line before a signed name."""
    if not words.signoffs:
        return None
    return re.compile(rf"^\s*{phrases(words.signoffs)}\s*[,!.]*\s*$", re.I)


def _amount_forms(words: AmountWords) -> tuple[re.Pattern[str], ...]:
    before = re.compile(rf"(?:(?<![\w$]){_marks(words.before)}\s?|\$\s?){_NUM}", re.I)
    after = re.compile(rf"(?<![\w$.,]){_NUM}\s?{_marks(words.after)}\b", re.I)
    bare = re.compile(
        r"(?<![\w$.,/-])(?P<num>\d{1,3}(?:,\d{3})+\.\d{2}|\d+\.\d{2})"
        rf"(?![\d.,%]|\s?{_marks(words.measures)}\b)",
        re.I,
    )
    return before, after, bare


NO_ENTITY_FORMS = entity_forms(VocabularyFile())
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
    "W 1234567"), after the record's name ("order 1234567"; with ``numbers`` and ``links``,
    "order no. 1234567", "order number is 1234567") or after a hash ("#1234567"), or, given a
    ``pattern``, as a whole word of that form ("mia_li_3668"); the value is written as the
    records write it."""

    def __init__(
        self,
        entity: str,
        *,
        digits: int,
        written: str,
        letters: Sequence[str] = (),
        words: Sequence[str] = (),
        numbers: Sequence[str] = (),
        links: Sequence[str] = (),
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
        # "order number 1234567", "order no.1234567"
        number = rf"\s*(?:{_marks(numbers)})?\s*"
        if words:
            cue = rf"\b(?:{named}){number}(?:{_marks(links)}|:|#)?\s*"
            self._patterns.append((re.compile(cue + body, re.I), True))
        if hash:
            self._patterns.append((re.compile(r"(?<![\w&])#\s?" + body), False))
        # Digits just after the record's name, or counting records ("3 orders").
        self._after_word = re.compile(rf"\b(?:{named}){number}[:#]?\s*$", re.I) if words else None
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


def find_emails(text: str, forms: EntityForms = NO_ENTITY_FORMS) -> Iterator[Found]:
    """E-mail addresses, lower-cased (the domain is case-insensitive; most stores fold the
    rest), written or said aloud."""
    for m in _EMAIL.finditer(text):
        yield Found("email", m.group().lower(), m.start(), m.end())
    if forms.spoken_email is None:
        return
    for m in forms.spoken_email.finditer(text):
        local, domain = (re.split(forms.dot, m[part], flags=re.I) for part in ("local", "domain"))
        value = f"{'.'.join(local)}@{'.'.join([*domain, m['tld']])}".lower()
        yield Found("email", value, m.start(), m.end())


def is_email(text: str) -> bool:
    """Whether ``text`` is one e-mail address and nothing else."""
    return _EMAIL.fullmatch(text.strip()) is not None


def find_phones(
    text: str, default_country_code: str, forms: EntityForms = NO_ENTITY_FORMS
) -> Iterator[Found]:
    """Phone numbers in E.164 form; bare ten-digit runs only after a cue such as ``phone``."""
    for m in _PHONE_NANP.finditer(text):
        area = m["area1"] or m["area2"]
        yield Found("phone", f"+1{area}{m['exchange']}{m['line']}", m.start(), m.end())
    for m in _PHONE_INTL.finditer(text):
        digits = re.sub(r"\D", "", m["body"])
        if 8 <= len(digits) <= 15:
            yield Found("phone", f"+{digits}", m.start(), m.end())
    for m in forms.spoken_phone.finditer(text) if forms.spoken_phone is not None else ():
        digits = re.sub(r"\D", "", m["digits"])
        value = f"+{digits}" if len(digits) > 10 else f"+{default_country_code}{digits}"
        yield Found("phone", value, m.start("digits"), m.end("digits"))


def find_amounts(text: str, forms: EntityForms = NO_ENTITY_FORMS) -> Iterator[Found]:
    """Sums of money (``$12.50``, ``12.50``, and in the workspace's words ``12 dollars``,
    ``USD 12``) as Decimal."""
    for pattern in forms.amounts:
        for m in pattern.finditer(text):
            yield Found("amount", parse_amount(m["num"]), m.start(), m.end())


def parse_amount(number: str) -> Decimal:
    """``"1,249.5"`` → ``Decimal("1249.50")``: thousands separators dropped, cents kept."""
    return Decimal(number.replace(",", "")).quantize(Decimal("0.01"))


def find_zips(
    text: str, records: Sequence[RecordIdFinder] = (), forms: EntityForms = NO_ENTITY_FORMS
) -> Iterator[Found]:
    """US zip codes: five digits standing alone (ZIP+4 gives its first five), not a quantity
    and not a record's number ("order 12345"); or said digit by digit after "zip code"."""
    for m in forms.zip.finditer(text):
        if any(r.beside_name(text, m.start(), m.end()) for r in records):
            continue
        yield Found("zip", m["zip"], m.start(), m.end())
    if forms.spoken_zip is None:
        return
    for m in forms.spoken_zip.finditer(text):
        said = re.findall(forms.digit, m["zip"], re.I)
        if any(not d.isdigit() for d in said):  # digits alone are the pattern above's
            digits = "".join(forms.digits.get(d.lower(), d) for d in said)
            yield Found("zip", digits, m.start("zip"), m.end("zip"))


def find_names(text: str, forms: EntityForms = NO_ENTITY_FORMS) -> Iterator[Found]:
    """First and last names after a cue of the workspace's (``I'm``, ``my name is``) or
    signed on the last line."""
    for cue in forms.name_cue.finditer(text) if forms.name_cue is not None else ():
        strong = cue["strong"] is not None
        rest = cue.end()
        title = forms.title.match(text, rest) if forms.title is not None else None
        if title:
            rest = title.end()
        words = _name_words(text, rest, forms.name_stops, allow_lowercase=strong)
        yield from _name_entities(words, surname_only=title is not None and len(words) == 1)
    yield from _signature(text, forms)


def _name_words(
    text: str, pos: int, stops: frozenset[str], *, allow_lowercase: bool
) -> list[re.Match[str]]:
    words: list[re.Match[str]] = []
    while len(words) < _MAX_NAME_WORDS:
        m = _WORD.match(text, pos)
        if m is None or m.group().lower() in stops or len(m.group()) < 2:
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


def _signature(text: str, forms: EntityForms) -> Iterator[Found]:
    """A name alone on the last line, after a dash or under a sign-off line (``Thanks,``)."""
    lines = [(m.start(), m.group()) for m in re.finditer(r"[^\n]+", text) if m.group().strip()]
    if len(lines) < 2:
        return
    offset, last = lines[-1]
    m = _SIGNATURE_LINE.match(last)
    signed = forms.signoff is not None and forms.signoff.match(lines[-2][1]) is not None
    if m is None or not (m["dash"] or signed):
        return
    start = offset + m.start("name")
    words = _name_words(text, start, forms.name_stops, allow_lowercase=False)
    if words and words[-1].end() == offset + m.end("name"):
        yield from _name_entities(words, surname_only=False)


def _title(word: str) -> str:
    if word.isupper() or word.islower():
        return "-".join(part.capitalize() for part in word.split("-"))
    return word
