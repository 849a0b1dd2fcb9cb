"""Instants and durations: parsing what sellers type, the platform's time zone, remaining time.

Every instant in claimdesk is a standard-library aware ``datetime``. Platform deadlines are
computed on the Asia/Shanghai calendar (``zoneinfo``); a naive input is read as Shanghai time
because that is the platform's clock and the seller centre shows it. pendulum is used only to
read lenient input the standard library does not (ISO week and ordinal dates, ISO durations).
"""

from __future__ import annotations

import math
import re
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from claimdesk.domain.errors import ValidationError
from claimdesk.i18n import _

PLATFORM_ZONE = ZoneInfo("Asia/Shanghai")
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
# Year first as Excel and the seller centre write it: '2026/11/3 14:05', '2026.11.03', '2026-3-1 9:05:00'
# (month and day without their zero, a slash or dot, an hour of one digit). Read as Shanghai time.
_YEAR_FIRST_LOOSE = re.compile(r"([0-9]{4})([/.-])([0-9]{1,2})\2([0-9]{1,2})(?:[ T]+([0-9]{1,2}):([0-9]{2})(?::([0-9]{2}))?)?")
_ISO_DURATION = re.compile(r"P(?=[0-9]|T[0-9])([0-9]+Y)?([0-9]+M)?([0-9]+W)?([0-9]+D)?(T(?=[0-9])([0-9]+H)?([0-9]+M)?([0-9]+S)?)?")


def platform_time(at: datetime) -> datetime:
    """The same instant on the platform's (Shanghai) wall clock.

    Adding timedelta(days=n) to it adds n natural days on the Shanghai calendar.
    """
    if type(at) is not datetime:  # a subclass (pendulum's DateTime) overrides astimezone
        at = datetime(
            at.year,
            at.month,
            at.day,
            at.hour,
            at.minute,
            at.second,
            at.microsecond,
            tzinfo=timezone(at.utcoffset() or timedelta(0)),
        )
    return at.astimezone(PLATFORM_ZONE)


def utc_offset_text(at: datetime) -> str:
    """'+08:00' (strftime's %z gives '+0800' and Python 3.11 has no %:z)."""
    offset = at.utcoffset() or timedelta(0)
    sign = "-" if offset < timedelta(0) else "+"
    minutes = abs(offset) // timedelta(minutes=1)
    return f"{sign}{minutes // 60:02}:{minutes % 60:02}"


def platform_text(at: datetime, *, seconds: bool = False, offset: bool = True) -> str:
    """'2026-03-01 10:00 +08:00': how an instant is written in messages (Shanghai time)."""
    local = platform_time(at)
    # The ISO text has the same digits and, for an offset of whole minutes, the same offset:
    # a third of the time of strftime and utc_offset_text (a calendar writes 300,000 of these).
    iso = local.isoformat(" ", "seconds" if seconds else "minutes")
    cut = 19 if seconds else 16
    if local.year >= 1000 and len(iso) == cut + 6:
        return f"{iso[:cut]} {iso[cut:]}" if offset else iso[:cut]
    text = local.strftime("%Y-%m-%d %H:%M:%S" if seconds else "%Y-%m-%d %H:%M")
    return f"{text} {utc_offset_text(local)}" if offset else text


# The stored form, iso()'s: what the desk's own CSV export writes and an import hands on.
_STORED = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}[+-][0-9]{2}:[0-9]{2}")
_EARLIEST, _LATEST = f"{EARLIEST_YEAR:04}", f"{LATEST_YEAR:04}"


def stored_instant(text: str) -> datetime | None:
    """`text` read quickly when it is exactly an instant's stored form (to the second, with an
    offset) and in range; None for anything else, which the full readers read or refuse. An
    import reads three per row."""
    # The year and the offset compared as text (four and two digits compare as numbers do), and
    # before fromisoformat, which takes '+08:60' as 9 hours and offsets up to 23:59.
    if (
        len(text) != 25
        or not _STORED.fullmatch(text)
        or not _EARLIEST <= text[:4] <= _LATEST
        or text[23:] >= "60"
        or not (text[20:22] < "14" or text[20:] == "14:00")
    ):
        return None
    try:
        return datetime.fromisoformat(text)
    except ValueError:  # no such day, or time of day
        return None


