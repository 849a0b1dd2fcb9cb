"""Archiving through the Desk against a real data file: what is stored, and what else keeps it."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from claimdesk.domain.errors import RuleError
from claimdesk.domain.parcels import parcel_to_fields
from claimdesk.services import Desk
from tests.ui._pilot import parcel_fields, s10, shanghai

TRACKING = "EE123456785CN"


def stored(desk: Desk) -> dict:
    data = json.loads(desk.path.read_text(encoding="utf-8"))
    return next(record for record in data["parcels"].values() if record["tracking"] == TRACKING)


def test_an_archived_parcel_is_read_only_until_unarchived(desk: Desk, clock) -> None:
    # docs/rules.md "Archived parcels": an edit or a status change is refused (issue 19, item 4)
    desk.add_parcel(parcel_fields())
    desk.archive(TRACKING)
    before = stored(desk)
    base = desk.parcel_snapshot(TRACKING)
    for change in (
        lambda: desk.edit_parcel(TRACKING, {"carrier": "EMS Shenzhen"}),  # no base: the fields given
        lambda: desk.edit_parcel(TRACKING, {**parcel_to_fields(base.value), "order": "8100000000000002"}, base=base),
        lambda: desk.set_status(TRACKING, "delivered"),
    ):
        with pytest.raises(RuleError, match="unarchive it first"):
            change()
    assert stored(desk) == before
    desk.unarchive(TRACKING)
    assert "archived_at" not in stored(desk)  # gone from the file, not only from memory
    desk.edit_parcel(TRACKING, {"carrier": "EMS Shenzhen"})
    desk.set_status(TRACKING, "delivered")
    parcel = Desk.open(desk.path, clock).parcel(TRACKING)
    assert (parcel.carrier, parcel.status.value, parcel.archived_at) == ("EMS Shenzhen", "delivered", None)


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
