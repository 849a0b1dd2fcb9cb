"""Dates and times as spreadsheets write them, read into aware instants.

Accepted: year first with '-', '/' or '.' (`2026/11/3 14:05`, `2026-11-03 14:05:00`,
`2026.11.03`), ISO 8601 with an offset (`2026-11-03T14:05:00+08:00`, `Z`), Chinese
(`2026年11月3日`, `2026年11月3日 14:05`), English month names (`3 Nov 2026`, `Nov 3, 2026`),
a 12-hour clock (`2:05 PM`, `下午2:05`), and the date and datetime cells a workbook reader gives.
A date alone is 00:00. Without an offset the time is Beijing time (Asia/Shanghai), the
platform's clock, as everywhere in the desk.

Day and month first (`11/03/2026`, `03.11.2026`) is read with the seller's `date_order`. Without
one, a date whose two readings differ is refused naming both (docs/rules.md section 6: never guessed);
a date with only one possible reading (`25/03/2026`: there is no month 25) is read that way.

Refused: Excel serial numbers (46329 in a date column). A workbook reader already turns
date-formatted cells into dates; a bare number is a cell Excel itself shows as a number, and
its date depends on the workbook's 1900 or 1904 calendar, which a cell does not carry: a wrong
guess would move every date by four years. Two-digit years are refused too.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta, timezone, tzinfo

from claimdesk.domain.instants import EARLIEST_YEAR, LATEST_YEAR, PLATFORM_ZONE, stored_instant
from claimdesk.i18n import N_, _
from claimdesk.importing.cells.errors import CellError, shown
from claimdesk.importing.cells.excel import text
from claimdesk.importing.cells.numbers import folded

DATE_ORDERS = ("ymd", "dmy", "mdy")
MONTH_NAMES = (
    N_("January"),
    N_("February"),
    N_("March"),
    N_("April"),
    N_("May"),
    N_("June"),
    N_("July"),
    N_("August"),
    N_("September"),
    N_("October"),
    N_("November"),
    N_("December"),
)

_TIME = (
    r"(?:[ T]+(?P<meridiem_before>上午|下午)?\s*(?P<hour>[0-9]{1,2}):(?P<minute>[0-9]{2})"
    r"(?::(?P<second>[0-9]{2})(?:\.(?P<fraction>[0-9]{1,6}))?)?"
    r"\s*(?P<meridiem>[AaPp]\.?[Mm]\.?)?)?"
    r"\s*(?P<offset>Z|[+-][0-9]{2}:?[0-9]{2})?"
)
_YEAR_FIRST = re.compile(r"(?P<year>[0-9]{4})(?P<sep>[-/.])(?P<month>[0-9]{1,2})(?P=sep)(?P<day>[0-9]{1,2})" + _TIME)
_CHINESE = re.compile(
    r"(?P<year>[0-9]{4})\s*年\s*(?P<month>[0-9]{1,2})\s*月\s*(?P<day>[0-9]{1,2})\s*[日号]" + _TIME.replace("[ T]+", "[ T]*")
)
_YEAR_LAST = re.compile(r"(?P<first>[0-9]{1,2})(?P<sep>[-/.])(?P<second_part>[0-9]{1,2})(?P=sep)(?P<year>[0-9]{2}|[0-9]{4})" + _TIME)
_DAY_MONTH_NAME = re.compile(
    r"(?P<day>[0-9]{1,2})[ -](?P<month_name>[A-Za-z]{3,9})\.?[\s,-]+(?P<year>[0-9]{4})" + _TIME.replace("[ T]+", "[ T,]+")
)
_MONTH_NAME_DAY = re.compile(
    r"(?P<month_name>[A-Za-z]{3,9})\.?\s+(?P<day>[0-9]{1,2}),?\s+(?P<year>[0-9]{4})" + _TIME.replace("[ T]+", "[ T,]+")
)
_MAX_OFFSET = timedelta(hours=14)


def _refuse(value: object, reason: str) -> CellError:
    return CellError(_("{value} is not a date: {reason}").format(value=shown(value), reason=reason))


def _month_named(name: str, value: str) -> int:
    """'Nov', 'November', 'Sept' -> the month's number."""
    written = name.lower()
    for number, full in enumerate(MONTH_NAMES, start=1):
        if len(written) >= 3 and full.lower().startswith(written):
            return number
    raise _refuse(value, _("{name} is not a month").format(name=name))


def _day_month(first: int, second: int, year: int, date_order: str | None, value: str) -> tuple[int, int]:
    """(day, month) of a day-and-month-first date, from the seller's order or the only reading."""

    def valid(day: int, month: int) -> bool:
        try:
            date(year, month, day)
        except ValueError:
            return False
        return True

    if date_order == "dmy":
        return first, second
    if date_order == "mdy":
        return second, first
    if date_order == "ymd":
        raise CellError(
            _("{value} does not start with the year, but the date order given is year-month-day: give dmy or mdy").format(value=value)
        )
    readings = {(day, month) for day, month in ((first, second), (second, first)) if valid(day, month)}
    if len(readings) == 1:
        return readings.pop()
    if not readings:
        raise _refuse(value, _("neither day-month nor month-day is a date in {year}").format(year=year))
    as_dmy = date(year, second, first)
    as_mdy = date(year, first, second)
    raise CellError(
        _("{value} could be {one} or {other}: pass --date-order dmy or mdy").format(value=value, one=_spoken(as_dmy), other=_spoken(as_mdy))
    )


