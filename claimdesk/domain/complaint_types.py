"""Complaint types, each declared once and completely, and their filing windows (docs/rules.md
section 2).

A type is one `TypeSpec` in `TYPE_SPECS`: its group, what its window's opening counts from and
the default delay (the seller's setting), the evidence the wizard offers, the cases in which
nothing is paid, where to file it on the platform, and the incident the calculator prices. Every
part is required, and `check_type_specs` runs at import: a type that forgets one, or whose
shown words are missing from `labels.py`, stops the desk from starting with a message naming the
type and the part.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import TYPE_CHECKING

from claimdesk.domain.instants import platform_time
from claimdesk.domain.parcels import ClockSubject, Status
from claimdesk.i18n import N_
from claimdesk.labels import TABLES

if TYPE_CHECKING:  # the settings' defaults are read from TYPE_SPECS: settings.py imports this module
    from claimdesk.domain.settings import Settings


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


class Group(StrEnum):
    """The platform's complaint groups (labels.py's 'group' table)."""

    GOODS = "goods"
    TIMELINESS = "timeliness"
    FEES = "fees"
    OTHER = "other"


class Anchor(StrEnum):
    """What a type's opening delay counts from."""

    CREATED = "created"  # the logistics order's creation
    COLLECTED = "collected"  # the carrier's collection: no window until it is recorded
    LAST_TRACKING = "last-tracking"  # the last tracking update, or the creation if tracking never updated


class Evidence(StrEnum):
    """What a seller can attach to a complaint (the words are labels.py's 'evidence' table)."""

    TRACKING = "tracking"  # the tracking number and the logistics order page
    HISTORY = "history"  # tracking history showing the problem
    BUYER = "buyer"  # the buyer's message or dispute
    PHOTOS = "photos"  # photos of the parcel and goods
    VALUE = "value"  # proof of value
    FEES = "fees"  # shipping fee receipt
    SCALE = "scale"  # scale or tape-measure photos


class NotPaid(StrEnum):
    """Cases in which no compensation is paid (labels.py's 'not_paid' table); the wizard shows a
    type's cases as a checklist before filing."""

    FORCE_MAJEURE = "force"
    CUSTOMS = "customs"
    SENDER = "sender"
    SIGNED = "signed"
    INQUIRY = "inquiry"


class Incident(StrEnum):
    """What the compensation calculator prices (domain/compensation.py)."""

    DELAY = "delay"
    LOSS = "loss"
    DAMAGE = "damage"
    PARTIAL_LOSS = "partial-loss"


# Where the seller files on the platform (the desk has no access to the seller centre).
WHERE_TO_FILE = N_("Logistics → International Parcel Order → Transaction → Complaint")


@dataclass(frozen=True, slots=True, kw_only=True)
class TypeSpec:
    """Everything the desk knows about one complaint type; every part is required."""

    group: Group
    anchor: Anchor  # what the window's opening counts from
    opens_hours: int  # the default delay after the anchor (the seller's setting `window_opens_hours`)
    evidence: tuple[Evidence, ...]  # what the wizard offers, in this order
    not_paid: tuple[NotPaid, ...]  # the checklist the wizard shows before filing
    where_to_file: str  # the place on the platform, marked with N_ (translated when shown)
    incident: Incident | None  # what the calculator prices; None: no goods compensation rule


TYPE_SPECS: dict[ComplaintType, TypeSpec] = {
    ComplaintType.NOT_WAREHOUSED: TypeSpec(
        group=Group.GOODS,
        anchor=Anchor.COLLECTED,
        opens_hours=48,
        evidence=(Evidence.TRACKING, Evidence.HISTORY),
        not_paid=tuple(NotPaid),
        where_to_file=WHERE_TO_FILE,
        incident=Incident.LOSS,
    ),
    ComplaintType.LOSS: TypeSpec(
        group=Group.GOODS,
        anchor=Anchor.LAST_TRACKING,
        opens_hours=10 * 24,
        evidence=(Evidence.TRACKING, Evidence.HISTORY, Evidence.BUYER, Evidence.VALUE),
        not_paid=tuple(NotPaid),
        where_to_file=WHERE_TO_FILE,
        incident=Incident.LOSS,
    ),
    ComplaintType.DAMAGE: TypeSpec(
        group=Group.GOODS,
        anchor=Anchor.CREATED,
        opens_hours=0,
        evidence=(Evidence.TRACKING, Evidence.BUYER, Evidence.PHOTOS, Evidence.VALUE),
        not_paid=tuple(NotPaid),
        where_to_file=WHERE_TO_FILE,
        incident=Incident.DAMAGE,
    ),
    ComplaintType.PARTIAL_LOSS: TypeSpec(
        group=Group.GOODS,
        anchor=Anchor.CREATED,
        opens_hours=0,
        evidence=(Evidence.TRACKING, Evidence.BUYER, Evidence.PHOTOS, Evidence.VALUE),
        not_paid=tuple(NotPaid),
        where_to_file=WHERE_TO_FILE,
        incident=Incident.PARTIAL_LOSS,
    ),
    ComplaintType.DELAY: TypeSpec(
        group=Group.TIMELINESS,
        anchor=Anchor.CREATED,
        opens_hours=30 * 24,
        evidence=(Evidence.TRACKING, Evidence.HISTORY, Evidence.BUYER),
        not_paid=tuple(NotPaid),
        where_to_file=WHERE_TO_FILE,
        incident=Incident.DELAY,
    ),
    ComplaintType.FEE_DISPUTE: TypeSpec(
        group=Group.FEES,
        anchor=Anchor.CREATED,
        opens_hours=0,
        evidence=(Evidence.TRACKING, Evidence.FEES),
        not_paid=tuple(NotPaid),
        where_to_file=WHERE_TO_FILE,
        incident=None,
    ),
    ComplaintType.WEIGHT_DISCREPANCY: TypeSpec(
        group=Group.FEES,
        anchor=Anchor.CREATED,
        opens_hours=0,
        evidence=(Evidence.TRACKING, Evidence.FEES, Evidence.SCALE),
        not_paid=tuple(NotPaid),
        where_to_file=WHERE_TO_FILE,
        incident=None,
    ),
    ComplaintType.SIZE_DISCREPANCY: TypeSpec(
        group=Group.FEES,
        anchor=Anchor.CREATED,
        opens_hours=0,
        evidence=(Evidence.TRACKING, Evidence.FEES, Evidence.SCALE),
        not_paid=tuple(NotPaid),
        where_to_file=WHERE_TO_FILE,
        incident=None,
    ),
    ComplaintType.OTHER: TypeSpec(
        group=Group.OTHER,
        anchor=Anchor.CREATED,
        opens_hours=0,
        evidence=tuple(Evidence),
        not_paid=tuple(NotPaid),
        where_to_file=WHERE_TO_FILE,
        incident=None,
    ),
}


