"""The deadlines as an iCalendar file (`due --ics`), for the seller's phone or desktop calendar.

One VEVENT per clock, the same clocks as `due --json`. Each event's UID is made from the
tracking number and the clock, so importing a newer file again updates the events instead of
adding copies (DTSTAMP is when the file was written). A clock that ended (a reply recorded, a
complaint filed or closed, a window missed past its grace, the parcel archived) stays in the file
for 30 days as STATUS:CANCELLED with a higher SEQUENCE, so a calendar that imported or subscribed
to an earlier file drops it instead of ringing on (a clock that simply came, a window opening,
stays as it was). SEQUENCE and LAST-MODIFIED come from the records (domain/clock_history.py),
never from an earlier file. The title names the parcel and what can still be done; an alarm
rings 24 hours before. Times are written in UTC: every calendar shows them in its own zone. The
file always carries the VTIMEZONE of Asia/Shanghai (the platform's zone), so even an empty
desk's file holds a component, as RFC 5545 requires.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from datetime import UTC, datetime, timedelta
from typing import NamedTuple, Protocol

from claimdesk.domain.clock_history import record_changes, shown_history
from claimdesk.domain.complaint_types import ComplaintType, where_to_file
from claimdesk.domain.complaints import Complaint
from claimdesk.domain.deadlines import ClockKind, Deadline, advice, is_missed, leaves_at, shown_at
from claimdesk.domain.instants import platform_text
from claimdesk.domain.parcels import ClockSubject
from claimdesk.domain.settings import Settings
from claimdesk.i18n import _
from claimdesk.labels import label

ALARM_BEFORE = timedelta(hours=24)
EVENT_LENGTH = timedelta(minutes=30)
_EVENT_SECONDS = int(EVENT_LENGTH.total_seconds())
UID_DOMAIN = "claimdesk"
FILING_CLOCKS = frozenset({ClockKind.FILING_WINDOW_OPENS, ClockKind.FILING_WINDOW_CLOSES})
CANCELLED_KEPT = timedelta(days=30)  # how long an ended clock stays in the file, cancelled

# Asia/Shanghai has kept +08:00 all year since 1991: one STANDARD rule from 1970 describes every
# instant the desk writes (as the zone tables of common calendar apps do).
VTIMEZONE = (
    "BEGIN:VTIMEZONE",
    "TZID:Asia/Shanghai",
    "X-LIC-LOCATION:Asia/Shanghai",
    "BEGIN:STANDARD",
    "TZOFFSETFROM:+0800",
    "TZOFFSETTO:+0800",
    "TZNAME:CST",
    "DTSTART:19700101T000000",
    "END:STANDARD",
    "END:VTIMEZONE",
)


class CalendarEvent(NamedTuple):
    """One event of the file. A named tuple: made ~300,000 times at 1M parcels, at half the cost
    of a frozen dataclass."""

    deadline: Deadline
    sequence: int
    last_modified: datetime
    cancelled: bool = False


def event_uid(deadline: Deadline) -> str:
    """Stable per parcel and clock: the same clock of the same parcel is the same event."""
    return f"{deadline.tracking}-{deadline.kind.value}@{UID_DOMAIN}"


def event_title(deadline: Deadline, now: datetime) -> str:
    return f"{deadline.tracking}: {advice(deadline, now)}"


class Stretch(Protocol):
    """A stretch of a clock's history (clock_history.Shown, or one the clock cache kept)."""

    @property
    def deadline(self) -> Deadline: ...
    @property
    def end(self) -> datetime | None: ...
    @property
    def version(self) -> int: ...