def parse_instant(text: str, field: str) -> datetime:
    """ISO 8601 ('2026-03-01T10:00:00+08:00', '2026-03-01 10:00', '2026-03-01'), and year first
    as a spreadsheet writes it ('2026/11/3 14:05', '2026.11.03').

    A missing offset means Shanghai time. Garbage, impossible dates and implausible years
    raise ValidationError naming the field. The common forms are read by the standard
    library (a CSV import parses three per row), spreadsheet dates by _YEAR_FIRST_LOOSE; pendulum
    reads the rest ('2026-W10-1').
    """
    cleaned = str(text).strip()
    stored = stored_instant(cleaned)
    if stored is not None:
        return stored
    if not cleaned:
        raise ValidationError(field, _("enter a date and time, e.g. 2026-03-01T10:00:00+08:00"))
    if _CONTROL.search(cleaned) or len(cleaned) > 40:
        raise ValidationError(field, _("not an ISO 8601 date and time: {text!r}").format(text=cleaned[:40]))
    if not _YEAR_FIRST.match(cleaned):
        raise ValidationError(field, _("not an ISO 8601 date and time (year first, e.g. 2026-03-01 10:00): {text!r}").format(text=cleaned))
    offset = _OFFSET.search(cleaned)
    if offset and (int(offset.group(3)) >= 60 or int(offset.group(2)) > 14):
        raise ValidationError(field, _("{offset} is not a UTC offset (they run from -12:00 to +14:00)").format(offset=offset.group(0)))
    loose = _YEAR_FIRST_LOOSE.fullmatch(cleaned)
    if loose:
        year, _separator, month, day, hour, minute, second = loose.groups()
        clock = f"{int(hour):02}:{minute}:{second or '00'}" if hour is not None else "00:00:00"
        cleaned = f"{year}-{int(month):02}-{int(day):02}T{clock}"
    try:
        parsed = datetime.fromisoformat(cleaned)
    except ValueError:
        parsed = _parse_leniently(cleaned, field)
    else:
        if parsed.tzinfo is None:
            parsed = parsed.replace(tzinfo=PLATFORM_ZONE)
    if not EARLIEST_YEAR <= parsed.year <= LATEST_YEAR:
        raise ValidationError(
            field, _("year {year} is outside {earliest}-{latest}").format(year=parsed.year, earliest=EARLIEST_YEAR, latest=LATEST_YEAR)
        )
    utc_offset = parsed.utcoffset()
    if utc_offset is not None and abs(utc_offset) > _MAX_OFFSET:
        raise ValidationError(field, _("the UTC offset must be from -12:00 to +14:00"))
    return parsed


def _parse_leniently(cleaned: str, field: str) -> datetime:
    """What datetime.fromisoformat refuses, read by pendulum, returned as a standard datetime."""
    import pendulum

    try:
        parsed = pendulum.parse(cleaned, tz="Asia/Shanghai", strict=True)
    except Exception:  # noqa: BLE001 - pendulum raises several types for bad input
        raise ValidationError(field, _("not an ISO 8601 date and time: {text!r}").format(text=cleaned)) from None
    if isinstance(parsed, datetime):
        written_offset = isinstance(parsed.tzinfo, pendulum.FixedTimezone)
        zone = timezone(parsed.utcoffset() or timedelta(0)) if written_offset else PLATFORM_ZONE
        return datetime(parsed.year, parsed.month, parsed.day, parsed.hour, parsed.minute, parsed.second, parsed.microsecond, tzinfo=zone)
    if isinstance(parsed, pendulum.Date):
        return datetime(parsed.year, parsed.month, parsed.day, tzinfo=PLATFORM_ZONE)
    raise ValidationError(field, _("not a date and time: {text!r}").format(text=cleaned))


