"""CSV import and export of parcels: the columns of RULES.md section 1, one header row.

Import is all-or-nothing unless skip_invalid: every bad row is reported with its line
number and all of its errors, and nothing is written. With update, a row whose tracking number
is on the desk changes that parcel's fields to its non-empty cells (any subset of the columns);
a new number needs the full columns. Reading a file gives an ImportPlan (what would be added,
what would change, field by field, and the bad rows) before anything is written. Export
neutralises cells a spreadsheet would run as a formula; import undoes that, so an export imports
back unchanged.
"""

from __future__ import annotations

import codecs
import csv
import io
import os
import re
import stat
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import BinaryIO, TextIO

from claimdesk.domain.errors import ClaimdeskError, ValidationError
from claimdesk.domain.parcels import PARCEL_FIELDS, FieldErrors, Parcel, parcel_from_fields, parcel_to_fields
from claimdesk.domain.tracking import normalise
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
    """A bad row: its line and every problem found in it (field, message); `field` and
    `message` are the first."""

    line: int
    field: str
    message: str
    stops: bool = False  # reading ended here: the file is refused even with skip_invalid
    more: tuple[tuple[str, str], ...] = ()  # the problems after the first

    @classmethod
    def of(cls, line: int, error: ValidationError) -> RowError:
        """Every field error of a refused row (parcel_from_fields reports them all)."""
        problems = [(e.field, e.message) for e in error.errors] if isinstance(error, FieldErrors) else [(error.field, error.message)]
        (first_field, first_message), *rest = problems
        return cls(line, first_field, first_message, more=tuple(rest))

    @property
    def problems(self) -> tuple[tuple[str, str], ...]:
        return ((self.field, self.message), *self.more)

    @property
    def where(self) -> str:
        return _("line {line}").format(line=self.line) if self.line else _("file")

    def __str__(self) -> str:
        shown = "; ".join(f"{name}: {message}" if name else message for name, message in self.problems)
        return f"{self.where}: {shown}"


@dataclass(frozen=True)
class ParcelUpdate:
    """A row that changes a parcel on the desk: the parcel before and after."""

    line: int
    before: Parcel
    after: Parcel

    def changes(self) -> list[tuple[str, str, str]]:
        """(field, before, after) for every field that changes, as the CSV writes them."""
        was, now = parcel_to_fields(self.before), parcel_to_fields(self.after)
        return [(name, was[name], now[name]) for name in PARCEL_FIELDS if was[name] != now[name]]


@dataclass
class ImportPlan:
    """What importing a file would do, before anything is written."""

    added: list[Parcel] = field(default_factory=list)
    updated: list[ParcelUpdate] = field(default_factory=list)
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)

    @property
    def writes(self) -> bool:
        return bool(self.added or self.updated)


@dataclass
class ImportReport:
    added: int = 0
    skipped: list[RowError] = field(default_factory=list)
    updated: int = 0
    unchanged: int = 0


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


# Bounds on what one import reads, so a hostile or broken file costs little memory: the file is
# streamed (never read whole), and one row (every physical line of it) may hold at most MAX_ROW
# characters: 14 cells of MAX_CELL, quoted, with room to spare. A longer row is a bad row, found
# after reading MAX_ROW + 1 characters of it, however long it really is.
MAX_ROW = 64 * 1024
MAX_FILE_BYTES = 256 * 1024 * 1024  # about 1.4 million parcels: far above any seller's export


class _RowTooLong(Exception):
    """The row being read passed MAX_ROW characters (raised through csv.reader)."""


class _Lines:
    """The physical lines of a CSV for csv.reader, read with a bounded readline.

    Keeps the lines of the row being read (at most MAX_ROW characters), so a row that cannot
    be read can be reported at the line where its trouble started.
    """

    def __init__(self, handle: TextIO, path: Path | None) -> None:
        self.handle = handle
        self.path = path
        self.number = 0  # physical lines handed to the reader so far
        self.start = 1  # the first line of the row being read
        self.row: list[str] = []
        self.row_chars = 0
        self.total_chars = 0
        self.ended = False  # the reader asked for a line after the last one
        self.swallow_lf = False  # skip_rest_of_line stopped between the CR and LF of a CRLF

    def __iter__(self) -> _Lines:
        return self

    def __next__(self) -> str:
        text = self.handle.readline(MAX_ROW - self.row_chars + 1)
        if self.swallow_lf:
            self.swallow_lf = False
            if text == "\n":
                text = self.handle.readline(MAX_ROW - self.row_chars + 1)
        if not text:
            self.ended = True
            raise StopIteration
        self.number += 1
        self.row.append(text)
        self.row_chars += len(text)
        self.total_chars += len(text)
        if "\x00" in text:
            raise ValidationError("file", _("{path} contains NUL bytes: not a CSV text file").format(path=self.path or "CSV"))
        if self.total_chars > MAX_FILE_BYTES:  # a file that grows while read, or a device
            raise ValidationError("file", _too_big(self.path))
        if self.row_chars > MAX_ROW:
            raise _RowTooLong
        return text

    def next_row(self) -> None:
        self.start = self.number + 1
        self.row = []
        self.row_chars = 0

    def skip_rest_of_line(self) -> None:
        """After an over-long row with no open quote: drop the rest of its physical line."""
        text = self.row[-1] if self.row else ""
        while text and not text.endswith(("\n", "\r")):
            text = self.handle.readline(MAX_ROW)
            if "\x00" in text:
                raise ValidationError("file", _("{path} contains NUL bytes: not a CSV text file").format(path=self.path or "CSV"))
            self.total_chars += len(text)
            if self.total_chars > MAX_FILE_BYTES:
                raise ValidationError("file", _too_big(self.path))
        self.swallow_lf = text.endswith("\r")


