"""The Desk: the use cases the app and the command line share, and their only door to the data.

Each use case that writes runs in one repository transaction: the lock is held from the read
through the rule checks to the write, so the rules see the latest data and a refused action
writes nothing. The rules themselves are the domain's; the Desk finds the records, asks the
domain, and stores the answer.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Container, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from itertools import compress
from operator import itemgetter
from pathlib import Path
from typing import Any

from claimdesk.clock import Clock, SystemClock
from claimdesk.domain import archiving
from claimdesk.domain import complaints as lifecycle
from claimdesk.domain.compensation import (
    Compensation,
    CompensationInput,
    Incident,
    calculate,
    default_incident,
    expected_compensation,
    incident_for,
)
from claimdesk.domain.complaint_types import GROUPS, TYPE_FOR_STATUS, ComplaintType, filing_window
from claimdesk.domain.complaints import Complaint, ComplaintClocks, ParcelClaimState, Stage, Step, claim_state
from claimdesk.domain.deadlines import Deadline, parcel_deadlines, soonest_first
from claimdesk.domain.errors import RuleError, ValidationError
from claimdesk.domain.instants import platform_time
from claimdesk.domain.parcels import (
    Parcel,
    Service,
    Status,
    clean_text,
    merge_edit,
    parcel_from_fields,
    parcel_to_fields,
    parse_choice,
)
from claimdesk.domain.revisions import Snapshot
from claimdesk.domain.settings import Settings, merge_settings
from claimdesk.domain.tracking import normalise
from claimdesk.gc_pause import gc_paused
from claimdesk.i18n import _
from claimdesk.i18n import normalize as normalize_language
from claimdesk.store.repository import Repository
from claimdesk.views import ParcelDetail, ParcelRow, TypeOption, parcel_json

# Statuses whose parcels may have filing deadlines: the only ones `due` has to look at
# besides parcels that have complaints.
_DEADLINE_STATUSES = frozenset(status.value for status in TYPE_FOR_STATUS)
_STATUS, _TRACKING = itemgetter("status"), itemgetter("tracking")


class ExportTargetExists(ValidationError):
    """The export's target file exists: replace it only when the seller says so (exit 2)."""


def new_id() -> str:
    return uuid.uuid4().hex[:12]


NO_STAGE = "none"  # `parcel list --stage none`: parcels never complained about


class ImportSnapshot:
    """The parcels on the desk when an import was planned (copies of their records), so a worker
    thread can plan against them while the app goes on."""

    def __init__(self, records: dict[str, dict[str, Any]]) -> None:
        self.records = records

    def parcel(self, tracking: str) -> Parcel | None:
        from claimdesk.store.records import parcel_from_record

        record = self.records.get(tracking)
        return parcel_from_record(record) if record is not None else None


@dataclass(frozen=True, slots=True)
class ParcelQuery:
    """The filters of `parcel list`, checked: each one given narrows the list."""

    status: Status | None = None
    service: Service | None = None
    stage: Stage | str | None = None  # a Stage, NO_STAGE, or None for any

    @classmethod
    def parse(cls, *, status: str | None = None, service: str | None = None, stage: str | None = None) -> ParcelQuery:
        wanted_stage: Stage | str | None = None
        if stage is not None:
            wanted_stage = NO_STAGE if stage.strip().lower() == NO_STAGE else parse_choice(Stage, stage, "stage")
        return cls(
            status=parse_choice(Status, status, "status") if status is not None else None,
            service=parse_choice(Service, service, "service") if service is not None else None,
            stage=wanted_stage,
        )

    def matches_record(self, record: Mapping[str, Any]) -> bool:
        return (self.status is None or record["status"] == self.status.value) and (
            self.service is None or record["service"] == self.service.value
        )

    def matches_state(self, state: ParcelClaimState) -> bool:
        if self.stage is None:
            return True
        if self.stage == NO_STAGE:
            return state.latest_stage is None
        return state.latest_stage is self.stage


