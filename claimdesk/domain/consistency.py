"""The record stays consistent (docs/rules.md section 5): every rule a stored parcel and its
complaints can break, checked in one place.

`doctor` runs these on a file edited by hand; every write path (the form, `parcel set`,
`import --update`) runs them on the record it is about to store and refuses a change that
would break one (RuleError naming both facts). The lifecycle of a complaint is checked by
replaying its events through the domain's own transitions, so a payment on a rejected complaint,
a closing without an outcome or an appeal after its window are refused here exactly as they are
when recorded.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from itertools import pairwise

from claimdesk.domain.complaints import (
    Channel,
    Complaint,
    Event,
    EventKind,
    close,
    ended_at,
    escalate,
    is_open,
    record_intervention,
    record_received,
    record_reply,
)
from claimdesk.domain.errors import ClaimdeskError, RuleError
from claimdesk.domain.instants import FUTURE_TOLERANCE, platform_text
from claimdesk.domain.parcels import Parcel, Service
from claimdesk.domain.settings import Settings
from claimdesk.i18n import _


@dataclass(frozen=True, slots=True)
class Breach:
    """One rule a record breaks: which record (a parcel by its tracking number, a complaint by
    its id), which field, and what is wrong, naming both facts."""

    record: str  # "parcel" or "complaint"
    key: str
    field: str
    problem: str

    def __str__(self) -> str:
        return f"{self.record} {self.key}: {self.field}: {self.problem}"


def _at(instant: datetime) -> str:
    return platform_text(instant, seconds=True)


def parcel_breaches(parcel: Parcel, complaints: Sequence[Complaint], now: datetime, settings: Settings) -> list[Breach]:
    """The rules the parcel's own fields break, alone or against its complaints."""
    found: list[Breach] = []

    def add(field: str, problem: str) -> None:
        found.append(Breach("parcel", parcel.tracking, field, problem))

    created = parcel.created_at
    for field, instant in (
        ("created_at", created),
        ("collected_at", parcel.collected_at),
        ("last_tracking_at", parcel.last_tracking_at),
        ("archived_at", parcel.archived_at),
    ):
        if instant is not None and instant > now + FUTURE_TOLERANCE:
            add(field, _("{at} is in the future (it is now {now})").format(at=_at(instant), now=_at(now)))
    for field, instant, what in (
        ("collected_at", parcel.collected_at, _("collected")),
        ("last_tracking_at", parcel.last_tracking_at, _("last tracked")),
        ("archived_at", parcel.archived_at, _("archived")),
    ):
        if instant is not None and instant < created:
            add(field, _("{what} {at}, before the parcel was created {created}").format(what=what, at=_at(instant), created=_at(created)))
    live = [complaint for complaint in complaints if not complaint.retracted]
    if live:
        first = min(complaint.filed_at for complaint in live)
        if first < created:
            add(
                "created_at",
                _("created {created}, after its first complaint was filed {filed}").format(created=_at(created), filed=_at(first)),
            )
    if parcel.archived_at is not None:
        still_open = [complaint for complaint in live if is_open(complaint, now, settings)]
        if still_open:
            add("archived_at", _("archived {at} with complaint {id} still open").format(at=_at(parcel.archived_at), id=still_open[0].id))
    return found


def complaint_breaches(parcel: Parcel, complaints: Sequence[Complaint], now: datetime, settings: Settings) -> list[Breach]:
    """The rules the parcel's complaints break: their channel, their events' instants, their
    lifecycle, their order in time, and one open at a time."""
    found: list[Breach] = []
    for complaint in complaints:
        found += _one_complaint(parcel, complaint, now, settings)
    live = [complaint for complaint in complaints if not complaint.retracted]
    for previous, following in pairwise(live):
        end = ended_at(previous, settings)
        if end is not None and following.filed_at < end:
            found.append(
                Breach(
                    "complaint",
                    following.id,
                    "events[0].at",
                    _("filed {filed}, before the previous complaint {id} ended {ended}").format(
                        filed=_at(following.filed_at), id=previous.id, ended=_at(end)
                    ),
                )
            )
    open_now = [complaint for complaint in live if is_open(complaint, now, settings)]
    if len(open_now) > 1:
        found.append(
            Breach(
                "complaint",
                open_now[-1].id,
                "events",
                _("open while complaint {id} of the same parcel is open too (one at a time)").format(id=open_now[0].id),
            )
        )
    return found


