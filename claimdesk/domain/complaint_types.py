"""Complaint types and their filing windows (RULES.md section 2)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from claimdesk.domain.instants import platform_time
from claimdesk.domain.parcels import ClockSubject, Status
from claimdesk.domain.settings import Settings
from claimdesk.i18n import N_


class ComplaintType(StrEnum):
    NOT_WAREHOUSED = "not-warehoused"
    LOSS = "loss"
    DAMAGE = "damage"
    PARTIAL_LOSS = "partial-loss"
    DELAY = "delay"
    FEE_DISPUTE = "fee-dispute"
    WEIGHT_DISCREPANCY = "weight-discrepancy"
    SIZE_DISCREPANCY = "size-discrepancy"
    OTHER = "other"


GROUPS = {
    ComplaintType.NOT_WAREHOUSED: "goods",
    ComplaintType.LOSS: "goods",
    ComplaintType.DAMAGE: "goods",
    ComplaintType.PARTIAL_LOSS: "goods",
    ComplaintType.DELAY: "timeliness",
    ComplaintType.FEE_DISPUTE: "fees",
    ComplaintType.WEIGHT_DISCREPANCY: "fees",
    ComplaintType.SIZE_DISCREPANCY: "fees",
    ComplaintType.OTHER: "other",
}

# Where the seller files on the platform (the desk has no access to the seller centre).
WHERE_TO_FILE = N_("Logistics → International Parcel Order → Transaction → Complaint")

# The complaint a parcel's status calls for (used for filing clocks and the wizard's default).
TYPE_FOR_STATUS = {
    Status.LOST: ComplaintType.LOSS,
    Status.DAMAGED: ComplaintType.DAMAGE,
    Status.PARTIALLY_LOST: ComplaintType.PARTIAL_LOSS,
    Status.DELAYED: ComplaintType.DELAY,
}

class Evidence(StrEnum):
    """What a seller can attach to a complaint (the words are labels.py's 'evidence' table)."""

    TRACKING = "tracking"  # the tracking number and the logistics order page
    HISTORY = "history"  # tracking history showing the problem
    BUYER = "buyer"  # the buyer's message or dispute
    PHOTOS = "photos"  # photos of the parcel and goods
    VALUE = "value"  # proof of value
    FEES = "fees"  # shipping fee receipt
    SCALE = "scale"  # scale or tape-measure photos


# Which evidence applies to which complaint type: a loss has no damage photos or scale photos,
# a fee dispute no buyer message. The wizard offers these, in this order.
EVIDENCE_FOR_TYPE: dict[ComplaintType, tuple[Evidence, ...]] = {
    ComplaintType.NOT_WAREHOUSED: (Evidence.TRACKING, Evidence.HISTORY),
    ComplaintType.LOSS: (Evidence.TRACKING, Evidence.HISTORY, Evidence.BUYER, Evidence.VALUE),
    ComplaintType.DAMAGE: (Evidence.TRACKING, Evidence.BUYER, Evidence.PHOTOS, Evidence.VALUE),
    ComplaintType.PARTIAL_LOSS: (Evidence.TRACKING, Evidence.BUYER, Evidence.PHOTOS, Evidence.VALUE),
    ComplaintType.DELAY: (Evidence.TRACKING, Evidence.HISTORY, Evidence.BUYER),
    ComplaintType.FEE_DISPUTE: (Evidence.TRACKING, Evidence.FEES),
    ComplaintType.WEIGHT_DISCREPANCY: (Evidence.TRACKING, Evidence.FEES, Evidence.SCALE),
    ComplaintType.SIZE_DISCREPANCY: (Evidence.TRACKING, Evidence.FEES, Evidence.SCALE),
    ComplaintType.OTHER: tuple(Evidence),
}


class WindowState(StrEnum):
    OPEN = "open"
    NOT_OPEN_YET = "not-open-yet"
    CLOSED = "closed"
    NEVER = "never"  # no anchor, or it would open after it closes


@dataclass(frozen=True, slots=True)
class FilingWindow:
    """When a complaint type may be filed. `opens` is None when it can never open (no anchor)."""

    complaint_type: ComplaintType
    opens: datetime | None
    closes: datetime
    why_not: str = ""  # set when the window can never open (English; shown through _())

    def state(self, at: datetime) -> WindowState:
        """The window's state at an instant; both ends are inside the window."""
        if self.opens is None or self.opens > self.closes:
            return WindowState.NEVER
        if at < self.opens:
            return WindowState.NOT_OPEN_YET
        if at > self.closes:
            return WindowState.CLOSED
        return WindowState.OPEN

    def is_open(self, at: datetime) -> bool:
        return self.state(at) is WindowState.OPEN


def window_anchor(parcel: ClockSubject, ctype: ComplaintType) -> tuple[datetime | None, str]:
    """The instant a type's opening delay counts from, and why there is none."""
    if ctype is ComplaintType.NOT_WAREHOUSED:
        if parcel.collected_at is None:
            return None, N_("record when the carrier collected the parcel first")
        return parcel.collected_at, ""
    if ctype is ComplaintType.LOSS:
        return parcel.last_tracking_at or parcel.created_at, ""
    return parcel.created_at, ""


def filing_window(parcel: ClockSubject, ctype: ComplaintType, settings: Settings) -> FilingWindow:
    """Every window closes N natural days (Shanghai calendar) after the order was created."""
    closes = platform_time(parcel.created_at) + timedelta(days=settings.filing_window_days)
    anchor, why_not = window_anchor(parcel, ctype)
    if anchor is None:
        return FilingWindow(ctype, None, closes, why_not)
    opens = platform_time(anchor) + timedelta(hours=settings.window_opens_hours[ctype.value])
    if opens > closes:
        why_not = N_("it would open after every window has closed")
    return FilingWindow(ctype, opens, closes, why_not)


def filing_windows(parcel: ClockSubject, settings: Settings) -> list[FilingWindow]:
    return [filing_window(parcel, ctype, settings) for ctype in ComplaintType]
