"""CSV import and export of parcels: the columns of RULES.md section 1, one header row.

Import is all-or-nothing unless skip_invalid: every bad row is reported with its line
number and the field, and nothing is written. Export neutralises cells a spreadsheet would
run as a formula; import undoes that, so an export imports back unchanged.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from claimdesk.domain.errors import ClaimdeskError, ValidationError
from claimdesk.domain.parcels import PARCEL_FIELDS, Parcel, parcel_from_fields, parcel_to_fields
from claimdesk.i18n import _, ngettext
from claimdesk.store.atomic import write_atomic

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
MAX_CELL = 1000
REQUIRED = ("tracking", "order", "service", "created_at", "item", "weight", "shipping_fee")
ALIASES = {
    "tracking_number": "tracking",
    "order_number": "order",
    "created": "created_at",
    "collected": "collected_at",
    "last_tracking": "last_tracking_at",
    "last_tracking_update": "last_tracking_at",
    "item_kind": "item",
    "weight_kg": "weight",
}

Progress = Callable[[int, int], None]


class ImportRefused(ClaimdeskError):
    """The file has bad rows (or no usable header) and nothing was imported: exit code 2."""

    exit_code = 2

    def __init__(self, errors: list[RowError]) -> None:
        self.errors = errors
        count = len(errors)
        head = ngettext("{count} bad row: nothing imported", "{count} bad rows: nothing imported", count).format(count=count)
        super().__init__(head + "\n" + "\n".join(map(str, errors)))


@dataclass(frozen=True)
class RowError:
    line: int
    field: str
    message: str

    def __str__(self) -> str:
        where = _("line {line}").format(line=self.line) if self.line else _("file")
        return f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"


@dataclass
class ImportReport:
    added: int = 0
    skipped: list[RowError] = field(default_factory=list)


def _column(name: str) -> str:
    key = name.strip().lower().replace(" ", "_").replace("-", "_")
    return ALIASES.get(key, key)


# A cell that would start a formula, possibly behind apostrophes: those get one more apostrophe
# on export and lose one on import, so every value survives export -> import unchanged
# (an order number that really is "'=1" exports as "''=1" and comes back as "'=1").
_MARK_NEEDED = re.compile("^'*[" + re.escape("".join(FORMULA_STARTS)) + "]")


def _unneutralise(cell: str) -> str:
    if cell.startswith("'") and _MARK_NEEDED.match(cell[1:]):
        return cell[1:]
    return cell


def read_rows(text: str) -> Iterator[tuple[int, dict[str, str] | RowError]]:
    """(line number, fields) for every data row, or a RowError for a row that cannot be read."""
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader)
    except StopIteration:
        yield 0, RowError(0, "", _("the file is empty: expected a header row"))
        return
    except csv.Error as error:
        yield 1, RowError(1, "", _("unreadable CSV: {error}").format(error=error))
        return
    columns = [_column(name) for name in header]
    unknown = [name for name, column in zip(header, columns, strict=True) if column not in PARCEL_FIELDS]
    missing = [name for name in REQUIRED if name not in columns]
    if unknown or missing:
        problems = []
        if unknown:
            problems.append(_("unknown column(s) {names}").format(names=", ".join(repr(n[:30]) for n in unknown)))
        if missing:
            problems.append(_("missing column(s) {names}").format(names=", ".join(missing)))
        columns_hint = _("(columns: {columns})").format(columns=", ".join(PARCEL_FIELDS))
        yield 1, RowError(1, "header", "; ".join(problems) + " " + columns_hint)
        return
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            yield reader.line_num, RowError(reader.line_num, "", _("unreadable CSV: {error}").format(error=error))
            return
        line = reader.line_num
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) != len(columns):
            yield line, RowError(
                line, "", _("expected {expected} cells, found {found}").format(expected=len(columns), found=len(cells))
            )
            continue
        if any(len(cell) > MAX_CELL for cell in cells):
            yield line, RowError(line, "", _("a cell is longer than {limit} characters").format(limit=MAX_CELL))
            continue
        yield line, {column: _unneutralise(cell) for column, cell in zip(columns, cells, strict=True)}


def parse_csv(
    path: Path, known: Callable[[str], bool], progress: Progress | None = None, now: datetime | None = None
) -> tuple[list[Parcel], list[RowError]]:
    """Every valid parcel of the file and every bad row; reads the whole file first.
    With `now`, a row dated in the future is a bad row."""
    try:
        raw = path.read_bytes()
    except IsADirectoryError:
        raise ValidationError("file", _("{path} is a directory, not a CSV file").format(path=path)) from None
    except OSError as error:
        raise ValidationError("file", _("cannot read {path}: {error}").format(path=path, error=error.strerror or error)) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ValidationError(
            "file", _("{path} is not UTF-8 text (byte {byte}): save it as UTF-8 CSV").format(path=path, byte=error.start)
        ) from None
    if "\x00" in text:
        raise ValidationError("file", _("{path} contains NUL bytes: not a CSV text file").format(path=path))
    total = max(1, text.count("\n"))
    parcels: list[Parcel] = []
    errors: list[RowError] = []
    seen: dict[str, int] = {}
    for index, (line, row) in enumerate(read_rows(text)):
        if progress is not None and index % 2000 == 0:
            progress(line, total)
        if isinstance(row, RowError):
            errors.append(row)
            continue
        try:
            parcel = parcel_from_fields(row, now)
        except ValidationError as error:
            errors.append(RowError(line, error.field, error.message))
            continue
        if parcel.tracking in seen:
            errors.append(
                RowError(
                    line,
                    "tracking",
                    _("{tracking} appears twice (first on line {first})").format(
                        tracking=parcel.tracking, first=seen[parcel.tracking]
                    ),
                )
            )
            continue
        if known(parcel.tracking):
            errors.append(RowError(line, "tracking", _("{tracking} is already on the desk").format(tracking=parcel.tracking)))
            continue
        seen[parcel.tracking] = line
        parcels.append(parcel)
    if progress is not None:
        progress(total, total)
    return parcels, errors


def neutralise(cell: str) -> str:
    """A cell that starts like a formula gets a leading apostrophe (OWASP CSV injection)."""
    return "'" + cell if _MARK_NEEDED.match(cell) else cell


def write_csv(path: Path, parcels: list[Parcel]) -> int:
    """Export parcels: one header row, formula-like cells neutralised."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(PARCEL_FIELDS)
    for parcel in parcels:
        fields = parcel_to_fields(parcel)
        writer.writerow([neutralise(fields[name]) for name in PARCEL_FIELDS])
    write_text_atomic(path, buffer.getvalue())
    return len(parcels)


def write_text_atomic(path: Path, text: str) -> None:
    """Write an export atomically and 0600 (the store's one writer): a seller's business data."""
    target = path.expanduser()
    if target.is_dir():
        raise ValidationError("file", _("{path} is a directory: name a .csv file").format(path=target))
    if not target.parent.is_dir():
        raise ValidationError("file", _("folder {folder} does not exist").format(folder=target.parent))
    write_atomic(target, text.encode("utf-8"))