# docs/rules.md section 5: nothing is dated in the future, with a few minutes' tolerance for the drift
# between the seller's clock and the platform's (or a phone's) clock.
FUTURE_TOLERANCE = timedelta(minutes=5)


def check_not_future(at: datetime, now: datetime, field: str) -> None:
    """ValidationError naming `field` when `at` is later than now plus FUTURE_TOLERANCE.

    An event dated ahead of now would make every event recorded at now look "before the last
    event"; a parcel created in the future would open its filing windows late.
    """
    if at > now + FUTURE_TOLERANCE:
        raise ValidationError(
            field,
            _("{at} is in the future (it is now {now}); at most {minutes} minutes ahead is allowed for clock drift").format(
                at=platform_text(at, seconds=True),
                now=platform_text(now, seconds=True),
                minutes=int(FUTURE_TOLERANCE.total_seconds() // 60),
            ),
        )


def parse_optional_instant(text: str | None, field: str) -> datetime | None:
    if text is None or str(text).strip() == "":
        return None
    return parse_instant(text, field)


def iso(at: datetime) -> str:
    """Stored and JSON form: ISO 8601 with offset, to the second, in the platform zone."""
    return platform_time(at).isoformat("T", "seconds")


def from_iso(text: str) -> datetime:
    """Read a stored value, which is always ISO 8601 with offset."""
    return datetime.fromisoformat(text)


def seconds_until(due: datetime, now: datetime) -> int:
    """Whole seconds from `now` to `due`, rounded down: negative as soon as `due` has passed.

    The one remaining-time computation: the CLI, the list, the detail and the countdown panel
    all show what this gives.
    """
    return math.floor((due - now).total_seconds())


_DURATION_PART = re.compile(r"([0-9]+)\s*(w|d|h|m|s)")  # ASCII digits: int() would read '３' or '٣'
_UNIT = {"w": "weeks", "d": "days", "h": "hours", "m": "minutes", "s": "seconds"}


def parse_duration(text: str, field: str = "duration") -> timedelta:
    """'24h', '3d', '1d12h', '90m', '2w' or ISO 8601 'P3D' / 'PT24H'."""
    cleaned = str(text).strip().lower()
    bad = ValidationError(field, _("not a duration: {text!r} (try 24h, 3d, 1d12h or P3D)").format(text=text))
    if not cleaned.isascii():
        raise bad
    if cleaned.startswith("p"):
        if not _ISO_DURATION.fullmatch(cleaned.upper()):
            raise bad
        import pendulum

        try:
            duration = pendulum.parse(cleaned.upper())
        except Exception:  # noqa: BLE001 - pendulum raises several types for bad input
            raise bad from None
        if isinstance(duration, timedelta):
            return timedelta(seconds=duration.total_seconds())
        raise bad
    parts = _DURATION_PART.findall(cleaned)
    if not cleaned or _DURATION_PART.sub("", cleaned).strip():
        raise bad
    try:
        return sum((timedelta(**{_UNIT[unit]: int(n)}) for n, unit in parts), timedelta())
    except OverflowError:
        raise ValidationError(field, _("{text!r} is too long a duration").format(text=text)) from None


def format_remaining(seconds: float) -> str:
    """'3d 04:12:09', or '-0d 02:00:00' when overdue ('3天 04:12:09' in Chinese): the one way
    remaining time is written, in the CLI, the list, the detail and the countdown panel."""
    sign = "-" if seconds < 0 else ""
    total = int(abs(seconds))
    days, rest = divmod(total, 86400)
    hours, rest = divmod(rest, 3600)
    minutes, secs = divmod(rest, 60)
    day_text = _("{days}d").format(days=days)
    return f"{sign}{day_text} {hours:02}:{minutes:02}:{secs:02}"
