"""claimdesk.exporting: formula neutralisation (also behind full-width and invisible characters),
CSV with or without a byte-order mark, and the .xlsx workbook's typed cells."""

from __future__ import annotations

import io
from datetime import datetime
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from claimdesk.exporting import FORMULA_STARTS, Table, csv_bytes, neutralise, table_bytes, xlsx_bytes
from claimdesk.importing.cells.excel import text as imported_text

HIDDEN = ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u200e", " ", "\u3000", "\u00a0"]


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "＝", "＋", "－", "＠", "\t", "\r"])
@pytest.mark.parametrize("hidden", ["", *HIDDEN, "\u200b\u3000"])
def test_a_formula_start_is_neutralised_also_behind_hidden_characters(start: str, hidden: str) -> None:
    cell = hidden + start + 'HYPERLINK("x")'
    assert neutralise(cell) == "'" + cell


@pytest.mark.parametrize("cell", ["", "plain", "a=b", "1-2", "中文", "\u200bplain", "\u3000", "LP00123"])
def test_harmless_cells_are_left_alone(cell: str) -> None:
    assert neutralise(cell) == cell


@pytest.mark.parametrize("cell", ["'", "'plain", "''=x"])
def test_a_cell_that_starts_with_an_apostrophe_gets_one_more_the_import_takes_off(cell: str) -> None:
    assert neutralise(cell) == "'" + cell
    assert imported_text(neutralise(cell)) == cell


@given(st.text(alphabet=st.sampled_from(["'", *FORMULA_STARTS, *HIDDEN, "a", "1", "中"]), max_size=8))
def test_the_import_reads_back_what_was_neutralised(cell: str) -> None:
    exported = neutralise(cell)
    assert not exported.lstrip("".join(HIDDEN)).startswith(FORMULA_STARTS)
    if cell == cell.strip() and not any(ch in cell for ch in HIDDEN):
        assert (imported_text(exported) or "") == cell.strip()


TABLE = Table(
    ("tracking", "order", "declared_value", "weight", "created_at", "note"),
    [("LP00123", "=1+1", "1200.5", "0.35", "2026-03-01T10:00:00+08:00", "中文 ＝x")],
)


def test_csv_has_a_bom_unless_asked_not_to() -> None:
    with_bom = csv_bytes(TABLE)
    assert with_bom.startswith(b"\xef\xbb\xbftracking,order,")
    assert csv_bytes(TABLE, bom=False) == with_bom[3:]
    assert "'=1+1" in with_bom.decode("utf-8-sig")
    assert with_bom.decode("utf-8-sig").endswith("中文 ＝x\r\n")


def test_the_workbook_has_numbers_dates_and_neutralised_text() -> None:
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(xlsx_bytes(TABLE)))
    sheet = book.active
    assert [cell.value for cell in sheet[1]] == list(TABLE.header)
    tracking, order, money, weight, created, note = sheet[2]
    assert (tracking.value, tracking.data_type) == ("LP00123", "s")
    assert (order.value, order.data_type) == ("'=1+1", "s")  # text, never a formula
    assert money.value == Decimal("1200.50") or money.value == pytest.approx(1200.5)
    assert money.number_format == "0.00"
    assert weight.value == pytest.approx(0.35)
    assert created.value == datetime(2026, 3, 1, 10, 0)  # a real date, Beijing time
    assert created.is_date
    assert note.value == "中文 ＝x"


def test_the_file_name_chooses_the_format() -> None:
    assert table_bytes(TABLE, "out.XLSX").startswith(b"PK")  # a zip: the workbook
    assert table_bytes(TABLE, "out.csv", bom=False).startswith(b"tracking")