def _spoken(day: date) -> str:
    """'3 November 2026': a date no reader can take the wrong way round."""
    return _("{day} {month} {year}").format(day=day.day, month=_(MONTH_NAMES[day.month - 1]), year=day.year)


def _clock(match: re.Match[str], value: str) -> tuple[int, int, int, int]:
    hour = int(match.group("hour") or 0)
    minute = int(match.group("minute") or 0)
    second = int(match.group("second") or 0)
    fraction = match.group("fraction") or ""
    meridiem = (match.group("meridiem") or "").replace(".", "").lower() or {"上午": "am", "下午": "pm"}.get(
        match.group("meridiem_before") or "", ""
    )
    if meridiem:
        if not 1 <= hour <= 12:
            raise _refuse(value, _("{hour} is not an hour on a 12-hour clock").format(hour=hour))
        hour = hour % 12 + (12 if meridiem == "pm" else 0)
    if hour > 23 or minute > 59 or second > 59:
        raise _refuse(value, _("no such time of day"))
    return hour, minute, second, int(fraction.ljust(6, "0")) if fraction else 0


def _zone(match: re.Match[str], value: str) -> tzinfo:
    written = match.group("offset")
    if not written:
        return PLATFORM_ZONE
    if written == "Z":
        return UTC
    sign = -1 if written[0] == "-" else 1
    digits = written[1:].replace(":", "")
    hours, minutes = int(digits[:2]), int(digits[2:])
    offset = timedelta(hours=hours, minutes=minutes)
    if minutes >= 60 or offset > _MAX_OFFSET:
        raise _refuse(value, _("{offset} is not a UTC offset (they run from -12:00 to +14:00)").format(offset=written))
    return timezone(sign * offset)


def _build(value: str, year: int, month: int, day: int, match: re.Match[str]) -> datetime:
    if not EARLIEST_YEAR <= year <= LATEST_YEAR:
        raise _refuse(value, _("year {year} is outside {earliest}-{latest}").format(year=year, earliest=EARLIEST_YEAR, latest=LATEST_YEAR))
    hour, minute, second, micro = _clock(match, value)
    zone = _zone(match, value)
    try:
        return datetime(year, month, day, hour, minute, second, micro, tzinfo=zone)
    except ValueError:
        raise _refuse(value, _("there is no such day")) from None


def _from_cell(value: datetime | date) -> datetime:
    at = value if isinstance(value, datetime) else datetime(value.year, value.month, value.day)
    if not EARLIEST_YEAR <= at.year <= LATEST_YEAR:
        raise _refuse(
            at.date().isoformat(),
            _("year {year} is outside {earliest}-{latest}").format(year=at.year, earliest=EARLIEST_YEAR, latest=LATEST_YEAR),
        )
    return at if at.tzinfo is not None else at.replace(tzinfo=PLATFORM_ZONE)


def instant(value: object, *, date_order: str | None = None) -> datetime | None:
    """An aware datetime from a date cell; None for a blank one (see the module's docstring)."""
    if date_order is not None and date_order not in DATE_ORDERS:
        raise ValueError(f"date_order must be one of {DATE_ORDERS}, not {date_order!r}")
    if type(value) is str:
        stored = stored_instant(value)  # the desk's own export: read as below would, only faster
        if stored is not None:
            return stored
    if isinstance(value, (datetime, date)):
        return _from_cell(value)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        raise CellError(
            _("{value} is a number, not a date: format the column as a date in Excel and export again").format(value=shown(value))
        )
    cleaned = text(value)
    if cleaned is None:
        return None
    written = folded(cleaned)
    match = _YEAR_FIRST.fullmatch(written) or _CHINESE.fullmatch(written)
    if match:
        return _build(cleaned, int(match.group("year")), int(match.group("month")), int(match.group("day")), match)
    match = _YEAR_LAST.fullmatch(written)
    if match:
        if len(match.group("year")) == 2:
            raise _refuse(cleaned, _("write the year with 4 digits"))
        year = int(match.group("year"))
        day, month = _day_month(int(match.group("first")), int(match.group("second_part")), year, date_order, cleaned)
        return _build(cleaned, year, month, day, match)
    match = _DAY_MONTH_NAME.fullmatch(written) or _MONTH_NAME_DAY.fullmatch(written)
    if match:
        month = _month_named(match.group("month_name"), cleaned)
        return _build(cleaned, int(match.group("year")), month, int(match.group("day")), match)
    raise _refuse(cleaned, _("write it year first, e.g. 2026-11-03 14:05 or 2026/11/3"))
