"""Instants and durations: parsing what sellers type, and the platform's time zone.

Everything is an aware ``datetime`` (pendulum's DateTime is one). Platform deadlines are
computed in Asia/Shanghai; a naive input is read as Shanghai time because that is the
platform's clock and the seller centre shows it.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pendulum

from claimdesk.domain.errors import ValidationError
from claimdesk.i18n import _

PLATFORM_TZ = pendulum.timezone("Asia/Shanghai")
EARLIEST_YEAR, LATEST_YEAR = 2000, 2100
# Input starts with the year: refuses 'now', '12:00' and 'Thursday' (they read the real clock,
# not the desk's) and the ambiguous '1/3/2026'.
_YEAR_FIRST = re.compile(r"^[0-9]{4}")
# A written UTC offset ('+08:00', '-0530'): real ones run from -12:00 to +14:00.
_OFFSET = re.compile(r"(?<=[0-9])([+-])([0-9]{2}):?([0-9]{2})$")
_MAX_OFFSET = timedelta(hours=14)
# Control characters, and anything outside ASCII: pendulum reads full-width or Arabic-Indic
# digits ('2026/03/0١') as if they were 0-9, and no date the desk takes needs them.
_CONTROL = re.compile(r"[^\x20-\x7e]")
_ISO_DURATION = re.compile(r"P(?=[0-9]|T[0-9])([0-9]+Y)?([0-9]+M)?([0-9]+W)?([0-9]+D)?(T(?=[0-9])([0-9]+H)?([0-9]+M)?([0-9]+S)?)?")


# The same zone for deadline arithmetic, from the standard library: the rules add natural days
# to thousands of instants, and zoneinfo does that about 20x faster than pendulum.
PLATFORM_ZONE = ZoneInfo("Asia/Shanghai")


def to_platform(at: datetime) -> pendulum.DateTime:
    """The same instant on the platform's (Shanghai) wall clock, for display and parsing."""
    return pendulum.instance(at).in_timezone(PLATFORM_TZ)


def platform_time(at: datetime) -> datetime:
    """The same instant as a standard-library datetime in Asia/Shanghai, for deadline arithmetic.

    Adding timedelta(days=n) to it adds n natural days on the Shanghai calendar. Built from the
    timestamp because pendulum's DateTime overrides astimezone and drops a zoneinfo zone.
    """
    return datetime.fromtimestamp(at.timestamp(), PLATFORM_ZONE)


def parse_instant(text: str, field: str) -> datetime:
    """ISO 8601 ('2026-03-01T10:00:00+08:00', '2026-03-01 10:00', '2026-03-01').

    A missing offset means Shanghai time. Garbage, impossible dates and implausible years
    raise ValidationError naming the field. The common forms are read by the standard
    library (a CSV import parses three per row); pendulum reads the rest ('2026/03/01').
    """
    cleaned = str(text).strip()
    if not cleaned:
        raise ValidationError(field, _("enter a date and time, e.g. 2026-03-01T10:00:00+08:00"))
    if _CONTROL.search(cleaned) or len(cleaned) > 40:
        raise ValidationError(field, _("not an ISO 8601 date and time: {text!r}").format(text=cleaned[:40]))
    if not _YEAR_FIRST.match(cleaned):
        raise ValidationError(field, _("not an ISO 8601 date and time (year first, e.g. 2026-03-01 10:00): {text!r}").format(text=cleaned))
    offset = _OFFSET.search(cleaned)
    if offset and (int(offset.group(3)) >= 60 or int(offset.group(2)) > 14):
        raise ValidationError(field, _("{offset} is not a UTC offset (they run from -12:00 to +14:00)").format(offset=offset.group(0)))
    try:
        parsed = datetime.fromisoformat(cleaned)
    except ValueError:
        parsed = _parse_with_pendulum(cleaned, field)
    else:
        if parsed.tzinfo is None:
            parsed = parsed.replace(tzinfo=PLATFORM_ZONE)
    if not EARLIEST_YEAR <= parsed.year <= LATEST_YEAR:
        raise ValidationError(field, _("year {year} is outside {earliest}-{latest}").format(year=parsed.year, earliest=EARLIEST_YEAR, latest=LATEST_YEAR))
    utc_offset = parsed.utcoffset()
    if utc_offset is not None and abs(utc_offset) > _MAX_OFFSET:
        raise ValidationError(field, _("the UTC offset must be from -12:00 to +14:00"))
    return parsed


def _parse_with_pendulum(cleaned: str, field: str) -> datetime:
    try:
        parsed = pendulum.parse(cleaned, tz=PLATFORM_TZ, strict=True)
    except Exception:  # pendulum raises several types for bad input
        raise ValidationError(field, _("not an ISO 8601 date and time: {text!r}").format(text=cleaned)) from None
    if not isinstance(parsed, datetime):
        if isinstance(parsed, pendulum.Date):
            parsed = pendulum.datetime(parsed.year, parsed.month, parsed.day, tz=PLATFORM_TZ)
        else:
            raise ValidationError(field, _("not a date and time: {text!r}").format(text=cleaned))
    return parsed


def parse_optional_instant(text: str | None, field: str) -> datetime | None:
    if text is None or str(text).strip() == "":
        return None
    return parse_instant(text, field)


def iso(at: datetime) -> str:
    """Stored form: ISO 8601 with offset, to the second, in the platform zone."""
    return to_platform(at).replace(microsecond=0).isoformat()


def from_iso(text: str) -> datetime:
    """Fast path for stored values, which are always ISO 8601 with offset."""
    return datetime.fromisoformat(text)


_DURATION_PART = re.compile(r"([0-9]+)\s*(w|d|h|m|s)")  # ASCII digits: int() would read '３' or '٣'
_UNIT = {"w": "weeks", "d": "days", "h": "hours", "m": "minutes", "s": "seconds"}


def parse_duration(text: str, field: str = "duration") -> timedelta:
    """'24h', '3d', '1d12h', '90m', '2w' or ISO 8601 'P3D' / 'PT24H'."""
    cleaned = str(text).strip().lower()
    if cleaned.startswith("p"):
        if not _ISO_DURATION.fullmatch(cleaned.upper()):
            raise ValidationError(field, _("not a duration: {text!r} (try 24h, 3d or P3D)").format(text=text))
        try:
            duration = pendulum.parse(cleaned.upper())
        except Exception:
            raise ValidationError(field, _("not a duration: {text!r} (try 24h, 3d or P3D)").format(text=text)) from None
        if isinstance(duration, timedelta):
            return timedelta(seconds=duration.total_seconds())
        raise ValidationError(field, _("not a duration: {text!r} (try 24h, 3d or P3D)").format(text=text))
    parts = _DURATION_PART.findall(cleaned)
    if not cleaned or _DURATION_PART.sub("", cleaned).strip():
        raise ValidationError(field, _("not a duration: {text!r} (try 24h, 3d, 1d12h or P3D)").format(text=text))
    try:
        return sum((timedelta(**{_UNIT[unit]: int(n)}) for n, unit in parts), timedelta())
    except OverflowError:
        raise ValidationError(field, _("{text!r} is too long a duration").format(text=text)) from None


def format_remaining(seconds: float) -> str:
    """'3d 04:12:09', or '-0d 02:00:00' when overdue."""
    sign = "-" if seconds < 0 else ""
    total = int(abs(seconds))
    days, rest = divmod(total, 86400)
    hours, rest = divmod(rest, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{sign}{days}d {hours:02}:{minutes:02}:{secs:02}"
