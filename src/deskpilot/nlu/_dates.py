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

The words (the names of months and weekdays, "next", "since", "ago", "the day after tomorrow",
the endings of an ordinal, the words that make "the 2nd one" a place in a list) are the
workspace's vocabulary (``vocabulary.yaml``: ``dates``), compiled once by ``date_forms`` into
the ``DateForms`` every reader receives; only digits and punctuation are written here. Without
the words (``NO_DATE_FORMS``), ISO and numeric dates are read.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

from deskpilot.workspace import DateWords, phrases

DateOrder = Literal["mdy", "dmy"]
Unit = Literal["day", "week", "month"]

_YEAR = r"(?:,?\s+(?P<year>\d{4}))?"
_ISO = re.compile(r"(?<![\d-])(?P<year>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})(?![\d-])")
_NUMERIC = re.compile(
    r"(?<![\d/.$#])(?P<a>\d{1,2})/(?P<b>\d{1,2})(?:/(?P<year>\d{4}|\d{2}))?(?![\d/%])"
)


def _key(words: str) -> str:
    return " ".join(words.lower().split())


def _names(entries: Iterable[str]) -> str:
    """One alternation of names written without a boundary after them (a month's name may end
    in a dot, "Nov."), longest first; ``(?!)`` (nothing) without any."""
    unique = {_key(e) for e in entries if e.strip()}
    parts = [
        r"\s+".join(re.escape(w) for w in entry.split())
        for entry in sorted(unique, key=lambda e: (-len(e), e))
    ]
    return "(?:" + "|".join(parts) + ")" if parts else "(?!)"


def _by_key(values: Mapping[str, int]) -> dict[str, int]:
    return {_key(word): n for word, n in values.items() if word.strip()}


@dataclass(frozen=True)
class DateForms:
    """The patterns the workspace's words (``vocabulary.yaml``: ``dates``) give the date
    reader, compiled once by ``date_forms``. Without the words (``NO_DATE_FORMS``), what needs
    none is read: ISO dates ("2024-05-17") and numeric ones ("5/17", "17/05/2024")."""

    months: Mapping[str, int]
    weekdays: Mapping[str, int]  # 0 for Monday, as ``date.weekday`` counts
    numbers: Mapping[str, int]
    units: Mapping[str, Unit]
    days: Mapping[str, int]
    from_days: Mapping[str, int]
    weekday_ahead: frozenset[str]
    weekday_this: frozenset[str]
    weekday_alone: frozenset[str]
    day_ahead: frozenset[str]
    day_back: frozenset[str]
    month_day: re.Pattern[str]
    day_month: re.Pattern[str]
    day_of_month: re.Pattern[str]
    only_day_of_month: re.Pattern[str]
    counted_from: re.Pattern[str]
    ago: re.Pattern[str]
    within: re.Pattern[str]
    relative_day: re.Pattern[str]
    weekday: re.Pattern[str]


def date_forms(words: DateWords) -> DateForms:
    """The patterns the workspace's date words make for ``find_dates`` and ``to_come``."""
    month = rf"(?P<month>{_names(words.months)})\.?"
    endings = _names(words.ordinal_endings)
    day = rf"(?P<day>[0-3]?\d)(?:{endings})?"
    ordinal = rf"(?P<day>[0-3]?\d){endings}(?!\w)"
    the = rf"{phrases(words.articles)}\s+" if words.articles else ""
    of = rf"(?:{phrases(words.month_links)}\s+)?" if words.month_links else ""
    weekday_names = phrases(words.weekdays)
    cues = words.day_cues
    day_cues = phrases([*cues.ahead, *cues.back, *cues.closest])
    # An ordinal with one of these words after it is a place in a list ("the 2nd one").
    listed = rf"(?!\s+{phrases(words.in_a_list)})" if words.in_a_list else ""
    numbers = rf"(?P<n>\d{{1,3}}|{phrases(words.numbers)})"
    units = {_key(w): unit for unit, entries in words.units.items() for w in entries if w.strip()}
    forward = phrases(w for w, unit in units.items() if unit != "month")
    every_unit = phrases(units)
    # A weekday just before a date ("Friday, May 17", "Friday the 17th") is no date of its own.
    date_ahead = rf"(?!,?\s+(?:{the}[0-3]?\d{endings}|[0-3]?\d\b|{_names(words.months)}))"
    said = words.weekday_cues
    weekday_cues = phrases([*said.ahead, *said.back, *said.this, *said.alone])
    return DateForms(
        months=_by_key(words.months),
        weekdays={_key(w): n - 1 for w, n in words.weekdays.items() if w.strip()},
        numbers=_by_key(words.numbers),
        units=units,
        days=_by_key(words.days),
        from_days=_by_key(words.from_days),
        weekday_ahead=frozenset(_key(w) for w in said.ahead),
        weekday_this=frozenset(_key(w) for w in said.this),
        weekday_alone=frozenset(_key(w) for w in said.alone),
        day_ahead=frozenset(_key(w) for w in cues.ahead),
        day_back=frozenset(_key(w) for w in cues.back),
        month_day=re.compile(rf"\b{month}\s+{day}\b{_YEAR}", re.I),
        day_month=re.compile(rf"\b{day}\s+{of}{month}(?![^\W\d_]){_YEAR}", re.I),
        day_of_month=re.compile(
            rf"\b(?:(?P<cue>{day_cues})\s+{the}|{weekday_names},?\s+{the}){ordinal}{listed}",
            re.I,
        ),
        only_day_of_month=re.compile(rf"^\s*{the}{ordinal}\s*[.!?]?\s*$", re.I),
        counted_from=re.compile(
            rf"\b{numbers}\s+(?P<unit>{forward})\s+{phrases(words.counted_from)}"
            rf"\s+(?P<base>{phrases(words.from_days)})",
            re.I,
        ),
        ago=re.compile(rf"\b{numbers}\s+(?P<unit>{every_unit})\s+{phrases(words.ago)}", re.I),
        within=re.compile(rf"{phrases(words.within)}\s+{numbers}\s+(?P<unit>{forward})", re.I),
        relative_day=re.compile(rf"(?P<word>{phrases(words.days)})", re.I),
        weekday=re.compile(
            rf"\b(?:(?P<cue>{weekday_cues})\s+)?(?P<weekday>{weekday_names}){date_ahead}", re.I
        ),
    )


