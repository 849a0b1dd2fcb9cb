"""Small builders shared by the domain tests: a parcel, instants on the Shanghai clock, complaints.

Every instant here is fixed; no test reads the real clock.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from claimdesk.domain.complaint_types import ComplaintType
from claimdesk.domain.complaints import (
    Complaint,
    Outcome,
    close,
    escalate,
    new_complaint,
    record_intervention,
    record_reply,
)
from claimdesk.domain.instants import parse_instant
from claimdesk.domain.parcels import ItemKind, Parcel, Service, Status
from claimdesk.domain.settings import Settings

SECOND = timedelta(seconds=1)
DAY = timedelta(days=1)
DEFAULTS = Settings()


def sh(text: str) -> datetime:
    """An instant written as Shanghai wall-clock time: sh('2026-03-01 10:00')."""
    return parse_instant(text, "test")


CREATED = sh("2026-03-01 10:00:00")  # a Sunday
FILED = sh("2026-03-12 10:00:00")  # a Thursday, inside every default window but not-warehoused's


def make_parcel(**changes: Any) -> Parcel:
    """The docs/rules.md EMS example parcel (declared 1,200.00, 1.3 kg, fee 180.00), status lost."""
    base = Parcel(
        tracking="EE123456785CN",
        order="8100000000000001",
        service=Service.EMS,
        created_at=CREATED,
        item=ItemKind.DECLARED,
        weight=Decimal("1.3"),
        shipping_fee=Decimal("180"),
        status=Status.LOST,
        declared_value=Decimal("1200"),
        collected_at=sh("2026-03-02 09:00:00"),
    )
    return base.with_changes(**changes)


def file(
    parcel: Parcel,
    history: list[Complaint] | tuple[Complaint, ...] = (),
    ctype: ComplaintType = ComplaintType.DAMAGE,
    at: datetime = FILED,
    settings: Settings = DEFAULTS,
) -> Complaint:
    return new_complaint(f"c{len(history) + 1}", parcel, list(history), ctype, at, at, settings)


def in_stage(name: str, at: datetime = FILED, settings: Settings = DEFAULTS) -> tuple[Complaint, datetime]:
    """A complaint filed at `at` and moved to a stage, with an instant at which it is in that stage."""
    complaint = file(make_parcel(), at=at, settings=settings)
    if name == "filed":
        return complaint, at + DAY
    if name == "may-escalate":
        complaint = record_reply(complaint, False, at + DAY, at + DAY, settings)
        return complaint, at + 2 * DAY
    if name == "escalated":
        complaint = record_reply(complaint, False, at + DAY, at + DAY, settings)
        complaint = escalate(complaint, at + 2 * DAY, at + 2 * DAY, settings)
        return complaint, at + 2 * DAY + SECOND
    if name == "under-review":
        complaint, when = in_stage("escalated", at, settings)
        complaint = record_intervention(complaint, when, when, settings)
        return complaint, when + SECOND
    if name == "resolved":
        complaint = record_reply(complaint, True, at + DAY, at + DAY, settings)
        return complaint, at + 2 * DAY
    if name == "expired":
        days = settings.chamber_reply_days + settings.escalation_window_days
        return complaint, at + timedelta(days=days) + SECOND
    if name == "closed":
        complaint = close(complaint, Outcome.WITHDRAWN, at + DAY, at + DAY, settings)
        return complaint, at + 2 * DAY
    raise ValueError(name)
