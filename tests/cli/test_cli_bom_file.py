"""A data file saved with a UTF-8 byte-order mark (Windows Notepad adds one) is read, not refused
(docs/reliability.md): reading it writes nothing; the first change writes the file without the
mark, after a dated backup of it as it was (`NAME.bom-STAMP.bak`), as a migration keeps the
older file. Before, every command refused it as "not a claimdesk data file ... no claimdesk
header", which was not true either."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from claimdesk.store.storage import SafeJSONStorage
from tests.cli.helpers import EMS, Run, add_args

BOM = b"\xef\xbb\xbf"


@pytest.fixture
def bom_file(run: Run, db: Path) -> bytes:
    """The desk's file with one parcel, saved again with a byte-order mark; its bytes."""
    assert run(*add_args()).code == 0
    for beside in db.parent.glob(f".{db.name}.*"):  # as after an editor: no stamp, no cache
        beside.unlink()
    saved = BOM + db.read_bytes()
    db.write_bytes(saved)
    return saved


def backups(db: Path) -> list[Path]:
    return sorted(db.parent.glob(f"{db.name}.bom-*.bak"))


@pytest.mark.parametrize(
    "command",
    [("parcel", "list"), ("parcel", "show", EMS, "--json"), ("due",), ("doctor",), ("export", "-"), ("parcel", "list", "--json")],
    ids=lambda command: " ".join(command),
)
def test_reading_it_works_and_writes_nothing(run: Run, db: Path, bom_file: bytes, command: tuple[str, ...]) -> None:
    result = run(*command)
    assert result.code == 0, result.err
    assert db.read_bytes() == bom_file
    assert backups(db) == []


def test_the_parcel_reads_as_saved(run: Run, bom_file: bytes) -> None:
    result = run("parcel", "show", EMS, "--json")
    assert result.code == 0, result.err
    assert json.loads(result.out)["tracking"] == EMS


def test_the_first_change_drops_the_mark_after_a_backup(run: Run, db: Path, bom_file: bytes) -> None:
    assert run("parcel", "set", EMS, "--carrier", "Yanwen").code == 0
    [backup] = backups(db)
    assert backup.read_bytes() == bom_file
    assert backup.stat().st_mode & 0o777 == 0o600
    written = db.read_bytes()
    assert not written.startswith(BOM) and written.startswith(b"{")
    assert json.loads(run("parcel", "show", EMS, "--json").out)["carrier"] == "Yanwen"
    assert run("parcel", "set", EMS, "--carrier", "4PX").code == 0
    assert backups(db) == [backup]  # once: the file has no mark now
    assert run("doctor").code == 0


def test_a_damaged_file_with_the_mark_is_named_damaged_and_left_untouched(run: Run, db: Path, bom_file: bytes) -> None:
    damaged = bom_file[:-5]
    db.write_bytes(damaged)
    result = run("parcel", "list")
    assert result.code == 4
    assert "is damaged: not valid JSON" in result.err and "no claimdesk header" not in result.err
    assert db.read_bytes() == damaged and backups(db) == []


def test_the_backup_is_one_of_the_desks_own_files(db: Path) -> None:
    """An export is refused over it, as over a migration's backup."""
    assert SafeJSONStorage(db).own_file(db.with_name(db.name + ".bom-20261205-101500.bak")) == "backup"
