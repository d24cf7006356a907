"""Business hours in a queue's own time zone: open or not, next opening, open time between two
instants, and what to tell a customer who writes while the queue is closed."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from deskpilot.errors import WorkspaceError
from deskpilot.handoff._clock import require_aware
from deskpilot.handoff._config import Queue, WeeklyHours

Interval = tuple[datetime, datetime]

_AROUND_THE_CLOCK = [(0, 24 * 60)]
_DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_MONTH_NAMES = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
_CACHE_LIMIT = 4096


def wall_to_utc(wall: datetime, zone: ZoneInfo) -> datetime:
    """The first instant at which a clock in ``zone`` reads ``wall`` (naive) or later.

    An ambiguous time (clocks go back) is its first occurrence; a time skipped when clocks go
    forward is the instant of the jump, so a queue opening at 02:30 on that day opens at 03:00.
    """
    first = wall.replace(tzinfo=zone, fold=0).astimezone(UTC)
    if first.astimezone(zone).replace(tzinfo=None) == wall:
        return first
    before = wall.replace(tzinfo=zone, fold=1).astimezone(UTC)
    low, high = 0, int((first - before).total_seconds())
    while low < high:
        mid = (low + high) // 2
        if (before + timedelta(seconds=mid)).astimezone(zone).replace(tzinfo=None) >= wall:
            high = mid
        else:
            low = mid + 1
    return before + timedelta(seconds=low)


class BusinessHours:
    """When a queue is staffed: weekly spans in its time zone, minus holidays (whole local days).

    Every answer is computed from the same open intervals, so ``is_open``, ``next_opening``,
    ``business_time_between`` and ``add_business_time`` always agree, DST days included.
    """

    def __init__(
        self,
        zone: ZoneInfo,
        week: WeeklyHours | None = None,
        holidays: Iterable[date] = (),
    ) -> None:
        self.zone = zone
        self._week = week
        self._holidays = frozenset(holidays)
        self._cache: dict[date, tuple[Interval, ...]] = {}

    @classmethod
    def for_queue(cls, queue: Queue) -> BusinessHours:
        """The business hours declared for ``queue``."""
        return cls(queue.zone, queue.hours, queue.holidays)

    @property
    def zone_name(self) -> str:
        """The IANA name of the time zone, e.g. ``Europe/Paris``."""
        return self.zone.key

    def intervals_on(self, day: date) -> tuple[Interval, ...]:
        """The open intervals (UTC, half-open) of local calendar day ``day``."""
        cached = self._cache.get(day)
        if cached is not None:
            return cached
        if len(self._cache) >= _CACHE_LIMIT:
            self._cache.clear()
        spans = [] if day in self._holidays else self._spans(day)
        intervals: list[Interval] = []
        for start, end in spans:
            opens = wall_to_utc(datetime.combine(day, _clock_time(start)), self.zone)
            closes_day = day + timedelta(days=end // (24 * 60))
            closes = wall_to_utc(datetime.combine(closes_day, _clock_time(end)), self.zone)
            if opens < closes:
                intervals.append((opens, closes))
        found = tuple(intervals)
        self._cache[day] = found
        return found

    def is_open(self, at: datetime) -> bool:
        """Whether the queue is staffed at ``at``."""
        moment = require_aware(at, "at")
        return any(
            start <= moment < end
            for day in self._days_around(moment, moment)
            for start, end in self.intervals_on(day)
        )

    def next_opening(self, at: datetime) -> datetime:
        """The first instant at or after ``at`` when the queue is open (``at`` itself if open)."""
        moment = require_aware(at, "at")
        for start, end in self._intervals_from(moment):
            if end > moment:
                return max(start, moment)
        raise AssertionError("unreachable: _intervals_from never ends")  # pragma: no cover

    def business_time_between(self, a: datetime, b: datetime) -> timedelta:
        """Open time from ``a`` to ``b``; zero when ``b`` is not after ``a``."""
        start, end = require_aware(a, "a"), require_aware(b, "b")
        total = timedelta(0)
        if end <= start:
            return total
        for day in self._days_around(start, end):
            for opens, closes in self.intervals_on(day):
                overlap = min(closes, end) - max(opens, start)
                if overlap > timedelta(0):
                    total += overlap
        return total

    def add_business_time(self, start: datetime, amount: timedelta) -> datetime:
        """The first instant by which ``amount`` of open time has passed since ``start``."""
        moment = require_aware(start, "start")
        remaining = amount
        if remaining <= timedelta(0):
            return moment
        for opens, closes in self._intervals_from(moment):
            if closes <= moment:
                continue
            begin = max(opens, moment)
            if remaining <= closes - begin:
                return begin + remaining
            remaining -= closes - begin
        raise AssertionError("unreachable: _intervals_from never ends")  # pragma: no cover

    def _spans(self, day: date) -> list[tuple[int, int]]:
        return _AROUND_THE_CLOCK if self._week is None else self._week.day(day.weekday())

    def _local_date(self, moment: datetime) -> date:
        return moment.astimezone(self.zone).date()

    def _days_around(self, start: datetime, end: datetime) -> Iterator[date]:
        # A day's intervals stay within a day of its local date, whatever DST does.
        day = self._local_date(start) - timedelta(days=1)
        last = self._local_date(end) + timedelta(days=1)
        while day <= last:
            yield day
            day += timedelta(days=1)

    def _intervals_from(self, moment: datetime) -> Iterator[Interval]:
        """Open intervals in time order, from the day before ``moment``'s local date on.

        Stops with a WorkspaceError only if no open time exists for longer than the holidays
        could explain (each can close at most one week's only open day), which validation of
        the weekly hours already rules out.
        """
        day = self._local_date(moment) - timedelta(days=1)
        closed_days = 0
        while closed_days <= 7 * (len(self._holidays) + 1) + 1:
            intervals = self.intervals_on(day)
            closed_days = 0 if intervals else closed_days + 1
            yield from intervals
            day += timedelta(days=1)
        raise WorkspaceError(f"queue hours in {self.zone_name} never open", zone=self.zone_name)


def _clock_time(minute: int) -> time:
    return time(0, 0) if minute == 24 * 60 else time(minute // 60, minute % 60)


@dataclass(frozen=True)
class ExpectedAnswer:
    """When a closed queue will next be staffed: the instant in the queue's zone, and in words."""

    at: datetime
    text: str
    open_now: bool


def expected_answer_time(queue: Queue | BusinessHours, now: datetime) -> ExpectedAnswer:
    """When the customer can expect an answer, e.g. ``Monday at 09:00 (Europe/Paris)``.

    ``open_now`` is true (and ``text`` is ``now``) while the queue is open. Words are English;
    templates can phrase ``at`` in the customer's language instead.
    """
    hours = queue if isinstance(queue, BusinessHours) else BusinessHours.for_queue(queue)
    moment = require_aware(now, "now")
    opening = hours.next_opening(moment).astimezone(hours.zone)
    if opening == moment:
        return ExpectedAnswer(at=opening, text="now", open_now=True)
    days = (opening.date() - moment.astimezone(hours.zone).date()).days
    if days == 0:
        when = "today"
    elif days == 1:
        when = "tomorrow"
    elif days < 7:
        when = _DAY_NAMES[opening.weekday()]
    else:
        weekday, month = _DAY_NAMES[opening.weekday()], _MONTH_NAMES[opening.month - 1]
        when = f"{weekday} {opening.day} {month}"
    text = f"{when} at {opening:%H:%M} ({hours.zone_name})"
    return ExpectedAnswer(at=opening, text=text, open_now=False)
