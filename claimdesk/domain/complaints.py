"""Complaints, the two-attempt limit and the lifecycle (docs/rules.md sections 2 and 3).

A complaint is its list of events; its stage is derived from them and from the instant
asked about, because 'may escalate' and 'expired' happen by the clock, not by a click.
Transitions are pure: they return a new Complaint or raise RuleError / ValidationError.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from decimal import Decimal
from enum import StrEnum

from claimdesk.domain.complaint_types import ComplaintType, filing_window
from claimdesk.domain.errors import ClaimdeskError, RuleError, ValidationError
from claimdesk.domain.instants import check_not_future, platform_text, platform_time
from claimdesk.domain.money import money_str
from claimdesk.domain.parcels import Parcel, Service, check_active
from claimdesk.domain.revisions import ConflictError, Snapshot, conflicts_as_text, merge_fields
from claimdesk.domain.settings import Settings
from claimdesk.domain.workdays import add_working_days
from claimdesk.i18n import _
from claimdesk.labels import label

MAX_ATTEMPTS = 2


class Channel(StrEnum):
    PLATFORM = "platform"  # one of the two attempts
    THIRD_PARTY = "third-party"  # offline delivery: a claim with the carrier, no attempt used


class EventKind(StrEnum):
    FILED = "filed"
    REPLY_AGREED = "reply-agreed"
    REPLY_NO_AGREEMENT = "reply-no-agreement"
    ESCALATED = "escalated"
    INTERVENED = "intervened"
    CLOSED = "closed"
    RECEIVED = "received"  # money arrived, after the complaint closed as compensated


class Stage(StrEnum):
    FILED = "filed"  # waiting for the chamber's reply
    MAY_ESCALATE = "may-escalate"  # no agreement (or 10 days passed): the online appeal is open
    ESCALATED = "escalated"  # appealed online, waiting for Cainiao to intervene
    UNDER_REVIEW = "under-review"  # Cainiao intervened
    RESOLVED = "resolved"  # the chamber replied: agreed
    EXPIRED = "expired"  # the appeal window ended unused
    CLOSED = "closed"  # compensated, rejected or withdrawn
    FOLLOW_UP = "follow-up"  # third-party claim waiting on the carrier
    RETRACTED = "retracted"  # its filing was retracted: recorded by mistake, never filed


class Outcome(StrEnum):
    COMPENSATED = "compensated"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"


ENDED_STAGES = frozenset({Stage.RESOLVED, Stage.EXPIRED, Stage.CLOSED, Stage.RETRACTED})


def _stage_text(current: Stage) -> str:
    return label("stage", current)


@dataclass(frozen=True, slots=True)
class Event:
    kind: EventKind
    at: datetime
    recorded_at: datetime
    outcome: Outcome | None = None
    claimed: Decimal | None = None
    received: Decimal | None = None
    note: str = ""
    # A mistake is retracted, not erased: the event stays, marked, and the rules skip it.
    retracted_at: datetime | None = None
    retraction_reason: str = ""

    @property
    def retracted(self) -> bool:
        return self.retracted_at is not None


@dataclass(frozen=True, slots=True)
class Complaint:
    id: str
    tracking: str
    channel: Channel
    complaint_type: ComplaintType
    attempt: int  # 1 or 2 for platform complaints, 0 for third-party claims
    events: tuple[Event, ...]
    note: str = ""
    evidence: tuple[str, ...] = ()
    contact: str = ""  # third-party claims: who the seller contacted
    follow_up_at: datetime | None = None
    claimed: Decimal | None = None  # expected compensation recorded when filing

    @property
    def filed_at(self) -> datetime:
        return self.events[0].at

    @property
    def live_events(self) -> tuple[Event, ...]:
        """The events that count: every event but the retracted ones, in order."""
        return tuple(event for event in self.events if event.retracted_at is None)

    @property
    def retracted(self) -> bool:
        """Its filing was retracted: recorded by mistake, it is no complaint and no attempt."""
        return self.events[0].retracted_at is not None

    @property
    def latest_event(self) -> Event | None:
        """The latest event that counts (None once the filing itself is retracted)."""
        for event in reversed(self.events):
            if event.retracted_at is None:
                return event
        return None

    def last(self, kind: EventKind) -> Event | None:
        for event in reversed(self.events):
            if event.kind is kind and event.retracted_at is None:
                return event
        return None

    @property
    def outcome(self) -> Outcome | None:
        closed = self.last(EventKind.CLOSED)
        return closed.outcome if closed else None

    @property
    def received(self) -> Decimal | None:
        """All the money that arrived: given when closing, plus each later payment recorded;
        None when nothing was recorded."""
        amounts = [
            event.received
            for event in self.live_events
            if event.kind in (EventKind.CLOSED, EventKind.RECEIVED) and event.received is not None
        ]
        return sum(amounts, Decimal(0)) if amounts else None

    @property
    def claimed_amount(self) -> Decimal | None:
        closed = self.last(EventKind.CLOSED)
        if closed is not None and closed.claimed is not None:
            return closed.claimed
        return self.claimed


# ---------------------------------------------------------------------------- clocks


@dataclass(frozen=True, slots=True)
class ComplaintClocks:
    """The instants a platform complaint's lifecycle runs on (docs/rules.md section 3)."""

    chamber_reply_due: datetime
    escalation_opens: datetime
    escalation_closes: datetime
    intervention_due: datetime | None


