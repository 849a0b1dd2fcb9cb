"""Delimited text (CSV, TSV, TXT): the delimiter sniffed, the rows streamed with bounded memory.

One row (every physical line of it) may hold at most MAX_ROW characters: a longer row is a bad
row, found after reading MAX_ROW + 1 characters of it however long it really is. A quote that
never closes is reported at the line where it opened, and stops the reading (the rows after it
cannot be told apart).
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from typing import Protocol

from claimdesk.domain.errors import ValidationError
from claimdesk.i18n import _
from claimdesk.importing.rows import RowError

DELIMITERS = (",", ";", "\t", "|")
DELIMITER_NAMES = {",": "comma", ";": "semicolon", "\t": "tab", "|": "pipe"}
MAX_ROW = 64 * 1024
MAX_FILE_CHARS = 256 * 1024 * 1024  # about 1.4 million parcels: far above any seller's export
SNIFF_LINES = 50


class LineSource(Protocol):
    def readline(self, limit: int = -1, /) -> str: ...


class _RowTooLong(Exception):
    """The row being read passed MAX_ROW characters (raised through csv.reader)."""


def too_big(label: str) -> str:
    return _("{path} is larger than {limit} MB: split it into smaller files").format(path=label, limit=MAX_FILE_CHARS // (1024 * 1024))


def _nul(label: str) -> ValidationError:
    return ValidationError("file", _("{path} contains NUL bytes: not a text file (pass --encoding if it is UTF-16)").format(path=label))


class _Lines:
    """The physical lines of a file for csv.reader, read with a bounded readline. Keeps the lines
    of the row being read, so a row that cannot be read is reported where its trouble started."""

    def __init__(self, source: LineSource, label: str) -> None:
        self.source = source
        self.label = label
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
        text = self.source.readline(MAX_ROW - self.row_chars + 1)
        if self.swallow_lf:
            self.swallow_lf = False
            if text == "\n":
                text = self.source.readline(MAX_ROW - self.row_chars + 1)
        if not text:
            self.ended = True
            raise StopIteration
        self.number += 1
        self.row.append(text)
        self.row_chars += len(text)
        self.total_chars += len(text)
        if "\x00" in text:
            raise _nul(self.label)
        if self.total_chars > MAX_FILE_CHARS:  # a file that grows while read, or a device
            raise ValidationError("file", too_big(self.label))
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
            text = self.source.readline(MAX_ROW)
            if "\x00" in text:
                raise _nul(self.label)
            self.total_chars += len(text)
            if self.total_chars > MAX_FILE_CHARS:
                raise ValidationError("file", too_big(self.label))
        self.swallow_lf = text.endswith("\r")


def open_quote(lines: list[str], delimiter: str = ",") -> int | None:
    """The index of the line where a quoted field opened that is still open at the end of
    `lines` ('"' opens a field only at its start, '""' inside is a quote)."""
    quoted = False
    just_closed = False
    at_start = True
    opened: int | None = None
    separators = delimiter + "\r\n"
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
            if ch in separators:
                at_start = True
            elif at_start and ch == '"':
                quoted, at_start, opened = True, False, index
            else:
                at_start = False
    return opened if quoted else None


def sniff_delimiter(sample: str) -> str:
    """The delimiter of the sample's first lines: of `,` `;` tab `|`, the one that splits every
    sampled row into as many cells as the header, the most cells winning; failing that, the one
    that splits the header most. A decimal-comma file ('1,5;2,3') splits evenly only on ';'."""
    lines = sample.splitlines(keepends=True)[:SNIFF_LINES]
    if len(lines) > 1 and not sample.endswith(("\n", "\r")):
        lines = lines[:-1]  # the sample may end inside a row
    best: tuple[bool, int, int] | None = None
    chosen = ","
    for rank, delimiter in enumerate(DELIMITERS):
        try:
            rows = [row for row in csv.reader(lines, delimiter=delimiter) if any(cell.strip() for cell in row)]
        except csv.Error:
            continue
        if not rows:
            continue
        width = len(rows[0])
        consistent = width > 1 and all(len(row) == width for row in rows)
        score = (consistent, width, -rank)
        if best is None or score > best:
            best, chosen = score, delimiter
    return chosen


def records(source: LineSource, label: str, delimiter: str) -> Iterator[tuple[int, list[str] | RowError]]:
    """(line, cells) for every row, the header first, or a RowError for a row that cannot be read
    (`stops` set when the reading cannot go on). The line is the row's last physical line."""
    lines = _Lines(source, label)
    reader = csv.reader(lines, delimiter=delimiter)
    first = True
    while True:
        lines.next_row()
        try:
            cells = next(reader)
        except StopIteration:
            return
        except _RowTooLong:
            opened = open_quote(lines.row, delimiter)
            if opened is not None:
                line = lines.start + opened
                message = _("a quoted field opened here does not close within {limit} characters").format(limit=f"{MAX_ROW:,}")
                yield line, RowError(line, "", message, stops=True)
                return
            yield (
                lines.start,
                RowError(lines.start, "", _("the row is longer than {limit} characters").format(limit=f"{MAX_ROW:,}"), stops=first),
            )
            if first:
                return
            lines.skip_rest_of_line()
            continue
        except csv.Error as error:  # pragma: no cover - the default dialect is not strict
            yield lines.number, RowError(lines.number, "", _("unreadable CSV: {error}").format(error=error), stops=True)
            return
        if lines.ended:
            # csv.reader reached the end of the file inside a quoted field and returned what it
            # had: every line after the quote, swallowed into one cell.
            opened = open_quote(lines.row, delimiter)
            if opened is not None:
                yield lines.start + opened, RowError(lines.start + opened, "", _("a quoted field opened here is never closed"), stops=True)
                return
        first = False
        yield lines.number, cells