def _one_complaint(parcel: Parcel, complaint: Complaint, now: datetime, settings: Settings) -> list[Breach]:
    found: list[Breach] = []

    def add(field: str, problem: str) -> None:
        found.append(Breach("complaint", complaint.id, field, problem))

    offline = parcel.service is Service.OFFLINE
    if complaint.channel is Channel.THIRD_PARTY:
        if complaint.attempt != 0:
            add("attempt", _("a third-party claim uses no attempt, but it has attempt {attempt}").format(attempt=complaint.attempt))
        if not offline:
            add("channel", _("a third-party claim on a {service} parcel (only offline delivery has them)").format(service=parcel.service))
        if complaint.follow_up_at is not None and complaint.follow_up_at < complaint.filed_at:
            add(
                "follow_up_at",
                _("follow up {at}, before the contact {filed}").format(at=_at(complaint.follow_up_at), filed=_at(complaint.filed_at)),
            )
    else:
        if offline:
            add("channel", _("a platform complaint on an offline-delivery parcel (a third-party claim there)"))
        if complaint.attempt == 0 and not complaint.retracted:
            add("attempt", _("a platform complaint with attempt 0 (attempts are 1 and 2)"))
    for index, event in enumerate(complaint.events):
        for field, instant in (("at", event.at), ("recorded_at", event.recorded_at), ("retracted_at", event.retracted_at)):
            if instant is not None and instant > now + FUTURE_TOLERANCE:
                add(f"events[{index}].{field}", _("{at} is in the future (it is now {now})").format(at=_at(instant), now=_at(now)))
        if event.retracted_at is not None and event.retracted_at < event.recorded_at:
            add(
                f"events[{index}].retracted_at",
                _("retracted {at}, before the event was recorded {recorded}").format(
                    at=_at(event.retracted_at), recorded=_at(event.recorded_at)
                ),
            )
    found += _lifecycle_breaches(complaint, settings)
    return found


def _lifecycle_breaches(complaint: Complaint, settings: Settings) -> list[Breach]:
    """Replay the complaint's events (retracted ones skipped, as the rules skip them) through
    the domain's transitions: the first one they refuse is the breach."""
    if complaint.retracted:
        return []
    for index in range(1, len(complaint.events)):
        event = complaint.events[index]
        if event.retracted_at is not None:
            continue
        before = replace(complaint, events=complaint.events[:index])
        try:
            _replay(before, event, settings)
        except ClaimdeskError as error:
            return [
                Breach(
                    "complaint",
                    complaint.id,
                    f"events[{index}]",
                    _("{kind} {at}: {why}").format(kind=event.kind, at=_at(event.at), why=error),
                )
            ]
    return []


def _replay(before: Complaint, event: Event, settings: Settings) -> None:
    at, recorded = event.at, event.recorded_at
    if event.kind in (EventKind.REPLY_AGREED, EventKind.REPLY_NO_AGREEMENT):
        record_reply(before, event.kind is EventKind.REPLY_AGREED, at, recorded, settings)
    elif event.kind is EventKind.ESCALATED:
        escalate(before, at, recorded, settings)
    elif event.kind is EventKind.INTERVENED:
        record_intervention(before, at, recorded, settings)
    elif event.kind is EventKind.CLOSED:
        if event.outcome is None:
            raise RuleError(_("a closing without an outcome"))
        close(before, event.outcome, at, recorded, settings, claimed=event.claimed, received=event.received)
    elif event.kind is EventKind.RECEIVED:
        if event.received is None:
            raise RuleError(_("a payment without an amount"))
        record_received(before, event.received, at, recorded, settings)
    else:
        raise RuleError(_("a second filing in one complaint"))


def new_breaches(before: Parcel | None, after: Parcel, complaints: Sequence[Complaint], now: datetime, settings: Settings) -> list[Breach]:
    """The rules storing `after` would break that `before` did not (a damaged record edited by
    hand is not made the seller's problem by an unrelated change). The complaints count too: a
    platform complaint on a parcel changed to offline delivery, or the reverse, is a new breach."""

    # The complaints' checks read only the parcel's service: replayed only when it changes.
    replay = before is not None and before.service != after.service

    def breaches(parcel: Parcel) -> list[Breach]:
        found = parcel_breaches(parcel, complaints, now, settings)
        return found + complaint_breaches(parcel, complaints, now, settings) if replay else found

    old = set(breaches(before)) if before is not None else set()
    return [breach for breach in breaches(after) if breach not in old]


def refusal(tracking: str, breach: Breach) -> str:
    return _("{tracking}: {problem}: nothing was changed").format(tracking=tracking, problem=breach.problem)


def check_parcel_change(before: Parcel | None, after: Parcel, complaints: Sequence[Complaint], now: datetime, settings: Settings) -> None:
    """RuleError naming both facts when storing `after` would break a rule `before` did not."""
    for breach in new_breaches(before, after, complaints, now, settings):
        raise RuleError(refusal(after.tracking, breach))