def complaint_clocks(complaint: Complaint, settings: Settings) -> ComplaintClocks:
    filed = platform_time(complaint.filed_at)
    chamber_due = filed + timedelta(days=settings.chamber_reply_days)
    no_agreement = complaint.last(EventKind.REPLY_NO_AGREEMENT)
    opens = min(chamber_due, platform_time(no_agreement.at)) if no_agreement else chamber_due
    closes = opens + timedelta(days=settings.escalation_window_days)
    escalated = complaint.last(EventKind.ESCALATED)
    intervention = add_working_days(escalated.at, settings.intervention_working_days) if escalated else None
    return ComplaintClocks(chamber_due, opens, closes, intervention)


def stage(complaint: Complaint, at: datetime, settings: Settings) -> Stage:
    """Where a complaint stands at an instant."""
    if complaint.retracted:
        return Stage.RETRACTED
    if complaint.last(EventKind.CLOSED):
        return Stage.CLOSED
    if complaint.channel is Channel.THIRD_PARTY:
        return Stage.FOLLOW_UP
    if complaint.last(EventKind.INTERVENED):
        return Stage.UNDER_REVIEW
    if complaint.last(EventKind.ESCALATED):
        return Stage.ESCALATED
    if complaint.last(EventKind.REPLY_AGREED):
        return Stage.RESOLVED
    clocks = complaint_clocks(complaint, settings)
    if at > clocks.escalation_closes:
        return Stage.EXPIRED
    if at >= clocks.escalation_opens:
        return Stage.MAY_ESCALATE
    return Stage.FILED


def is_open(complaint: Complaint, at: datetime, settings: Settings) -> bool:
    return stage(complaint, at, settings) not in ENDED_STAGES


def platform_attempts(complaints: Sequence[Complaint]) -> int:
    """Every filed platform complaint counts, whatever its outcome; a retracted filing (recorded
    by mistake, never filed on the platform) does not."""
    return sum(1 for complaint in complaints if complaint.channel is Channel.PLATFORM and not complaint.retracted)


def ended_at(complaint: Complaint, settings: Settings) -> datetime | None:
    """When the complaint ended or ends by the clock: closed, agreed, or (while nobody appealed)
    the end of the appeal window. None while it waits on someone (escalated, under review, a
    third-party claim) and for a retracted filing, which never happened."""
    if complaint.retracted:
        return None
    closed = complaint.last(EventKind.CLOSED)
    if closed is not None:
        return closed.at
    if complaint.channel is not Channel.PLATFORM or complaint.last(EventKind.ESCALATED):
        return None
    agreed = complaint.last(EventKind.REPLY_AGREED)
    if agreed is not None:
        return agreed.at
    return complaint_clocks(complaint, settings).escalation_closes


