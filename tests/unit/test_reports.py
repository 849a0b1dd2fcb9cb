"""The recovery dashboard's figures come from the same services as the rest of the desk."""

from __future__ import annotations

import csv
import io
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

from claimdesk.reports import export_csv, recovery, to_csv
from claimdesk.services import Desk

FILED = "2026-03-10T10:00:00+08:00"


def parcel(tracking: str, **changes: str) -> dict[str, str]:
    fields = {
        "tracking": tracking,
        "order": "8100000000000001",
        "service": "ems",
        "created_at": "2026-03-01T10:00:00+08:00",
        "item": "declared",
        "declared_value": "1200",
        "weight": "1.3",
        "shipping_fee": "180",
        "status": "lost",
    }
    return {**fields, **changes}


def compensated(desk: Desk, tracking: str, claimed: str, received: str) -> None:
    desk.file_complaint(tracking, "damage", (desk.now() - timedelta(days=9)))
    desk.record_reply(tracking, agreed=False, at=(desk.now() - timedelta(days=8)))
    desk.escalate(tracking, at=(desk.now() - timedelta(days=7)))
    desk.close_complaint(tracking, "compensated", claimed=Decimal(claimed), received=Decimal(received))


def test_empty_desk_has_no_rate(desk: Desk) -> None:
    report = recovery(desk)
    assert report.total.complaints == 0
    assert report.total.recovery is None
    assert report.burned_without_payout == 0


def test_claimed_received_and_outcomes_add_up(desk: Desk) -> None:
    desk.add_parcel(parcel("EE123456785CN", status="damaged"))
    desk.add_parcel(parcel("RB123456785GB", status="damaged", service="special-line"))
    compensated(desk, "EE123456785CN", "800.00", "620.00")
    desk.file_complaint("RB123456785GB", "damage", (desk.now() - timedelta(days=2)))
    desk.close_complaint("RB123456785GB", "withdrawn")

    report = recovery(desk)

    assert report.total.complaints == 2
    assert report.total.claimed == Decimal("800.00")
    assert report.total.received == Decimal("620.00")
    assert report.total.recovery == Decimal("620.00") / Decimal("800.00")
    assert report.total.outcomes["won"] == 1
    assert report.total.outcomes["withdrawn"] == 1
    assert report.burned_without_payout == 1
    assert report.by_service["ems"].received == Decimal("620.00")
    assert report.by_service["special-line"].complaints == 1
    assert set(report.by_month) == {"2026-03"}
    # Damage of a declared item is shown at its worst case (the whole declared value):
    # EMS caps the goods at 500 + 60 x 2 kg = 620.00 of 1,200.00.
    assert report.by_type["damage"].shortfall >= Decimal("580.00")


def test_csv_export_has_every_group(desk: Desk, tmp_path: Path) -> None:
    desk.add_parcel(parcel("EE123456785CN", status="damaged"))
    compensated(desk, "EE123456785CN", "800.00", "620.00")
    target = tmp_path / "recovery.csv"
    export_csv(desk, recovery(desk), target)
    rows = list(csv.DictReader(io.StringIO(target.read_text(encoding="utf-8-sig"))))
    assert {row["group"] for row in rows} == {"total", "month", "service", "type"}
    total = next(row for row in rows if row["group"] == "total")
    assert (total["claimed"], total["received"], total["recovery"]) == ("800.00", "620.00", "0.7750")
    assert target.stat().st_mode & 0o777 == 0o600
    assert to_csv(recovery(desk)) == target.read_bytes()
    assert target.read_bytes().startswith(b"\xef\xbb\xbfgroup,")  # UTF-8 with a BOM, for Excel
