"""Working days in mainland China, from the `holidays` package's CN calendar.

Weekends and public holidays are off; adjusted working weekends (调休) are on.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from functools import cache
from typing import TYPE_CHECKING

from claimdesk.domain.instants import PLATFORM_ZONE, platform_time

if TYPE_CHECKING:
    import holidays


@cache
def _calendar(year: int) -> holidays.HolidayBase:
    import holidays  # on first use: its import is ~80 ms, and most commands never count working days

    return holidays.country_holidays("CN", years=year)


def is_working_day(day: date) -> bool:
    return _calendar(day.year).is_working_day(day)


def next_working_day(day: date) -> date:
    day += timedelta(days=1)
    while not is_working_day(day):
        day += timedelta(days=1)
    return day


def add_working_days(start: datetime, days: int) -> datetime:
    """Add working days to an instant, on the Shanghai calendar.

    One working day after t is the same time of day on the next working day after t's date;
    if t falls on a non-working day, the end (23:59:59) of the first working day after it.
    Each further day moves to the next working day, keeping that time of day.
    """
    local = platform_time(start)
    if days <= 0:
        return local
    day = local.date()
    clock = local.time() if is_working_day(day) else time(23, 59, 59)
    for _ in range(days):
        day = next_working_day(day)
    return datetime.combine(day, clock.replace(tzinfo=None), tzinfo=PLATFORM_ZONE)