def latest_live(complaints: Sequence[Complaint]) -> Complaint | None:
    """The parcel's latest complaint that was not retracted (complaints in filing order)."""
    for complaint in reversed(complaints):
        if not complaint.retracted:
            return complaint
    return None


def is_last_attempt(attempt: int) -> bool:
    """Whether filing attempt number `attempt` leaves no further complaint on the order."""
    return attempt >= MAX_ATTEMPTS


def attempts_left(complaints: Sequence[Complaint]) -> int:
    return max(0, MAX_ATTEMPTS - platform_attempts(complaints))


def open_by_record(complaints: Sequence[Complaint]) -> Complaint | None:
    """The complaint whose record leaves it open (not retracted, closed or agreed), whatever the
    clock says: it may still expire when its appeal window closes unused (see stage)."""
    for complaint in reversed(complaints):
        if complaint.retracted or complaint.last(EventKind.CLOSED):
            continue
        if complaint.channel is Channel.PLATFORM and not complaint.last(EventKind.ESCALATED) and complaint.last(EventKind.REPLY_AGREED):
            continue
        return complaint
    return None


def open_complaint(complaints: Sequence[Complaint], at: datetime, settings: Settings) -> Complaint | None:
    for complaint in reversed(complaints):
        if is_open(complaint, at, settings):
            return complaint
    return None


# ---------------------------------------------------------------------------- filing


def _date(at: datetime) -> str:
    return platform_text(at, seconds=True)


def check_after_previous(tracking: str, complaints: Sequence[Complaint], at: datetime, recorded_at: datetime, settings: Settings) -> None:
    """A complaint cannot be dated before the parcel's previous complaint was filed, nor before it
    ended (RuleError, with both dates). One still open is next_attempt's refusal."""
    previous = latest_live(complaints)
    if previous is None:
        return
    if at < previous.filed_at:
        raise RuleError(
            _("a complaint on {tracking} cannot be dated {at}: the previous complaint was filed {filed}").format(
                tracking=tracking, at=_date(at), filed=_date(previous.filed_at)
            )
        )
    end = ended_at(previous, settings)
    if end is not None and at < end and not is_open(previous, recorded_at, settings):
        raise RuleError(
            _("a complaint on {tracking} cannot be dated {at}: the previous complaint ended {ended}").format(
                tracking=tracking, at=_date(at), ended=_date(end)
            )
        )


def next_attempt(parcel: Parcel, complaints: Sequence[Complaint], at: datetime, settings: Settings) -> int:
    """The attempt number (1 or 2) a platform complaint filed at `at` would use, whatever its
    type, or RuleError saying why no complaint can be filed on this parcel now."""
    check_active(parcel)
    if parcel.service is Service.OFFLINE:
        raise RuleError(
            _(
                "{tracking} went by offline delivery: this is not a platform complaint. "
                "Contact the third-party logistics company and record it as a third-party claim."
            ).format(tracking=parcel.tracking)
        )
    used = platform_attempts(complaints)
    if used >= MAX_ATTEMPTS:
        raise RuleError(
            _(
                "{tracking} has used both of its {limit} complaint attempts: the platform allows no third complaint on a logistics order."
            ).format(tracking=parcel.tracking, limit=MAX_ATTEMPTS)
        )
    current = open_complaint(complaints, at, settings)
    if current is not None:
        raise RuleError(
            _("{tracking} already has an open complaint ({type}, {stage}): it must end before attempt {attempt} can be filed.").format(
                tracking=parcel.tracking,
                type=label("type", current.complaint_type),
                stage=label("stage", stage(current, at, settings)),
                attempt=used + 1,
            )
        )
    return used + 1