def _too_big(path: Path | None) -> str:
    return _("{path} is larger than {limit} MB: split it into smaller files").format(
        path=path or "CSV", limit=MAX_FILE_BYTES // (1024 * 1024)
    )


def _open_quote(lines: list[str]) -> int | None:
    """The index of the line where a quoted field opened that is still open at the end of
    `lines` (csv's default dialect: '"' opens a field only at its start, '""' inside is a quote)."""
    quoted = False
    just_closed = False
    at_start = True
    opened: int | None = None
    for index, line in enumerate(lines):
        for ch in line:
            if quoted:
                if ch == '"':
                    quoted, just_closed = False, True
                continue
            if just_closed:
                just_closed = False
                if ch == '"':  # '""' inside a quoted field: a quote character, still quoted
                    quoted = True
                    continue
            if ch in ",\r\n":
                at_start = True
            elif at_start and ch == '"':
                quoted, at_start, opened = True, False, index
            else:
                at_start = False
    return opened if quoted else None


def _header_problems(header: list[str], columns: list[str], required: tuple[str, ...] = REQUIRED) -> list[str]:
    problems = []
    unknown = [name for name, column in zip(header, columns, strict=True) if column not in PARCEL_FIELDS]
    if unknown:
        problems.append(_("unknown column(s) {names}").format(names=", ".join(repr(n[:30]) for n in unknown)))
    written: dict[str, list[str]] = {}
    for name, column in zip(header, columns, strict=True):
        written.setdefault(column, []).append(name.strip()[:30])
    for column, names in written.items():
        if len(names) > 1 and column in PARCEL_FIELDS:  # 'weight' twice, or 'weight' and 'weight_kg'
            problems.append(
                _("column {column} appears {count} times ({names}): keep one").format(
                    column=column, count=len(names), names=", ".join(repr(name) for name in names)
                )
            )
    missing = [name for name in required if name not in columns]
    if missing:
        problems.append(_("missing column(s) {names}").format(names=", ".join(missing)))
    return problems


def read_rows(
    source: str | TextIO, path: Path | None = None, *, update: bool = False
) -> Iterator[tuple[int, dict[str, str] | RowError]]:
    """(line number, fields) for every data row, or a RowError for a row that cannot be read.

    The line number is the row's last physical line. A RowError with `stops` set ends the
    reading: the rows after it could not be told apart (an open quote, a bad header). With
    update, the header needs only the tracking column.
    """
    handle = io.StringIO(source, newline="") if isinstance(source, str) else source
    lines = _Lines(handle, path)
    reader = csv.reader(lines)
    header: list[str] | None = None
    columns: list[str] = []
    while True:
        lines.next_row()
        try:
            cells = next(reader)
        except StopIteration:
            if header is None:
                yield 0, RowError(0, "", _("the file is empty: expected a header row"), stops=True)
            return
        except _RowTooLong:
            opened = _open_quote(lines.row)
            if opened is not None:
                line = lines.start + opened
                message = _("a quoted field opened here does not close within {limit} characters").format(limit=f"{MAX_ROW:,}")
                yield line, RowError(line, "", message, stops=True)
                return
            yield lines.start, RowError(
                lines.start, "", _("the row is longer than {limit} characters").format(limit=f"{MAX_ROW:,}"),
                stops=header is None,
            )
            if header is None:
                return
            lines.skip_rest_of_line()
            continue
        except csv.Error as error:  # pragma: no cover - the default dialect is not strict
            yield lines.number, RowError(lines.number, "", _("unreadable CSV: {error}").format(error=error), stops=True)
            return
        line = lines.number
        if lines.ended:
            # csv.reader reached the end of the file inside a quoted field and returned what it
            # had: every line after the quote, swallowed into one cell.
            opened = _open_quote(lines.row)
            if opened is not None:
                yield lines.start + opened, RowError(
                    lines.start + opened, "", _("a quoted field opened here is never closed"), stops=True
                )
                return
        if header is None:
            header, columns = cells, [_column(name) for name in cells]
            problems = _header_problems(header, columns, ("tracking",) if update else REQUIRED)
            if problems:
                columns_hint = _("(columns: {columns})").format(columns=", ".join(PARCEL_FIELDS))
                yield 1, RowError(1, "header", "; ".join(problems) + " " + columns_hint, stops=True)
                return
            continue
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


