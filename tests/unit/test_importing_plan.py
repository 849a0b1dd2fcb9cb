"""The import plan: rows streamed into added / updated / unchanged / bad, nothing written."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from claimdesk.domain.parcels import Parcel, parcel_from_fields
from claimdesk.importing import ImportOptions, ImportRefused, plan_file
from claimdesk.importing.plan import KEPT_ERRORS, ImportPlan
from claimdesk.importing.profiles import built_in
from claimdesk.importing.report import ImportReport, report_json
from tests.cli.test_cli_transfer import HEADER, row
from tests.fixtures.seller_files import aliexpress_rows, csv_bytes
from tests.ui._pilot import parcel_fields

TRACKING = "EE123456785CN"


def plan(path: Path, options: ImportOptions | None = None, desk: dict[str, Parcel] | None = None) -> ImportPlan:
    on_desk = desk or {}
    return plan_file(path, options or ImportOptions(), profiles=built_in(), lookup=on_desk.get)


def write(tmp_path: Path, *lines: str) -> Path:
    path = tmp_path / "in.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_good_rows_are_planned_and_bad_ones_reported_by_line(tmp_path: Path) -> None:
    source = write(tmp_path, HEADER, row("LP0000000001"), row("LP0000000002", weight="-1"), row("LP0000000003"))
    result = plan(source)
    assert [parcel.tracking for parcel in result.added] == ["LP0000000001", "LP0000000003"]
    assert [(error.line, error.field) for error in result.errors] == [(3, "weight")]
    assert (result.profile, result.encoding, result.delimiter, result.kind) == ("claimdesk", "UTF-8", ",", "csv")


def test_all_or_nothing_refuses_on_any_bad_row(tmp_path: Path) -> None:
    source = write(tmp_path, HEADER, row("LP0000000001"), row("LP0000000002", weight="-1"))
    with pytest.raises(ImportRefused) as refused:
        plan(source, ImportOptions(all_or_nothing=True))
    assert refused.value.bad == 1


def test_the_first_thousand_bad_rows_are_kept_and_the_rest_counted(tmp_path: Path) -> None:
    bad = [row(f"LP{index:010d}", weight="x") for index in range(KEPT_ERRORS + 250)]
    result = plan(write(tmp_path, HEADER, *bad))
    assert result.bad == KEPT_ERRORS + 250
    assert len(result.errors) == KEPT_ERRORS
    assert result.errors[-1].line == KEPT_ERRORS + 1
    report = report_json(ImportReport.of(result, written=False), "in.csv")
    assert (report["bad"], len(report["bad_rows"]), report["added"], report["dry_run"]) == (1250, 1000, 0, True)


def test_a_row_already_on_the_desk_is_unchanged_or_needs_update(tmp_path: Path) -> None:
    before = parcel_from_fields(parcel_fields())
    desk = {TRACKING: before}
    fields = parcel_fields()
    header = ",".join(fields)
    same = write(tmp_path, header, ",".join(fields.values()))
    assert plan(same, desk=desk).unchanged == 1  # importing the same file twice is harmless
    changed = write(tmp_path, header, ",".join({**fields, "status": "delivered"}.values()))
    result = plan(changed, desk=desk)
    assert [error.message for error in result.errors] == [f"{TRACKING} is already on the desk (import --update changes it)"]
    partial = write(tmp_path, "tracking,status", f"{TRACKING},delivered")
    with pytest.raises(ImportRefused, match="missing column"):  # a new parcel needs service and created_at
        plan(partial, desk=desk)
    [update] = plan(partial, ImportOptions(update=True), desk=desk).updated
    assert update.changes() == [("status", "lost", "delivered")]


def test_a_number_twice_in_the_file(tmp_path: Path) -> None:
    result = plan(write(tmp_path, HEADER, row("LP0000000001"), row("lp 0000000001")))
    assert [(error.line, error.message) for error in result.errors] == [(3, "LP0000000001 appears twice (first on line 2)")]


def test_a_column_given_twice_stops_with_its_names(tmp_path: Path) -> None:
    source = write(tmp_path, "tracking,运单号,service,created_at", "LP0000000001,LP0000000001,ems,2026-03-01")
    with pytest.raises(ImportRefused) as refused:
        plan(source)
    assert "column tracking appears 2 times ('tracking', '运单号')" in refused.value.errors[0].message


def test_the_order_export_skips_orders_not_shipped_and_leaves_dollars_without_a_rate(tmp_path: Path) -> None:
    header, rows = aliexpress_rows("zh")
    source = tmp_path / "orders.csv"
    source.write_bytes(csv_bytes(header, rows, encoding="gb18030"))
    result = plan(source)
    assert (result.profile, result.encoding, result.skipped) == ("aliexpress-orders", "GB18030", 1)
    assert result.columns["carrier_and_tracking"] == ["实际发货物流:运单号"]
    assert "订单金额" in result.unplaced
    assert result.notes == ["amounts in US dollars (订单金额) left out: pass --usd-rate RATE to keep them"]
    with_rate = plan(source, ImportOptions(usd_rate=Decimal("7.10")))
    assert with_rate.columns["declared_value"] == ["订单金额"] and not with_rate.notes
