"""The first rows of a file, for the app's mapping screen: which columns a profile places, and the
rows as the desk will read them with the seller's own placement, before anything is imported.

A placement (column index -> desk field) becomes a profile (`placed_profile`) that is saved as
NAME.toml in the config folder (mapping.save_mapping) and then read like any other profile.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from claimdesk.domain.errors import ValidationError
from claimdesk.domain.parcels import FIELD_LABELS
from claimdesk.i18n import N_, _
from claimdesk.importing.fields import ReadOptions, RowReader, blank
from claimdesk.importing.plan import ImportOptions, choose_profile, header_problems, read_header
from claimdesk.importing.profiles import (
    CARRIER_AND_TRACKING,
    FIELD_HELP,
    FIELDS,
    MANY,
    OTHER_NUMBERS,
    SHIPPED_AT,
    Profile,
    ProfileMatch,
    match,
)
from claimdesk.importing.rows import RowError
from claimdesk.importing.sources import open_table

SAMPLE_ROWS = 5

# How the mapping screen names the fields a column can be placed on.
FIELD_NAMES = {
    **FIELD_LABELS,
    OTHER_NUMBERS: N_("Other numbers"),
    CARRIER_AND_TRACKING: N_("Carrier:tracking number in one cell"),
    SHIPPED_AT: N_("Shipping time (stands for created at)"),
}


def field_name(name: str) -> str:
    """A desk field as the seller reads it, in the active language."""
    return _(FIELD_NAMES[name]) if name in FIELD_NAMES else name


def field_hint(name: str) -> str:
    return _(FIELD_HELP[name]) if name in FIELD_HELP else ""


@dataclass(frozen=True)
class ImportSample:
    """A file's header and first rows, and how it was read."""

    label: str
    kind: str
    encoding: str | None
    delimiter: str | None
    header: tuple[str, ...]
    rows: tuple[tuple[int, tuple[Any, ...]], ...]
    found: ProfileMatch | None  # the profile that recognises the header, if one does
    guess: ProfileMatch | None = None  # else the one that places the most of its columns

    @property
    def decimal_comma(self) -> bool:
        return self.delimiter == ";"  # as plan_file reads it: Excel writes ';' where ',' is the decimal mark

    @property
    def base(self) -> ProfileMatch | None:
        return self.found or self.guess

    def placement(self) -> dict[int, str]:
        """Column index -> desk field, as the recognising profile places them, else as the profile
        that places the most of them (the seller starts from there)."""
        return dict(self.base.placed) if self.base is not None else {}

    def example(self, index: int) -> str:
        """The first non-blank cell of a column, to show beside its header."""
        for _line, row in self.rows:
            if index < len(row) and row[index] is not None and str(row[index]).strip():
                return str(row[index]).strip()
        return ""


def sample_file(
    path: Path, options: ImportOptions, profiles: list[Profile], *, rows: int = SAMPLE_ROWS, label: str | None = None
) -> ImportSample:
    """The header and the first `rows` non-blank rows (rows that cannot be read are left out)."""
    with open_table(path, encoding=options.encoding, sheet=options.sheet, label=label) as table:
        _line, header = read_header(table)
        try:
            found: ProfileMatch | None = choose_profile(header, profiles, options, table.label)
        except ValidationError:  # no profile recognises it: the seller places the columns
            found = None
        guesses = [match(profile, header) for profile in profiles] if found is None else []
        guess = max(guesses, key=lambda each: len(each.placed), default=None)
        taken: list[tuple[int, tuple[Any, ...]]] = []
        for line, row in table.rows:
            if len(taken) >= rows:
                break
            if isinstance(row, RowError):
                if row.stops:
                    break
                continue
            if not blank(row):
                taken.append((line, tuple(row)))
        return ImportSample(
            table.label,
            table.kind,
            table.encoding,
            table.delimiter,
            tuple(str(cell if cell is not None else "").strip() for cell in header),
            tuple(taken),
            found,
            guess if guess is not None and guess.placed else None,
        )


def placed_profile(sample: ImportSample, placed: Mapping[int, str], name: str, *, title: str | None = None) -> Profile:
    """The seller's placement as a profile named `name`: each field on its column's header text.
    The recognising profile's word tables and defaults carry over (an AliExpress export stays
    one, with its own placement)."""
    columns: dict[str, tuple[str, ...]] = {}
    for index in sorted(placed):
        field = placed[index]
        if field not in FIELDS:
            raise ValueError(f"{field!r} is not a field a column can be placed on")
        text = sample.header[index]
        if not text:
            continue
        columns[field] = (*columns.get(field, ()), text) if field in MANY else (text,)
    base = sample.base.profile if sample.base is not None else None
    return Profile(
        name,
        title or _("columns of {file}").format(file=Path(sample.label).name),
        columns,
        words=dict(base.words) if base else {},
        service_default=base.service_default if base else None,
        usd_amounts=base.usd_amounts if base else False,
        skips_unshipped=base.skips_unshipped if base else False,
    )


@dataclass(frozen=True)
class PreviewRow:
    """One row as the desk will read it: the value of each field, or what is wrong with its cell."""

    line: int
    values: dict[str, str]
    errors: dict[str, str]


def preview(sample: ImportSample, profile: Profile, read: ReadOptions) -> tuple[ProfileMatch, list[PreviewRow]]:
    """The sample's rows read with `profile` (as the import will read them)."""
    found = match(profile, sample.header)
    reader = RowReader(found, read)
    shown: list[PreviewRow] = []
    for line, row in sample.rows:
        fields, errors = reader.read(row)
        shown.append(PreviewRow(line, fields, {error.field: error.message for error in errors}))
    return found, shown


def placement_problems(sample: ImportSample, profile: Profile, *, update: bool) -> list[str]:
    """What stops an import with this placement (a required column missing, a field placed twice)."""
    return header_problems(match(profile, sample.header), update)
