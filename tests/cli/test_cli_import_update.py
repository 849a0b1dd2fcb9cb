"""`claimdesk import FILE.csv --update` (issue 10, item 1): a status sync from any subset of the
columns, counts of added / updated / unchanged, every bad row with all its errors; the good rows
are written, the bad ones named (exit 2 only when nothing could be imported)."""

from __future__ import annotations

import json
from pathlib import Path

from tests.cli.helpers import EMS, Run, add_args, snapshot
from tests.cli.test_cli_transfer import HEADER, row, write_csv

SPECIAL = "LP0000000001"
OTHER = "LP0000000002"


def parcels(run: Run, *args: str) -> dict[str, dict]:
    result = run("parcel", "list", "--json", *args)
    assert result.code == 0, result.err
    return {parcel["tracking"]: parcel for parcel in json.loads(result.out)}


def desk_of_two(run: Run, tmp_path: Path) -> None:
    assert run(*add_args(status="in-transit")).code == 0
    source = write_csv(tmp_path / "first.csv", [HEADER, row(SPECIAL)])
    assert run("import", source).code == 0


def test_a_status_sync_updates_only_the_cells_given(run: Run, tmp_path: Path) -> None:
    desk_of_two(run, tmp_path)
    before = parcels(run)
    sync = write_csv(
        tmp_path / "sync.csv",
        [
            "tracking,status,last_tracking_at",
            f"{EMS.lower()},lost,2026-03-10T08:00:00+08:00",  # normalised like every number
            f"{SPECIAL},in-transit,",  # nothing new: unchanged
        ],
    )
    result = run("import", sync, "--update")
    assert result.code == 0, result.err
    assert f"Imported {sync}: 0 added, 1 updated, 1 unchanged, 0 incomplete, 0 bad.\n" in result.out
    after = parcels(run)
    assert (after[EMS]["status"], after[EMS]["last_tracking_at"]) == ("lost", "2026-03-10T08:00:00+08:00")
    for name in ("order", "service", "created_at", "declared_value", "weight", "shipping_fee", "carrier"):
        assert after[EMS][name] == before[EMS][name], name
    assert after[SPECIAL] == before[SPECIAL]


def test_new_numbers_are_added_with_the_full_columns(run: Run, tmp_path: Path) -> None:
    desk_of_two(run, tmp_path)
    source = write_csv(tmp_path / "mixed.csv", [HEADER, row(SPECIAL, status="delivered"), row(OTHER)])
    result = run("import", source, "--update")
    assert result.code == 0, result.err
    assert f"Imported {source}: 1 added, 1 updated, 0 unchanged, 0 incomplete, 0 bad.\n" in result.out
    listed = parcels(run)
    assert listed[SPECIAL]["status"] == "delivered" and OTHER in listed


def test_a_new_number_without_the_needed_columns_is_a_bad_row(run: Run, db: Path, tmp_path: Path) -> None:
    desk_of_two(run, tmp_path)
    source = write_csv(tmp_path / "partial.csv", ["tracking,status", f"{EMS},lost", f"{OTHER},lost"])
    result = run("import", source, "--update")
    assert result.code == 0, result.err
    assert "0 added, 1 updated, 0 unchanged, 0 incomplete, 1 bad." in result.out
    [line] = result.err_lines
    assert line.startswith("bad line 3: tracking: LP0000000002 is not on the desk: a new parcel needs service, created_at")
    assert "service: choose one" in line  # and every other error of the row
    assert parcels(run)[EMS]["status"] == "lost"


def test_every_error_of_a_bad_row_is_reported(run: Run, db: Path, tmp_path: Path) -> None:
    desk_of_two(run, tmp_path)
    before = snapshot(db)
    source = write_csv(tmp_path / "bad.csv", ["tracking,status,weight,shipping_fee", f"{EMS},gone,-1,abc"])
    result = run("import", source, "--update")
    assert result.code == 2
    [line] = result.err_lines
    assert line.startswith("bad line 2: ")
    for name in ("weight:", "shipping_fee:", "status:"):
        assert name in line, (name, line)
    assert snapshot(db) == before


def test_without_update_a_number_on_the_desk_says_how_to_update_it(run: Run, tmp_path: Path) -> None:
    desk_of_two(run, tmp_path)
    source = write_csv(tmp_path / "again.csv", [HEADER, row(SPECIAL, status="lost")])
    result = run("import", source)
    assert result.code == 2  # its only row could not be imported
    assert "already on the desk (import --update changes it)" in result.err
    same = write_csv(tmp_path / "same.csv", [HEADER, row(SPECIAL)])
    result = run("import", same)
    assert result.code == 0, result.err  # the same file twice: every row unchanged, nothing to fix
    assert "0 added, 0 updated, 1 unchanged" in result.out


def test_update_needs_the_tracking_column(run: Run, db: Path, tmp_path: Path) -> None:
    desk_of_two(run, tmp_path)
    source = write_csv(tmp_path / "notracking.csv", ["order,status", "8100000000000001,lost"])
    result = run("import", source, "--update")
    assert result.code == 2
    assert "no profile recognises its columns" in result.err and "naming the tracking number column" in result.err


def test_an_archived_parcel_is_not_updated_and_the_import_goes_on(run: Run, tmp_path: Path) -> None:
    """docs/rules.md section 5: an archived parcel is read-only until unarchived."""
    desk_of_two(run, tmp_path)
    assert run("parcel", "archive", SPECIAL).code == 0
    source = write_csv(tmp_path / "sync.csv", ["tracking,status", f"{SPECIAL},delivered", f"{EMS},delivered"])
    result = run("import", source, "--update")
    assert result.code == 0, result.err
    assert result.err_lines == [f"bad line 2: tracking: {SPECIAL} is archived: unarchive it to change it"]
    archived = parcels(run, "--archived")[SPECIAL]
    assert archived["status"] == "in-transit" and archived["archived_at"] is not None
    assert parcels(run)[EMS]["status"] == "delivered"
