"""Date cells: every spelling docs/rules.md section 6 lists, Beijing time when naive, never guessed."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from claimdesk.importing.cells import CellError, instant

BEIJING = ZoneInfo("Asia/Shanghai")


def beijing(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=BEIJING)  # type: ignore[misc]


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("2026/11/3 14:05", beijing(2026, 11, 3, 14, 5)),
        ("2026/11/03 14:05:09", beijing(2026, 11, 3, 14, 5, 9)),
        ("2026-11-03 14:05:00", beijing(2026, 11, 3, 14, 5)),
        ("2026-11-03T14:05:00", beijing(2026, 11, 3, 14, 5)),
        ("2026-11-03 14:05:00.250", beijing(2026, 11, 3, 14, 5, 0, 250000)),
        ("2026-11-03", beijing(2026, 11, 3)),
        ("2026/1/5", beijing(2026, 1, 5)),
        ("2026.11.03", beijing(2026, 11, 3)),
        ("2026.11.03 08:00", beijing(2026, 11, 3, 8)),
        ("2026年11月3日", beijing(2026, 11, 3)),
        ("2026年11月03日", beijing(2026, 11, 3)),
        ("2026年11月3日 14:05", beijing(2026, 11, 3, 14, 5)),
        ("2026年11月3日14:05:30", beijing(2026, 11, 3, 14, 5, 30)),
        ("2026 年 11 月 3 日", beijing(2026, 11, 3)),
        ("2026年11月3号", beijing(2026, 11, 3)),
        ("２０２６年１１月３日　１４：０５", beijing(2026, 11, 3, 14, 5)),  # full-width, as a Chinese IME types
        ("2026/11/3 下午2:05", beijing(2026, 11, 3, 14, 5)),
        ("2026/11/3 上午12:05", beijing(2026, 11, 3, 0, 5)),
        ("2026/11/3 2:05 PM", beijing(2026, 11, 3, 14, 5)),
        ("2026/11/3 12:00 p.m.", beijing(2026, 11, 3, 12)),
        ("2026/11/3 12:30 AM", beijing(2026, 11, 3, 0, 30)),
        ("3 Nov 2026", beijing(2026, 11, 3)),
        ("03-Nov-2026 14:05", beijing(2026, 11, 3, 14, 5)),
        ("Nov 3, 2026", beijing(2026, 11, 3)),
        ("November 3, 2026 2:05 PM", beijing(2026, 11, 3, 14, 5)),
        ("Sept 30, 2026", beijing(2026, 9, 30)),
        ('="2026-11-03 14:05"', beijing(2026, 11, 3, 14, 5)),
        ("\t2026-11-03\u3000", beijing(2026, 11, 3)),
        ("25/03/2026", beijing(2026, 3, 25)),  # only one reading: no month 25
        ("03/25/2026", beijing(2026, 3, 25)),
        ("25.03.2026 10:00", beijing(2026, 3, 25, 10)),
        ("03/03/2026", beijing(2026, 3, 3)),  # both readings are the same day
    ],
)
def test_spellings_read_as_beijing_time(cell: str, expected: datetime) -> None:
    read = instant(cell)
    assert read == expected
    assert read is not None and read.utcoffset() == timedelta(hours=8)


@pytest.mark.parametrize(
    ("cell", "offset"),
    [
        ("2026-11-03T14:05:00+08:00", timedelta(hours=8)),
        ("2026-11-03T14:05:00+0800", timedelta(hours=8)),
        ("2026-11-03T06:05:00Z", timedelta(0)),
        ("2026-11-03 14:05 -03:00", timedelta(hours=-3)),
        ("2026-11-03T14:05+05:30", timedelta(hours=5, minutes=30)),
        ("2026-11-03T14:05+14:00", timedelta(hours=14)),
    ],
)
def test_written_offsets_are_kept(cell: str, offset: timedelta) -> None:
    read = instant(cell)
    assert read is not None and read.utcoffset() == offset


def test_an_offset_names_the_same_instant() -> None:
    assert instant("2026-11-03T06:05:00Z") == instant("2026-11-03 14:05")


@pytest.mark.parametrize(
    ("cell", "order", "expected"),
    [
        ("11/03/2026", "mdy", beijing(2026, 11, 3)),
        ("11/03/2026", "dmy", beijing(2026, 3, 11)),
        ("03.11.2026 14:05", "dmy", beijing(2026, 11, 3, 14, 5)),
        ("1-2-2026", "mdy", beijing(2026, 1, 2)),
        ("2026/11/3", "dmy", beijing(2026, 11, 3)),  # year first reads the same whatever the order
        ("2026/11/3", "mdy", beijing(2026, 11, 3)),
        ("25/03/2026", "dmy", beijing(2026, 3, 25)),
    ],
)
def test_the_sellers_date_order_decides(cell: str, order: str, expected: datetime) -> None:
    assert instant(cell, date_order=order) == expected


@pytest.mark.parametrize(
    ("cell", "message"),
    [
        ("11/03/2026", "11/03/2026 could be 11 March 2026 or 3 November 2026: pass --date-order dmy or mdy"),
        ("03.11.2026", "03.11.2026 could be 3 November 2026 or 11 March 2026: pass --date-order dmy or mdy"),
        ("1/2/2026 10:00", "1/2/2026 10:00 could be 1 February 2026 or 2 January 2026: pass --date-order dmy or mdy"),
    ],
)
def test_ambiguous_day_and_month_are_refused_naming_both_readings(cell: str, message: str) -> None:
    with pytest.raises(CellError) as error:
        instant(cell)
    assert error.value.message == message


@pytest.mark.parametrize(
    ("cell", "order", "message"),
    [
        ("03/25/2026", "dmy", "03/25/2026 is not a date: there is no such day"),
        ("25/03/2026", "mdy", "25/03/2026 is not a date: there is no such day"),
        ("11/03/2026", "ymd", "11/03/2026 does not start with the year, but the date order given is year-month-day: give dmy or mdy"),
    ],
)
def test_a_date_that_does_not_fit_the_given_order_is_refused(cell: str, order: str, message: str) -> None:
    with pytest.raises(CellError) as error:
        instant(cell, date_order=order)
    assert error.value.message == message


@pytest.mark.parametrize(
    ("cell", "message"),
    [
        ("2026-02-30", "2026-02-30 is not a date: there is no such day"),
        ("2026-13-01", "2026-13-01 is not a date: there is no such day"),
        ("2027-02-29", "2027-02-29 is not a date: there is no such day"),
        ("32/13/2026", "32/13/2026 is not a date: neither day-month nor month-day is a date in 2026"),
        ("2026-11-03 24:00", "2026-11-03 24:00 is not a date: no such time of day"),
        ("2026-11-03 14:60", "2026-11-03 14:60 is not a date: no such time of day"),
        ("2026-11-03 13:00 PM", "2026-11-03 13:00 PM is not a date: 13 is not an hour on a 12-hour clock"),
        ("2026-11-03T10:00+15:00", "2026-11-03T10:00+15:00 is not a date: +15:00 is not a UTC offset (they run from -12:00 to +14:00)"),
        ("2026-11-03T10:00+08:75", "2026-11-03T10:00+08:75 is not a date: +08:75 is not a UTC offset (they run from -12:00 to +14:00)"),
        ("1999-12-31", "1999-12-31 is not a date: year 1999 is outside 2000-2100"),
        ("2101-01-01", "2101-01-01 is not a date: year 2101 is outside 2000-2100"),
        ("11/03/26", "11/03/26 is not a date: write the year with 4 digits"),
        ("3 Novembre 2026", "3 Novembre 2026 is not a date: Novembre is not a month"),
        ("2026/11-03", "2026/11-03 is not a date: write it year first, e.g. 2026-11-03 14:05 or 2026/11/3"),
        ("tomorrow", "tomorrow is not a date: write it year first, e.g. 2026-11-03 14:05 or 2026/11/3"),
        ("46329", "46329 is not a date: write it year first, e.g. 2026-11-03 14:05 or 2026/11/3"),
        ("2026-11-0٣", "2026-11-0٣ is not a date: write it year first, e.g. 2026-11-03 14:05 or 2026/11/3"),
        (46329, "46329 is a number, not a date: format the column as a date in Excel and export again"),
        (46329.5, "46329.5 is a number, not a date: format the column as a date in Excel and export again"),
        (datetime(1900, 1, 1), "1900-01-01 is not a date: year 1900 is outside 2000-2100"),
    ],
)
def test_refusals_name_the_value_and_the_reason(cell: object, message: str) -> None:
    with pytest.raises(CellError) as error:
        instant(cell)
    assert error.value.message == message


@pytest.mark.parametrize("cell", [None, "", "  ", "\u3000", '=""'])
def test_a_blank_cell_is_none(cell: object) -> None:
    assert instant(cell) is None


def test_workbook_date_cells() -> None:
    assert instant(datetime(2026, 11, 3, 14, 5)) == beijing(2026, 11, 3, 14, 5)
    assert instant(date(2026, 11, 3)) == beijing(2026, 11, 3)
    aware = datetime(2026, 11, 3, 6, 5, tzinfo=UTC)
    assert instant(aware) is aware


def test_an_unknown_date_order_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="date_order"):
        instant("2026-11-03", date_order="ydm")


moments = st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2100, 12, 31, 23, 59, 59)).map(
    lambda at: at.replace(microsecond=0)
)


@given(moments)
def test_every_written_form_reads_back(at: datetime) -> None:
    expected = at.replace(tzinfo=BEIJING)
    assert instant(at.strftime("%Y-%m-%d %H:%M:%S")) == expected
    assert instant(f"{at.year}/{at.month}/{at.day} {at.hour}:{at.minute:02}:{at.second:02}") == expected
    assert instant(f"{at.year}年{at.month}月{at.day}日 {at.hour}:{at.minute:02}:{at.second:02}") == expected
    assert instant(expected.isoformat()) == expected
    assert instant(at.strftime("%d/%m/%Y %H:%M:%S"), date_order="dmy") == expected
    assert instant(at.strftime("%m/%d/%Y %H:%M:%S"), date_order="mdy") == expected


@given(moments, st.integers(min_value=-12 * 4, max_value=14 * 4))
def test_offsets_round_trip(at: datetime, quarters: int) -> None:
    aware = at.replace(tzinfo=timezone(timedelta(minutes=15 * quarters)))
    assert instant(aware.isoformat()) == aware