def can_file(
    parcel: Parcel,
    complaints: Sequence[Complaint],
    ctype: ComplaintType,
    at: datetime,
    settings: Settings,
) -> int:
    """The attempt number (1 or 2) a complaint of this type filed at `at` would use, or
    RuleError saying why not (offline parcel, both attempts used, one open, window shut)."""
    attempt = next_attempt(parcel, complaints, at, settings)
    window = filing_window(parcel, ctype, settings)
    state = window.state(at)
    if state == "never":
        if window.opens is not None:  # it would open only after every window has closed
            raise RuleError(
                _("the {type} filing window for {tracking} never opens: it would open {opens}, after every window closes {closes}.").format(
                    type=label("type", ctype), tracking=parcel.tracking, opens=_date(window.opens), closes=_date(window.closes)
                )
            )
        raise RuleError(
            _("the {type} filing window for {tracking} cannot open: {why}.").format(
                type=label("type", ctype), tracking=parcel.tracking, why=_(window.why_not)
            )
        )
    if state == "not-open-yet":
        assert window.opens is not None
        raise RuleError(
            _("too early: the {type} filing window for {tracking} opens {opens} and closes {closes}.").format(
                type=label("type", ctype), tracking=parcel.tracking, opens=_date(window.opens), closes=_date(window.closes)
            )
        )
    if state == "closed":
        template = (
            _("too late: the {type} filing window for {tracking} closed {closes} (it opened {opens}).")
            if window.opens
            else _("too late: the {type} filing window for {tracking} closed {closes} (it never opened).")
        )
        raise RuleError(
            template.format(
                type=label("type", ctype),
                tracking=parcel.tracking,
                closes=_date(window.closes),
                opens=_date(window.opens) if window.opens else "",
            )
        )
    return attempt


def new_complaint(
    complaint_id: str,
    parcel: Parcel,
    complaints: Sequence[Complaint],
    ctype: ComplaintType,
    at: datetime,
    recorded_at: datetime,
    settings: Settings,
    *,
    note: str = "",
    evidence: Sequence[str] = (),
    claimed: Decimal | None = None,
) -> Complaint:
    check_not_future(at, recorded_at, "at")
    check_after_previous(parcel.tracking, complaints, at, recorded_at, settings)
    attempt = can_file(parcel, complaints, ctype, at, settings)
    return Complaint(
        id=complaint_id,
        tracking=parcel.tracking,
        channel=Channel.PLATFORM,
        complaint_type=ctype,
        attempt=attempt,
        events=(Event(EventKind.FILED, at, recorded_at),),
        note=note,
        evidence=tuple(evidence),
        claimed=claimed,
    )


def default_follow_up(contacted: datetime, settings: Settings) -> datetime:
    """When to chase the third-party carrier if the seller names no date."""
    return platform_time(contacted) + timedelta(days=settings.third_party_follow_up_days)


def new_third_party_claim(
    complaint_id: str,
    parcel: Parcel,
    complaints: Sequence[Complaint],
    at: datetime,
    recorded_at: datetime,
    settings: Settings,
    *,
    contact: str,
    follow_up_at: datetime | None = None,
    note: str = "",
    ctype: ComplaintType = ComplaintType.LOSS,
) -> Complaint:
    """Offline delivery: the seller contacts the carrier; no platform attempt is used."""
    check_not_future(at, recorded_at, "at")
    check_active(parcel)
    if parcel.service is not Service.OFFLINE:
        raise RuleError(_("{tracking} is not an offline-delivery parcel: file a platform complaint.").format(tracking=parcel.tracking))
    for complaint in complaints:
        if complaint.channel is Channel.THIRD_PARTY and not complaint.retracted and not complaint.last(EventKind.CLOSED):
            raise RuleError(_("{tracking} already has an open third-party claim: close it first.").format(tracking=parcel.tracking))
    check_after_previous(parcel.tracking, complaints, at, recorded_at, settings)
    follow_up = follow_up_at or default_follow_up(at, settings)
    if follow_up < at:
        raise ValidationError("follow_up_at", _("the follow-up date cannot be before the contact"))
    return Complaint(
        id=complaint_id,
        tracking=parcel.tracking,
        channel=Channel.THIRD_PARTY,
        complaint_type=ctype,
        attempt=0,
        events=(Event(EventKind.FILED, at, recorded_at),),
        note=note,
        contact=contact,
        follow_up_at=follow_up,
    )


