"""The live deadlines of a parcel: what `claimdesk due` lists and the countdown panel shows."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from claimdesk.domain.compensation import incident_for
from claimdesk.domain.complaint_types import TYPE_FOR_STATUS, ComplaintType, filing_window
from claimdesk.domain.complaints import (
    Channel,
    Complaint,
    EventKind,
    attempts_left,
    complaint_clocks,
    open_by_record,
    settles,
)
from claimdesk.domain.parcels import ClockSubject, Parcel, Service
from claimdesk.domain.settings import Settings
from claimdesk.labels import label

DAY_SECONDS = 86_400


class ClockKind(StrEnum):
    FILING_WINDOW_OPENS = "filing-window-opens"
    FILING_WINDOW_CLOSES = "filing-window-closes"
    CHAMBER_REPLY = "chamber-reply"
    ESCALATION_WINDOW_CLOSES = "escalation-window-closes"
    INTERVENTION = "intervention"
    FOLLOW_UP = "follow-up"  # a third-party claim: chase the carrier by then

    @property
    def can_be_missed(self) -> bool:
        """A window closing: after it nothing the seller can do on the platform changes anything."""
        return self in _MISSABLE

    @property
    def is_opening(self) -> bool:
        """An 'opens' clock counts down to a chance, not to a deadline: it is never overdue."""
        return self is _OPENS  # a module name: the enum's own attribute lookup costs 10x more


_OPENS = ClockKind.FILING_WINDOW_OPENS
_MISSABLE = frozenset({ClockKind.FILING_WINDOW_CLOSES, ClockKind.ESCALATION_WINDOW_CLOSES})


class Urgency(StrEnum):
    """How close a deadline is: the colour bands of the list, the detail and the countdown."""

    PENDING = "pending"  # a window that opens then: nothing to miss
    OK = "ok"  # more than 3 days left
    SOON = "soon"  # within 3 days
    URGENT = "urgent"  # within 24 hours
    OVERDUE = "overdue"  # passed

    @property
    def alerts(self) -> bool:
        """Crossing into this band is worth a notification."""
        return self in (Urgency.URGENT, Urgency.OVERDUE)


def urgency(kind: ClockKind, seconds: float) -> Urgency:
    """The band of a deadline with `seconds` left (from seconds_until)."""
    if kind.is_opening:
        return Urgency.PENDING
    if seconds < 0:
        return Urgency.OVERDUE
    if seconds <= DAY_SECONDS:
        return Urgency.URGENT
    if seconds <= 3 * DAY_SECONDS:
        return Urgency.SOON
    return Urgency.OK


def urgency_changes(kind: ClockKind, due: datetime) -> tuple[datetime, ...]:
    """The instants after which a deadline's band changes, earliest first.

    urgency(kind, seconds_until(due, t)) is the same for every t between two of them (each
    instant belongs to the interval before it): a ticking display re-checks a deadline only
    when a tick passes one of these, not every deadline every second. seconds_until rounds
    down, so "within 24 hours" starts one second before due - 24 h is passed.
    """
    if kind is _OPENS:
        return ()
    return (due - _SOON_STARTS, due - _URGENT_STARTS, due)


# urgency_changes' offsets, made once (it runs for every clock the countdown loads).
_SOON_STARTS = timedelta(seconds=3 * DAY_SECONDS + 1)
_URGENT_STARTS = timedelta(seconds=DAY_SECONDS + 1)


@dataclass(frozen=True, slots=True)
class Deadline:
    tracking: str
    kind: ClockKind
    complaint_type: ComplaintType
    due: datetime


@dataclass(frozen=True, slots=True)
class Clock:
    """A clock of a parcel and the span of time it counts in, computed from the records alone.

    No "now" goes in: a clock's instants depend only on the parcel, its complaints, the
    settings and the holiday calendar, so they can be computed once and kept. Which of them
    count at an instant, and which are missed, is read at that instant (deadlines_at).
    """

    deadline: Deadline
    since: datetime | None = None  # it counts from this instant on; None: from the start
    until: datetime | None = None  # the next clock replaces it at this instant; None: it stays

    def counts_at(self, now: datetime) -> bool:
        """Inside its span (a missed clock still counts: it is missed, not gone)."""
        return (self.since is None or now >= self.since) and (self.until is None or now < self.until)


# After an unused appeal window closes the complaint has expired: from the next instant the
# parcel's filing window counts again (the clock's resolution is the microsecond).
_JUST_AFTER = timedelta(microseconds=1)


def parcel_clocks(parcel: ClockSubject, complaints: Sequence[Complaint], settings: Settings) -> tuple[Clock, ...]:
    """Every clock of one parcel, each with the span it counts in; no "now" involved.

    With a complaint its record leaves open: its lifecycle clocks (the chamber's reply, then
    the appeal window; the intervention once escalated; a third-party claim's follow-up). An
    appeal window that closes unused ends the complaint: the filing window counts from then.
    Without one, when the parcel's status calls for a complaint, an attempt is left and no
    complaint for that incident ended compensated or resolved: the filing window's (none for a
    window that would open after it closes). An archived parcel has none.
    """
    if parcel.archived_at is not None:
        return ()  # set aside by the seller: nothing counts down
    current = open_by_record(complaints)
    since: datetime | None = None
    clocks: list[Clock] = []
    if current is not None:

        def deadline(kind: ClockKind, due: datetime) -> Deadline:
            return Deadline(parcel.tracking, kind, current.complaint_type, due)

        if current.channel is not Channel.PLATFORM:
            if current.follow_up_at is None:
                return ()
            return (Clock(deadline(ClockKind.FOLLOW_UP, current.follow_up_at)),)
        if current.last(EventKind.INTERVENED):
            return ()
        times = complaint_clocks(current, settings)
        if current.last(EventKind.ESCALATED):
            return (Clock(deadline(ClockKind.INTERVENTION, times.intervention_due)),) if times.intervention_due else ()
        clocks.append(Clock(deadline(ClockKind.CHAMBER_REPLY, times.chamber_reply_due), until=times.escalation_opens))
        clocks.append(Clock(deadline(ClockKind.ESCALATION_WINDOW_CLOSES, times.escalation_closes), since=times.escalation_opens))
        since = times.escalation_closes + _JUST_AFTER
    clocks += _filing_clocks(parcel, complaints, settings, since)
    return tuple(clocks)


def _filing_clocks(parcel: ClockSubject, complaints: Sequence[Complaint], settings: Settings, since: datetime | None) -> list[Clock]:
    ctype = TYPE_FOR_STATUS.get(parcel.status)
    if ctype is None or parcel.service is Service.OFFLINE or not attempts_left(complaints):
        return []
    if settled(complaints, ctype):
        return []
    window = filing_window(parcel, ctype, settings)
    if window.opens is None or window.opens > window.closes:
        return []  # it never opens: nothing to count down
    clocks = []
    if since is None or since < window.opens:
        clocks.append(Clock(Deadline(parcel.tracking, ClockKind.FILING_WINDOW_OPENS, ctype, window.opens), since, window.opens))
    clocks.append(Clock(Deadline(parcel.tracking, ClockKind.FILING_WINDOW_CLOSES, ctype, window.closes), since))
    return clocks


def is_missed(kind: ClockKind, due: datetime, now: datetime) -> bool:
    """docs/rules.md "Missed deadlines end": a window that closed (filing, appeal) is missed from the
    instant after it closes; nothing the seller can do on the platform changes that. The other
    clocks (the chamber's, Cainiao's, a follow-up) are someone to chase: they stay overdue."""
    return kind.can_be_missed and now > due


def leaves_at(kind: ClockKind, due: datetime, settings: Settings) -> datetime | None:
    """The last instant a missed clock is shown (as overdue): its instant + the grace period.
    None for a clock that is never missed."""
    return due + timedelta(days=settings.missed_grace_days) if kind.can_be_missed else None


def shown_at(deadline: Deadline, now: datetime, settings: Settings) -> bool:
    """Still in the countdown, `due` and the alerts: not missed, or missed within the grace."""
    last = leaves_at(deadline.kind, deadline.due, settings)
    return last is None or now <= last


def deadlines_at(clocks: Iterable[Clock], now: datetime, settings: Settings) -> list[Deadline]:
    """The clocks that count at `now` and are shown: what `due` and the countdowns list."""
    return [clock.deadline for clock in clocks if clock.counts_at(now) and shown_at(clock.deadline, now, settings)]


def missed_at(clocks: Iterable[Clock], now: datetime) -> list[Deadline]:
    """The clocks that count at `now` and are missed, grace or not: the parcel's page keeps them."""
    return [clock.deadline for clock in clocks if clock.counts_at(now) and is_missed(clock.deadline.kind, clock.deadline.due, now)]


