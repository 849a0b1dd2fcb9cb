"""Finishing with a parcel: archive, unarchive, delete (docs/rules.md section 5).

Archived parcels leave the list, the countdowns and `due`, and stay in the file and in the
reports. An archived parcel's record is closed until it is unarchived: only money received for
it (which arrives after its complaint closed) and notes may still be recorded. Only a parcel without complaints can be
deleted: a complaint, even a retracted one, is part of the record.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime

from claimdesk.domain.complaints import Complaint, ended_at, open_complaint, stage
from claimdesk.domain.deadlines import is_missed, parcel_clocks
from claimdesk.domain.errors import RuleError
from claimdesk.domain.instants import platform_time
from claimdesk.domain.parcels import ClockSubject, Parcel, Status, check_active
from claimdesk.domain.settings import Settings
from claimdesk.i18n import _, ngettext
from claimdesk.labels import label


def archive(parcel: Parcel, complaints: Sequence[Complaint], at: datetime, settings: Settings) -> Parcel:
    """The parcel archived at `at`. Refused while a complaint is open: its clocks would vanish."""
    check_active(parcel)
    current = open_complaint(complaints, at, settings)
    if current is not None:
        raise RuleError(
            _("{tracking} has an open complaint ({stage}): close or withdraw it before archiving").format(
                tracking=parcel.tracking, stage=label("stage", stage(current, at, settings))
            )
        )
    return replace(parcel, archived_at=at)


def unarchive(parcel: Parcel) -> Parcel:
    if parcel.archived_at is None:
        raise RuleError(_("{tracking} is not archived").format(tracking=parcel.tracking))
    return replace(parcel, archived_at=None)


def check_deletable(parcel: Parcel, complaints: Sequence[Complaint]) -> None:
    """Only a parcel without complaints can be deleted (RuleError otherwise)."""
    if complaints:
        count = len(complaints)
        raise RuleError(
            ngettext(
                "{tracking} has {count} complaint on record: only a parcel without complaints can be deleted (archive it instead)",
                "{tracking} has {count} complaints on record: only a parcel without complaints can be deleted (archive it instead)",
                count,
            ).format(tracking=parcel.tracking, count=count)
        )


def finished_at(parcel: ClockSubject, complaints: Sequence[Complaint], now: datetime, settings: Settings) -> datetime | None:
    """When the parcel was finished with, or None while it still asks for something.

    Finished: no complaint open and no clock counting but missed ones (docs/rules.md "Missed
    deadlines end": a parcel whose every window is missed is finished, like a compensated one),
    and either its complaints all ended, or it has missed windows, or, never complained about,
    it was delivered. It is finished at the latest of: each complaint's end and latest event
    (money arrives later), each missed window's close; a delivered parcel never complained
    about, at its last tracking update, else at its creation.
    """
    if open_complaint(complaints, now, settings) is not None:
        return None
    clocks = [clock for clock in parcel_clocks(parcel, complaints, settings) if clock.counts_at(now)]
    if any(not is_missed(clock.deadline.kind, clock.deadline.due, now) for clock in clocks):
        return None
    instants = [clock.deadline.due for clock in clocks]
    live = [complaint for complaint in complaints if not complaint.retracted]
    if not live and not instants:
        if parcel.status is Status.DELIVERED:
            return parcel.last_tracking_at or parcel.created_at
        return None
    for complaint in live:
        end = ended_at(complaint, settings)
        latest = complaint.latest_event
        if end is None or latest is None:
            return None
        instants += [end, latest.at]
    return max(instants)


def archive_year(parcel: ClockSubject, before: datetime) -> int | None:
    """The year of the yearly archive file an archived parcel moves to: the platform (Shanghai)
    calendar year it was created in. None while it stays in the data file: not archived, or
    created at or after `before` (the seller's "older than")."""
    if parcel.archived_at is None or parcel.created_at >= before:
        return None
    return platform_time(parcel.created_at).year