# ---------------------------------------------------------------------------- progress


def _check_after_filing(complaint: Complaint, at: datetime, recorded_at: datetime) -> None:
    """An event's instant: not in the future (recorded_at is now), not before the complaint's
    latest event (retracted events do not count)."""
    check_not_future(at, recorded_at, "at")
    latest = complaint.latest_event
    if latest is None:
        raise RuleError(_("this complaint's filing was retracted: file a new one instead"))
    if at < latest.at:
        raise ValidationError("at", _("{at} is before the complaint's last event ({latest})").format(at=_date(at), latest=_date(latest.at)))


def _append(complaint: Complaint, event: Event) -> Complaint:
    return replace(complaint, events=(*complaint.events, event))


def record_reply(complaint: Complaint, agreed: bool, at: datetime, recorded_at: datetime, settings: Settings) -> Complaint:
    """The Logistics Chamber of Commerce replied: agreed (resolved) or no agreement (may escalate)."""
    _check_after_filing(complaint, at, recorded_at)
    current = stage(complaint, at, settings)
    if complaint.channel is not Channel.PLATFORM:
        raise RuleError(_("a third-party claim has no chamber reply: close it with its outcome"))
    if current not in (Stage.FILED, Stage.MAY_ESCALATE):
        raise RuleError(_("a chamber reply cannot be recorded now (stage: {stage})").format(stage=_stage_text(current)))
    if not agreed and complaint.last(EventKind.REPLY_NO_AGREEMENT):
        raise RuleError(_("the chamber's 'no agreement' reply is already recorded: escalate online next"))
    # A late agreement, even after 'no agreement', settles the complaint.
    kind = EventKind.REPLY_AGREED if agreed else EventKind.REPLY_NO_AGREEMENT
    return _append(complaint, Event(kind, at, recorded_at))


def escalate(complaint: Complaint, at: datetime, recorded_at: datetime, settings: Settings) -> Complaint:
    """The seller appealed online, inside the escalation window."""
    _check_after_filing(complaint, at, recorded_at)
    clocks = complaint_clocks(complaint, settings)
    current = stage(complaint, at, settings)
    if current is Stage.FILED:
        raise RuleError(
            _("too early to escalate: the chamber has until {due}; record its 'no agreement' reply to escalate sooner").format(
                due=_date(clocks.chamber_reply_due)
            )
        )
    if current is Stage.EXPIRED:
        raise RuleError(_("too late to escalate: the online appeal window closed {closed}").format(closed=_date(clocks.escalation_closes)))
    if current is not Stage.MAY_ESCALATE:
        raise RuleError(_("the complaint cannot be escalated (stage: {stage})").format(stage=_stage_text(current)))
    return _append(complaint, Event(EventKind.ESCALATED, at, recorded_at))


def record_intervention(complaint: Complaint, at: datetime, recorded_at: datetime, settings: Settings) -> Complaint:
    _check_after_filing(complaint, at, recorded_at)
    current = stage(complaint, at, settings)
    if current is not Stage.ESCALATED:
        raise RuleError(_("Cainiao intervenes only after escalation (stage: {stage})").format(stage=_stage_text(current)))
    return _append(complaint, Event(EventKind.INTERVENED, at, recorded_at))


# Which outcomes each stage can close with.
CLOSABLE = {
    Stage.FILED: {Outcome.WITHDRAWN},
    Stage.MAY_ESCALATE: {Outcome.WITHDRAWN},
    Stage.ESCALATED: {Outcome.COMPENSATED, Outcome.REJECTED, Outcome.WITHDRAWN},
    Stage.UNDER_REVIEW: {Outcome.COMPENSATED, Outcome.REJECTED, Outcome.WITHDRAWN},
    Stage.RESOLVED: {Outcome.COMPENSATED},  # agreed with the chamber: record the money
    Stage.FOLLOW_UP: {Outcome.COMPENSATED, Outcome.REJECTED, Outcome.WITHDRAWN},
}