class IncompleteTypeSpec(Exception):
    """A complaint type declared without one of its parts (a maintainer's mistake, found at import)."""


def check_type_specs(specs: dict[ComplaintType, TypeSpec], tables: dict[str, tuple[str, dict[str, str]]]) -> None:
    """Every complaint type has a spec, and every value a spec names has its shown words in
    labels.py (`tables`); raises IncompleteTypeSpec naming the type and the missing part."""
    where = "domain/complaint_types.py TYPE_SPECS"
    for ctype in ComplaintType:
        spec = specs.get(ctype)
        if spec is None:
            raise IncompleteTypeSpec(f"complaint type {ctype.value!r} has no TypeSpec in {where}")
        if not isinstance(spec.opens_hours, int) or spec.opens_hours < 0:
            raise IncompleteTypeSpec(f"complaint type {ctype.value!r}: opens_hours must be 0 or more hours ({where})")
        if not spec.evidence:
            raise IncompleteTypeSpec(f"complaint type {ctype.value!r}: no evidence items for the wizard to offer ({where})")
        if not spec.where_to_file.strip():
            raise IncompleteTypeSpec(f"complaint type {ctype.value!r}: no where_to_file wording ({where})")
        shown = [("type", ctype.value), ("type_description", ctype.value), ("group", spec.group.value)]
        shown += [("evidence", item.value) for item in spec.evidence]
        shown += [("not_paid", case.value) for case in spec.not_paid]
        if spec.incident is not None:
            shown.append(("incident", spec.incident.value))
        for kind, value in shown:
            if value not in tables[kind][1]:
                raise IncompleteTypeSpec(f"complaint type {ctype.value!r}: {value!r} has no words in labels.py TABLES[{kind!r}]")


check_type_specs(TYPE_SPECS, TABLES)

# Read from the specs, for the callers that want one part of every type.
GROUPS = {ctype: spec.group for ctype, spec in TYPE_SPECS.items()}
EVIDENCE_FOR_TYPE = {ctype: spec.evidence for ctype, spec in TYPE_SPECS.items()}


def where_to_file(ctype: ComplaintType) -> str:
    """Where a type is filed on the platform (marked with N_: show it through _())."""
    return TYPE_SPECS[ctype].where_to_file


# The complaint a parcel's status calls for (used for filing clocks and the wizard's default).
TYPE_FOR_STATUS = {
    Status.LOST: ComplaintType.LOSS,
    Status.DAMAGED: ComplaintType.DAMAGE,
    Status.PARTIALLY_LOST: ComplaintType.PARTIAL_LOSS,
    Status.DELAYED: ComplaintType.DELAY,
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
    """The instant a type's opening delay counts from (its spec's anchor), and why there is none."""
    anchor = TYPE_SPECS[ctype].anchor
    if anchor is Anchor.COLLECTED:
        if parcel.collected_at is None:
            return None, N_("record when the carrier collected the parcel first")
        return parcel.collected_at, ""
    if anchor is Anchor.LAST_TRACKING:
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


def why_none_open(windows: list[FilingWindow], at: datetime) -> str | None:
    """Why no complaint type can be filed at `at` (every window closed: missed; or none open
    yet), or None when one can. The wizard is not opened on a parcel with no open type."""
    from claimdesk.domain.instants import platform_text
    from claimdesk.i18n import _

    states = [window.state(at) for window in windows]
    if WindowState.OPEN in states:
        return None
    closes = min(window.closes for window in windows) if windows else None
    if closes is not None and WindowState.CLOSED in states and WindowState.NOT_OPEN_YET not in states:
        return _("every filing window closed {closes}: missed, no complaint can be filed on this parcel").format(
            closes=platform_text(closes)
        )
    later = [window.opens for window, state in zip(windows, states, strict=True) if state is WindowState.NOT_OPEN_YET and window.opens]
    if later:
        return _("no filing window is open yet: the first opens {opens}").format(opens=platform_text(min(later)))
    return _("no filing window can open for this parcel")
