"""Instants and durations: ISO 8601 with offset, naive input read as Shanghai time (docs/rules.md intro)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claimdesk.domain.errors import ValidationError
from claimdesk.domain.instants import (
    format_remaining,
    from_iso,
    iso,
    parse_duration,
    parse_instant,
    parse_optional_instant,
    platform_time,
)

UTC8 = timezone(timedelta(hours=8))


@pytest.mark.parametrize(
    ("text", "utc"),
    [
        ("2026-03-01T10:00:00+08:00", datetime(2026, 3, 1, 2, 0, tzinfo=UTC)),
        ("2026-03-01T10:00:00Z", datetime(2026, 3, 1, 10, 0, tzinfo=UTC)),
        ("2026-03-01T10:00:00-05:00", datetime(2026, 3, 1, 15, 0, tzinfo=UTC)),
        ("2026-03-01 10:00", datetime(2026, 3, 1, 2, 0, tzinfo=UTC)),  # naive: Shanghai
        ("2026-03-01T10:00:00", datetime(2026, 3, 1, 2, 0, tzinfo=UTC)),
        ("2026-03-01", datetime(2026, 2, 28, 16, 0, tzinfo=UTC)),  # midnight in Shanghai
        ("  2024-02-29 23:59:59  ", datetime(2024, 2, 29, 15, 59, 59, tzinfo=UTC)),
        ("2026/03/01", datetime(2026, 2, 28, 16, 0, tzinfo=UTC)),
        # Year first as Excel and the seller centre write it (docs/rules.md section 6).
        ("2026/11/3 14:05", datetime(2026, 11, 3, 6, 5, tzinfo=UTC)),
        ("2026/11/03 14:05:09", datetime(2026, 11, 3, 6, 5, 9, tzinfo=UTC)),
        ("2026.11.3", datetime(2026, 11, 2, 16, 0, tzinfo=UTC)),
        ("2026-3-1 9:05", datetime(2026, 3, 1, 1, 5, tzinfo=UTC)),
        ("2026/3/1T09:05", datetime(2026, 3, 1, 1, 5, tzinfo=UTC)),
    ],
)
def test_parse_instant_reads_iso_8601_and_naive_as_shanghai(text: str, utc: datetime) -> None:
    parsed = parse_instant(text, "created_at")
    assert parsed.tzinfo is not None
    assert parsed == utc


def test_a_naive_time_is_shanghai_wall_clock_time() -> None:
    parsed = parse_instant("2026-03-01 10:00", "at")
    assert parsed.utcoffset() == timedelta(hours=8)
    assert (parsed.hour, parsed.minute) == (10, 0)


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("2026-02-30", "not an ISO 8601 date and time"),
        ("2026/2/30 10:00", "not an ISO 8601 date and time"),  # no such day
        ("2026/11/3 24:05", "not an ISO 8601 date and time"),
        ("2026/11-3", "not an ISO 8601 date and time"),  # two separators
        ("2026/13/1", "not an ISO 8601 date and time"),
        ("2025-02-29", "not an ISO 8601 date and time"),
        ("2026-13-01", "not an ISO 8601 date and time"),
        ("2026-03-01T25:00", "not an ISO 8601 date and time"),
        ("2026-03-01 junk", "not an ISO 8601 date and time"),
        ("yesterday", "not an ISO 8601 date and time"),
        ("now", "year first"),  # would read the real clock, not the desk's
        ("12:00", "year first"),  # would take today's date from the real clock
        ("Thursday", "year first"),
        ("1/3/2026", "year first"),  # 1 March or 3 January?
        ("March 1 2026", "year first"),
        ("1999-12-31", "year 1999 is outside 2000-2100"),
        ("2101-01-01", "year 2101 is outside 2000-2100"),
        ("", "enter a date and time"),
        ("2026-03-01\x00", "not an ISO 8601"),
        ("2026-03-01T10:00:00+08:00" + " " * 30 + "x", "not an ISO 8601"),
    ],
)
def test_parse_instant_refuses_bad_dates_naming_the_field(text: str, fragment: str) -> None:
    with pytest.raises(ValidationError) as caught:
        parse_instant(text, "collected_at")
    assert caught.value.field == "collected_at"
    assert fragment in caught.value.message


@pytest.mark.parametrize("text", [None, "", "  "])
def test_parse_optional_instant_empty_is_none(text: str | None) -> None:
    assert parse_optional_instant(text, "collected_at") is None


def test_parse_optional_instant_still_checks_a_value() -> None:
    assert parse_optional_instant("2026-03-01", "x") == datetime(2026, 3, 1, tzinfo=UTC8)
    with pytest.raises(ValidationError, match="x: not an ISO 8601"):
        parse_optional_instant("2026-02-30", "x")


def test_iso_is_shanghai_with_offset_to_the_second() -> None:
    assert iso(datetime(2026, 3, 1, 2, 0, 0, 999999, tzinfo=UTC)) == "2026-03-01T10:00:00+08:00"
    assert iso(datetime(2026, 12, 31, 20, 0, tzinfo=UTC)) == "2027-01-01T04:00:00+08:00"


def test_to_platform_keeps_the_instant() -> None:
    moment = datetime(2026, 3, 1, 23, 30, tzinfo=UTC)
    local = platform_time(moment)
    assert local == moment
    assert (local.day, local.hour, local.minute) == (2, 7, 30)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("24h", timedelta(hours=24)),
        ("3d", timedelta(days=3)),
        ("1d12h", timedelta(days=1, hours=12)),
        ("1d 12h", timedelta(days=1, hours=12)),
        ("90m", timedelta(minutes=90)),
        ("45s", timedelta(seconds=45)),
        ("2w", timedelta(weeks=2)),
        ("3D", timedelta(days=3)),
        ("P3D", timedelta(days=3)),
        ("p3d", timedelta(days=3)),
        ("PT24H", timedelta(hours=24)),
        ("P1DT12H", timedelta(days=1, hours=12)),
        ("P2W", timedelta(weeks=2)),
        ("PT0S", timedelta(0)),
    ],
)
def test_parse_duration(text: str, expected: timedelta) -> None:
    parsed = parse_duration(text)
    assert parsed == expected
    assert type(parsed) is timedelta


@pytest.mark.parametrize("text", ["", "3", "-3d", "3x", "abc", "d", "P", "PXD", "3d-", "99999999999d", "10000000000w"])
def test_parse_duration_refuses_garbage_and_overflow(text: str) -> None:
    with pytest.raises(ValidationError) as caught:
        parse_duration(text, "--within")
    assert caught.value.field == "--within"
    assert "duration" in caught.value.message


@pytest.mark.parametrize(
    ("seconds", "shown"),
    [
        (0, "0d 00:00:00"),
        (59, "0d 00:00:59"),
        (90061, "1d 01:01:01"),
        (10 * 86400, "10d 00:00:00"),
        (-7200, "-0d 02:00:00"),
        (-86401, "-1d 00:00:01"),
    ],
)
def test_format_remaining(seconds: int, shown: str) -> None:
    assert format_remaining(seconds) == shown


instants = st.datetimes(
    min_value=datetime(2000, 1, 2),
    max_value=datetime(2100, 12, 30),
    timezones=st.sampled_from([UTC, ZoneInfo("Asia/Shanghai"), ZoneInfo("America/New_York")]),
    allow_imaginary=False,
)


@settings(max_examples=150, deadline=None)
@given(instants)
def test_iso_round_trips_through_parse_instant_and_from_iso(moment: datetime) -> None:
    stored = iso(moment)
    assert stored.endswith("+08:00")
    whole = moment.replace(microsecond=0)
    # timestamps, not ==: Python never finds an ambiguous (DST fall-back) time equal across zones
    assert from_iso(stored).timestamp() == whole.timestamp()
    assert parse_instant(stored, "at").timestamp() == whole.timestamp()


@settings(max_examples=300)
@given(
    at=st.datetimes(min_value=datetime(1850, 1, 1), max_value=datetime(2200, 12, 31)),
    minutes=st.integers(-14 * 60, 14 * 60),
    extra_seconds=st.sampled_from([0, 0, 0, 30]),
    seconds=st.booleans(),
    offset=st.booleans(),
)
def test_platform_text_reads_as_strftime_and_the_offset_text(at, minutes, extra_seconds, seconds, offset) -> None:  # type: ignore[no-untyped-def]
    from claimdesk.domain.instants import platform_text, platform_time, utc_offset_text

    aware = at.replace(tzinfo=timezone(timedelta(minutes=minutes, seconds=extra_seconds)))
    local = platform_time(aware)  # Shanghai: local mean time +08:05:43 before 1901, summer time in some years
    text = local.strftime("%Y-%m-%d %H:%M:%S" if seconds else "%Y-%m-%d %H:%M")
    assert platform_text(aware, seconds=seconds, offset=offset) == (f"{text} {utc_offset_text(local)}" if offset else text)