def counting_deadlines(parcel: ClockSubject, complaints: Sequence[Complaint], now: datetime, settings: Settings) -> list[Deadline]:
    """The clocks of one parcel that count at `now`, missed ones included whatever their grace:
    what the clock cache keeps (every instant it turns at is in its inputs or its answer); the
    grace is applied on top, when read (shown_at)."""
    return [clock.deadline for clock in parcel_clocks(parcel, complaints, settings) if clock.counts_at(now)]


def parcel_deadlines(parcel: ClockSubject, complaints: Sequence[Complaint], now: datetime, settings: Settings) -> list[Deadline]:
    """Every live deadline of one parcel at `now` (parcel_clocks, read at `now`). An overdue
    deadline stays (negative remaining time) until the complaint moves on; a missed one only for
    the grace period."""
    return deadlines_at(parcel_clocks(parcel, complaints, settings), now, settings)


def next_change(deadlines: Iterable[Deadline], now: datetime, settings: Settings) -> datetime | None:
    """The next instant after `now` at which the live deadlines may change: one passes (a stage
    moves on, a window opens or closes) or a missed one leaves at the end of its grace."""
    later = []
    for deadline in deadlines:
        if deadline.due > now:
            later.append(deadline.due)
        last = leaves_at(deadline.kind, deadline.due, settings)
        if last is not None and last >= now:
            later.append(last + _JUST_AFTER)
    return min(later, default=None)


