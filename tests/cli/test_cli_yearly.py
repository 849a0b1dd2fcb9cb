"""`parcel archive --to-yearly`, `parcel list --all-years`, `export --complaints --all-years`."""

from __future__ import annotations

import json
from pathlib import Path

from tests.cli.helpers import Run


def _desk_with_archived(run: Run) -> None:
    assert run("demo", "--parcels", "200").code == 0
    assert run("parcel", "archive", "--closed-before", "2026-03-20").code == 0


def test_to_yearly_moves_old_archived_parcels_and_all_years_reads_them(run: Run, db: Path) -> None:
    _desk_with_archived(run)
    archived = json.loads(run("parcel", "list", "--archived", "--json").out)
    assert archived
    result = run("parcel", "archive", "--to-yearly", "--older-than", "1d")
    assert result.code == 0
    assert "read them with --all-years" in result.out
    files = sorted(db.parent.glob("claimdesk.archive-*.json"))
    assert files and all(str(file) in result.out for file in files)
    assert len(json.loads(run("parcel", "list", "--archived", "--json").out)) < len(archived)
    every = json.loads(run("parcel", "list", "--all-years", "--json").out)
    assert sorted(p["tracking"] for p in every) == sorted(p["tracking"] for p in archived)
    listed = run("parcel", "list", "--all-years").out.splitlines()
    assert len(listed) == len(archived) + 1  # the header
    ledger = db.parent / "ledger.csv"
    assert run("export", ledger, "--complaints", "--all-years").code == 0
    assert run("export", db.parent / "desk-only.csv", "--complaints").code == 0
    assert len(ledger.read_text().splitlines()) > len((db.parent / "desk-only.csv").read_text().splitlines())


def test_misused_options_are_refused(run: Run, db: Path) -> None:
    _desk_with_archived(run)
    assert run("parcel", "archive", "--closed-before", "2026-03-01", "--older-than", "1d").code == 2
    assert run("parcel", "archive", "--to-yearly", "XX1").code == 2
    assert run("parcel", "archive", "--to-yearly", "--older-than", "soon").code == 2
    assert run("export", db.parent / "x.csv", "--all-years").code == 2


def test_nothing_old_enough_moves_nothing(run: Run, db: Path) -> None:
    _desk_with_archived(run)
    before = db.read_bytes()
    result = run("parcel", "archive", "--to-yearly")  # a year by default: the demo is newer
    assert result.code == 0
    assert "Moved 0 archived parcels" in result.out
    assert db.read_bytes() == before
    assert not list(db.parent.glob("claimdesk.archive-*.json"))
