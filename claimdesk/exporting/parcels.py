"""The parcels as a table: the columns of docs/rules.md section 1 (PARCEL_FIELDS), the text the
desk's own import reads back (other numbers comma-separated in one cell)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from claimdesk.domain.parcels import PARCEL_FIELDS, Parcel, parcel_to_fields
from claimdesk.exporting.tables import Table, table_bytes
from claimdesk.store.atomic import write_atomic


def parcel_table(parcels: Iterable[Parcel]) -> Table:
    def rows() -> Iterator[list[str]]:
        for parcel in parcels:
            fields = parcel_to_fields(parcel)
            yield [fields[name] for name in PARCEL_FIELDS]

    return Table(PARCEL_FIELDS, rows(), sheet="parcels")


def write_parcels(path: Path, parcels: list[Parcel], *, bom: bool = True) -> int:
    """Write parcels to a path the caller chose (tests and the benchmark's data), CSV or .xlsx.

    Not for a seller's exports: those go through `Desk.write_export`, which refuses the data
    file, its lock and backups, and an existing file unless asked to replace it.
    """
    write_atomic(path, table_bytes(parcel_table(parcels), path, bom=bom))
    return len(parcels)