def close(
    complaint: Complaint,
    outcome: Outcome,
    at: datetime,
    recorded_at: datetime,
    settings: Settings,
    *,
    claimed: Decimal | None = None,
    received: Decimal | None = None,
) -> Complaint:
    _check_after_filing(complaint, at, recorded_at)
    current = stage(complaint, at, settings)
    allowed = CLOSABLE.get(current, set())
    if outcome not in allowed:
        if not allowed:
            raise RuleError(_("the complaint cannot be closed again (stage: {stage})").format(stage=_stage_text(current)))
        names = ", ".join(sorted(allowed))
        raise RuleError(
            _("the complaint can close as {names}, not {outcome} (stage: {stage})").format(
                stage=_stage_text(current), names=names, outcome=outcome
            )
        )
    if outcome is not Outcome.COMPENSATED and received:
        raise ValidationError(
            "received", _("a {outcome} complaint received nothing: leave it empty").format(outcome=label("outcome", outcome))
        )
    if claimed is None:
        claimed = complaint.claimed
    return _append(
        complaint,
        Event(EventKind.CLOSED, at, recorded_at, outcome=outcome, claimed=claimed, received=received),
    )


def record_received(complaint: Complaint, amount: Decimal, at: datetime, recorded_at: datetime, settings: Settings) -> Complaint:
    """Money arrived for a complaint closed as compensated (it arrives after the closing)."""
    if complaint.retracted or complaint.outcome is not Outcome.COMPENSATED:
        current = stage(complaint, at, settings)
        shown = label("outcome", complaint.outcome) if complaint.outcome else _stage_text(current)
        raise RuleError(_("money received is recorded only after the complaint closed as compensated (stage: {stage})").format(stage=shown))
    _check_after_filing(complaint, at, recorded_at)
    if amount <= 0:
        raise ValidationError("received", _("enter the amount that arrived, more than 0"))
    return _append(complaint, Event(EventKind.RECEIVED, at, recorded_at, received=amount))


class PaymentAboveClaimed(ValidationError):
    """A payment that takes the money received above the amount claimed: recorded only when
    the seller confirms (`--force`, the app's confirmation); exit 2 otherwise."""

    def __init__(self, amount: Decimal, total: Decimal, claimed: Decimal, how: str = "") -> None:
        self.amount, self.total, self.claimed = amount, total, claimed
        super().__init__(
            "amount",
            _("{amount} would bring the money received to {total}, above the {claimed} claimed: {how}").format(
                amount=money_str(amount), total=money_str(total), claimed=money_str(claimed), how=how or _("confirm to record it")
            ),
        )


def payable(complaints: Sequence[Complaint]) -> list[Complaint]:
    """The complaints a payment can go to: those that closed compensated (not retracted),
    oldest first."""
    return [c for c in complaints if not c.retracted and c.outcome is Outcome.COMPENSATED]


def payment_target(complaints: Sequence[Complaint], attempt: int | None = None) -> Complaint:
    """The complaint a payment belongs to (docs/rules.md "Money received arrives later, to the
    complaint it belongs to"): the one that closed compensated, also after a later attempt was
    filed or ended; the latest such by default, or the one with this attempt number."""
    live = [complaint for complaint in complaints if not complaint.retracted]
    if attempt is not None:
        named = [complaint for complaint in live if complaint.attempt == attempt]
        if not named:
            raise ValidationError("attempt", _("there is no complaint attempt {attempt} on this parcel").format(attempt=attempt))
        return named[-1]
    compensated = payable(live)
    if compensated:
        return compensated[-1]
    latest = live[-1] if live else None
    if latest is None:
        raise RuleError(_("this parcel has no complaint: file one first"))
    return latest  # record_received says why it takes no money


