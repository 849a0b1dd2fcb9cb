"""The live clocks of a parcel: what `claimdesk due` lists and the countdown panel shows."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from claimdesk.domain.complaint_types import TYPE_FOR_STATUS, ComplaintType, filing_window
from claimdesk.domain.complaints import (
    MAX_ATTEMPTS,
    Channel,
    Complaint,
    Stage,
    complaint_clocks,
    open_complaint,
    platform_attempts,
    stage,
)
from claimdesk.domain.parcels import Parcel, Service
from claimdesk.domain.settings import Settings
from claimdesk.i18n import N_


class ClockKind(StrEnum):
    FILING_WINDOW_OPENS = "filing-window-opens"
    FILING_WINDOW_CLOSES = "filing-window-closes"
    CHAMBER_REPLY = "chamber-reply"
    ESCALATION_WINDOW_CLOSES = "escalation-window-closes"
    INTERVENTION = "intervention"


WHAT_TO_DO = {
    ClockKind.FILING_WINDOW_OPENS: N_("the filing window opens: file the complaint then"),
    ClockKind.FILING_WINDOW_CLOSES: N_("file the complaint before the window closes"),
    ClockKind.CHAMBER_REPLY: N_("the chamber must reply by then; record its reply"),
    ClockKind.ESCALATION_WINDOW_CLOSES: N_("appeal online before the window closes"),
    ClockKind.INTERVENTION: N_("Cainiao should intervene by then; record it or chase"),
}


@dataclass(frozen=True, slots=True)
class Clock:
    tracking: str
    kind: ClockKind
    complaint_type: ComplaintType
    due: datetime

    def remaining_seconds(self, now: datetime) -> int:
        return int((self.due - now).total_seconds())


def parcel_clocks(
    parcel: Parcel, complaints: Sequence[Complaint], now: datetime, settings: Settings
) -> list[Clock]:
    """Every live clock of one parcel at `now`.

    With an open platform complaint: its lifecycle clocks. Without one, when the parcel's
    status calls for a complaint and an attempt is left: the filing window's clocks.
    Overdue clocks stay (negative remaining time) until the complaint moves on.
    """
    current = open_complaint(complaints, now, settings)
    if current is not None:
        if current.channel is not Channel.PLATFORM:
            return []
        return _complaint_clocks(current, now, settings)
    ctype = TYPE_FOR_STATUS.get(parcel.status)
    if ctype is None or parcel.service is Service.OFFLINE:
        return []
    if platform_attempts(complaints) >= MAX_ATTEMPTS:
        return []
    window = filing_window(parcel, ctype, settings)
    clocks = []
    if window.opens is not None and now < window.opens <= window.closes:
        clocks.append(Clock(parcel.tracking, ClockKind.FILING_WINDOW_OPENS, ctype, window.opens))
    clocks.append(Clock(parcel.tracking, ClockKind.FILING_WINDOW_CLOSES, ctype, window.closes))
    return clocks


def _complaint_clocks(complaint: Complaint, now: datetime, settings: Settings) -> list[Clock]:
    clocks = complaint_clocks(complaint, settings)
    current = stage(complaint, now, settings)
    ctype = complaint.complaint_type

    def clock(kind: ClockKind, due: datetime) -> Clock:
        return Clock(complaint.tracking, kind, ctype, due)

    if current is Stage.FILED:
        return [clock(ClockKind.CHAMBER_REPLY, clocks.chamber_reply_due)]
    if current is Stage.MAY_ESCALATE:
        return [clock(ClockKind.ESCALATION_WINDOW_CLOSES, clocks.escalation_closes)]
    if current is Stage.ESCALATED and clocks.intervention_due is not None:
        return [clock(ClockKind.INTERVENTION, clocks.intervention_due)]
    return []


def all_clocks(
    parcels: Sequence[tuple[Parcel, Sequence[Complaint]]], now: datetime, settings: Settings
) -> list[Clock]:
    """Every parcel's clocks, soonest first (overdue ones lead)."""
    clocks = [clock for parcel, complaints in parcels for clock in parcel_clocks(parcel, complaints, now, settings)]
    clocks.sort(key=lambda clock: (clock.due, clock.tracking, clock.kind))
    return clocks
