"""Yearly archive files: archived parcels of past years, kept beside the data file.

A seller's desk grows by every parcel ever shipped, and every command reads the whole data
file. Archived parcels old enough (created more than a year ago, by default) can move, with
their complaints, to one file per year beside it: `NAME.archive-YYYY.json` for a data file
`NAME.json`, YYYY the year the parcel was created (Shanghai calendar). Each yearly file is a
claimdesk data file like the first (TinyDB, the same schema, atomic writes under its own lock,
its validation stamp), opened read-only by the commands that read all years.

A move writes each year's file first (its parcels added, or replaced when already there), then
the data file without them, holding the data file's lock throughout. Cut short between the two,
the parcels are in both files: the data file's copy is the one in force (readers skip a yearly
copy of a parcel still on the desk), and the next move replaces the yearly copy.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from claimdesk.store.repository import Repository

_YEAR = re.compile(r"[0-9]{4}")


def year_path(data_file: Path, year: int) -> Path:
    """The yearly archive file of `year` beside the (real) data file."""
    return data_file.with_name(f"{data_file.stem}.archive-{year:04d}{data_file.suffix}")


def year_files(data_file: Path) -> dict[int, Path]:
    """The yearly archive files beside the (real) data file, by year, oldest first."""
    prefix, suffix = f"{data_file.stem}.archive-", data_file.suffix
    found: dict[int, Path] = {}
    try:
        candidates = list(data_file.parent.iterdir())
    except OSError:
        return found
    for path in candidates:
        name = path.name
        if name.startswith(prefix) and name.endswith(suffix):
            year = name[len(prefix) : len(name) - len(suffix)]
            if _YEAR.fullmatch(year) and path.is_file():
                found[int(year)] = path
    return dict(sorted(found.items()))


def is_year_file_name(name: str, data_name: str) -> bool:
    """`name` is a yearly archive file's name of the data file named `data_name`."""
    data = Path(data_name)
    prefix, suffix = f"{data.stem}.archive-", data.suffix
    if not (name.startswith(prefix) and name.endswith(suffix)):
        return False
    return bool(_YEAR.fullmatch(name[len(prefix) : len(name) - len(suffix)]))


def move(repo: Repository, by_year: Mapping[int, Sequence[str]]) -> None:
    """Move these parcels (with their complaints) from the desk's file to their yearly files.

    Call it inside `repo.transaction()`: the data file's lock is held from reading the records
    to the write at the transaction's end, which drops them; each yearly file is written before
    that, in its own transaction (lock, atomic write, stamp)."""
    from claimdesk.store.repository import Repository  # the repository's storage names these files

    moved: list[str] = []
    for year, trackings in sorted(by_year.items()):
        if not trackings:
            continue
        items = repo.records_of(trackings)
        target = Repository(year_path(repo.storage.real, year))
        try:
            with target.transaction():
                target.put_records(items)
        finally:
            target.storage.close()
        moved += trackings
    if moved:
        repo.remove_records(moved)
