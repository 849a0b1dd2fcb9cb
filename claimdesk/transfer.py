"""CSV export of parcels: the columns of docs/rules.md section 1, one header row, cells a spreadsheet
would run as a formula neutralised (the import, claimdesk.importing, reads them back unchanged).
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

from claimdesk.domain.parcels import PARCEL_FIELDS, Parcel, parcel_to_fields
from claimdesk.store.atomic import write_atomic

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

# A cell that would start a formula, possibly behind apostrophes: those get one more apostrophe
# on export (and the import's cell reader takes one off), so every value survives export -> import.
_MARK_NEEDED = re.compile("^'*[" + re.escape("".join(FORMULA_STARTS)) + "]")


def neutralise(cell: str) -> str:
    """A cell that starts like a formula gets a leading apostrophe (OWASP CSV injection)."""
    return "'" + cell if _MARK_NEEDED.match(cell) else cell


def csv_text(parcels: list[Parcel]) -> str:
    """The export of parcels: one header row, formula-like cells neutralised."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(PARCEL_FIELDS)
    for parcel in parcels:
        fields = parcel_to_fields(parcel)
        writer.writerow([neutralise(fields[name]) for name in PARCEL_FIELDS])
    return buffer.getvalue()


def write_csv(path: Path, parcels: list[Parcel]) -> int:
    """Write parcels as CSV to a path the caller chose (tests and the benchmark's data).

    Not for a seller's exports: those go through `Desk.write_export`, which refuses the data
    file, its lock and backups, and an existing file unless asked to replace it.
    """
    write_atomic(path, csv_text(parcels).encode("utf-8"))
    return len(parcels)
