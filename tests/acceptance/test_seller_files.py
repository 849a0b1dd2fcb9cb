"""RULES 6: the AliExpress order export in the shapes sellers save it (GB18030 CSV from Excel,
';' with decimal commas in cp1252, .xlsx, Excel's UTF-16 'Unicode text' tab file), imported with
--dry-run, --json, --update and --usd-rate."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from tests.acceptance.conftest import Cli

ZH = [
    "订单号",
    "订单状态",
    "下单时间",
    "付款时间",
    "收货国家",
    "买家选择物流",
    "实际发货物流:运单号",
    "发货时间",
    "确认收货时间",
    "订单金额",
]
ZH_ROWS = [
    ["8190000000000001", "等待买家收货", "2026/2/1 10:05", "2026/2/1 10:07", "美国", "AliExpress Standard Shipping",
     "AliExpress Standard Shipping:LP00123456789012", "2026/2/3 14:05", "", "US $18.40"],
    ["8190000000000002", "已完成", "2026/2/2 11:00", "2026/2/2 11:01", "英国", "EMS", "EMS:EE123456785CN",
     "2026/2/4 9:00", "2026/2/20 9:00", "US $120.00"],
    ["8190000000000003", "等待您发货", "2026/2/5 11:00", "2026/2/5 11:01", "法国", "AliExpress Standard Shipping", "", "", "", "US $5.00"],
]  # fmt: skip
EN = ["Order ID", "Order Status", "Order Time", "Shipping Method", "Tracking Number", "Shipping Time", "Country", "Order Amount"]
EN_ROWS = [
    ["8190000000000011", "Awaiting delivery", "2026-02-01 10:05:00", "YunExpress", "YT2600000000001", "2026-02-03 14:05:00", "Germany", "US $18,40"],
    ["8190000000000012", "Finished", "2026-02-04 08:00:00", "China Post", "RB123456785GB", "2026-02-04 09:00:00", "United Kingdom", "US $1.234,50"],
]  # fmt: skip


def write_text(path: Path, header: list[str], rows: list[list[str]], encoding: str, delimiter: str) -> Path:
    with path.open("w", encoding=encoding, newline="") as handle:
        writer = csv.writer(handle, delimiter=delimiter, lineterminator="\r\n")  # as Excel writes
        writer.writerow(header)
        writer.writerows(rows)
    return path


def write_xlsx(path: Path) -> Path:
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(ZH)
    for row in ZH_ROWS:
        sheet.append(row)
    book.save(path)
    return path


def chinese_file(tmp_path: Path, shape: str) -> Path:
    if shape == "xlsx":
        return write_xlsx(tmp_path / "orders.xlsx")
    return write_text(tmp_path / "orders.csv", ZH, ZH_ROWS, "gb18030", ",")


@pytest.mark.parametrize("shape", ["gb18030-csv", "xlsx"])
def test_the_chinese_order_export(cli: Cli, tmp_path: Path, shape: str) -> None:
    source = chinese_file(tmp_path, shape)
    dry = cli.ok("import", source, "--dry-run", "--usd-rate", "7.10")
    assert "2 added" in dry.out and "1 order not shipped yet" in dry.out
    assert not cli.db.exists()
    report = json.loads(cli.ok("import", source, "--usd-rate", "7.10", "--json").out)
    assert report["usd_rate"] == "7.10"
    parcel = cli.json("parcel", "show", "LP00123456789012")
    assert (parcel["order"], parcel["destination"], parcel["created_at"]) == ("8190000000000001", "US", "2026-02-03T14:05:00+08:00")
    assert parcel["declared_value"] == "130.64"  # 18.40 x 7.10
    assert parcel["incomplete"] is True
    ems = cli.json("parcel", "show", "EE123456785CN")
    assert (ems["service"], ems["destination"], ems["declared_value"]) == ("ems", "GB", "852.00")


def test_an_update_changes_the_status_and_keeps_the_rest(cli: Cli, tmp_path: Path) -> None:
    source = chinese_file(tmp_path, "gb18030-csv")
    cli.ok("import", source, "--usd-rate", "7.10")
    rows = [list(row) for row in ZH_ROWS]
    rows[0][1] = "已完成"
    again = write_text(tmp_path / "orders-later.csv", ZH, rows, "gb18030", ",")
    result = cli.ok("import", again, "--update", "--usd-rate", "7.10")
    assert "1 updated" in result.out and "1 unchanged" in result.out, result.out
    assert cli.json("parcel", "show", "LP00123456789012")["declared_value"] == "130.64"


def test_us_dollars_without_a_rate_are_left_out_never_stored_as_yuan(cli: Cli, tmp_path: Path) -> None:
    source = chinese_file(tmp_path, "gb18030-csv")
    result = cli.ok("import", source)
    assert "--usd-rate" in result.out
    assert cli.json("parcel", "show", "LP00123456789012")["declared_value"] is None


def test_semicolons_and_decimal_commas_in_cp1252(cli: Cli, tmp_path: Path) -> None:
    source = write_text(tmp_path / "orders.csv", EN, EN_ROWS, "cp1252", ";")
    cli.ok("import", source, "--usd-rate", "7")
    assert cli.json("parcel", "show", "YT2600000000001")["declared_value"] == "128.80"
    assert cli.json("parcel", "show", "RB123456785GB")["declared_value"] == "8641.50"


def test_excel_unicode_text_with_decimal_commas(cli: Cli, tmp_path: Path) -> None:
    """Excel's 'Unicode text' is UTF-16 and tab-separated, with the locale's decimal comma."""
    source = write_text(tmp_path / "orders.txt", EN, EN_ROWS, "utf-16", "\t")
    refused = cli("import", source, "--usd-rate", "7", "--dry-run")
    assert refused.code == 2 and "decimal comma" in refused.err
    cli.ok("import", source, "--usd-rate", "7", "--decimal-comma")
    assert cli.json("parcel", "show", "YT2600000000001")["declared_value"] == "128.80"
    assert cli.json("parcel", "show", "RB123456785GB")["declared_value"] == "8641.50"


def test_the_record_says_which_rate_converted_the_dollars(cli: Cli, tmp_path: Path) -> None:
    source = chinese_file(tmp_path, "xlsx")
    cli.ok("import", source, "--usd-rate", "7.10")
    parcel = cli.json("parcel", "show", "LP00123456789012")
    assert (parcel["declared_value"], parcel["usd_rate"]) == ("130.64", "7.10")
    assert "7.10 yuan per US dollar" in cli.ok("parcel", "show", "LP00123456789012").out
    [listed] = [row for row in cli.json("parcel", "list") if row["tracking"] == "LP00123456789012"]
    assert listed["usd_rate"] == "7.10"
    cli.ok("import", source, "--usd-rate", "7.20", "--update")  # a new rate converts again, and says so
    parcel = cli.json("parcel", "show", "LP00123456789012")
    assert (parcel["declared_value"], parcel["usd_rate"]) == ("132.48", "7.20")


def test_a_parcel_in_yuan_has_no_rate(cli: Cli) -> None:
    cli.add()
    assert cli.json("parcel", "show", "EE123456785CN")["usd_rate"] is None
