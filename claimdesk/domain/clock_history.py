"""When each clock of a parcel was shown, replayed from the records (for the calendar file).

A calendar that imported an earlier `.ics` keeps an event until a newer file cancels it, so the
file must still carry a clock that ended (a reply recorded, a complaint closed, a window missed
past its grace, the parcel archived) for a while, as cancelled. Which clocks ended, and when, is
read from the records alone: every event and retraction carries the instant it was recorded, and
an archived parcel the instant it was archived; replaying the record as it stood after each of
those changes gives the clocks shown in between. No "now" goes in: like parcel_clocks, this can
be computed once per record version.

What the records do not date (an edit of the parcel's own fields or status, a settings change)
cannot be replayed: its clocks are taken as they are now.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from claimdesk.domain.complaints import Complaint
from claimdesk.domain.deadlines import Clock, Deadline, leaves_at, parcel_clocks
from claimdesk.domain.parcels import ClockSubject, Service, Status
from claimdesk.domain.settings import Settings

_JUST_AFTER = timedelta(microseconds=1)


@dataclass(frozen=True, slots=True)
class Shown:
    """One clock over one stretch of time in which `due` listed it unchanged."""

    deadline: Deadline
    start: datetime | None  # first instant shown; None: from the start of the record
    end: datetime | None  # first instant no longer shown; None: shown for as long as the record stays
    changed: datetime | None  # when the record it comes from last changed; None: never since it was entered
    version: int  # how many dated changes the record had by then


@dataclass(frozen=True, slots=True)
class _Subject:
    """The parcel as it stood before it was archived (the clocks read only these fields)."""

    tracking: str
    service: Service
    status: Status
    created_at: datetime
    collected_at: datetime | None
    last_tracking_at: datetime | None
    archived_at: datetime | None


def record_changes(parcel: ClockSubject, complaints: Sequence[Complaint]) -> list[datetime]:
    """Every dated change of the parcel's record, earliest first, without repeats."""
    instants = {event.recorded_at for complaint in complaints for event in complaint.events}
    instants |= {event.retracted_at for complaint in complaints for event in complaint.events if event.retracted_at is not None}
    if parcel.archived_at is not None:
        instants.add(parcel.archived_at)
    return sorted(instants)


def complaints_as_of(complaints: Sequence[Complaint], at: datetime) -> list[Complaint]:
    """The complaints as recorded by `at`: later events left out, later retractions undone."""
    found = []
    for complaint in complaints:
        events = tuple(
            replace(event, retracted_at=None, retraction_reason="") if event.retracted_at is not None and event.retracted_at > at else event
            for event in complaint.events
            if event.recorded_at <= at
        )
        if events:
            found.append(replace(complaint, events=events))
    return found


def _parcel_as_of(parcel: ClockSubject, at: datetime | None) -> ClockSubject:
    if parcel.archived_at is None or (at is not None and parcel.archived_at <= at):
        return parcel
    return _Subject(parcel.tracking, parcel.service, parcel.status, parcel.created_at, parcel.collected_at, parcel.last_tracking_at, None)


def shown_history(parcel: ClockSubject, complaints: Sequence[Complaint], settings: Settings) -> list[Shown]:
    """Every stretch in which a clock of the parcel was shown (listed by `due`), replayed from
    the dated changes of its record; the last ones are today's record (parcel_clocks)."""
    changes = record_changes(parcel, complaints)
    states: list[tuple[datetime | None, datetime | None]] = []  # (from, to) of each record state
    previous: datetime | None = None
    for instant in changes:
        states.append((previous, instant))
        previous = instant
    states.append((previous, None))
    shown: list[Shown] = []
    for version, (start, stop) in enumerate(states):
        if start is None and stop is not None:
            record: Sequence[Complaint] = complaints_as_of(complaints, stop - _JUST_AFTER)
            subject = _parcel_as_of(parcel, stop - _JUST_AFTER)
        elif stop is None:
            record, subject = complaints, parcel
        else:
            assert start is not None
            record, subject = complaints_as_of(complaints, start), _parcel_as_of(parcel, start)
        for clock in parcel_clocks(subject, record, settings):
            stretch = _stretch(clock, start, stop, settings)
            if stretch is not None:
                shown.append(Shown(clock.deadline, stretch[0], stretch[1], start, version))
    return shown


def _stretch(
    clock: Clock, start: datetime | None, stop: datetime | None, settings: Settings
) -> tuple[datetime | None, datetime | None] | None:
    """The part of [start, stop) in which the clock is shown, or None when it is not."""
    first = _latest(start, clock.since)
    ends = [clock.until, stop]
    last = leaves_at(clock.deadline.kind, clock.deadline.due, settings)
    if last is not None:
        ends.append(last + _JUST_AFTER)
    end = min((instant for instant in ends if instant is not None), default=None)
    if first is not None and end is not None and end <= first:
        return None
    return first, end


def _latest(one: datetime | None, other: datetime | None) -> datetime | None:
    if one is None:
        return other
    if other is None:
        return one
    return max(one, other)
