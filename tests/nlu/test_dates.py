"""Dates as customers write them, counted from a reference day (``find_dates``): the forms
read, and the words that look like a date but are not one."""

from __future__ import annotations

from datetime import date

import pytest

from deskpilot.nlu._dates import date_forms, find_dates, to_come
from deskpilot.workspace import load_workspace

from ..conftest import RETAIL_WORKSPACE

WEDNESDAY = date(2024, 5, 15)
# The store's words for dates (vocabulary.yaml: dates).
WORDS = date_forms(load_workspace(RETAIL_WORKSPACE).vocabulary.dates)


def _read(text: str, today: date = WEDNESDAY) -> list[tuple[str, str]]:
    return [(m.iso, text[m.start : m.end]) for m in find_dates(text, today, forms=WORDS)]


@pytest.mark.parametrize(
    ("text", "iso", "words"),
    [
        # A day of the month, after a preposition, a weekday, or alone as the whole message.
        ("is there a flight from Boston to Miami on the 18th", "2024-05-18", "on the 18th"),
        ("anything for the 20th?", "2024-05-20", "for the 20th"),
        ("ok, what about the 18th", "2024-05-18", "about the 18th"),
        ("please move my flight to the 21st", "2024-05-21", "to the 21st"),
        # After "by", "until", the next such day; after "since", the last one.
        ("I need to be there by the 3rd", "2024-06-03", "by the 3rd"),
        ("delayed since the 20th", "2024-04-20", "since the 20th"),
        ("Friday the 17th", "2024-05-17", "Friday the 17th"),
        ("the 20th", "2024-05-20", "the 20th"),
        ("on the 22nd.", "2024-05-22", "on the 22nd"),
        # The closest such day: the 1st of this month is nearer than the 1st of the next.
        ("on the 1st", "2024-05-01", "on the 1st"),
        # A tie (15 days either way) goes to the later one.
        ("for the 30th", "2024-05-30", "for the 30th"),
        # A weekday before a date belongs to it.
        ("Friday, May 17", "2024-05-17", "May 17"),
        ("friday 5/24 please", "2024-05-24", "5/24"),
        # Counted from now, today or tomorrow.
        ("three days from now", "2024-05-18", "three days from now"),
        ("a week from tomorrow", "2024-05-23", "a week from tomorrow"),
        ("2 days from today", "2024-05-17", "2 days from today"),
        # Forms read before, unchanged.
        ("what flights are there next Friday", "2024-05-17", "next Friday"),
        ("any direct flights JFK to SFO on May 20?", "2024-05-20", "May 20"),
        ("in three days", "2024-05-18", "in three days"),
        ("tomorrow", "2024-05-16", "tomorrow"),
        ("the 20th of May", "2024-05-20", "20th of May"),
    ],
)
def test_find_dates_reads_each_form(text: str, iso: str, words: str) -> None:
    assert _read(text) == [(iso, words)]


@pytest.mark.parametrize(
    "text",
    [
        "the 2nd one please",  # a place in a list
        "I'll take the 3rd option",
        "the 2nd flight was late",
        "what about the 2nd one",
        "we were 3rd in line",
        "switch me to the 2nd flight",
        "put me on the 3rd flight instead",
        "change it to the 1st option",
    ],
)
def test_find_dates_takes_no_place_in_a_list_for_a_date(text: str) -> None:
    assert _read(text) == []


def test_find_dates_counts_a_day_of_the_month_across_the_year() -> None:
    # Late December: "the 2nd" is January's, of the next year.
    assert _read("on the 2nd", date(2024, 12, 28)) == [("2025-01-02", "on the 2nd")]
    # A day the nearer month lacks falls in a month that has it.
    assert _read("on the 31st", date(2024, 6, 10)) == [("2024-05-31", "on the 31st")]


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        ("Friday", "2024-05-17"),  # read as the last one, the 10th: the coming one instead
        ("on Friday", "2024-05-17"),
        ("on Wednesday", "2024-05-15"),  # the reference day itself
        ("next Friday", "2024-05-17"),  # already the coming one
        ("last Friday", "2024-05-10"),
        ("May 10", "2024-05-10"),  # a date, whatever is to come
    ],
)
def test_to_come_reads_a_weekday_alone_as_the_coming_one(words: str, expected: str) -> None:
    (match,) = find_dates(words, WEDNESDAY, forms=WORDS)
    assert to_come(words[match.start : match.end], match.iso, WORDS) == expected
