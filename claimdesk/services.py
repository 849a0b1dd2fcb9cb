"""Use cases shared by the app and the command line.

Each use case that writes runs in one repository transaction: the lock is held from the
read through the rule checks to the write, so the rules see the latest data and a refused
action writes nothing.
"""

from __future__ import annotations

import gc
import threading
import uuid
from collections.abc import Container, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from claimdesk.clock import Clock, SystemClock
from claimdesk.domain.complaint_types import (
    DESCRIPTIONS,
    GROUPS,
    INCIDENT_FOR_TYPE,
    TYPE_FOR_STATUS,
    ComplaintType,
    FilingWindow,
    filing_window,
)
from claimdesk.domain import complaints as lifecycle
from claimdesk.domain.complaints import (
    Channel,
    Complaint,
    EventKind,
    Outcome,
    ParcelClaimState,
    Stage,
    claim_state,
    complaint_clocks,
)
from claimdesk.domain.compensation import Compensation, CompensationInput, Incident, calculate
from claimdesk.domain.deadlines import Clock as DeadlineClock
from claimdesk.domain.deadlines import ClockKind, parcel_clocks
from claimdesk.domain.errors import NotFoundError, RuleError, ValidationError
from claimdesk.domain.instants import iso
from claimdesk.domain.parcels import _stored_instant
from claimdesk.domain.parcels import (
    ItemKind,
    Parcel,
    Service,
    Status,
    clean_text,
    parcel_from_fields,
    parse_choice,
)
from claimdesk.domain.settings import Settings
from claimdesk.domain.tracking import normalise
from claimdesk.i18n import _
from claimdesk.store.repository import Repository

# Statuses whose parcels may have filing clocks: the only ones `due` has to look at
# besides parcels that have complaints.
_CLOCK_STATUSES = frozenset(status.value for status in TYPE_FOR_STATUS)
_PLATFORM = Channel.PLATFORM

_gc_lock = threading.Lock()
_gc_pauses = 0
_gc_was_enabled = False


@contextmanager
def gc_paused() -> Iterator[None]:
    """No cyclic garbage collection while a bulk load builds 100,000s of long-lived objects.

    Each full collection walks every live object (~150 ms at 100k parcels) and the growing heap
    triggers several during a load: about half a second of a 100k start-up. Nothing collectable
    is made here (records, rows, clocks hold no cycles); reference counting still frees as usual.
    Nested and concurrent pauses are counted; collection resumes when the last one ends.
    """
    global _gc_pauses, _gc_was_enabled
    with _gc_lock:
        if _gc_pauses == 0:
            _gc_was_enabled = gc.isenabled()
            gc.disable()
        _gc_pauses += 1
    try:
        yield
    finally:
        with _gc_lock:
            _gc_pauses -= 1
            if _gc_pauses == 0 and _gc_was_enabled:
                gc.enable()


def _remaining_seconds(due: datetime, now: datetime) -> int:
    """Clock.remaining_seconds(now): int((due - now).total_seconds()), with datetime's own
    subtraction (pendulum's builds an Interval: ~40 us, most of `due` at 20,000 clocks)."""
    return int(datetime.__sub__(due, now).total_seconds())


@dataclass(frozen=True, slots=True)
class DueClock:
    """A clock as `claimdesk due` and the countdown panel show it."""

    tracking: str
    clock: ClockKind
    complaint_type: ComplaintType
    due: datetime
    remaining_seconds: int

    def to_json(self) -> dict[str, Any]:
        return {
            "tracking": self.tracking,
            "clock": self.clock.value,
            "complaint_type": self.complaint_type.value,
            "due": _stored_instant(self.due),  # iso(self.due), without pendulum where that is safe
            "remaining_seconds": self.remaining_seconds,
        }


