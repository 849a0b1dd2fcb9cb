"""Working days in mainland China (docs/rules.md section 3: Cainiao intervention due)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claimdesk.domain.instants import platform_time
from claimdesk.domain.workdays import add_working_days, is_working_day, next_working_day
from tests.unit._builders import sh


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (date(2026, 3, 20), True),  # Friday
        (date(2026, 3, 21), False),  # Saturday
        (date(2026, 3, 22), False),  # Sunday
        (date(2025, 10, 1), False),  # National Day
        (date(2025, 10, 8), False),  # National Day week (substituted)
        (date(2025, 10, 9), True),
        (date(2025, 9, 28), True),  # Sunday, adjusted working day
        (date(2025, 10, 11), True),  # Saturday, adjusted working day
        (date(2026, 10, 1), False),
        (date(2026, 10, 7), False),
        (date(2026, 10, 8), True),
        (date(2026, 9, 20), True),  # Sunday, adjusted working day
        (date(2026, 10, 10), True),  # Saturday, adjusted working day
        (date(2026, 1, 1), False),  # New Year's Day
        (date(2026, 5, 1), False),  # Labour Day
    ],
)
def test_cn_calendar(day: date, working: bool) -> None:
    assert is_working_day(day) is working


def test_next_working_day_skips_weekends_and_holidays() -> None:
    assert next_working_day(date(2026, 3, 20)) == date(2026, 3, 23)
    assert next_working_day(date(2026, 9, 30)) == date(2026, 10, 8)
    assert next_working_day(date(2025, 9, 27)) == date(2025, 9, 28)


@pytest.mark.parametrize(
    ("start", "due"),
    [
        # a weekday: the same time on the next working day
        ("2026-03-18 14:30:00", "2026-03-19 14:30:00"),
        # Friday -> Monday, same time
        ("2026-03-20 10:00:00", "2026-03-23 10:00:00"),
        # event on a Saturday or Sunday: end of Monday
        ("2026-03-21 10:00:00", "2026-03-23 23:59:59"),
        ("2026-03-22 00:00:00", "2026-03-23 23:59:59"),
        # National Day 2025: Tuesday 30 September -> Thursday 9 October
        ("2025-09-30 15:00:00", "2025-10-09 15:00:00"),
        # National Day 2026: Wednesday 30 September -> Thursday 8 October
        ("2026-09-30 15:00:00", "2026-10-08 15:00:00"),
        # during the holiday: end of the first working day after it
        ("2026-10-01 11:00:00", "2026-10-08 23:59:59"),
        ("2025-10-05 11:00:00", "2025-10-09 23:59:59"),
        # Friday before a working Sunday (2025-09-28): the Sunday counts
        ("2025-09-26 09:00:00", "2025-09-28 09:00:00"),
        # a Saturday before a working Sunday: end of that Sunday
        ("2025-09-27 09:00:00", "2025-09-28 23:59:59"),
        # the working Sunday itself is a working day: same time on Monday
        ("2025-09-28 16:00:00", "2025-09-29 16:00:00"),
        # Friday 2026-10-09 -> working Saturday 2026-10-10
        ("2026-10-09 11:00:00", "2026-10-10 11:00:00"),
        # the working Saturday -> Monday 2026-10-12 (Sunday 11th is off)
        ("2026-10-10 11:00:00", "2026-10-12 11:00:00"),
        # the last second of a day
        ("2026-03-20 23:59:59", "2026-03-23 23:59:59"),
    ],
)
def test_one_working_day(start: str, due: str) -> None:
    result = add_working_days(sh(start), 1)
    assert result == sh(due)
    assert result.utcoffset() == timedelta(hours=8)


def test_the_day_is_read_on_the_shanghai_calendar() -> None:
    # Friday 23:30 UTC is Saturday 07:30 in Shanghai: a non-working day, so end of Monday.
    assert add_working_days(datetime(2026, 3, 20, 23, 30, tzinfo=UTC), 1) == sh("2026-03-23 23:59:59")
    # Friday 01:00 in New York is Friday 14:00 in Shanghai: Monday 14:00.
    new_york = datetime(2026, 3, 20, 2, 0, tzinfo=ZoneInfo("America/New_York"))
    assert add_working_days(new_york, 1) == sh("2026-03-23 14:00:00")


def test_more_working_days_keep_the_time_of_day() -> None:
    assert add_working_days(sh("2026-03-19 08:15:00"), 2) == sh("2026-03-23 08:15:00")
    assert add_working_days(sh("2026-03-21 08:15:00"), 2) == sh("2026-03-24 23:59:59")
    assert add_working_days(sh("2026-09-29 10:00:00"), 3) == sh("2026-10-09 10:00:00")


def test_zero_working_days_is_the_start() -> None:
    start = sh("2026-03-21 10:00:00")
    assert add_working_days(start, 0) == start


moments = st.datetimes(min_value=datetime(2001, 1, 1), max_value=datetime(2098, 12, 1), timezones=st.just(ZoneInfo("Asia/Shanghai")))


@settings(max_examples=150, deadline=None)
@given(moments, st.integers(min_value=1, max_value=10))
def test_add_working_days_lands_on_a_working_day_after_the_start(start: datetime, days: int) -> None:
    due = add_working_days(start, days)
    local = platform_time(due)
    assert due > start
    assert is_working_day(local.date())
    start_local = platform_time(start)
    if is_working_day(start_local.date()):
        assert local.time() == start_local.time().replace(tzinfo=None)
    else:
        assert local.time() == time(23, 59, 59)
    # exactly `days` working days lie after the start's date, up to and including the due date
    span = (local.date() - start_local.date()).days
    counted = sum(is_working_day(start_local.date() + timedelta(days=n)) for n in range(1, span + 1))
    assert counted == days
