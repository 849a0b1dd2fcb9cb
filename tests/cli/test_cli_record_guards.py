"""Issue 19, items 4, 5 and 7: no path leaves the record inconsistent. Now is pinned at
2026-03-20 10:00 Shanghai.

Before the fix `parcel set` changed an archived parcel (exit 0), `import --update` moved a
parcel's creation after its first filing (exit 0, then doctor exit 4), and a `rev` of 2^64-1
passed validation and crashed the next write with a traceback.
"""

from __future__ import annotations

import json
from pathlib import Path

from tests.cli.helpers import EMS, Run, add_args, snapshot


def ok(run: Run, *args: object) -> str:
    result = run(*args)
    assert result.code == 0, (args, result.err)
    return result.out


def test_an_archived_parcel_is_read_only_until_unarchived(run: Run, db: Path) -> None:
    ok(run, *add_args(status="delivered"))
    ok(run, "parcel", "archive", EMS)
    before = snapshot(db)
    refused = run("parcel", "set", EMS, "--status", "lost")
    assert refused.code == 3
    assert "unarchive it first" in refused.err and len(refused.err.splitlines()) == 1
    assert snapshot(db) == before
    ok(run, "parcel", "unarchive", EMS)
    ok(run, "parcel", "set", EMS, "--status", "lost")


def test_import_update_of_an_archived_parcel_reports_the_row_and_goes_on(run: Run, db: Path, tmp_path: Path) -> None:
    ok(run, *add_args(status="delivered"))
    ok(run, *add_args(tracking="LP0000000002", service="special-line", status="in-transit"))
    ok(run, "parcel", "archive", EMS)
    sheet = tmp_path / "status.csv"
    sheet.write_text(f"tracking,status\n{EMS},lost\nLP0000000002,delivered\n", encoding="utf-8")
    result = run("import", sheet, "--update", "--skip-invalid")
    assert EMS in result.err and "archived" in result.err
    listing = {row["tracking"]: row for row in json.loads(ok(run, "parcel", "list", "--json"))}
    assert listing["LP0000000002"]["status"] == "delivered"
    archived = {row["tracking"]: row for row in json.loads(ok(run, "parcel", "list", "--archived", "--json"))}
    assert archived[EMS]["status"] == "delivered"


def test_import_update_cannot_move_creation_after_the_first_filing(run: Run, db: Path, tmp_path: Path) -> None:
    ok(run, *add_args())
    ok(run, "complaint", "file", EMS, "--type", "loss", "--at", "2026-03-12T10:00:00+08:00")
    sheet = tmp_path / "dates.csv"
    sheet.write_text(f"tracking,created_at\n{EMS},2026-03-15 10:00\n", encoding="utf-8")
    before = snapshot(db)
    result = run("import", sheet, "--update")
    assert result.code in (2, 3)
    assert "2026-03-15" in result.err and "2026-03-12" in result.err  # both facts named
    assert snapshot(db) == before
    assert run("doctor").code == 0


def test_parcel_edit_cannot_move_creation_after_the_first_filing(run: Run, db: Path) -> None:
    from claimdesk.domain.errors import RuleError
    from claimdesk.services import Desk

    ok(run, *add_args())
    ok(run, "complaint", "file", EMS, "--type", "loss", "--at", "2026-03-12T10:00:00+08:00")
    desk = Desk.open(db)
    before = snapshot(db)
    try:
        desk.edit_parcel(EMS, {"created_at": "2026-03-15T10:00:00+08:00"})
    except RuleError as error:
        assert "2026-03-15" in str(error) and "2026-03-12" in str(error)
    else:
        raise AssertionError("the edit was taken")
    finally:
        desk.close()
    assert snapshot(db) == before


def test_a_revision_beyond_the_bound_is_damage_not_a_crash(run: Run, db: Path) -> None:
    ok(run, *add_args())
    data = json.loads(db.read_text())
    data["parcels"]["1"]["rev"] = 2**64 - 1
    db.write_text(json.dumps(data))
    for args in (("parcel", "set", EMS, "--status", "delivered"), ("complaint", "undo", EMS), ("doctor",)):
        result = run(*args)
        assert result.code == 4, (args, result)
        text = result.err + result.out
        assert "parcels #1" in text and "rev" in text and "Traceback" not in text
