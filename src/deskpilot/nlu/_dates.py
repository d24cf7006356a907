"""Absolute and relative dates in customer messages, resolved to ISO dates against a reference day.

Rules for what a date *means* (the parts a reader would otherwise guess):

- ``last Monday`` / ``on Monday`` / a bare ``Monday``: the most recent Monday strictly before the
  reference day; ``next Monday`` / ``by Monday``: the first Monday strictly after it;
  ``this Monday``: the Monday of the reference day's ISO week.
- A day and month without a year (``Nov 3``, ``11/02``): the year that puts the date closest to the
  reference day, so late-December messages about ``Jan 2`` land in the next year.
- A day of the month alone (``on the 18th``, ``what about the 3rd``, ``Friday the 17th``, or a
  message that is only ``the 20th``): the month that puts it closest to the reference day, the
  later one on a tie; after ``by``, ``before``, ``until``, the first such day after it; after
  ``since`` the last one before it. Without a preposition, a weekday or the whole message,
  ``the 2nd`` is a place in a list, not a date.
- A weekday written before a date (``Friday, May 17``) is part of it: the date decides.
- ``three days from now``, ``a week from tomorrow``: counted from that day.
- Numeric dates are month/day unless the extractor is configured for day/month.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

DateOrder = Literal["mdy", "dmy"]

_MONTHS = {
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "may": 5,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}
_WEEKDAYS = {
    "monday": 0,
    "tuesday": 1,
    "wednesday": 2,
    "thursday": 3,
    "friday": 4,
    "saturday": 5,
    "sunday": 6,
}
_NUMBER_WORDS = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "couple of": 2,
    "a couple of": 2,
}

_MONTH = (
    r"(?P<month>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?:,?\s+(?P<year>\d{4}))?"
_NUMBER = (
    r"(?P<n>\d{1,3}|an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve"
    r"|(?:a\s+)?couple\s+of)"
)
_WEEKDAY_NAMES = r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
_WEEKDAY = rf"(?P<weekday>{_WEEKDAY_NAMES[3:-1]})"

_ISO = re.compile(r"(?<![\d-])(?P<year>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})(?![\d-])")
_NUMERIC = re.compile(
    r"(?<![\d/.$#])(?P<a>\d{1,2})/(?P<b>\d{1,2})(?:/(?P<year>\d{4}|\d{2}))?(?![\d/%])"
)
_MONTH_DAY = re.compile(rf"\b{_MONTH}\s+{_DAY}\b{_YEAR}", re.I)
_DAY_MONTH = re.compile(rf"\b{_DAY}\s+(?:of\s+)?{_MONTH}(?![a-z]){_YEAR}", re.I)
_ORDINAL_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)\b"
# Words after an ordinal that make it a place in a list ("the 2nd one", "the 3rd flight").
_PLACE_IN_A_LIST = (
    r"(?:of|one|ones|option|options|choice|flight|flights|item|items|seat|row|leg|passenger"
    r"|person|time|floor)\b"
)
_DAY_OF_MONTH = re.compile(
    rf"\b(?:(?P<cue>on|for|about|by|until|till|before|after|from|since|to)\s+the\s+"
    rf"|{_WEEKDAY_NAMES},?\s+the\s+){_ORDINAL_DAY}(?!\s+{_PLACE_IN_A_LIST})",
    re.I,
)
_ONLY_DAY_OF_MONTH = re.compile(rf"^\s*(?:on\s+)?the\s+{_ORDINAL_DAY}\s*[.!?]?\s*$", re.I)
_FROM = re.compile(
    rf"\b{_NUMBER}\s+(?P<unit>day|week)s?\s+from\s+(?P<base>now|today|tomorrow)\b", re.I
)
_AGO = re.compile(rf"\b{_NUMBER}\s+(?P<unit>day|week|month)s?\s+ago\b", re.I)
_IN = re.compile(rf"\bin\s+{_NUMBER}\s+(?P<unit>day|week)s?\b", re.I)
_RELATIVE_WORD = re.compile(
    r"\b(?P<word>the\s+day\s+before\s+yesterday|the\s+day\s+after\s+tomorrow|yesterday|today"
    r"|tonight|tomorrow|last\s+week|last\s+night)\b",
    re.I,
)
# A weekday just before a date ("Friday, May 17", "Friday the 17th") is no date of its own.
_DATE_AHEAD = (
    r"(?!,?\s+(?:the\s+[0-3]?\d(?:st|nd|rd|th)|[0-3]?\d\b|jan|feb|mar|apr|may|jun|jul|aug|sep"
    r"|oct|nov|dec))"
)
_WEEKDAY_REF = re.compile(
    rf"\b(?:(?P<cue>last|this|next|on|by|before|until|since|past|coming)\s+)?{_WEEKDAY}\b"
    rf"{_DATE_AHEAD}",
    re.I,
)
_FUTURE_CUES = {"next", "by", "before", "until", "till", "coming"}


@dataclass(frozen=True)
class DateMatch:
    """One date found in a text: the span and the ISO date it stands for."""

    start: int
    end: int
    iso: str


def find_dates(text: str, today: date, order: DateOrder = "mdy") -> list[DateMatch]:
    """Every date in ``text`` resolved against ``today``, earlier and longer matches first."""
    found: list[DateMatch] = []
    taken: list[tuple[int, int]] = []
    for match in _candidates(text, today, order):
        if any(match.start < end and start < match.end for start, end in taken):
            continue
        found.append(match)
        taken.append((match.start, match.end))
    return sorted(found, key=lambda m: m.start)


def to_come(words: str, iso: str) -> str:
    """The date ``words`` say when they speak of something to come: a weekday said alone
    (``Friday``, ``on Friday``), read as the last one (``iso``), is the one a week later, in
    the coming seven days (the reference day included); any other date stays ``iso``."""
    m = _WEEKDAY_REF.fullmatch(words.strip())
    if m is None or (m["cue"] or "").lower() not in ("", "on"):
        return iso
    return (date.fromisoformat(iso) + timedelta(days=7)).isoformat()


def _candidates(text: str, today: date, order: DateOrder) -> Iterator[DateMatch]:
    # Most specific patterns first: a full ISO date must win over the "11/03" inside nothing else.
    for m in _ISO.finditer(text):
        yield from _emit(m, _safe_date(int(m["year"]), int(m["m"]), int(m["d"])))
    for m in _NUMERIC.finditer(text):
        a, b = int(m["a"]), int(m["b"])
        month, day = (a, b) if order == "mdy" else (b, a)
        yield from _emit(m, _with_year(month, day, m["year"], today))
    for m in _MONTH_DAY.finditer(text):
        yield from _emit(m, _with_year(_month(m["month"]), int(m["day"]), m["year"], today))
    for m in _DAY_MONTH.finditer(text):
        yield from _emit(m, _with_year(_month(m["month"]), int(m["day"]), m["year"], today))
    for pattern in (_DAY_OF_MONTH, _ONLY_DAY_OF_MONTH):
        for m in pattern.finditer(text):
            cue = (m.groupdict().get("cue") or "").lower()
            yield from _emit(m, _day_of_month(int(m["day"]), cue, today))
    for m in _FROM.finditer(text):
        base = today + timedelta(days=1 if m["base"].lower() == "tomorrow" else 0)
        yield from _emit(m, _shift(base, _count(m["n"]), m["unit"].lower()))
    for m in _AGO.finditer(text):
        yield from _emit(m, _shift(today, -_count(m["n"]), m["unit"].lower()))
    for m in _IN.finditer(text):
        yield from _emit(m, _shift(today, _count(m["n"]), m["unit"].lower()))
    for m in _RELATIVE_WORD.finditer(text):
        yield from _emit(m, _relative_word(" ".join(m["word"].lower().split()), today))
    for m in _WEEKDAY_REF.finditer(text):
        cue = (m["cue"] or "").lower()
        yield from _emit(m, _weekday(_WEEKDAYS[m["weekday"].lower()], cue, today))


def _emit(m: re.Match[str], value: date | None) -> Iterator[DateMatch]:
    if value is not None:
        yield DateMatch(m.start(), m.end(), value.isoformat())


def _month(name: str) -> int:
    return _MONTHS[name[:3].lower()]


def _count(word: str) -> int:
    word = " ".join(word.lower().split())
    return int(word) if word.isdigit() else _NUMBER_WORDS[word]


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _with_year(month: int, day: int, year: str | None, today: date) -> date | None:
    if year is not None:
        full = int(year) + (2000 if len(year) == 2 else 0)
        return _safe_date(full, month, day)
    options = [
        d for d in (_safe_date(today.year + k, month, day) for k in (-1, 0, 1)) if d is not None
    ]
    return min(options, key=lambda d: abs((d - today).days)) if options else None


def _day_of_month(day: int, cue: str, today: date) -> date | None:
    index = today.year * 12 + today.month - 1
    options = [
        d
        for d in (_safe_date(*_year_month(index + k), day) for k in (-1, 0, 1, 2))
        if d is not None
    ]
    if cue in _FUTURE_CUES:
        options = [d for d in options if d > today][:1]
    elif cue == "since":
        options = [d for d in options if d < today][-1:]
    # The closest; on a tie the later one (max over the negated distance, then the date).
    return max(options, key=lambda d: (-abs((d - today).days), d)) if options else None


def _year_month(index: int) -> tuple[int, int]:
    year, month = divmod(index, 12)
    return year, month + 1


def _shift(today: date, n: int, unit: str) -> date | None:
    if unit == "day":
        return today + timedelta(days=n)
    if unit == "week":
        return today + timedelta(weeks=n)
    month_index = today.year * 12 + today.month - 1 + n
    year, month = divmod(month_index, 12)
    for day in range(today.day, 27, -1):  # clamp the 31st to the month's last day
        candidate = _safe_date(year, month + 1, day)
        if candidate is not None:
            return candidate
    return _safe_date(year, month + 1, min(today.day, 28))


def _relative_word(word: str, today: date) -> date:
    offsets = {
        "the day before yesterday": -2,
        "yesterday": -1,
        "last night": -1,
        "today": 0,
        "tonight": 0,
        "tomorrow": 1,
        "the day after tomorrow": 2,
        "last week": -7,
    }
    return today + timedelta(days=offsets[word])


def _weekday(target: int, cue: str, today: date) -> date:
    if cue == "this":
        return today + timedelta(days=target - today.weekday())
    if cue in _FUTURE_CUES:
        ahead = (target - today.weekday()) % 7 or 7
        return today + timedelta(days=ahead)
    back = (today.weekday() - target) % 7 or 7
    return today - timedelta(days=back)
