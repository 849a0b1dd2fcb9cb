"""Exports for Excel (issue 17 item 8): CSV in UTF-8 with a BOM (--no-bom without), FILE.xlsx a
workbook, FILE `-` standard output; and an export opened and re-saved by Excel imports back
unchanged: the desk's own CSV re-encoded as Excel on Chinese Windows writes it (GB18030, `;`
between cells, decimal commas), and the workbook."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from tests.cli.helpers import EMS, Run, add_args

MONEY = {"declared_value", "shipping_fee", "inquiry_fee"}


@pytest.fixture
def desk(run: Run) -> Run:
    assert run(*add_args(order='=HYPERLINK("http://x")', carrier="＝cmd|' /C calc'!A0", inquiry_fee="12.5")).code == 0
    assert (
        run(
            "parcel",
            "add",
            "--tracking",
            "UG123456789YP",
            "--service",
            "special-line",
            "--created",
            "2026-03-01 10:00",
            "--also",
            "LP00123456789012",
            "--also",
            "4PX3001234567890CN",
            "--destination",
            "GB",
            "--carrier",
            "燕文 Yanwen",
            "--weight",
            "0.35",
        ).code
        == 0
    )
    return run


def parcels(run: Run, *db: str) -> list[dict]:
    result = run("parcel", "list", "--json", *db)
    assert result.code == 0, result.err
    return sorted(json.loads(result.out), key=lambda parcel: parcel["tracking"])


def as_excel_saves_it(exported: bytes) -> bytes:
    """The CSV as Excel on Chinese Windows re-saves it: GB18030, ';' between cells, decimal
    commas in the numbers (what its locale shows), the apostrophes of text cells kept."""
    rows = list(csv.reader(io.StringIO(exported.decode("utf-8-sig"), newline="")))
    header = rows[0]
    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(header)
    for row in rows[1:]:
        writer.writerow([cell.replace(".", ",") if name in MONEY | {"weight"} else cell for name, cell in zip(header, row, strict=True)])
    return out.getvalue().encode("gb18030")


def test_csv_export_has_a_bom_and_no_bom_leaves_it_out(desk: Run, tmp_path: Path) -> None:
    assert desk("export", tmp_path / "a.csv").code == 0
    assert desk("export", tmp_path / "b.csv", "--no-bom").code == 0
    with_bom, without = (tmp_path / "a.csv").read_bytes(), (tmp_path / "b.csv").read_bytes()
    assert with_bom.startswith(b"\xef\xbb\xbftracking,other_numbers,order,")
    assert with_bom[3:] == without
    text = without.decode("utf-8")
    assert "'=HYPERLINK" in text and "'＝cmd" in text  # neutralised, also behind the full-width sign
    assert "LP00123456789012, 4PX3001234567890CN" in text


@pytest.mark.parametrize("complaints", [False, True])
def test_dash_writes_the_export_to_standard_output_and_nothing_else(desk: Run, tmp_path: Path, complaints: bool) -> None:
    assert desk("complaint", "file", EMS, "--type", "loss").code == 0
    flags = ["--complaints"] if complaints else []
    to_file = desk("export", tmp_path / "x.csv", *flags)
    assert to_file.code == 0
    result = desk("export", "-", *flags)
    assert result.code == 0 and result.err == ""
    assert result.out.encode("utf-8") == (tmp_path / "x.csv").read_bytes()
    assert not Path("-").exists()


def test_due_ics_dash_writes_the_calendar_to_standard_output(desk: Run) -> None:
    result = desk("due", "--ics", "-")
    assert result.code == 0, result.err
    assert result.out.startswith("BEGIN:VCALENDAR") and result.out.rstrip().endswith("END:VCALENDAR")


def test_a_csv_re_saved_by_excel_imports_back_unchanged(desk: Run, tmp_path: Path) -> None:
    exported = tmp_path / "parcels.csv"
    assert desk("export", exported).code == 0
    resaved = tmp_path / "parcels-excel.csv"
    resaved.write_bytes(as_excel_saves_it(exported.read_bytes()))
    fresh = ["--db", str(tmp_path / "fresh.json")]
    result = desk("import", resaved, *fresh)
    assert result.code == 0, result.err
    assert "2 added" in result.out
    assert parcels(desk, *fresh) == parcels(desk)


def test_a_workbook_export_imports_back_unchanged(desk: Run, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    book = tmp_path / "parcels.xlsx"
    result = desk("export", book)
    assert result.code == 0, result.err
    sheet = load_workbook(book).active
    header = [cell.value for cell in sheet[1]]
    ems = next(row for row in sheet.iter_rows(min_row=2) if row[0].value == EMS)
    assert ems[header.index("shipping_fee")].value == 180 and ems[header.index("shipping_fee")].number_format == "0.00"
    assert ems[header.index("created_at")].is_date
    assert ems[header.index("order")].value.startswith("'=")  # text, not a formula
    fresh = ["--db", str(tmp_path / "fresh.json")]
    assert desk("import", book, *fresh).code == 0
    assert parcels(desk, *fresh) == parcels(desk)
