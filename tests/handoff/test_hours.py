"""Business hours: each queue in its own time zone, with holidays and DST days."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from deskpilot.errors import InputError
from deskpilot.handoff import (
    BusinessHours,
    RoutingConfig,
    WeeklyHours,
    expected_answer_time,
)
from deskpilot.handoff._hours import wall_to_utc

from .conftest import local

NEW_YORK = ZoneInfo("America/New_York")


def _hours(config: RoutingConfig, queue: str) -> BusinessHours:
    return BusinessHours.for_queue(config.queue(queue))


def test_business_hours_same_instant_open_in_new_york_closed_in_tokyo(
    config: RoutingConfig,
) -> None:
    billing, japan = _hours(config, "billing"), _hours(config, "japan")
    # Tuesday 10 June 2025, 13:30 UTC: 09:30 in New York, 22:30 in Tokyo.
    instant = datetime(2025, 6, 10, 13, 30, tzinfo=UTC)
    assert billing.is_open(instant)
    assert not japan.is_open(instant)
    assert japan.next_opening(instant) == local("Asia/Tokyo", 2025, 6, 11, 9)
    # Five hours later, New York is at lunch (12:00-13:00) and Tokyo still asleep.
    later = instant + timedelta(hours=3)
    assert not billing.is_open(later)
    assert billing.next_opening(later) == local("America/New_York", 2025, 6, 10, 13)
    # Wednesday 10:00 in Tokyo is Tuesday 21:00 in New York.
    morning_in_tokyo = local("Asia/Tokyo", 2025, 6, 11, 10)
    assert japan.is_open(morning_in_tokyo)
    assert not billing.is_open(morning_in_tokyo)


def test_business_hours_open_is_half_open_at_the_edges(config: RoutingConfig) -> None:
    billing = _hours(config, "billing")
    assert billing.is_open(local("America/New_York", 2025, 6, 10, 8))
    assert not billing.is_open(local("America/New_York", 2025, 6, 10, 12))
    assert billing.is_open(local("America/New_York", 2025, 6, 10, 19, 59))
    assert not billing.is_open(local("America/New_York", 2025, 6, 10, 20))
    opening = local("America/New_York", 2025, 6, 10, 8)
    assert billing.next_opening(opening) == opening


def test_business_time_between_counts_only_open_time(config: RoutingConfig) -> None:
    billing = _hours(config, "billing")
    # Tuesday 07:00 to 21:00 local: 4h before lunch + 7h after.
    a = local("America/New_York", 2025, 6, 10, 7)
    b = local("America/New_York", 2025, 6, 10, 21)
    assert billing.business_time_between(a, b) == timedelta(hours=11)
    assert billing.business_time_between(b, a) == timedelta(0)
    assert billing.add_business_time(a, timedelta(hours=5)) == local(
        "America/New_York", 2025, 6, 10, 14
    )
    # Exactly the morning's four hours end at noon, not after lunch.
    assert billing.add_business_time(a, timedelta(hours=4)) == local(
        "America/New_York", 2025, 6, 10, 12
    )


def test_business_hours_holiday_is_closed_all_day(config: RoutingConfig) -> None:
    billing = _hours(config, "billing")
    thanksgiving = local("America/New_York", 2025, 11, 27, 10)
    assert not billing.is_open(thanksgiving)
    assert billing.next_opening(thanksgiving) == local("America/New_York", 2025, 11, 28, 8)
    # Wednesday evening to Friday 09:00 is one business hour: Thursday does not count.
    wednesday_close = local("America/New_York", 2025, 11, 26, 20)
    friday_nine = local("America/New_York", 2025, 11, 28, 9)
    assert billing.business_time_between(wednesday_close, friday_nine) == timedelta(hours=1)


def test_business_hours_new_year_holidays_in_tokyo(config: RoutingConfig) -> None:
    japan = _hours(config, "japan")
    # Wednesday 31 December 2025, evening: 1 and 2 January are holidays, then the weekend.
    evening = local("Asia/Tokyo", 2025, 12, 31, 19)
    assert japan.next_opening(evening) == local("Asia/Tokyo", 2026, 1, 5, 9)
    answer = expected_answer_time(japan, evening)
    assert answer.text == "Monday at 09:00 (Asia/Tokyo)"
    assert not answer.open_now


def test_business_hours_follow_dst_in_new_york(config: RoutingConfig) -> None:
    billing = _hours(config, "billing")
    # Clocks go forward on Sunday 9 March 2025: 08:00 is 13:00 UTC before and 12:00 UTC after.
    saturday_after_close = local("America/New_York", 2025, 3, 8, 15)
    monday = billing.next_opening(saturday_after_close)
    assert monday == datetime(2025, 3, 10, 12, tzinfo=UTC)
    friday = billing.next_opening(local("America/New_York", 2025, 3, 7, 7))
    assert friday == datetime(2025, 3, 7, 13, tzinfo=UTC)
    # Friday 20:00 to Monday 09:00: Saturday's four hours and Monday's first hour.
    a = local("America/New_York", 2025, 3, 7, 20)
    b = local("America/New_York", 2025, 3, 10, 9)
    assert billing.business_time_between(a, b) == timedelta(hours=5)


def test_business_hours_dst_change_days_are_23_and_25_hours_long() -> None:
    around_the_clock = BusinessHours(NEW_YORK)
    spring = around_the_clock.intervals_on(date(2025, 3, 9))
    autumn = around_the_clock.intervals_on(date(2025, 11, 2))
    assert [end - start for start, end in spring] == [timedelta(hours=23)]
    assert [end - start for start, end in autumn] == [timedelta(hours=25)]
    day_start = local("America/New_York", 2025, 3, 9)
    day_end = local("America/New_York", 2025, 3, 10)
    assert around_the_clock.business_time_between(day_start, day_end) == timedelta(hours=23)


def test_business_hours_spans_across_the_dst_jump() -> None:
    week = WeeklyHours.model_validate({"sun": ["01:00-04:00"], "sat": ["02:30-05:00"]})
    hours = BusinessHours(NEW_YORK, week)
    # 01:00-04:00 local holds two real hours on the spring day and four on the autumn day.
    assert hours.intervals_on(date(2025, 3, 9)) == (
        (datetime(2025, 3, 9, 6, tzinfo=UTC), datetime(2025, 3, 9, 8, tzinfo=UTC)),
    )
    assert hours.intervals_on(date(2025, 11, 2)) == (
        (datetime(2025, 11, 2, 5, tzinfo=UTC), datetime(2025, 11, 2, 9, tzinfo=UTC)),
    )


def test_wall_to_utc_skipped_and_repeated_times() -> None:
    # 02:30 does not exist on 9 March 2025: the queue opens when the clocks jump to 03:00.
    assert wall_to_utc(datetime(2025, 3, 9, 2, 30), NEW_YORK) == datetime(2025, 3, 9, 7, tzinfo=UTC)
    # 01:30 happens twice on 2 November 2025: the first time counts.
    assert wall_to_utc(datetime(2025, 11, 2, 1, 30), NEW_YORK) == datetime(
        2025, 11, 2, 5, 30, tzinfo=UTC
    )
    assert wall_to_utc(datetime(2025, 7, 1, 9), NEW_YORK) == datetime(2025, 7, 1, 13, tzinfo=UTC)


def test_expected_answer_time_in_words(config: RoutingConfig) -> None:
    general = config.queue("general")
    # Wednesday 24 December 2025 after closing; Christmas is a holiday in Paris.
    answer = expected_answer_time(general, local("Europe/Paris", 2025, 12, 24, 18, 30))
    assert answer.at == local("Europe/Paris", 2025, 12, 26, 9)
    assert answer.at.tzinfo == ZoneInfo("Europe/Paris")
    assert answer.text == "Friday at 09:00 (Europe/Paris)"
    early = expected_answer_time(general, local("Europe/Paris", 2025, 6, 10, 7))
    assert early.text == "today at 09:00 (Europe/Paris)"
    late = expected_answer_time(general, local("Europe/Paris", 2025, 6, 10, 19))
    assert late.text == "tomorrow at 09:00 (Europe/Paris)"
    open_now = expected_answer_time(general, local("Europe/Paris", 2025, 6, 10, 10))
    assert open_now.open_now and open_now.text == "now"


def test_expected_answer_time_more_than_a_week_away_gives_the_date() -> None:
    week = WeeklyHours.model_validate({"mon": ["09:00-12:00"]})
    hours = BusinessHours(ZoneInfo("Europe/Paris"), week, [date(2026, 1, 5)])
    answer = expected_answer_time(hours, local("Europe/Paris", 2026, 1, 2, 12))
    assert answer.text == "Monday 12 January at 09:00 (Europe/Paris)"


def test_business_hours_reject_naive_datetimes(config: RoutingConfig) -> None:
    with pytest.raises(InputError, match="timezone-aware"):
        _hours(config, "billing").is_open(datetime(2025, 6, 10, 9))


_INSTANTS = st.datetimes(
    min_value=datetime(2025, 1, 1), max_value=datetime(2026, 12, 31), timezones=st.just(UTC)
)


@settings(max_examples=150, deadline=None)
@given(st.lists(_INSTANTS, min_size=3, max_size=3), st.sampled_from(["billing", "japan", "vip"]))
def test_business_time_between_is_additive_and_bounded(
    config: RoutingConfig, instants: list[datetime], queue: str
) -> None:
    a, b, c = sorted(instants)
    hours = _hours(config, queue)
    ab, bc, ac = (hours.business_time_between(x, y) for x, y in ((a, b), (b, c), (a, c)))
    assert ab + bc == ac
    assert timedelta(0) <= ac <= c - a


@settings(max_examples=150, deadline=None)
@given(
    _INSTANTS,
    st.timedeltas(min_value=timedelta(0), max_value=timedelta(days=20)),
    st.sampled_from(["billing", "japan", "general"]),
)
def test_add_business_time_inverts_business_time_between(
    config: RoutingConfig, start: datetime, amount: timedelta, queue: str
) -> None:
    hours = _hours(config, queue)
    end = hours.add_business_time(start, amount)
    assert hours.business_time_between(start, end) == amount
    # It is the first such instant: a moment earlier, less open time has passed.
    if amount > timedelta(0):
        assert hours.business_time_between(start, end - timedelta(microseconds=1)) < amount


@settings(max_examples=150, deadline=None)
@given(_INSTANTS, st.sampled_from(["billing", "japan", "general"]))
def test_next_opening_is_open_and_nothing_opens_before_it(
    config: RoutingConfig, instant: datetime, queue: str
) -> None:
    hours = _hours(config, queue)
    opening = hours.next_opening(instant)
    assert opening >= instant
    assert hours.is_open(opening)
    assert hours.business_time_between(instant, opening) == timedelta(0)
