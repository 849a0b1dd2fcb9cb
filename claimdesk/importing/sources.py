"""Opening a seller's file: what kind it is (by its first bytes, not its name), and its rows.

Delimited text is decoded as it streams (decoding.py, delimited.py); .xlsx and .xls workbooks
are read by python-calamine, one well-kept reader for both, which gives date cells as dates and
number cells as numbers (so an order number keeps its digits). Anything else is refused with
what it looks like.
"""

from __future__ import annotations

import contextlib
import os
import stat
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

from claimdesk.domain.errors import ValidationError
from claimdesk.i18n import _
from claimdesk.importing.decoding import CHUNK, SAMPLE, DecodedLines, Encoding, detect, named
from claimdesk.importing.delimited import DELIMITER_NAMES, MAX_FILE_CHARS, records, sniff_delimiter, too_big
from claimdesk.importing.rows import RowError

MAX_FILE_BYTES = MAX_FILE_CHARS

_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# What a file that is no table looks like, by its first bytes.
_LOOKS_LIKE = (
    (b"%PDF", "a PDF"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"Rar!", "a RAR archive"),
    (b"7z\xbc\xaf", "a 7-Zip archive"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"{\\rtf", "an RTF document"),
    (b"SQLite format 3", "an SQLite database"),
)


def _kind_text(kind: str) -> str:
    texts = {
        "a PDF": _("a PDF"),
        "a gzip archive": _("a gzip archive"),
        "a RAR archive": _("a RAR archive"),
        "a 7-Zip archive": _("a 7-Zip archive"),
        "a PNG image": _("a PNG image"),
        "a JPEG image": _("a JPEG image"),
        "a GIF image": _("a GIF image"),
        "an RTF document": _("an RTF document"),
        "an SQLite database": _("an SQLite database"),
    }
    return texts.get(kind, kind)


@dataclass
class Table:
    """A file opened for import: how it was read, and its rows (the header among them) as
    (line, cells), or a RowError for a row that could not be read."""

    label: str
    kind: str  # "csv", "xlsx" or "xls"
    rows: Iterator[tuple[int, list[Any] | RowError]]
    encoding: str | None = None
    delimiter: str | None = None
    sheet: str | None = None
    sheets: tuple[str, ...] = field(default_factory=tuple)

    @property
    def delimiter_name(self) -> str | None:
        return DELIMITER_NAMES.get(self.delimiter) if self.delimiter else None


def _refuse(label: str, looks: str, hint: str = "") -> ValidationError:
    message = _("{path} is {kind}, not a spreadsheet or CSV file").format(path=label, kind=looks)
    return ValidationError("file", f"{message}{': ' + hint if hint else ''}")


def _sniff_kind(head: bytes, path: Path, regular: bool, label: str) -> str:
    """'text', 'xlsx' or 'xls'; raises for anything else, saying what it looks like."""
    for magic, looks in _LOOKS_LIKE:
        if head.startswith(magic):
            raise _refuse(label, _kind_text(looks))
    if head.startswith(b"PK\x03\x04"):
        if not regular:
            raise ValidationError(
                "file", _("{path} is a workbook or zip archive: save it to a file and import the file").format(path=label)
            )
        try:
            with zipfile.ZipFile(path) as archive:
                names = set(archive.namelist())
        except (zipfile.BadZipFile, OSError):
            raise _refuse(label, _("a damaged zip archive")) from None
        if "xl/workbook.xml" in names:
            return "xlsx"
        if "word/document.xml" in names:
            raise _refuse(label, _("a Word document"))
        if "content.xml" in names:
            raise _refuse(label, _("an OpenDocument file"), _("save it from your spreadsheet as .xlsx or CSV"))
        raise _refuse(label, _("a zip archive"), _("unpack it and import the spreadsheet inside"))
    if head.startswith(_OLE2):
        if not regular:
            raise ValidationError("file", _("{path} is an Excel 97 workbook: save it to a file and import the file").format(path=label))
        return "xls"
    start = head[:512].lstrip().lower()
    if start.startswith((b"<!doctype html", b"<html", b"<table")):
        raise _refuse(label, _("a web page (an HTML table named .xls)"), _("open it in Excel and save it as .xlsx"))
    if start.startswith(b"<?xml"):
        raise _refuse(label, _("an XML file"), _("open it in Excel and save it as .xlsx"))
    return "text"


def _chunks(path: Path) -> Iterator[bytes]:
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK * 16):
            yield chunk


@contextlib.contextmanager
def open_table(path: Path, *, encoding: str | None = None, sheet: str | None = None, label: str | None = None) -> Iterator[Table]:
    """The file's rows, streamed; `label` names it in messages (default: the path)."""
    shown = label or str(path)
    try:
        binary: BinaryIO = path.open("rb")
    except IsADirectoryError:
        raise ValidationError("file", _("{path} is a directory, not a file").format(path=shown)) from None
    except OSError as error:
        raise ValidationError("file", _("cannot read {path}: {error}").format(path=shown, error=error.strerror or error)) from None
    with binary:
        info = os.fstat(binary.fileno())
        if stat.S_ISDIR(info.st_mode):
            raise ValidationError("file", _("{path} is a directory, not a file").format(path=shown))
        regular = stat.S_ISREG(info.st_mode)
        if regular and info.st_size > MAX_FILE_BYTES:
            raise ValidationError("file", too_big(shown))
        try:
            head = binary.read(SAMPLE)
        except OSError as error:
            raise ValidationError("file", _("cannot read {path}: {error}").format(path=shown, error=error.strerror or error)) from None
        if not head:
            raise ValidationError("file", _("{path} is empty: expected a header row").format(path=shown))
        kind = _sniff_kind(head, path, regular, shown)
        if kind != "text":
            from claimdesk.importing.workbook import workbook_table

            yield workbook_table(path, kind, sheet, shown)
            return
        if sheet:
            raise ValidationError("sheet", _("only an Excel workbook has sheets; {path} is a text file").format(path=shown))
        chosen: Encoding = named(encoding) if encoding else detect(head, (lambda: _chunks(path)) if regular else None)
        lines = DecodedLines(binary, chosen, label=shown, head=head)
        delimiter = sniff_delimiter(lines.peek(50))
        yield Table(shown, "csv", records(lines, shown, delimiter), encoding=chosen.name, delimiter=delimiter)
