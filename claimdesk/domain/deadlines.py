"""The live deadlines of a parcel: what `claimdesk due` lists and the countdown panel shows."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from claimdesk.domain.compensation import incident_for
from claimdesk.domain.complaint_types import TYPE_FOR_STATUS, ComplaintType, WindowState, filing_window
from claimdesk.domain.complaints import (
    Channel,
    Complaint,
    Stage,
    attempts_left,
    complaint_clocks,
    open_complaint,
    settles,
    stage,
)
from claimdesk.domain.parcels import ClockSubject, Parcel, Service
from claimdesk.domain.settings import Settings

DAY_SECONDS = 86_400


class ClockKind(StrEnum):
    FILING_WINDOW_OPENS = "filing-window-opens"
    FILING_WINDOW_CLOSES = "filing-window-closes"
    CHAMBER_REPLY = "chamber-reply"
    ESCALATION_WINDOW_CLOSES = "escalation-window-closes"
    INTERVENTION = "intervention"
    FOLLOW_UP = "follow-up"  # a third-party claim: chase the carrier by then

    @property
    def is_opening(self) -> bool:
        """An 'opens' clock counts down to a chance, not to a deadline: it is never overdue."""
        return self is _OPENS  # a module name: the enum's own attribute lookup costs 10x more


_OPENS = ClockKind.FILING_WINDOW_OPENS


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


def parcel_deadlines(
    parcel: ClockSubject, complaints: Sequence[Complaint], now: datetime, settings: Settings
) -> list[Deadline]:
    """Every live deadline of one parcel at `now`.

    With an open platform complaint: its lifecycle deadlines; with an open third-party claim: its
    follow-up. Without one, when the parcel's status calls for a complaint, an attempt is left
    and no complaint for that incident already ended compensated or resolved: the filing
    window's (none for a window that would open after it closes). Overdue deadlines stay
    (negative remaining time) until the complaint moves on. An archived parcel has none.
    """
    if parcel.archived_at is not None:
        return []  # set aside by the seller: nothing counts down
    current = open_complaint(complaints, now, settings)
    if current is not None:
        if current.channel is not Channel.PLATFORM:
            if current.follow_up_at is None:
                return []
            return [Deadline(parcel.tracking, ClockKind.FOLLOW_UP, current.complaint_type, current.follow_up_at)]
        return _complaint_deadlines(current, now, settings)
    ctype = TYPE_FOR_STATUS.get(parcel.status)
    if ctype is None or parcel.service is Service.OFFLINE or not attempts_left(complaints):
        return []
    if settled(complaints, ctype):
        return []
    window = filing_window(parcel, ctype, settings)
    if window.state(now) is WindowState.NEVER:
        return []
    deadlines = []
    if window.opens is not None and now < window.opens:
        deadlines.append(Deadline(parcel.tracking, ClockKind.FILING_WINDOW_OPENS, ctype, window.opens))
    deadlines.append(Deadline(parcel.tracking, ClockKind.FILING_WINDOW_CLOSES, ctype, window.closes))
    return deadlines


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


def _complaint_deadlines(complaint: Complaint, now: datetime, settings: Settings) -> list[Deadline]:
    clocks = complaint_clocks(complaint, settings)
    current = stage(complaint, now, settings)

    def deadline(kind: ClockKind, due: datetime) -> Deadline:
        return Deadline(complaint.tracking, kind, complaint.complaint_type, due)

    if current is Stage.FILED:
        return [deadline(ClockKind.CHAMBER_REPLY, clocks.chamber_reply_due)]
    if current is Stage.MAY_ESCALATE:
        return [deadline(ClockKind.ESCALATION_WINDOW_CLOSES, clocks.escalation_closes)]
    if current is Stage.ESCALATED and clocks.intervention_due is not None:
        return [deadline(ClockKind.INTERVENTION, clocks.intervention_due)]
    return []


def soonest_first(deadlines: Iterable[Deadline]) -> list[Deadline]:
    """Soonest first (overdue ones lead); ties by tracking number, then kind."""
    return sorted(deadlines, key=lambda d: (d.due, d.tracking, d.kind))


def all_deadlines(
    parcels: Iterable[tuple[Parcel, Sequence[Complaint]]], now: datetime, settings: Settings
) -> list[Deadline]:
    """Every parcel's deadlines, soonest first."""
    return soonest_first(d for parcel, complaints in parcels for d in parcel_deadlines(parcel, complaints, now, settings))