class Desk:
    def __init__(self, repo: Repository, clock: Clock | None = None) -> None:
        self._repo = repo
        self.clock = clock or SystemClock()

    @classmethod
    def open(cls, path: str | Path, clock: Clock | None = None) -> Desk:
        desk = cls(Repository(path), clock)
        with gc_paused():
            desk._repo.refresh()  # a damaged file is reported now, before any screen is drawn
        return desk

    @property
    def path(self) -> Path:
        """The data file this desk works on."""
        return self._repo.path

    def now(self) -> datetime:
        return self.clock.now()

    def close(self) -> None:
        """Let go of the data file (the desk keeps the file it read open while it caches it)."""
        self._repo.storage.close()

    # ------------------------------------------------------------------ other writers

    def refresh(self) -> int:
        """Pick up other processes' writes; returns the data generation, which changes
        whenever the data changes (ours or theirs). Raises DataFileError if the file is damaged."""
        self._repo.refresh()
        return self._repo.storage.generation

    @property
    def generation(self) -> int:
        return self._repo.storage.generation

    # ------------------------------------------------------------------ settings

    @property
    def settings(self) -> Settings:
        return self._repo.settings()

    def update_settings(self, **changes: Any) -> Settings:
        """Set the given settings (the others stay as stored)."""
        with self._repo.transaction():
            updated = self._repo.settings().with_changes(**changes)
            self._repo.save_settings(updated)
        return updated

    def settings_snapshot(self) -> Snapshot[Settings]:
        """The settings and their revision, for a settings screen to save against."""
        self._repo.refresh()
        return Snapshot(self._repo.settings(), self._repo.settings_rev())

    def edit_settings(self, changes: Mapping[str, Any], base: Snapshot[Settings]) -> Settings:
        """Save a settings screen that loaded `base`: only the settings the seller changed are
        written, and only if nobody changed those since (else ConflictError, nothing written)."""
        mine = base.value.with_changes(**changes)
        with self._repo.transaction():
            current = self.settings_snapshot()
            updated = merge_settings(base, current, mine)
            if updated != current.value:
                self._repo.save_settings(updated)
        return updated

    # ------------------------------------------------------------------ parcels

    def parcel(self, tracking: str) -> Parcel:
        return self._repo.parcel(normalise(tracking))

    def parcel_count(self) -> int:
        return self._repo.count()

    def tracking_numbers(self) -> frozenset[str]:
        """The numbers on the desk now: a snapshot a worker thread may read."""
        return frozenset(self._repo.tracking_numbers())

    def add_parcel(self, fields: Mapping[str, Any]) -> Parcel:
        parcel = parcel_from_fields(fields, now=self.now())
        with self._repo.transaction():
            if self._repo.has_parcel(parcel.tracking):
                raise ValidationError("tracking", _("{tracking} is already on the desk").format(tracking=parcel.tracking))
            self._repo.add_parcels([parcel])
        return parcel

    def add_parcels(self, parcels: Iterable[Parcel]) -> int:
        """Bulk insert for import: every number must be new (checked under the lock)."""
        parcels = list(parcels)
        with self._repo.transaction():
            taken = [parcel.tracking for parcel in parcels if self._repo.has_parcel(parcel.tracking)]
            if taken:
                raise ValidationError("tracking", _("{tracking} is already on the desk").format(tracking=taken[0]))
            return self._repo.add_parcels(parcels)

    def parcel_snapshot(self, tracking: str) -> Snapshot[Parcel]:
        """The parcel and its revision, for an edit form to save against."""
        parcel = self.parcel(tracking)
        return Snapshot(parcel, self._repo.parcel_rev(parcel.tracking))

    def edit_parcel(self, tracking: str, fields: Mapping[str, Any], base: Snapshot[Parcel] | None = None) -> Parcel:
        """Change a parcel's fields; the tracking number is its key and cannot change.

        A form passes `base`, the snapshot it loaded, and every field as it now holds them:
        only the fields the seller changed are written, and only if nobody changed those since
        the form loaded them; otherwise ConflictError (each field: stored now, yours, loaded)
        and nothing is written. Without `base`, `fields` are the changes to make to the parcel
        as stored now (the fields not given stay as they are).
        """
        tracking = normalise(tracking)
        if base is not None:
            mine = self._typed_parcel(tracking, fields)
            if base.value.tracking != tracking:
                raise ValidationError("tracking", _("the tracking number identifies the parcel: it cannot change"))
        with self._repo.transaction():
            current = self.parcel_snapshot(tracking)
            if base is None:
                mine = self._typed_parcel(tracking, {**parcel_to_fields(current.value), **fields})
                base = current
            # An edit form carries the parcel's fields, not whether it is archived: that stays.
            mine = mine.with_changes(archived_at=base.value.archived_at)
            updated = merge_edit(base, current, mine).with_changes(archived_at=current.value.archived_at)
            if updated != current.value:  # nothing changed: nothing written, no new revision
                self._repo.update_parcel(updated)
        return updated

    def _typed_parcel(self, tracking: str, fields: Mapping[str, Any]) -> Parcel:
        parcel = parcel_from_fields({**fields, "tracking": fields.get("tracking", tracking)}, now=self.now())
        if parcel.tracking != tracking:
            raise ValidationError("tracking", _("the tracking number identifies the parcel: it cannot change"))
        return parcel

    def set_status(self, tracking: str, status: str, last_tracking: datetime | None = None) -> Parcel:
        new_status = parse_choice(Status, status, "status")
        with self._repo.transaction():
            updated = self.parcel(tracking).with_status(new_status, last_tracking, now=self.now())
            self._repo.update_parcel(updated)
        return updated

    def rows(self, *, archived: bool = False) -> list[ParcelRow]:
        """One row per parcel, read from the stored records (no Parcel objects: 100,000 rows):
        the live parcels, or with archived=True the archived ones."""
        now, settings = self.now(), self.settings
        # (attempts used, the latest complaint's stage) of each parcel that has complaints
        claims = {
            tracking: (lifecycle.platform_attempts([c for _, c in items]), lifecycle.stage(items[-1][1], now, settings).value)
            for tracking, items in self._repo.complaints_by_tracking().items()
            if items
        }.get
        none = (0, "")
        new, row = tuple.__new__, ParcelRow  # a NamedTuple, made without its Python __new__
        with gc_paused():
            return [
                new(row, (
                    record["tracking"],
                    record["order"],
                    record["service"],
                    record.get("destination") or "",
                    record["status"],
                    record.get("carrier") or "",
                    record["created_at"],
                    *claims(record["tracking"], none),
                ))
                for record in self._repo.parcel_table().values()
                if (record.get("archived_at") is not None) is archived
            ]

    def parcels_json(self, **query: Any) -> list[dict[str, Any]]:
        """`parcel list --json`: the public shape of the parcels find_parcels(**query) finds."""
        return [parcel_json(parcel, state) for parcel, state in self.find_parcels(**query)]

    def find_parcels(
        self,
        *,
        status: str | None = None,
        service: str | None = None,
        stage: str | None = None,
        due_within: timedelta | None = None,
        archived: bool = False,
    ) -> list[tuple[Parcel, ParcelClaimState]]:
        """The parcels matching every filter given (`parcel list`): the live ones, or with
        archived=True the archived ones; `stage` is the latest complaint's ('none': never
        complained about); `due_within` keeps parcels with a clock due by then (overdue too)."""
        query = ParcelQuery.parse(status=status, service=service, stage=stage)
        now, settings = self.now(), self.settings
        records = self._repo.parcel_table()
        by_tracking = self._repo.complaints_by_tracking()
        due = {deadline.tracking for deadline in self.due(due_within, now)} if due_within is not None else None
        found = []
        for record in list(records.values()):
            if (record.get("archived_at") is not None) is not archived or not query.matches_record(record):
                continue
            tracking = record["tracking"]
            if due is not None and tracking not in due:
                continue
            complaints = [complaint for _, complaint in by_tracking.get(tracking, [])]
            state = claim_state(complaints, now, settings)
            if query.matches_state(state):
                found.append((self._repo.parcel(tracking), state))
        return found

    # ------------------------------------------------------------------ archive and delete

    def archive(self, tracking: str) -> Parcel:
        """Set a parcel aside: out of the list, the countdowns and `due`; kept in the file and reports."""
        now = self.now()
        with self._repo.transaction():
            parcel = self.parcel(tracking)
            archived = archiving.archive(parcel, self._repo.complaints(parcel.tracking), now, self.settings)
            self._repo.update_parcel(archived)
        return archived

    def unarchive(self, tracking: str) -> Parcel:
        with self._repo.transaction():
            parcel = archiving.unarchive(self.parcel(tracking))
            self._repo.update_parcel(parcel)
        return parcel

    def archive_finished(self, before: datetime) -> list[str]:
        """Archive every live parcel finished before `before` (archiving.finished_at); returns
        their tracking numbers."""
        now = self.now()
        with self._repo.transaction():
            settings = self.settings
            by_tracking = self._repo.complaints_by_tracking()
            archived = []
            for record in list(self._repo.parcel_table().values()):
                if record.get("archived_at") is not None:
                    continue
                tracking = record["tracking"]
                complaints = [complaint for _, complaint in by_tracking.get(tracking, [])]
                # what the clocks read is enough to tell; only a parcel to archive is parsed whole
                finished = archiving.finished_at(self._repo.clock_subject(tracking), complaints, now, settings)
                if finished is not None and finished < before:
                    parcel = self._repo.parcel(tracking, refresh=False)
                    self._repo.update_parcel(archiving.archive(parcel, complaints, now, settings))
                    archived.append(tracking)
        return archived

    def check_deletable(self, tracking: str) -> None:
        """RuleError when the parcel cannot be deleted (it has complaints); writes nothing."""
        parcel = self.parcel(tracking)
        archiving.check_deletable(parcel, self.complaints(parcel.tracking))

    def delete_parcel(self, tracking: str) -> Parcel:
        """Delete a parcel entered by mistake: only one without complaints (RuleError otherwise)."""
        with self._repo.transaction():
            parcel = self.parcel(tracking)
            archiving.check_deletable(parcel, self._repo.complaints(parcel.tracking))
            self._repo.remove_parcel(parcel.tracking)
        return parcel

    # ------------------------------------------------------------------ complaints

    def complaints(self, tracking: str) -> list[Complaint]:
        """Every complaint of the parcel, in filing order."""
        return self._repo.complaints(self.parcel(tracking).tracking)

    def complaints_by_parcel(self) -> Iterable[tuple[Parcel, list[Complaint]]]:
        """Every parcel that has complaints, with them (for the reports)."""
        for tracking, items in self._repo.complaints_by_tracking().items():
            if self._repo.has_parcel(tracking):
                yield self._repo.parcel(tracking), [complaint for _, complaint in items]

    def claim_state(self, tracking: str) -> ParcelClaimState:
        return claim_state(self.complaints(tracking), self.now(), self.settings)

    def next_attempt(self, tracking: str, at: datetime | None = None) -> int:
        """The attempt a complaint filed now would use, or RuleError saying why none can be."""
        parcel = self.parcel(tracking)
        return lifecycle.next_attempt(parcel, self.complaints(parcel.tracking), at or self.now(), self.settings)

    def filing_options(self, tracking: str, at: datetime | None = None) -> list[TypeOption]:
        parcel = self.parcel(tracking)
        at = at or self.now()
        settings = self.settings
        options = []
        for ctype in ComplaintType:
            window = filing_window(parcel, ctype, settings)
            options.append(TypeOption(ctype, GROUPS[ctype], window, window.state(at)))
        return options

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
        with self._repo.transaction():
            parcel = self.parcel(tracking)
            complaint = lifecycle.new_complaint(
                new_id(),
                parcel,
                self._repo.complaints(parcel.tracking),
                complaint_type,
                at or recorded,
                recorded,
                self.settings,
                note=note,
                evidence=evidence,
                claimed=claimed,
            )
            self._repo.add_complaint(complaint)
        return complaint

    def default_follow_up(self, at: datetime | None = None) -> datetime:
        return lifecycle.default_follow_up(at or self.now(), self.settings)

    def record_third_party_claim(
        self,
        tracking: str,
        contact: str | None,
        follow_up_at: datetime | None = None,
        at: datetime | None = None,
        note: str = "",
    ) -> Complaint:
        """Offline delivery: the contact with the carrier (None: the parcel's carrier) and when
        to follow up, a `follow-up` clock; no platform attempt is used."""
        note = clean_text(note, "note", max_length=2000)
        recorded = self.now()
        with self._repo.transaction():
            parcel = self.parcel(tracking)
            contact = clean_text(parcel.carrier if contact is None else contact, "contact", max_length=200)
            if not contact:
                raise ValidationError("contact", _("name the third-party carrier or person you contacted"))
            claim = lifecycle.new_third_party_claim(
                new_id(),
                parcel,
                self._repo.complaints(parcel.tracking),
                at or recorded,
                recorded,
                self.settings,
                contact=contact,
                follow_up_at=follow_up_at,
                note=note,
                ctype=TYPE_FOR_STATUS.get(parcel.status, ComplaintType.LOSS),
            )
            self._repo.add_complaint(claim)
        return claim

    def latest_complaint(self, tracking: str) -> Complaint:
        """The parcel's latest complaint that was not retracted."""
        latest = lifecycle.latest_live(self.complaints(tracking))
        if latest is None:
            raise RuleError(_("{tracking} has no complaint: file one first").format(tracking=normalise(tracking)))
        return latest

    def undo_preview(self, tracking: str) -> tuple[Complaint, lifecycle.Event]:
        """What undo would retract now (the complaint and its latest event), or the RuleError
        undo would raise; writes nothing."""
        parcel = self.parcel(tracking)
        archiving.check_active(parcel)
        complaint = self.latest_complaint(parcel.tracking)
        _updated, event = lifecycle.retract_latest(complaint, self.now())
        return complaint, event

    def undo(self, tracking: str, reason: str = "") -> tuple[Complaint, lifecycle.Event]:
        """Retract the latest event of the parcel's latest complaint: it stays in the history,
        marked with when and why; the clocks run as if it had not happened, and a retracted
        filing is no attempt. Returns the complaint and the event retracted."""
        reason = clean_text(reason, "reason", max_length=500)
        recorded = self.now()
        with self._repo.transaction():
            parcel = self.parcel(tracking)
            archiving.check_active(parcel)
            updated, event = lifecycle.retract_latest(self.latest_complaint(parcel.tracking), recorded, reason)
            self._repo.save_complaint(updated)
        return updated, event

    def complaint_snapshot(self, tracking: str) -> Snapshot[Complaint]:
        """The parcel's latest complaint and its revision, for a form to save against."""
        complaint = self.latest_complaint(tracking)
        return Snapshot(complaint, self._repo.complaint_rev(complaint.id))

    def set_note(self, tracking: str, note: str, base: Snapshot[Complaint] | None = None) -> Complaint:
        """Replace the note of the parcel's latest complaint ('' clears it).

        A form passes `base`, the complaint it loaded: the note is written only if the seller
        changed it, and only if nobody changed it since (else ConflictError, nothing written).
        """
        note = clean_text(note, "note", max_length=2000)
        with self._repo.transaction():
            current = self.complaint_snapshot(tracking)
            updated = lifecycle.merge_note(base or current, current, note)
            if updated != current.value:
                self._repo.save_complaint(updated)
        return updated

    def record_received(self, tracking: str, amount: Decimal, at: datetime | None = None) -> Complaint:
        """Money arrived for the parcel's complaint closed as compensated."""
        return self.record_step(tracking, Step.RECEIVED, at, received=amount)

    def complaint_text(self, tracking: str, language: str = "zh") -> str:
        """The parcel's latest complaint drafted for the seller centre, in Chinese (the
        platform's language, the default) or English ('en')."""
        from claimdesk.domain.drafting import draft_complaint

        chosen = normalize_language(language)
        if chosen is None:
            raise ValidationError("lang", _("{text!r} is not a language: use zh or en").format(text=str(language)[:20]))
        parcel = self.parcel(tracking)
        return draft_complaint(parcel, self.latest_complaint(parcel.tracking), self.settings, chosen)

    def allowed_steps(self, tracking: str, at: datetime | None = None) -> tuple[Step, ...]:
        """What can be recorded on the parcel's latest complaint at `at` (default now)."""
        return lifecycle.allowed_steps(self.latest_complaint(tracking), at or self.now(), self.settings)

    def record_step(
        self,
        tracking: str,
        step: Step | str,
        at: datetime | None = None,
        *,
        claimed: Decimal | None = None,
        received: Decimal | None = None,
    ) -> Complaint:
        """Record what happened to the parcel's latest complaint (a reply, the appeal, Cainiao,
        the outcome), at `at` (default now)."""
        chosen = parse_choice(Step, str(step), "step")
        recorded = self.now()
        with self._repo.transaction():
            if chosen is not Step.RECEIVED:  # money may arrive for an archived parcel; nothing else
                archiving.check_active(self.parcel(tracking))
            complaint = self.latest_complaint(tracking)
            updated = lifecycle.apply_step(
                complaint, chosen, at or recorded, recorded, self.settings, claimed=claimed, received=received
            )
            self._repo.save_complaint(updated)
        return updated

    def record_reply(self, tracking: str, agreed: bool, at: datetime | None = None) -> Complaint:
        return self.record_step(tracking, Step.AGREED if agreed else Step.NO_AGREEMENT, at)

    def escalate(self, tracking: str, at: datetime | None = None) -> Complaint:
        return self.record_step(tracking, Step.ESCALATED, at)

    def record_intervention(self, tracking: str, at: datetime | None = None) -> Complaint:
        return self.record_step(tracking, Step.INTERVENED, at)

    def close_complaint(
        self,
        tracking: str,
        outcome: str,
        *,
        claimed: Decimal | None = None,
        received: Decimal | None = None,
        at: datetime | None = None,
    ) -> Complaint:
        result = parse_choice(lifecycle.Outcome, str(outcome), "outcome")
        return self.record_step(tracking, Step(result.value), at, claimed=claimed, received=received)

    def stage(self, complaint: Complaint, at: datetime | None = None) -> Stage:
        return lifecycle.stage(complaint, at or self.now(), self.settings)

    def complaint_clocks(self, complaint: Complaint) -> ComplaintClocks:
        return lifecycle.complaint_clocks(complaint, self.settings)

    # ------------------------------------------------------------------ deadlines

    def due(self, within: timedelta | None = None, now: datetime | None = None) -> list[Deadline]:
        """Every live deadline, soonest first; `within` keeps those due by then (overdue included)."""
        with gc_paused():  # ~100,000 objects made and kept: a collection pass in the app costs more
            return self._due(within, now or self.now())

    def _due(self, within: timedelta | None, now: datetime) -> list[Deadline]:
        settings = self.settings
        table = self._repo.parcel_table()  # refreshed once: the lookups below need not
        by_tracking = self._repo.complaints_by_tracking()
        # Parcels whose status may call for a complaint, picked out in C (100,000 records).
        records = table.values()
        wanted = map(_DEADLINE_STATUSES.__contains__, map(_STATUS, records))
        candidates = set(compress(map(_TRACKING, records), wanted))
        candidates.update(by_tracking)
        subjects = self._repo.clock_subjects(candidates)  # the fields the clocks read, not whole Parcels
        # The instant on the platform's calendar: every clock is there too, so comparing them
        # needs no offset arithmetic (the same instant whatever zone `now` came in).
        now = platform_time(now)
        deadlines: list[Deadline] = []
        for tracking, subject in subjects.items():
            complaints = [complaint for _, complaint in by_tracking.get(tracking, ())]
            deadlines.extend(parcel_deadlines(subject, complaints, now, settings))
        if within is not None:
            limit = now + within
            deadlines = [d for d in deadlines if d.due <= limit]
        return soonest_first(deadlines)

    def deadlines_for(self, tracking: str, now: datetime | None = None) -> list[Deadline]:
        parcel = self.parcel(tracking)
        return parcel_deadlines(parcel, self.complaints(parcel.tracking), now or self.now(), self.settings)

    # ------------------------------------------------------------------ compensation

    def calculate(self, given: CompensationInput) -> Compensation:
        return calculate(given)

    def default_incident(self, parcel: Parcel) -> Incident:
        return default_incident(parcel)

    def incident_for(self, ctype: ComplaintType) -> Incident | None:
        return incident_for(ctype)

    def multiplier_for(self, carrier: str | None) -> Decimal:
        return self.settings.multiplier_for(carrier)

    def expected_compensation(
        self, parcel: Parcel, incident: Incident | None = None, actual_loss: Decimal | None = None
    ) -> Compensation | None:
        """The calculator's figure for a parcel, or None when it needs an input the parcel lacks."""
        return expected_compensation(parcel, incident or default_incident(parcel), self.settings, actual_loss)

    # ------------------------------------------------------------------ detail

    def detail(self, tracking: str) -> ParcelDetail:
        parcel = self.parcel(tracking)
        now = self.now()
        complaints = self.complaints(parcel.tracking)
        state = claim_state(complaints, now, self.settings)
        incident = None
        if state.open is not None:
            incident = incident_for(state.open.complaint_type)
        elif parcel.status in TYPE_FOR_STATUS:
            incident = default_incident(parcel)
        return ParcelDetail(
            parcel=parcel,
            state=state,
            deadlines=tuple(parcel_deadlines(parcel, complaints, now, self.settings)),
            expected=self.expected_compensation(parcel, incident) if incident else None,
            incident=incident,
            age_days=(now - parcel.created_at).days,
        )

    # ------------------------------------------------------------------ demo data

    def add_demo_data(self, count: int, seed: int = 7) -> int:
        """Realistic sample parcels and complaints; returns how many parcels were new."""
        from claimdesk.demo import generate

        parcels, complaints = generate(count, self.now(), seed=seed, settings=self.settings)
        with self._repo.transaction():
            fresh = [parcel for parcel in parcels if not self._repo.has_parcel(parcel.tracking)]
            numbers = {parcel.tracking for parcel in fresh}
            self._repo.add_parcels(fresh)
            for complaint in complaints:
                if complaint.tracking in numbers:
                    self._repo.add_complaint(complaint)
        return len(fresh)

    # ------------------------------------------------------------------ CSV

    def import_csv(
        self, path: str | Path, *, skip_invalid: bool = False, update: bool = False, progress: Any = None
    ) -> Any:
        """Import parcels from CSV: all-or-nothing unless skip_invalid; with update, rows whose
        number is on the desk change that parcel. Returns an ImportReport."""
        with self._repo.transaction(), gc_paused():
            # Under the lock the parcels on the desk cannot change: look them up in memory,
            # not through has_parcel (which checks the file on disk for every row).
            records = self._repo.parcel_records()
            plan = self.plan_import(
                path, skip_invalid=skip_invalid, update=update, progress=progress,
                known=records, existing=self._stored_parcel if update else None,
            )
            return self.apply_import(plan)

    def _stored_parcel(self, tracking: str) -> Parcel | None:
        return self._repo.parcel(tracking, refresh=False) if tracking in self._repo.parcel_records() else None

    def import_snapshot(self) -> ImportSnapshot:
        """The parcels on the desk now, copied, for planning an import in a worker thread."""
        return ImportSnapshot({tracking: dict(record) for tracking, (_doc_id, record) in self._repo.parcel_records().items()})

    def plan_import(
        self,
        path: str | Path,
        *,
        skip_invalid: bool = False,
        update: bool = False,
        progress: Any = None,
        known: Container[str] | None = None,
        existing: Callable[[str], Parcel | None] | None = None,
        snapshot: ImportSnapshot | None = None,
    ) -> Any:
        """Read and check a CSV without writing: an ImportPlan (new parcels, each update with its
        before and after, the unchanged count and the bad rows).

        Raises ImportRefused when there are bad rows and skip_invalid is off. A `snapshot`
        (import_snapshot) lets this run in a worker thread; apply_import checks again under the
        lock that nothing changed since.
        """
        from claimdesk.transfer import ImportRefused, plan_csv

        if snapshot is not None:
            known = snapshot.records
            existing = snapshot.parcel if update else None
        on_desk = known if known is not None else self._repo.parcel_records()
        if update and existing is None:
            existing = self._stored_parcel
        plan = plan_csv(Path(path), known=on_desk.__contains__, existing=existing, progress=progress, now=self.now())
        if plan.errors and (not skip_invalid or any(error.stops for error in plan.errors)):
            raise ImportRefused(plan.errors)  # a row that stopped the reading: the rest was never checked
        return plan

    def apply_import(self, plan: Any) -> Any:
        """Write an ImportPlan in one transaction: refused (nothing written) if a new number is
        on the desk now or a parcel to update changed since the plan was made."""
        from claimdesk.transfer import ImportReport

        with self._repo.transaction():
            records = self._repo.parcel_records()
            taken = [parcel.tracking for parcel in plan.added if parcel.tracking in records]
            if taken:
                raise ValidationError("tracking", _("{tracking} is already on the desk").format(tracking=taken[0]))
            for change in plan.updated:
                if change.before.tracking not in records or self._repo.parcel(change.before.tracking) != change.before:
                    raise RuleError(
                        _("{tracking} changed since the file was read: nothing was imported; import it again").format(
                            tracking=change.before.tracking
                        )
                    )
            self._repo.save_import(plan.added, [change.after for change in plan.updated])
        return ImportReport(added=len(plan.added), skipped=plan.errors, updated=len(plan.updated), unchanged=plan.unchanged)

    def read_csv(
        self,
        path: str | Path,
        *,
        skip_invalid: bool = False,
        progress: Any = None,
        known: Container[str] | None = None,
    ) -> tuple[list[Parcel], list[Any]]:
        """Parse and check a CSV of new parcels without writing: the valid parcels and the bad rows."""
        plan = self.plan_import(path, skip_invalid=skip_invalid, progress=progress, known=known)
        return plan.added, plan.errors

    def export_complaints_csv(self, path: str | Path, *, overwrite: bool = False) -> tuple[int, Path]:
        """The complaint ledger (reports.ledger) as CSV, through the checked export; returns the
        number of complaints and the file written."""
        from claimdesk.reports import ledger, ledger_csv

        rows = ledger(self)
        return len(rows), self.write_export(path, ledger_csv(rows), overwrite=overwrite)

    def export_calendar(
        self, path: str | Path, within: timedelta | None = None, *, overwrite: bool = False
    ) -> tuple[int, Path]:
        """The clocks `due` lists (within `within`), as an iCalendar file through the checked
        export; returns the number of events and the file written."""
        from claimdesk.calendar_export import calendar_ics

        now = self.now()
        deadlines = self.due(within, now)
        return len(deadlines), self.write_export(path, calendar_ics(deadlines, now), overwrite=overwrite)

    def export_csv(self, path: str | Path, *, overwrite: bool = False) -> int:
        """Every parcel as CSV, through the checked export (see write_export)."""
        from claimdesk.transfer import csv_text

        parcels = list(self._repo.parcels())
        self.write_export(path, csv_text(parcels), overwrite=overwrite)
        return len(parcels)

    # ------------------------------------------------------------------ exports

    def check_export_target(self, path: str | Path, *, overwrite: bool = False) -> Path:
        """The file an export to `path` would write (symlinks and `..` resolved), or why not.

        The one check every file the desk writes on request goes through (the parcel CSV, the
        dashboard, the complaint ledger, the calendar): refused (ValidationError, exit 2) when
        it is the data file, its lock, a backup or a temp file of the store, a folder, or in a
        folder that does not exist; ExportTargetExists when the file is there and `overwrite`
        is off.
        """
        text = str(path).strip()
        if not text:
            raise ValidationError("file", _("name the file to write"))
        target = Path(text).expanduser()
        own = self._repo.own_file(target)
        if own is not None:
            what = {
                "data": _("is claimdesk's data file {data}"),
                "lock": _("is the lock file of claimdesk's data file {data}"),
                "backup": _("is a backup of claimdesk's data file {data}"),
                "temp": _("is a temporary file of claimdesk's data file {data}"),
                "stamp": _("is the validation stamp of claimdesk's data file {data}"),
            }[own].format(data=self.path)
            raise ValidationError(
                "file", _("{path} {what}: refusing to write over it; choose another file").format(path=target, what=what)
            )
        real = Path(os.path.realpath(target))
        if real.is_dir():
            raise ValidationError("file", _("{path} is a directory: name a file in it").format(path=target))
        if not real.parent.is_dir():
            raise ValidationError("file", _("folder {folder} does not exist").format(folder=target.parent))
        if os.path.lexists(real):
            if not real.is_file():
                raise ValidationError("file", _("{path} exists and is not a regular file").format(path=target))
            if not overwrite:
                raise ExportTargetExists(
                    "file", _("{path} already exists: add --force to replace it").format(path=target)
                )
        return real

    def write_export(self, path: str | Path, content: str | bytes, *, overwrite: bool = False) -> Path:
        """Write an export atomically and 0600 after check_export_target; returns the file written.

        A full disk or a read-only folder is DataFileError (exit 4), with nothing changed.
        """
        from claimdesk.store.atomic import write_atomic

        target = self.check_export_target(path, overwrite=overwrite)
        write_atomic(target, content.encode("utf-8") if isinstance(content, str) else content)
        return target