def settled(complaints: Sequence[Complaint], ctype: ComplaintType) -> bool:
    """A complaint for the same incident as `ctype` (the same type, when it has no incident)
    ended compensated or resolved: the parcel stops asking for one. A second attempt stays
    possible; the desk only stops counting down."""
    incident = incident_for(ctype)
    for complaint in complaints:
        same = incident_for(complaint.complaint_type) == incident if incident else complaint.complaint_type == ctype
        if same and settles(complaint):
            return True
    return False


def advice(deadline: Deadline, now: datetime) -> str:
    """What the seller does about a clock at `now`: only a step that can still be taken (a
    missed window says it closed, never "file before it closes")."""
    if is_missed(deadline.kind, deadline.due, now):
        return label("clock_missed", deadline.kind)
    return label("clock_advice", deadline.kind)


def soonest_first(deadlines: Iterable[Deadline]) -> list[Deadline]:
    """Soonest first (overdue ones lead); ties by tracking number, then kind."""
    return sorted(deadlines, key=lambda d: (d.due, d.tracking, d.kind))


def all_deadlines(parcels: Iterable[tuple[Parcel, Sequence[Complaint]]], now: datetime, settings: Settings) -> list[Deadline]:
    """Every parcel's deadlines, soonest first."""
    return soonest_first(d for parcel, complaints in parcels for d in parcel_deadlines(parcel, complaints, now, settings))