def parcel_events(
    history: Sequence[Stretch], now: datetime, revision: int, version: int, modified: datetime, live: Iterable[Deadline]
) -> list[CalendarEvent]:
    """One parcel's events at `now`: its `live` clocks (what `due` lists), and each clock of
    `history` (shown_history's answer) that ended within the last 30 days and is not live,
    cancelled.

    `version` is the number of dated changes of the parcel's record (record_changes), `modified`
    the latest of them (LAST-MODIFIED of its live events); `revision` a number that grows with
    every change of the parcel's record and of the settings (their stored revisions added up),
    so an event changed by an undated edit still gets a higher SEQUENCE. A live event's SEQUENCE
    is even, and an ended one's is odd and higher than any it had while live.
    """
    events = [CalendarEvent(deadline, 2 * (version + revision), modified) for deadline in live]
    if not history:  # most parcels: no clock of theirs ended lately
        return events
    live_kinds = {event.deadline.kind for event in events}
    ended: dict[ClockKind, tuple[Stretch, datetime]] = {}
    for item in history:
        end = item.end
        if item.deadline.kind in live_kinds or end is None or end > now or now > end + CANCELLED_KEPT:
            continue
        if not (end < item.deadline.due or item.deadline.kind.can_be_missed):
            continue  # it happened (a window opened, the chamber's days ran out): history, not a cancellation
        kept = ended.get(item.deadline.kind)
        if kept is None or end >= kept[1]:
            ended[item.deadline.kind] = (item, end)
    for item, end in ended.values():
        events.append(CalendarEvent(item.deadline, 2 * (item.version + revision) + 1, end, cancelled=True))
    return events


def events_for_parcel(
    parcel: ClockSubject,
    complaints: Sequence[Complaint],
    counting: Sequence[Deadline],
    now: datetime,
    settings: Settings,
    revision: int,
) -> list[CalendarEvent]:
    """One parcel's events at `now`, from its clocks counting now (counting_deadlines, missed
    ones whatever their grace) and its record; `revision` as parcel_events takes it."""
    changes = record_changes(parcel, complaints)
    history = shown_history(parcel, complaints, settings) if ended_lately(changes, counting, now, settings) else []
    return events_from_record(history, changes, parcel.created_at, counting, now, settings, revision)


def ended_lately(changes: Sequence[datetime], counting: Sequence[Deadline], now: datetime, settings: Settings) -> bool:
    """Whether a clock of the parcel may have ended lately, so its history is needed: a dated
    change of its record (record_changes) in the last 30 days, or a missed clock whose grace
    ended in them."""
    recent = now - CANCELLED_KEPT
    for change in changes:  # loops, not any(): this runs for every parcel with clocks
        if recent <= change <= now:
            return True
    for deadline in counting:
        last = leaves_at(deadline.kind, deadline.due, settings)
        if last is not None and recent <= last < now:
            return True
    return False


def events_from_record(
    history: Sequence[Stretch],
    changes: Sequence[datetime],
    created_at: datetime,
    counting: Sequence[Deadline],
    now: datetime,
    settings: Settings,
    revision: int,
) -> list[CalendarEvent]:
    """events_for_parcel from what it reads of the record: its history (shown_history, or its
    ended stretches; needed only when ended_lately), its dated changes and when the parcel was
    created. The clock cache keeps these, so a calendar can be written without the records."""
    past = [change for change in changes if change <= now]
    modified = max(past) if past else min(now, created_at)
    shown = [d for d in counting if shown_at(d, now, settings)]
    return parcel_events(history, now, revision, len(changes), modified, shown)


def calendar_ics(events: Iterable[CalendarEvent | Deadline], now: datetime) -> bytes:
    """The iCalendar file (RFC 5545) of these events, written at `now`."""
    return b"".join(calendar_pieces(events, now))