def _first_bad_byte(path: Path) -> int:
    """Where the file stops being UTF-8, read again in bounded chunks (only to word the refusal)."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    offset = 0
    with path.open("rb") as handle:
        while True:
            chunk = handle.read(1 << 20)
            pending = len(decoder.getstate()[0])
            try:
                decoder.decode(chunk, final=not chunk)
            except UnicodeDecodeError as error:
                return offset - pending + error.start
            if not chunk:
                return offset
            offset += len(chunk)


def _count_lines(handle: BinaryIO) -> int:
    """Physical lines, for the progress bar: one bounded pass over a regular file."""
    count = 0
    last = b""
    while chunk := handle.read(1 << 20):
        count += chunk.count(b"\n") + chunk.count(b"\r") - chunk.count(b"\r\n") - (last == b"\r" and chunk[:1] == b"\n")
        last = chunk[-1:]
    handle.seek(0)
    return count


def parse_csv(
    path: Path, known: Callable[[str], bool], progress: Progress | None = None, now: datetime | None = None
) -> tuple[list[Parcel], list[RowError]]:
    """Every valid parcel of the file and every bad row (a number on the desk is a bad row)."""
    plan = plan_csv(path, known=known, progress=progress, now=now)
    return plan.added, plan.errors


def plan_csv(
    path: Path,
    *,
    known: Callable[[str], bool],
    existing: Callable[[str], Parcel | None] | None = None,
    progress: Progress | None = None,
    now: datetime | None = None,
) -> ImportPlan:
    """What importing the file would do, streaming it (UTF-8, with or without a BOM, any line
    endings). Without `existing`, a number on the desk (`known`) is a bad row; with it (update),
    such a row updates the parcel `existing` returns. With `now`, a row dated in the future is a
    bad row."""
    try:
        binary = path.open("rb")
    except IsADirectoryError:
        raise ValidationError("file", _("{path} is a directory, not a CSV file").format(path=path)) from None
    except OSError as error:
        raise ValidationError("file", _("cannot read {path}: {error}").format(path=path, error=error.strerror or error)) from None
    with binary:
        info = os.fstat(binary.fileno())
        if stat.S_ISDIR(info.st_mode):
            raise ValidationError("file", _("{path} is a directory, not a CSV file").format(path=path))
        regular = stat.S_ISREG(info.st_mode)
        if regular and info.st_size > MAX_FILE_BYTES:
            raise ValidationError("file", _too_big(path))
        total = max(1, _count_lines(binary)) if progress is not None and regular else 0
        text = io.TextIOWrapper(binary, encoding="utf-8-sig", newline="")
        try:
            return _parse_rows(read_rows(text, path, update=existing is not None), known, existing, progress, total, now)
        except UnicodeDecodeError:
            raise ValidationError(
                "file",
                _("{path} is not UTF-8 text (byte {byte}): save it as UTF-8 CSV").format(path=path, byte=_first_bad_byte(path)),
            ) from None
        except OSError as error:
            raise ValidationError("file", _("cannot read {path}: {error}").format(path=path, error=error.strerror or error)) from None
        finally:
            text.detach()


def _parse_rows(
    rows: Iterator[tuple[int, dict[str, str] | RowError]],
    known: Callable[[str], bool],
    existing: Callable[[str], Parcel | None] | None,
    progress: Progress | None,
    total: int,
    now: datetime | None,
) -> ImportPlan:
    plan = ImportPlan()
    errors = plan.errors
    seen: dict[str, int] = {}
    line = 0
    for index, (line, row) in enumerate(rows):
        if progress is not None and index % 2000 == 0:
            progress(line, max(total, line))
        if isinstance(row, RowError):
            errors.append(row)
            continue
        before = existing(normalise(row.get("tracking", ""))) if existing is not None else None
        try:
            if before is not None:
                cells = {name: cell for name, cell in row.items() if cell.strip()}
                parcel = parcel_from_fields({**parcel_to_fields(before), **cells}, now)
                parcel = parcel.with_changes(archived_at=before.archived_at)
            else:
                parcel = parcel_from_fields(row, now)
        except ValidationError as error:
            bad = RowError.of(line, error)
            if existing is not None and before is None:  # update: why a new number needs every column
                missing = [name for name in REQUIRED if not row.get(name, "").strip()]
                if missing:
                    head = _("{tracking} is not on the desk: a new parcel needs {columns}").format(
                        tracking=row.get("tracking", "").strip()[:30], columns=", ".join(missing)
                    )
                    bad = RowError(line, "tracking", head, more=bad.problems)
            errors.append(bad)
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
        if before is None and known(parcel.tracking):
            errors.append(
                RowError(
                    line, "tracking",
                    _("{tracking} is already on the desk (import --update changes it)").format(tracking=parcel.tracking),
                )
            )
            continue
        seen[parcel.tracking] = line
        if before is None:
            plan.added.append(parcel)
        elif parcel == before:
            plan.unchanged += 1
        else:
            plan.updated.append(ParcelUpdate(line, before, parcel))
    if progress is not None:
        done = max(total, line)
        progress(done, done)
    return plan


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