@dataclass(frozen=True, slots=True)
class TypeOption:
    """One complaint type as the wizard offers it: its window and whether it can be chosen now."""

    complaint_type: ComplaintType
    group: str
    description: str
    window: FilingWindow
    state: str  # open / not-open-yet / closed / never
    seconds_to_open: int | None
    seconds_to_close: int

    @property
    def can_file(self) -> bool:
        return self.state == "open"


@dataclass(frozen=True, slots=True)
class ParcelRow:
    """What the parcel list shows for one parcel; cheap to build for 100,000."""

    tracking: str
    order: str
    service: str
    destination: str
    status: str
    carrier: str
    created_at: str  # ISO, sorts as text
    attempts: int


@dataclass(frozen=True, slots=True)
class ParcelDetail:
    parcel: Parcel
    state: ParcelClaimState
    clocks: tuple[DueClock, ...]
    expected: Compensation | None
    incident: Incident | None
    age_days: int


def new_id() -> str:
    return uuid.uuid4().hex[:12]


class Desk:
    def __init__(self, repo: Repository, clock: Clock | None = None) -> None:
        self.repo = repo
        self.clock = clock or SystemClock()

    @classmethod
    def open(cls, path: str | Path, clock: Clock | None = None) -> Desk:
        desk = cls(Repository(path), clock)
        with gc_paused():
            desk.repo.refresh()  # a damaged file is reported now, before any screen is drawn
        return desk

    def now(self) -> datetime:
        return self.clock.now()

    @property
    def settings(self) -> Settings:
        return self.repo.settings()

    def update_settings(self, **changes: Any) -> Settings:
        with self.repo.transaction():
            updated = self.repo.settings().with_changes(**changes)
            self.repo.save_settings(updated)
        return updated

    # ------------------------------------------------------------------ parcels

    def parcel(self, tracking: str) -> Parcel:
        return self.repo.parcel(normalise(tracking))

    def add_parcel(self, fields: Mapping[str, Any]) -> Parcel:
        parcel = parcel_from_fields(fields)
        with self.repo.transaction():
            if self.repo.has_parcel(parcel.tracking):
                raise ValidationError("tracking", _("{tracking} is already on the desk").format(tracking=parcel.tracking))
            self.repo.add_parcels([parcel])
        return parcel

    def edit_parcel(self, tracking: str, fields: Mapping[str, Any]) -> Parcel:
        """Replace a parcel's fields; the tracking number is its key and cannot change."""
        tracking = normalise(tracking)
        updated = parcel_from_fields({**fields, "tracking": fields.get("tracking", tracking)})
        if updated.tracking != tracking:
            raise ValidationError("tracking", _("the tracking number identifies the parcel: it cannot change"))
        with self.repo.transaction():
            self.repo.parcel(tracking)
            self.repo.update_parcel(updated)
        return updated

    def set_status(self, tracking: str, status: str, last_tracking: datetime | None = None) -> Parcel:
        new_status = parse_choice(Status, status, "status")
        with self.repo.transaction():
            parcel = self.parcel(tracking)
            if last_tracking is not None and last_tracking < parcel.created_at:
                raise ValidationError("last_tracking_at", _("cannot be before the logistics order was created"))
            updated = parcel.with_changes(
                status=new_status, last_tracking_at=last_tracking or parcel.last_tracking_at
            )
            self.repo.update_parcel(updated)
        return updated

    def rows(self) -> list[ParcelRow]:
        by_tracking = self.repo.complaints_by_tracking()
        records = self.repo.parcel_records()
        row, platform = ParcelRow, _PLATFORM
        with gc_paused():
            rows = []
            append = rows.append
            for tracking, (_doc_id, record) in records.items():
                items = by_tracking.get(tracking)
                attempts = sum(1 for _, c in items if c.channel is platform) if items else 0
                get = record.get
                append(
                    row(
                        tracking,
                        record["order"],
                        record["service"],
                        get("destination") or "",
                        record["status"],
                        get("carrier") or "",
                        record["created_at"],
                        attempts,
                    )
                )
        return rows

    # ------------------------------------------------------------------ complaints

    def claim_state(self, tracking: str) -> ParcelClaimState:
        parcel = self.parcel(tracking)
        return claim_state(self.repo.complaints(parcel.tracking), self.now(), self.settings)

    def filing_options(self, tracking: str, at: datetime | None = None) -> list[TypeOption]:
        parcel = self.parcel(tracking)
        at = at or self.now()
        options = []
        for ctype in ComplaintType:
            window = filing_window(parcel, ctype, self.settings)
            options.append(
                TypeOption(
                    ctype,
                    GROUPS[ctype],
                    DESCRIPTIONS[ctype],
                    window,
                    window.state(at),
                    int((window.opens - at).total_seconds()) if window.opens else None,
                    int((window.closes - at).total_seconds()),
                )
            )
        return options

    def check_can_file(self, tracking: str, ctype: ComplaintType | str, at: datetime | None = None) -> int:
        """The attempt number filing would use, or RuleError: lets the wizard refuse early."""
        parcel = self.parcel(tracking)
        ctype = parse_choice(ComplaintType, str(ctype), "type")
        return lifecycle.check_can_file(
            parcel, self.repo.complaints(parcel.tracking), ctype, at or self.now(), self.settings
        )

    def file_complaint(
        self,
        tracking: str,
        ctype: ComplaintType | str,
        at: datetime | None = None,
        *,
        note: str = "",
        evidence: Sequence[str] = (),
        claimed: Decimal | None = None,
    ) -> Complaint:
        complaint_type = parse_choice(ComplaintType, str(ctype), "type")
        note = clean_text(note, "note", max_length=2000)
        evidence = [clean_text(item, "evidence", max_length=500) for item in evidence if item.strip()]
        recorded = self.now()
        with self.repo.transaction():
            parcel = self.parcel(tracking)
            complaint = lifecycle.new_complaint(
                new_id(),
                parcel,
                self.repo.complaints(parcel.tracking),
                complaint_type,
                at or recorded,
                recorded,
                self.settings,
                note=note,
                evidence=evidence,
                claimed=claimed,
            )
            self.repo.add_complaint(complaint)
        return complaint

    def record_third_party_claim(
        self,
        tracking: str,
        contact: str,
        follow_up_at: datetime | None = None,
        at: datetime | None = None,
        note: str = "",
    ) -> Complaint:
        contact = clean_text(contact, "contact", max_length=200)
        if not contact:
            raise ValidationError("contact", _("name the third-party carrier or person you contacted"))
        note = clean_text(note, "note", max_length=2000)
        recorded = self.now()
        with self.repo.transaction():
            parcel = self.parcel(tracking)
            claim = lifecycle.new_third_party_claim(
                new_id(),
                parcel,
                self.repo.complaints(parcel.tracking),
                at or recorded,
                recorded,
                self.settings,
                contact=contact,
                follow_up_at=follow_up_at,
                note=note,
                ctype=TYPE_FOR_STATUS.get(parcel.status, ComplaintType.LOSS),
            )
            self.repo.add_complaint(claim)
        return claim

    def _latest(self, tracking: str) -> Complaint:
        parcel = self.parcel(tracking)
        complaints = self.repo.complaints(parcel.tracking)
        if not complaints:
            raise RuleError(_("{tracking} has no complaint: file one first").format(tracking=parcel.tracking))
        return complaints[-1]

    def _progress(self, tracking: str, step: Any, at: datetime | None, **kwargs: Any) -> Complaint:
        recorded = self.now()
        with self.repo.transaction():
            complaint = self._latest(tracking)
            updated = step(complaint, at=at or recorded, recorded_at=recorded, settings=self.settings, **kwargs)
            self.repo.save_complaint(updated)
        return updated

    def record_reply(self, tracking: str, agreed: bool, at: datetime | None = None) -> Complaint:
        return self._progress(tracking, lifecycle.record_reply, at, agreed=agreed)

    def escalate(self, tracking: str, at: datetime | None = None) -> Complaint:
        return self._progress(tracking, lifecycle.escalate, at)

    def record_intervention(self, tracking: str, at: datetime | None = None) -> Complaint:
        return self._progress(tracking, lifecycle.record_intervention, at)

    def close_complaint(
        self,
        tracking: str,
        outcome: Outcome | str,
        *,
        claimed: Decimal | None = None,
        received: Decimal | None = None,
        at: datetime | None = None,
    ) -> Complaint:
        result = parse_choice(Outcome, str(outcome), "outcome")
        return self._progress(tracking, lifecycle.close, at, outcome=result, claimed=claimed, received=received)

    def stage(self, complaint: Complaint) -> Stage:
        return lifecycle.stage(complaint, self.now(), self.settings)

    # ------------------------------------------------------------------ clocks

    def due(self, within: timedelta | None = None, now: datetime | None = None) -> list[DueClock]:
        """Every live clock, soonest first; `within` keeps those due by then (overdue included)."""
        now = now or self.now()
        settings = self.settings
        records = self.repo.parcel_records()  # refreshed once: the lookups below need not
        by_tracking = self.repo.complaints_by_tracking()
        candidates = set(by_tracking)
        candidates.update(t for t, (_, r) in records.items() if r["status"] in _CLOCK_STATUSES)
        clocks: list[DeadlineClock] = []
        parcel = self.repo.parcel
        no_complaints: list[tuple[int, Any]] = []
        with gc_paused():
            for tracking in candidates:
                if tracking not in records:
                    continue
                complaints = [complaint for _, complaint in by_tracking.get(tracking, no_complaints)]
                clocks.extend(parcel_clocks(parcel(tracking, refresh=False), complaints, now, settings))
            limit = now + within if within is not None else None
            result = [
                DueClock(c.tracking, c.kind, c.complaint_type, c.due, _remaining_seconds(c.due, now))
                for c in clocks
                if limit is None or c.due <= limit
            ]
            result.sort(key=lambda c: (c.due, c.tracking, c.clock))
        return result

    def clocks_for(self, tracking: str) -> list[DueClock]:
        parcel = self.parcel(tracking)
        now = self.now()
        return [
            DueClock(c.tracking, c.kind, c.complaint_type, c.due, c.remaining_seconds(now))
            for c in parcel_clocks(parcel, self.repo.complaints(parcel.tracking), now, self.settings)
        ]

    def complaint_clocks(self, complaint: Complaint) -> lifecycle.ComplaintClocks:
        return complaint_clocks(complaint, self.settings)

    # ------------------------------------------------------------------ compensation

    def calculate(self, given: CompensationInput) -> Compensation:
        return calculate(given)

    def default_incident(self, parcel: Parcel) -> Incident:
        ctype = TYPE_FOR_STATUS.get(parcel.status, ComplaintType.LOSS)
        return Incident(INCIDENT_FOR_TYPE.get(ctype, "loss"))

    def compensation_input(
        self, parcel: Parcel, incident: Incident | None = None, actual_loss: Decimal | None = None
    ) -> CompensationInput:
        return CompensationInput(
            service=parcel.service,
            incident=incident or self.default_incident(parcel),
            item=parcel.item,
            weight=parcel.weight,
            shipping_fee=parcel.shipping_fee,
            declared_value=parcel.declared_value,
            actual_loss=actual_loss,
            inquiry_fee=parcel.inquiry_fee,
            multiplier=self.settings.multiplier_for(parcel.carrier),
        )

    def expected_compensation(
        self, parcel: Parcel, incident: Incident | None = None, actual_loss: Decimal | None = None
    ) -> Compensation | None:
        """The calculator's figure for a parcel, or None when it needs an input the parcel lacks."""
        given = self.compensation_input(parcel, incident, actual_loss)
        if given.item is ItemKind.DECLARED and given.incident in (Incident.DAMAGE, Incident.PARTIAL_LOSS) and actual_loss is None:
            # Damage is paid on the actual loss, which only the seller knows: assume the worst case.
            given = self.compensation_input(parcel, incident, parcel.declared_value)
        try:
            return calculate(given)
        except ValidationError:
            return None

    def incident_for(self, ctype: ComplaintType) -> Incident | None:
        incident = INCIDENT_FOR_TYPE.get(ctype)
        return Incident(incident) if incident else None

    # ------------------------------------------------------------------ detail

    def detail(self, tracking: str) -> ParcelDetail:
        parcel = self.parcel(tracking)
        now = self.now()
        state = claim_state(self.repo.complaints(parcel.tracking), now, self.settings)
        incident = None
        if state.open is not None:
            incident = self.incident_for(state.open.complaint_type)
        elif parcel.status in TYPE_FOR_STATUS:
            incident = self.default_incident(parcel)
        expected = self.expected_compensation(parcel, incident) if incident else None
        return ParcelDetail(
            parcel=parcel,
            state=state,
            clocks=tuple(self.clocks_for(parcel.tracking)),
            expected=expected,
            incident=incident,
            age_days=(now - parcel.created_at).days,
        )

    def recovery(self) -> tuple[Decimal, Decimal]:
        """Total claimed and received over closed complaints."""
        claimed = received = Decimal("0")
        for items in self.repo.complaints_by_tracking().values():
            for _, complaint in items:
                closed = complaint.last(EventKind.CLOSED)
                if closed is None:
                    continue
                claimed += complaint.claimed_amount or Decimal("0")
                received += closed.received or Decimal("0")
        return claimed, received

    def add_parcels(self, parcels: Iterable[Parcel]) -> int:
        """Bulk insert for import and demo data: every number must be new (checked under the lock)."""
        parcels = list(parcels)
        with self.repo.transaction():
            taken = [parcel.tracking for parcel in parcels if self.repo.has_parcel(parcel.tracking)]
            if taken:
                raise ValidationError("tracking", _("{tracking} is already on the desk").format(tracking=taken[0]))
            return self.repo.add_parcels(parcels)

    # ------------------------------------------------------------------ CSV

    def import_csv(self, path: str | Path, *, skip_invalid: bool = False, progress: Any = None) -> Any:
        """Import parcels from CSV: all-or-nothing unless skip_invalid. Returns an ImportReport."""
        from claimdesk.transfer import ImportReport

        with self.repo.transaction(), gc_paused():
            # Under the lock the numbers on the desk cannot change: look them up in memory,
            # not through has_parcel (which checks the file on disk for every row).
            parcels, errors = self.read_csv(path, skip_invalid=skip_invalid, progress=progress,
                                            known=self.repo.parcel_records())
            self.repo.add_parcels(parcels)
        return ImportReport(added=len(parcels), skipped=errors)

    def read_csv(
        self,
        path: str | Path,
        *,
        skip_invalid: bool = False,
        progress: Any = None,
        known: Container[str] | None = None,
    ) -> tuple[list[Parcel], list[Any]]:
        """Parse and check a CSV without writing: the valid parcels and the bad rows.

        Raises ImportRefused when there are bad rows and skip_invalid is off. `known` is the set
        of tracking numbers already on the desk (the app passes a snapshot so this can run in a
        worker thread); add_parcels checks them again under the lock when writing.
        """
        from claimdesk.transfer import ImportRefused, parse_csv

        on_desk = known if known is not None else self.repo.parcel_records()
        parcels, errors = parse_csv(Path(path), on_desk.__contains__, progress)
        if errors and not skip_invalid:
            raise ImportRefused(errors)
        return parcels, errors

    def export_csv(self, path: str | Path) -> int:
        from claimdesk.transfer import write_csv

        return write_csv(Path(path), list(self.repo.parcels()))


__all__ = ["Desk", "DueClock", "ParcelDetail", "ParcelRow", "TypeOption", "Service", "gc_paused"]

