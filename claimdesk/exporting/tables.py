"""One table (a header and rows of text cells, as the desk shows them) written as CSV or .xlsx.

CSV: UTF-8 with a byte-order mark by default (Excel on Windows reads a CSV without one in the
system's code page: Chinese turns to mojibake), `bom=False` for tools that dislike it; CRLF line
ends; every cell neutralised. XLSX (openpyxl, write-only: rows streamed): money columns as numbers
with two decimals, instant columns as real dates (the platform's Beijing time, which is how the
import reads a date cell without a zone), the rest as text, neutralised the same way.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from pathlib import PurePath

from claimdesk.domain.instants import from_iso, platform_time
from claimdesk.exporting.cells import neutralise

BOM = "\ufeff"
# How a column's text turns into a typed workbook cell (by the column's name).
MONEY_COLUMNS = frozenset({"declared_value", "shipping_fee", "inquiry_fee", "claimed", "received", "shortfall"})
NUMBER_COLUMNS = frozenset({"weight", "complaints", "attempt", "recovery", *("won", "lost", "expired", "withdrawn", "open")})
MONEY_FORMAT = "0.00"
INSTANT_FORMAT = "yyyy-mm-dd hh:mm:ss"
XLSX_SUFFIX = ".xlsx"


@dataclass(frozen=True)
class Table:
    """What an export holds: column names and rows of text cells (the desk's own forms: money
    '1200.00', instants ISO 8601 with offset)."""

    header: Sequence[str]
    rows: Iterable[Sequence[str]]
    sheet: str = "claimdesk"


def wants_xlsx(target: str | PurePath) -> bool:
    """An export to FILE.xlsx writes a workbook; any other name, CSV."""
    return PurePath(str(target)).suffix.lower() == XLSX_SUFFIX


def csv_bytes(table: Table, *, bom: bool = True) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(table.header)
    for row in table.rows:
        writer.writerow([neutralise(str(cell)) for cell in row])
    return ((BOM if bom else "") + buffer.getvalue()).encode("utf-8")


def _typed(column: str, text: str) -> object:
    """A cell's value for the workbook: a number, a date, or (neutralised) text; None when empty."""
    if text == "":
        return None
    try:
        if column in MONEY_COLUMNS:
            return Decimal(text).quantize(Decimal("0.01"))
        if column in NUMBER_COLUMNS:
            return Decimal(text)
        if column.endswith("_at"):
            return platform_time(from_iso(text)).replace(tzinfo=None)  # Excel dates have no zone
    except (ArithmeticError, ValueError):
        pass  # not the form the column usually holds: kept as text
    return neutralise(text)


def xlsx_bytes(table: Table) -> bytes:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    book = Workbook(write_only=True)
    sheet = book.create_sheet(table.sheet[:31])
    sheet.append(list(table.header))
    for row in table.rows:
        cells = []
        for column, text in zip(table.header, row, strict=True):
            value = _typed(column, str(text))
            cell = WriteOnlyCell(sheet, value=value)
            if isinstance(value, Decimal) and column in MONEY_COLUMNS:
                cell.number_format = MONEY_FORMAT
            elif isinstance(value, datetime):
                cell.number_format = INSTANT_FORMAT
            elif isinstance(value, str):
                cell.data_type = "s"  # text, whatever it looks like (never a formula)
            cells.append(cell)
        sheet.append(cells)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def table_bytes(table: Table, target: str | PurePath, *, bom: bool = True) -> bytes:
    """The table as the file `target` names: a workbook for FILE.xlsx, else CSV."""
    return xlsx_bytes(table) if wants_xlsx(target) else csv_bytes(table, bom=bom)