def calendar_pieces(events: Iterable[CalendarEvent | Deadline], now: datetime) -> Iterator[bytes]:
    """calendar_ics in pieces, a few hundred events at a time, written here rather than through
    the icalendar package's objects: 22,000 clocks took 36 s and at 1M parcels 7 GB that way.
    The tests read every file back with icalendar and vobject. A bare Deadline is a live event
    with SEQUENCE 0, last modified now.

    Everything an event's text repeats (the words of each clock and complaint type, the UTC
    date-times' digits) is made once per call: a calendar at 1M parcels holds 300,000 events."""
    yield b"".join(
        (
            _line("BEGIN:VCALENDAR"),
            _line("VERSION:2.0"),
            _line("PRODID:-//claimdesk//deadlines//EN"),
            _line("CALSCALE:GREGORIAN"),
            _line("X-WR-CALNAME:" + _text(_("claimdesk deadlines"))),
            _line("X-WR-TIMEZONE:Asia/Shanghai"),
            *map(_line, VTIMEZONE),
        )
    )
    utc = _UtcTexts()
    stamp = f"DTSTAMP:{utc.text(now)}\r\n"
    due_words = _("Due {when} (platform time)")
    texts: dict[tuple[ClockKind, ComplaintType], tuple[str, str, str | None]] = {}
    cancelled_texts: dict[tuple[ClockKind, ComplaintType], tuple[str, str]] = {}
    batch: list[bytes] = []  # each event encoded alone: one "→" would widen a joined text to 2 bytes a character
    for item in events:
        entry = item if isinstance(item, CalendarEvent) else CalendarEvent(item, 0, now)
        deadline = entry.deadline
        if entry.cancelled:
            batch.append(_cancelled(entry, stamp, utc, cancelled_texts).encode())
        else:
            key = (deadline.kind, deadline.complaint_type)
            known = texts.get(key)
            if known is None:
                where = (
                    _("File it on the platform: {where}").format(where=_(where_to_file(deadline.complaint_type)))
                    if deadline.kind in FILING_CLOCKS
                    else None
                )
                known = texts[key] = (
                    label("clock_advice", deadline.kind),
                    f"{label('clock', deadline.kind)} ({label('type', deadline.complaint_type)})",
                    where,
                )
            todo, what, where = known
            if is_missed(deadline.kind, deadline.due, now):  # only a step still possible: a missed window says it closed
                todo, where = advice(deadline, now), None
            title = _text(f"{deadline.tracking}: {todo}")
            lines = [what, due_words.format(when=platform_text(deadline.due))]
            if where is not None:
                lines.append(where)
            head = _event_head(entry, title, stamp, utc, _CONFIRMED, _text("\n".join(lines)))
            batch.append(f"{head}{_ALARM_HEAD}{_folded('DESCRIPTION:' + title)}{_ALARM_TAIL}".encode())
        if len(batch) == _BATCH:
            yield b"".join(batch)
            batch.clear()
    if batch:
        yield b"".join(batch)
    yield _line("END:VCALENDAR")


def _cancelled(entry: CalendarEvent, stamp: str, utc: _UtcTexts, texts: dict[tuple[ClockKind, ComplaintType], tuple[str, str]]) -> str:
    """An ended clock's event: same UID, higher SEQUENCE, STATUS:CANCELLED and no alarm.
    `texts`: the words of each clock and complaint type, kept from one event to the next."""
    deadline = entry.deadline
    key = (deadline.kind, deadline.complaint_type)
    known = texts.get(key)
    if known is None:
        known = texts[key] = (
            label("clock", deadline.kind),
            _text(
                f"{label('clock', deadline.kind)} ({label('type', deadline.complaint_type)})\n" + _("This clock has ended: nothing is due.")
            ),
        )
    what, description = known
    title = _text(_("ended: {title}").format(title=f"{deadline.tracking}: {what}"))
    return _event_head(entry, title, stamp, utc, _CANCELLED, description) + _END_EVENT


def _event_head(entry: CalendarEvent, title: str, stamp: str, utc: _UtcTexts, status: str, description: str) -> str:
    """The lines every event starts with, live or cancelled: one UID and SEQUENCE rule for both.
    Lines of a fixed form shorter than 75 octets are written without the folding check."""
    deadline = entry.deadline
    start, end = utc.span(deadline.due, _EVENT_SECONDS)
    return (
        f"BEGIN:VEVENT\r\n{_folded('SUMMARY:' + title)}"
        f"DTSTART:{start}\r\nDTEND:{end}\r\n{stamp}"
        f"{_folded('UID:' + _text(event_uid(deadline)))}"
        f"SEQUENCE:{entry.sequence}\r\nLAST-MODIFIED:{utc.text(entry.last_modified)}\r\n{status}"
        f"{_folded('DESCRIPTION:' + description)}"
    )


