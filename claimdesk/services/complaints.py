"""Complaints: file one, record what happened to it, undo, notes, the text to paste."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from decimal import Decimal

from claimdesk.domain import archiving
from claimdesk.domain import complaints as lifecycle
from claimdesk.domain.complaint_types import GROUPS, TYPE_FOR_STATUS, ComplaintType, filing_window
from claimdesk.domain.complaints import Complaint, ComplaintClocks, ParcelClaimState, Stage, Step, claim_state
from claimdesk.domain.errors import RuleError, ValidationError
from claimdesk.domain.parcels import Parcel, clean_text, parse_choice
from claimdesk.domain.revisions import Snapshot
from claimdesk.domain.tracking import normalise
from claimdesk.i18n import _
from claimdesk.i18n import normalize as normalize_language
from claimdesk.services.core import new_id
from claimdesk.services.parcels import ParcelUseCases
from claimdesk.views import TypeOption


class ComplaintUseCases(ParcelUseCases):
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

    def why_none_open(self, tracking: str, at: datetime | None = None) -> str | None:
        """Why no complaint type can be filed now (every window missed, or none open yet), or
        None when one can: the app says so instead of opening the wizard."""
        from claimdesk.domain.complaint_types import why_none_open

        return why_none_open([option.window for option in self.filing_options(tracking, at)], at or self.now())

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

    def undo(self, tracking: str, reason: str = "", shown: Complaint | None = None) -> tuple[Complaint, lifecycle.Event]:
        """Retract the latest event of the parcel's latest complaint: it stays in the history,
        marked with when and why; the clocks run as if it had not happened, and a retracted
        filing is no attempt. Returns the complaint and the event retracted.

        A dialog passes `shown`, the complaint its question named (`undo_preview`): if another
        writer changed it since, nothing is retracted (ChangedSinceShown says what changed)."""
        reason = clean_text(reason, "reason", max_length=500)
        recorded = self.now()
        with self._repo.transaction():
            parcel = self.parcel(tracking)
            archiving.check_active(parcel)
            if shown is not None:
                self._check_as_shown(
                    shown,
                    _("nothing was retracted: since you opened this, {change}; press u again to see what undo would retract now"),
                )
            updated, event = lifecycle.retract_latest(self.latest_complaint(parcel.tracking), recorded, reason)
            self._repo.save_complaint(updated)
        return updated, event

    def _check_as_shown(self, shown: Complaint, refusal: str) -> None:
        """ChangedSinceShown (`refusal` naming the change) unless the parcel's latest complaint is
        still `shown`, with the same events. Call it inside the transaction that writes."""
        change = lifecycle.change_since(shown, lifecycle.latest_live(self._repo.complaints(shown.tracking)))
        if change is not None:
            raise lifecycle.ChangedSinceShown(refusal.format(change=change))

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

    def payable_complaints(self, tracking: str) -> list[Complaint]:
        """The parcel's complaints that can take a payment (closed compensated), oldest first."""
        return lifecycle.payable(self._repo.complaints(self.parcel(tracking).tracking))

    def record_received(
        self, tracking: str, amount: Decimal, at: datetime | None = None, *, attempt: int | None = None, confirmed: bool = False
    ) -> Complaint:
        """Money arrived for the complaint that closed compensated: the latest such by default,
        or attempt `attempt` (also after a later attempt was filed or ended). Payments add up; one
        that takes the total above the amount claimed needs `confirmed` (PaymentAboveClaimed,
        naming both amounts, otherwise)."""
        recorded = self.now()
        with self._repo.transaction():
            parcel = self.parcel(tracking)  # money may arrive for an archived parcel
            target = lifecycle.payment_target(self._repo.complaints(parcel.tracking), attempt)
            if not confirmed:
                lifecycle.check_payment(target, amount)
            updated = lifecycle.record_received(target, amount, at or recorded, recorded, self.settings)
            self._repo.save_complaint(updated)
        return updated

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
        shown: Complaint | None = None,
    ) -> Complaint:
        """Record what happened to the parcel's latest complaint (a reply, the appeal, Cainiao,
        the outcome), at `at` (default now). A dialog passes `shown`, the complaint it offered the
        steps of: if another writer changed it since, nothing is recorded (ChangedSinceShown)."""
        chosen = parse_choice(Step, str(step), "step")
        recorded = self.now()
        with self._repo.transaction():
            if chosen is not Step.RECEIVED:  # money may arrive for an archived parcel; nothing else
                archiving.check_active(self.parcel(tracking))
            if shown is not None:
                self._check_as_shown(shown, _("nothing was recorded: since you opened this, {change}; close this and look again"))
            complaint = self.latest_complaint(tracking)
            updated = lifecycle.apply_step(complaint, chosen, at or recorded, recorded, self.settings, claimed=claimed, received=received)
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