NO_DATE_FORMS = date_forms(DateWords())


@dataclass(frozen=True)
class DateMatch:
    """One date found in a text: the span and the ISO date it stands for."""

    start: int
    end: int
    iso: str


def find_dates(
    text: str, today: date, order: DateOrder = "mdy", forms: DateForms = NO_DATE_FORMS
) -> list[DateMatch]:
    """Every date in ``text`` resolved against ``today``, earlier and longer matches first,
    read in the workspace's words (``forms``)."""
    found: list[DateMatch] = []
    taken: list[tuple[int, int]] = []
    for match in _candidates(text, today, order, forms):
        if any(match.start < end and start < match.end for start, end in taken):
            continue
        found.append(match)
        taken.append((match.start, match.end))
    return sorted(found, key=lambda m: m.start)


def to_come(words: str, iso: str, forms: DateForms = NO_DATE_FORMS) -> str:
    """The date ``words`` say when they speak of something to come: a weekday said alone
    (``Friday``, ``on Friday``: ``weekday_cues.alone``), read as the last one (``iso``), is the
    one a week later, in the coming seven days (the reference day included); any other date
    stays ``iso``."""
    m = forms.weekday.fullmatch(words.strip())
    if m is None or (m["cue"] is not None and _key(m["cue"]) not in forms.weekday_alone):
        return iso
    return (date.fromisoformat(iso) + timedelta(days=7)).isoformat()


def _candidates(text: str, today: date, order: DateOrder, forms: DateForms) -> Iterator[DateMatch]:
    # Most specific patterns first: a full ISO date must win over the "11/03" inside nothing else.
    for m in _ISO.finditer(text):
        yield from _emit(m, _safe_date(int(m["year"]), int(m["m"]), int(m["d"])))
    for m in _NUMERIC.finditer(text):
        a, b = int(m["a"]), int(m["b"])
        month, day = (a, b) if order == "mdy" else (b, a)
        yield from _emit(m, _with_year(month, day, m["year"], today))
    for pattern in (forms.month_day, forms.day_month):
        for m in pattern.finditer(text):
            month = forms.months[_key(m["month"])]
            yield from _emit(m, _with_year(month, int(m["day"]), m["year"], today))
    for pattern in (forms.day_of_month, forms.only_day_of_month):
        for m in pattern.finditer(text):
            cue = _key(m.groupdict().get("cue") or "")
            yield from _emit(m, _day_of_month(int(m["day"]), cue, today, forms))
    for m in forms.counted_from.finditer(text):
        base = today + timedelta(days=forms.from_days[_key(m["base"])])
        yield from _emit(m, _shift(base, _count(m["n"], forms), forms.units[_key(m["unit"])]))
    for m in forms.ago.finditer(text):
        yield from _emit(m, _shift(today, -_count(m["n"], forms), forms.units[_key(m["unit"])]))
    for m in forms.within.finditer(text):
        yield from _emit(m, _shift(today, _count(m["n"], forms), forms.units[_key(m["unit"])]))
    for m in forms.relative_day.finditer(text):
        yield from _emit(m, today + timedelta(days=forms.days[_key(m["word"])]))
    for m in forms.weekday.finditer(text):
        cue = _key(m["cue"] or "")
        yield from _emit(m, _weekday(forms.weekdays[_key(m["weekday"])], cue, today, forms))


def _emit(m: re.Match[str], value: date | None) -> Iterator[DateMatch]:
    if value is not None:
        yield DateMatch(m.start(), m.end(), value.isoformat())


def _count(word: str, forms: DateForms) -> int:
    word = _key(word)
    return int(word) if word.isdigit() else forms.numbers[word]


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


def _day_of_month(day: int, cue: str, today: date, forms: DateForms) -> date | None:
    index = today.year * 12 + today.month - 1
    options = [
        d
        for d in (_safe_date(*_year_month(index + k), day) for k in (-1, 0, 1, 2))
        if d is not None
    ]
    if cue in forms.day_ahead:
        options = [d for d in options if d > today][:1]
    elif cue in forms.day_back:
        options = [d for d in options if d < today][-1:]
    # The closest; on a tie the later one (max over the negated distance, then the date).
    return max(options, key=lambda d: (-abs((d - today).days), d)) if options else None


def _year_month(index: int) -> tuple[int, int]:
    year, month = divmod(index, 12)
    return year, month + 1


def _shift(today: date, n: int, unit: Unit) -> date | None:
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


def _weekday(target: int, cue: str, today: date, forms: DateForms) -> date:
    if cue in forms.weekday_this:
        return today + timedelta(days=target - today.weekday())
    if cue in forms.weekday_ahead:
        ahead = (target - today.weekday()) % 7 or 7
        return today + timedelta(days=ahead)
    back = (today.weekday() - target) % 7 or 7
    return today - timedelta(days=back)
