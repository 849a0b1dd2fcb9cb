"""The deadlines as an iCalendar file (`due --ics`), for the seller's phone or desktop calendar.

One VEVENT per clock, the same clocks as `due --json`. Each event's UID is made from the
tracking number and the clock, so importing a newer file again updates the events instead of
adding copies (DTSTAMP is when the file was written). The title names the parcel and what to do;
an alarm rings 24 hours before. Times are written in UTC: every calendar shows them in its own
zone, with no time-zone table to get wrong.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime, timedelta

from claimdesk.domain.complaint_types import where_to_file
from claimdesk.domain.deadlines import ClockKind, Deadline
from claimdesk.domain.instants import platform_text
from claimdesk.i18n import _
from claimdesk.labels import label

ALARM_BEFORE = timedelta(hours=24)
EVENT_LENGTH = timedelta(minutes=30)
UID_DOMAIN = "claimdesk"
FILING_CLOCKS = frozenset({ClockKind.FILING_WINDOW_OPENS, ClockKind.FILING_WINDOW_CLOSES})


def event_uid(deadline: Deadline) -> str:
    """Stable per parcel and clock: the same clock of the same parcel is the same event."""
    return f"{deadline.tracking}-{deadline.kind.value}@{UID_DOMAIN}"


def event_title(deadline: Deadline) -> str:
    return f"{deadline.tracking}: {label('clock_advice', deadline.kind)}"


def calendar_ics(deadlines: Iterable[Deadline], now: datetime) -> bytes:
    """The iCalendar file (RFC 5545) of these deadlines, written at `now`."""
    from icalendar import Alarm, Calendar, Event

    calendar = Calendar()
    calendar.add("prodid", "-//claimdesk//deadlines//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", _("claimdesk deadlines"))
    stamp = now.astimezone(UTC)
    for deadline in deadlines:
        due = deadline.due.astimezone(UTC)
        title = event_title(deadline)
        lines = [
            f"{label('clock', deadline.kind)} ({label('type', deadline.complaint_type)})",
            _("Due {when} (platform time)").format(when=platform_text(deadline.due)),
        ]
        if deadline.kind in FILING_CLOCKS:
            lines.append(_("File it on the platform: {where}").format(where=_(where_to_file(deadline.complaint_type))))
        event = Event()
        event.add("uid", event_uid(deadline))
        event.add("dtstamp", stamp)
        event.add("dtstart", due)
        event.add("dtend", due + EVENT_LENGTH)
        event.add("summary", title)
        event.add("description", "\n".join(lines))
        event.add("categories", ["claimdesk"])
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", title)
        alarm.add("trigger", -ALARM_BEFORE)
        event.add_component(alarm)
        calendar.add_component(event)
    return bytes(calendar.to_ical())
