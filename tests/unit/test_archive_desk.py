"""Archiving through the Desk against a real data file: what is stored, and what else keeps it."""

from __future__ import annotations

import json
from decimal import Decimal

from claimdesk.domain.parcels import parcel_to_fields
from claimdesk.services import Desk
from tests.ui._pilot import parcel_fields, s10, shanghai

TRACKING = "EE123456785CN"


def stored(desk: Desk) -> dict:
    data = json.loads(desk.path.read_text(encoding="utf-8"))
    return next(record for record in data["parcels"].values() if record["tracking"] == TRACKING)


def test_edits_and_status_changes_keep_a_parcel_archived(desk: Desk, clock) -> None:
    desk.add_parcel(parcel_fields())
    desk.archive(TRACKING)
    desk.edit_parcel(TRACKING, {"carrier": "EMS Shenzhen"})  # no base: the fields given
    base = desk.parcel_snapshot(TRACKING)
    desk.edit_parcel(TRACKING, {**parcel_to_fields(base.value), "order": "8100000000000002"}, base=base)  # a form save
    desk.set_status(TRACKING, "delivered")
    reopened = Desk.open(desk.path, clock)
    parcel = reopened.parcel(TRACKING)
    assert (parcel.carrier, parcel.order, parcel.status.value) == ("EMS Shenzhen", "8100000000000002", "delivered")
    assert parcel.archived_at == shanghai("2026-03-20 10:00")
    assert reopened.rows() == [] and [row.tracking for row in reopened.rows(archived=True)] == [TRACKING]
    desk.unarchive(TRACKING)
    assert "archived_at" not in stored(desk)  # gone from the file, not only from memory
    assert Desk.open(desk.path, clock).parcel(TRACKING).archived_at is None


def test_archived_parcels_stay_in_the_reports(desk: Desk) -> None:
    from claimdesk.reports import recovery

    desk.add_parcel(parcel_fields())
    desk.add_parcel(parcel_fields(tracking=s10("22222222")))
    desk.file_complaint(TRACKING, "loss", at=shanghai("2026-03-12 10:00"))
    desk.record_reply(TRACKING, agreed=True, at=shanghai("2026-03-13 10:00"))
    desk.close_complaint(TRACKING, "compensated", claimed=None, at=shanghai("2026-03-14 10:00"))
    desk.record_received(TRACKING, Decimal("620"), at=shanghai("2026-03-15 10:00"))
    desk.archive(TRACKING)
    report = recovery(desk)
    assert report.total.complaints == 1
    assert report.total.received == Decimal("620")
    assert report.total.outcomes["won"] == 1
