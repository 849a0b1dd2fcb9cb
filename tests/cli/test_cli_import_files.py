"""`claimdesk import` with the files sellers have in hand (issue 17): the Seller Center order export
as .xlsx, .xls, GB18030 CSV and UTF-16 text; a forwarder's list through a mapping; the desk's own
export as Excel re-saves it; --profiles, --map, --sheet, --date-order, --dry-run, --json."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.cli.helpers import EMS, Run, add_args, snapshot
from tests.fixtures.seller_files import aliexpress_rows, csv_bytes, excel_resaved, write_xls, write_xlsx

NUMBERS = ["LP00123456789012", "LP00123456789013", "RB123456785CN"]


def listed(run: Run, *args: str) -> dict[str, dict[str, Any]]:
    result = run("parcel", "list", "--json", *args)
    assert result.code == 0, result.err
    return {parcel["tracking"]: parcel for parcel in json.loads(result.out)}


def order_export(tmp_path: Path, shape: str) -> Path:
    if shape == "xlsx":
        header, rows = aliexpress_rows("zh", as_text=False)
        return write_xlsx(tmp_path / "orders.xlsx", header, rows)
    if shape == "xls":
        header, rows = aliexpress_rows("zh", as_text=False)
        return write_xls(tmp_path / "orders.xls", header, rows)
    if shape == "gb18030":
        header, rows = aliexpress_rows("zh")
        path = tmp_path / "orders.csv"
        path.write_bytes(csv_bytes(header, rows, encoding="gb18030"))
        return path
    header, rows = aliexpress_rows("en")
    path = tmp_path / "orders.txt"  # Excel's "Unicode text": UTF-16 LE with a BOM, tab-separated
    path.write_bytes(csv_bytes(header, rows, encoding="utf-16-le", delimiter="\t", bom=True))
    return path


@pytest.mark.parametrize("shape", ["xlsx", "xls", "gb18030", "utf16"])
def test_the_seller_center_order_export_imports_in_every_shape(run: Run, tmp_path: Path, shape: str) -> None:
    source = order_export(tmp_path, shape)
    result = run("import", source, "--usd-rate", "7.10", "--json")
    assert result.code == 0, result.err
    report = json.loads(result.out)
    assert report["profile"] == "aliexpress-orders"
    assert (report["added"], report["not_shipped"], report["bad"], report["incomplete"]) == (3, 1, 0, 3)
    assert report["encoding"] == {"xlsx": None, "xls": None, "gb18030": "GB18030", "utf16": "UTF-16 LE"}[shape]
    parcels = listed(run)
    assert sorted(parcels) == sorted(NUMBERS)
    first = parcels["LP00123456789012"]
    assert first["order"] == "8123456789012345"  # every digit, also from a number cell
    assert first["carrier"] == "AliExpress Standard Shipping"
    assert first["destination"] == "GB"
    assert first["created_at"] == "2026-03-03T14:05:00+08:00"  # the shipping time, Beijing time
    assert first["status"] == "in-transit" and parcels["LP00123456789013"]["status"] == "delivered"
    assert first["declared_value"] == "130.64"  # US $18.40 at 7.10
    assert first["weight"] is None and first["item"] is None  # incomplete: the export has none


def test_without_a_rate_the_dollar_column_is_left_out_and_said(run: Run, tmp_path: Path) -> None:
    source = order_export(tmp_path, "gb18030")
    result = run("import", source)
    assert result.code == 0, result.err
    assert "Note: amounts in US dollars (订单金额) left out: pass --usd-rate RATE to keep them" in result.out
    assert "Read " in result.out and "GB18030 text, comma-separated, profile aliexpress-orders" in result.out
    assert listed(run)["LP00123456789012"]["declared_value"] is None


def test_a_later_export_with_weights_fills_the_incomplete_parcels_in(run: Run, tmp_path: Path) -> None:
    assert run("import", order_export(tmp_path, "xlsx")).code == 0
    later = tmp_path / "fees.csv"
    later.write_text("运单号,重量,运费,物品类型\nLP00123456789012,350g,￥23.50,普货\n", encoding="utf-8")
    result = run("import", later, "--update", "--map", write_mapping(tmp_path, '[item]\n"普货" = "declared"\n'))
    assert result.code == 0, result.err
    parcel = listed(run)["LP00123456789012"]
    assert (parcel["weight"], parcel["shipping_fee"], parcel["item"]) == ("0.35", "23.50", "declared")


def write_mapping(tmp_path: Path, extra: str = "") -> Path:
    path = tmp_path / "mine.toml"
    path.write_text('[columns]\ntracking = "运单号"\nweight = "重量"\nshipping_fee = "运费"\nitem = "物品类型"\n' + extra, encoding="utf-8")
    return path


YUN_HEADER = ["客户订单号", "运单号", "跟踪号", "目的国家", "创建时间", "重量(KG)", "运费", "状态", "备注"]
YUN_ROWS = [
    ["8123456789012345", "YT2412345678901", "UG123456789YP", "英国", "2026/3/1 10:00", "0,35", "23,50", "已发货", ""],
    ["8123456789012346", "YT2412345678902", "UG123456790YP", "德国", "2026/3/2 11:00", "1,2", "60,00", "已签收", "x"],
]
YUN_MAPPING = """
title = "YunExpress waybills"
[columns]
tracking = "跟踪号"
other_numbers = "运单号"
order = "客户订单号"
destination = "目的国家"
created_at = "创建时间"
weight = "重量(KG)"
shipping_fee = "运费"
status = "状态"
[status]
"已发货" = "in-transit"
[defaults]
service = "special-line"
"""


def test_a_forwarder_list_through_a_mapping_then_saved_as_a_profile(run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    source = tmp_path / "yun.csv"
    source.write_bytes(csv_bytes(YUN_HEADER, YUN_ROWS, encoding="gb18030", delimiter=";"))
    refused = run("import", source)  # the desk's own profile knows 运单号 and 跟踪号, both as the tracking number
    assert refused.code == 2
    assert "column tracking appears 2 times ('运单号', '跟踪号')" in refused.err and "--map MAPPING.toml" in refused.err
    mapping = tmp_path / "yun.toml"
    mapping.write_text(YUN_MAPPING, encoding="utf-8")
    result = run("import", source, "--map", mapping, "--dry-run")
    assert result.code == 0, result.err
    assert "2 added" in result.out and "Dry run, nothing written" in result.out
    assert "Columns not read: 备注" in result.out
    config = tmp_path / "config"
    config.mkdir()
    monkeypatch.setenv("CLAIMDESK_CONFIG", str(config))
    (config / "yunexpress.toml").write_text(YUN_MAPPING, encoding="utf-8")
    profiles = run("import", "--profiles")
    assert profiles.code == 0
    assert "yunexpress: YunExpress waybills" in profiles.out and "aliexpress-orders:" in profiles.out
    result = run("import", source, "--json")  # recognised from the header now
    assert result.code == 0, result.err
    report = json.loads(result.out)
    assert (report["profile"], report["delimiter"], report["added"]) == ("yunexpress", ";", 2)
    parcel = listed(run)["UG123456789YP"]  # a carrier's S10-shaped number, kept as given
    assert (parcel["weight"], parcel["shipping_fee"], parcel["destination"]) == ("0.35", "23.50", "GB")
    assert parcel["other_numbers"] == ["YT2412345678901"]
    sync = tmp_path / "sync.csv"
    sync.write_text("tracking,status\nYT2412345678902,lost\n", encoding="utf-8")  # found by its other number
    assert run("import", sync, "--update").code == 0
    assert listed(run)["UG123456790YP"]["status"] == "lost"


@pytest.mark.parametrize(
    ("encoding", "delimiter", "decimal_comma"),
    [("gb18030", ";", True), ("cp1252", ";", True), ("gb18030", ",", False)],
    ids=["gb18030-semicolon-comma", "cp1252-semicolon-comma", "gb18030"],
)
def test_the_desks_export_resaved_by_excel_imports_back_unchanged(
    run: Run, tmp_path: Path, encoding: str, delimiter: str, decimal_comma: bool
) -> None:
    assert run(*add_args(collected="2026-03-01T20:00:00+08:00", inquiry_fee="8.5", carrier="China Post")).code == 0
    assert (
        run(
            *add_args(
                tracking="LP0000000001",
                service="special-line",
                order="=1+1",
                item="document",
                declared_value=None,
                destination="BR",
                weight="0.005",
                shipping_fee="1200.5",
            )
        ).code
        == 0
    )
    exported = tmp_path / "out.csv"
    assert run("export", exported).code == 0
    resaved = tmp_path / "resaved.csv"
    text = exported.read_bytes().decode("utf-8-sig")
    resaved.write_bytes(excel_resaved(text, delimiter=delimiter, decimal_comma=decimal_comma, encoding=encoding))
    other = tmp_path / "other.json"
    result = run("import", resaved, "--db", other)
    assert result.code == 0, result.err
    assert "2 added" in result.out and "0 bad" in result.out

    def parcels(*db: str) -> list[dict[str, Any]]:
        keep = ("attempts_used", "attempts_left", "stage", "latest_stage")
        return sorted(
            ({k: v for k, v in p.items() if k not in keep} for p in json.loads(run("parcel", "list", "--json", *db).out)),
            key=lambda p: p["tracking"],
        )

    assert parcels("--db", str(other)) == parcels()
    assert run("import", resaved, "--db", other).out.count("2 unchanged") == 1  # again: nothing changes


def test_sheet_date_order_and_kinds(run: Run, db: Path, tmp_path: Path) -> None:
    header = ["tracking", "service", "created_at", "order"]
    book = write_xlsx(
        tmp_path / "book.xlsx", header, [["LP0000000001", "special line", "11/03/2026 10:00", "81"]], sheet="Parcels", before=["Read me"]
    )
    wrong = run("import", book)
    assert wrong.code == 2 and "sheet 'Read me' of" in wrong.err and "--sheet" in wrong.err  # the first sheet is empty
    ambiguous = run("import", book, "--sheet", "Parcels")
    assert ambiguous.code == 2
    assert "bad line 2: created_at:" in ambiguous.err and "--date-order" in ambiguous.err
    assert run("import", book, "--sheet", "Parcels", "--date-order", "dmy").code == 0
    assert listed(run)["LP0000000001"]["created_at"] == "2026-03-11T10:00:00+08:00"
    before = snapshot(db)
    pdf = tmp_path / "orders.csv"
    pdf.write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    result = run("import", pdf)
    assert result.code == 2 and "is a PDF, not a spreadsheet or CSV file" in result.err
    assert run("import", book, "--sheet", "Nope").code == 2
    assert run("import", book, "--usd-rate", "abc").code == 2
    assert run("import", book, "--profile", "nope").code == 2
    assert run("import").code == 2
    assert snapshot(db) == before


def test_dry_run_json_has_every_key_and_writes_nothing(run: Run, db: Path, tmp_path: Path) -> None:
    assert run(*add_args()).code == 0
    before = snapshot(db)
    source = tmp_path / "in.csv"
    source.write_text(f"tracking,status\n{EMS},delivered\nLP0000000404,lost\n", encoding="utf-8")
    result = run("import", source, "--update", "--dry-run", "--json")
    assert result.code == 0, result.err
    report = json.loads(result.out)
    assert set(report) == {
        "file",
        "dry_run",
        "kind",
        "encoding",
        "delimiter",
        "sheet",
        "profile",
        "columns",
        "unplaced",
        "usd_rate",
        "added",
        "updated",
        "unchanged",
        "incomplete",
        "not_shipped",
        "bad",
        "bad_rows",
        "bad_rows_kept",
        "notes",
    }
    assert (report["dry_run"], report["updated"], report["bad"], report["bad_rows"][0]["line"]) == (True, 1, 1, 3)
    assert report["bad_rows"][0]["problems"][0]["field"] == "tracking"
    assert snapshot(db) == before