def check_payment(complaint: Complaint, amount: Decimal) -> None:
    """PaymentAboveClaimed, naming both amounts, when this payment takes what arrived above the
    amount claimed."""
    claimed = complaint.claimed_amount
    if claimed is None or claimed <= 0:
        return
    total = (complaint.received or Decimal(0)) + amount
    if total > claimed:
        raise PaymentAboveClaimed(amount, total, claimed)


def retract_latest(complaint: Complaint, recorded_at: datetime, reason: str = "") -> tuple[Complaint, Event]:
    """The complaint with its latest event retracted (kept, marked with when and why), and that
    event. The clocks then run as if it had not happened; a retracted filing is no attempt."""
    for index in range(len(complaint.events) - 1, -1, -1):
        event = complaint.events[index]
        if event.retracted_at is None:
            marked = replace(event, retracted_at=recorded_at, retraction_reason=reason)
            events = (*complaint.events[:index], marked, *complaint.events[index + 1 :])
            return replace(complaint, events=events), marked
    raise RuleError(_("every event of this complaint is already retracted: nothing to undo"))


class ChangedSinceShown(RuleError):
    """A confirmation acts on what its dialog showed: that changed before the seller confirmed
    (another writer recorded, retracted or filed), so nothing was written. The message says what
    changed."""


def change_since(shown: Complaint, current: Complaint | None) -> str | None:
    """What happened to the parcel's latest complaint since a dialog showed `shown`, in words
    ("'appealed online' of 2026-03-20 10:00 was recorded"), or None when its live events are the
    same (a note changed meanwhile is no change to what undo or progress act on).

    `current` is the parcel's latest live complaint now (None: none is left)."""
    if current is None or (current.id != shown.id and current.filed_at < shown.filed_at):
        return _("the {type} complaint shown was retracted").format(type=label("type", shown.complaint_type))
    if current.id != shown.id:
        if current.attempt:
            return _("a new {type} complaint (attempt {attempt}) was filed").format(
                type=label("type", current.complaint_type), attempt=current.attempt
            )
        return _("a third-party claim was recorded")
    if current.live_events == shown.live_events:
        return None
    added = [event for event in current.live_events if event not in shown.live_events]
    if added:
        return _("'{event}' of {when} was recorded").format(event=label("event", added[-1].kind), when=platform_text(added[-1].at))
    gone = next(event for event in shown.live_events if event not in current.live_events)
    return _("'{event}' of {when} was retracted").format(event=label("event", gone.kind), when=platform_text(gone.at))


def with_note(complaint: Complaint, note: str) -> Complaint:
    return replace(complaint, note=note)


def merge_note(loaded: Snapshot[Complaint], current: Snapshot[Complaint], note: str) -> Complaint:
    """The complaint to store when a note editor that loaded `loaded` saves `note`.

    As the other forms (domain/revisions.py): nothing changed, nothing to write; a note changed
    elsewhere since and by the seller too is a ConflictError. The note is saved on the complaint
    the editor was opened on: a newer complaint since is refused (RuleError), nothing written.
    """
    if current.value.id != loaded.value.id:
        raise RuleError(
            _("{tracking} has a newer complaint since you opened this note: nothing was saved; open it again").format(
                tracking=current.value.tracking
            )
        )
    merge = merge_fields({"note": loaded.value.note}, {"note": current.value.note}, {"note": note})
    if merge.conflicts:
        texts = [{"note": value} for value in (loaded.value.note, current.value.note, note)]
        raise ConflictError(
            conflicts_as_text(merge.conflicts, *texts), current, Snapshot(with_note(loaded.value, current.value.note), current.rev)
        )
    return with_note(current.value, note) if merge.changed else current.value