class _UtcTexts:
    """Instants as RFC 5545 UTC date-times (20260328T020000Z), as _utc writes them, from their
    whole seconds since the epoch: the digits of each day and of each second of a day are made
    once (~1 µs an instant instead of 2.5; a calendar at 1M parcels writes 900,000 of them)."""

    def __init__(self) -> None:
        self._days: dict[int, str] = {}
        self._seconds: dict[int, str] = {}

    def text(self, at: datetime) -> str:
        if at.tzinfo is None or not 0 <= (stamp := at.timestamp()) < _EXACT_SECONDS_UNTIL:
            return _utc(at)
        return self._whole(int(stamp))

    def span(self, at: datetime, length: int) -> tuple[str, str]:
        """The texts of `at` and of `length` seconds after it (elapsed seconds, as UTC counts
        them: 30 minutes are 30 minutes across a change of summer time)."""
        # The whole seconds (floored) where a float timestamp holds them exactly: 1970 to 2106,
        # its error under half a microsecond. This runs 300,000 times at 1M parcels.
        if at.tzinfo is None or not 0 <= (stamp := at.timestamp()) < _EXACT_SECONDS_UNTIL:
            return _utc(at), _utc(at.astimezone(UTC) + timedelta(seconds=length))
        start = int(stamp)
        return self._whole(start), self._whole(start + length)

    def _whole(self, whole: int) -> str:
        """The text of an instant given as whole seconds since the epoch."""
        day, second = divmod(whole, 86400)
        date = self._days.get(day)
        if date is None:
            date = self._days[day] = _utc(_EPOCH + timedelta(days=day))[:9]  # 'YYYYMMDDT'
        time = self._seconds.get(second)
        if time is None:
            hour, rest = divmod(second, 3600)
            time = self._seconds[second] = f"{hour:02d}{rest // 60:02d}{rest % 60:02d}Z"
        return date + time


_BATCH = 500  # events per piece written: ~280 KB
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_EXACT_SECONDS_UNTIL = 2**32  # 2106; below it a double's spacing is under 0.5 µs


# -ALARM_BEFORE as an RFC 5545 duration.
_TRIGGER = f"-PT{int(ALARM_BEFORE.total_seconds())}S"
_END_EVENT = "END:VEVENT\r\n"
_CONFIRMED = "STATUS:CONFIRMED\r\nCATEGORIES:claimdesk\r\n"
_CANCELLED = "STATUS:CANCELLED\r\nCATEGORIES:claimdesk\r\n"
_ALARM_HEAD = "BEGIN:VALARM\r\nACTION:DISPLAY\r\n"
_ALARM_TAIL = f"TRIGGER:{_TRIGGER}\r\nEND:VALARM\r\nEND:VEVENT\r\n"


def _utc(at: datetime) -> str:
    """An instant as an RFC 5545 UTC date-time (20260328T020000Z): the ISO text's digits
    (years 1000-9999, as every instant the desk takes), faster than strftime."""
    text = at.astimezone(UTC).isoformat()
    return f"{text[0:4]}{text[5:7]}{text[8:10]}T{text[11:13]}{text[14:16]}{text[17:19]}Z"


def _text(value: str) -> str:
    """An RFC 5545 TEXT value: backslash, semicolon, comma and line breaks escaped."""
    return value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\r\n", "\\n").replace("\n", "\\n")


def _line(content: str) -> bytes:
    """One content line, folded at 75 octets (never inside a UTF-8 character), ended by CRLF."""
    return _folded(content).encode("utf-8")


def _folded(content: str) -> str:
    """_line as text: ASCII cut by its characters (each one octet), anything else by its octets."""
    if content.isascii():
        if len(content) <= 75:
            return content + "\r\n"
        rest = range(75, len(content), 74)  # a folded line begins with one space
        return "\r\n ".join([content[:75], *[content[at : at + 74] for at in rest]]) + "\r\n"
    return _folded_octets(content)


def _folded_octets(content: str) -> str:
    """_folded of any text: cut at 75 octets, never inside a UTF-8 character."""
    raw = content.encode("utf-8")
    if len(raw) <= 75:
        return content + "\r\n"
    parts = []
    start, limit = 0, 75
    while start < len(raw):
        end = min(start + limit, len(raw))
        while end < len(raw) and raw[end] & 0xC0 == 0x80:  # a continuation byte: cut before its character
            end -= 1
        parts.append(raw[start:end])
        start, limit = end, 74  # a folded line begins with one space
    return b"\r\n ".join(parts).decode("utf-8") + "\r\n"