class Step(StrEnum):
    """What the seller can record on a complaint (the record-progress choices)."""

    AGREED = "agreed"
    NO_AGREEMENT = "no-agreement"
    ESCALATED = "escalated"
    INTERVENED = "intervened"
    COMPENSATED = "compensated"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"
    RECEIVED = "received"  # money arrived after closing as compensated

    @property
    def outcome(self) -> Outcome | None:
        """The outcome a closing step records; None for the other steps."""
        try:
            return Outcome(self.value)
        except ValueError:
            return None

    @property
    def ends_complaint(self) -> bool:
        """After this step the complaint is over (resolved or closed): ask before recording it."""
        return self is Step.AGREED or self.outcome is not None


def apply_step(
    complaint: Complaint,
    step: Step,
    at: datetime,
    recorded_at: datetime,
    settings: Settings,
    *,
    claimed: Decimal | None = None,
    received: Decimal | None = None,
) -> Complaint:
    """The complaint after `step` happened at `at`, or RuleError / ValidationError."""
    if step is Step.AGREED or step is Step.NO_AGREEMENT:
        return record_reply(complaint, step is Step.AGREED, at, recorded_at, settings)
    if step is Step.ESCALATED:
        return escalate(complaint, at, recorded_at, settings)
    if step is Step.INTERVENED:
        return record_intervention(complaint, at, recorded_at, settings)
    if step is Step.RECEIVED:
        if received is None:
            raise ValidationError("received", _("enter the amount that arrived"))
        return record_received(complaint, received, at, recorded_at, settings)
    outcome = step.outcome
    assert outcome is not None
    return close(complaint, outcome, at, recorded_at, settings, claimed=claimed, received=received)


def allowed_steps(complaint: Complaint, at: datetime, settings: Settings) -> tuple[Step, ...]:
    """The steps the rules accept on this complaint at `at`: exactly those apply_step takes."""
    allowed = []
    for step in Step:
        # Money received needs an amount: any will do to ask whether the rules take the step.
        amount = Decimal(1) if step is Step.RECEIVED else None
        try:
            apply_step(complaint, step, at, at, settings, received=amount)
        except ClaimdeskError:
            continue
        allowed.append(step)
    return tuple(allowed)


@dataclass(frozen=True, slots=True)
class ParcelClaimState:
    """Attempts and the open complaint of one parcel at an instant (for lists and the wizard)."""

    attempts_used: int
    open: Complaint | None
    stage: Stage | None
    history: tuple[Complaint, ...] = field(default_factory=tuple)
    latest_stage: Stage | None = None  # the parcel's stage (parcel_stage): of its latest complaint

    @property
    def attempts_left(self) -> int:
        return max(0, MAX_ATTEMPTS - self.attempts_used)


def settles(complaint: Complaint) -> bool:
    """It ended compensated or resolved (the chamber agreed): the seller got what was asked."""
    if complaint.retracted:
        return False
    outcome = complaint.outcome
    return outcome is Outcome.COMPENSATED or (outcome is None and complaint.last(EventKind.REPLY_AGREED) is not None)


def claim_state(complaints: Sequence[Complaint], at: datetime, settings: Settings) -> ParcelClaimState:
    current = open_complaint(complaints, at, settings)
    return ParcelClaimState(
        attempts_used=platform_attempts(complaints),
        open=current,
        stage=stage(current, at, settings) if current else None,
        history=tuple(complaints),
        latest_stage=parcel_stage(complaints, at, settings),
    )


def parcel_stage(complaints: Sequence[Complaint], at: datetime, settings: Settings) -> Stage | None:
    """The stage of a parcel: its latest complaint's (filing order), a retracted filing
    included ('retracted'); None when it has none. The one rule the list, `parcel list --stage`,
    its JSON and the app's filter use."""
    return stage(complaints[-1], at, settings) if complaints else None


def ledger_attempt(complaint: Complaint) -> str:
    """A complaint's attempt as the ledger shows it: 1 or 2, 0 for a third-party claim, and
    nothing for a retracted filing (recorded by mistake: no attempt), so no number shows twice."""
    return "" if complaint.retracted else str(complaint.attempt)


def recovery_rate(claimed: Decimal, received: Decimal) -> Decimal | None:
    """received / claimed, None when nothing was claimed."""
    if claimed <= 0:
        return None
    return received / claimed
