"""Issue 5, two writers: concurrent processes on one file lose nothing and never exceed 2 attempts."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from claimdesk.doctor import check_file
from tests import reliability_worker as worker


def test_two_writer_processes_keep_every_write(tmp_path: Path) -> None:
    db = tmp_path / "claimdesk.json"
    lines, problems = worker.run_writers(db, ["WA", "WB"], 45)
    assert problems == []
    assert worker.check_acknowledged(db, lines) == []
    parcels = sum(1 for line in lines if line.startswith("P "))
    complaints = sum(1 for line in lines if line.startswith("C "))
    assert (parcels, complaints) == (90, 30)
    data = json.loads(db.read_text())
    assert len(data["parcels"]) == 90
    assert len(data["complaints"]) == 30
    assert len({record["tracking"] for record in data["parcels"].values()}) == 90


def test_racing_for_the_last_attempt_exactly_one_wins(tmp_path: Path) -> None:
    """Two processes file on the same parcel at the same moment, 12 times over: for a second
    attempt exactly one wins, for a third nobody does; no parcel ever exceeds two attempts."""
    db = tmp_path / "claimdesk.json"
    worker.prepare_races(db, 12)
    races, problems = worker.run_races(db, tmp_path / "go", 12)
    assert (races, problems) == (12, [])
    data = json.loads(db.read_text())
    attempts: dict[str, list[int]] = {}
    for complaint in data["complaints"].values():
        attempts.setdefault(complaint["tracking"], []).append(complaint["attempt"])
    assert all(sorted(numbers) == [1, 2] for numbers in attempts.values()), attempts
    assert check_file(db) == []


def _cli(db: Path, *args: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "claimdesk", "--db", str(db), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=worker.child_env(),
    )


def test_two_cli_processes_at_once(tmp_path: Path) -> None:
    """CLI and CLI: two shells adding parcels and filing at the same time, then racing."""
    db = tmp_path / "claimdesk.json"
    script = (
        "for n in 1 2; do "
        '"$PY" -m claimdesk --db "$DB" parcel add --tracking "$P-$n" --order 1 --service other '
        "--created 2026-03-01 --item undeclared --weight 1 --shipping-fee 10 --status lost || exit 1; "
        '"$PY" -m claimdesk --db "$DB" complaint file "$P-$n" --type loss || exit 1; '
        "done"
    )
    shells = [
        subprocess.Popen(
            ["sh", "-c", script],
            env=worker.child_env() | {"PY": sys.executable, "DB": str(db), "P": prefix},
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for prefix in ("CLIA", "CLIB")
    ]
    for shell in shells:
        _out, err = shell.communicate(timeout=120)
        assert shell.returncode == 0, err
    listing = json.loads(
        subprocess.run(
            [sys.executable, "-m", "claimdesk", "--db", str(db), "parcel", "list", "--json"],
            capture_output=True,
            text=True,
            env=worker.child_env(),
            check=True,
        ).stdout
    )
    assert sorted((p["tracking"], p["attempts_used"]) for p in listing) == [
        (f"{prefix}-{n}", 1) for prefix in ("CLIA", "CLIB") for n in (1, 2)
    ]
    # Withdraw attempt 1, then two CLI processes race to file attempt 2: one wins, one is refused.
    assert (
        subprocess.run(
            [sys.executable, "-m", "claimdesk", "--db", str(db), "complaint", "close", "CLIA-1", "--outcome", "withdrawn"],
            env=worker.child_env(),
            capture_output=True,
        ).returncode
        == 0
    )
    racers = [_cli(db, "complaint", "file", "CLIA-1", "--type", "loss") for _ in range(2)]
    codes = sorted(racer.wait(timeout=60) for racer in racers)
    assert codes == [0, 3]
    refused = next(racer for racer in racers if racer.returncode == 3)
    # The loser sees the winner's attempt: both attempts are used now.
    assert "has used both of its 2 complaint attempts" in refused.stderr.read()  # type: ignore[union-attr]
    assert check_file(db) == []


@pytest.mark.torture
def test_torture_many_races(tmp_path: Path) -> None:
    db = tmp_path / "claimdesk.json"
    worker.prepare_races(db, 150)
    assert worker.run_races(db, tmp_path / "go", 150) == (150, [])
    lines, problems = worker.run_writers(db, ["TA", "TB"], 400)
    assert problems == []
    assert worker.check_acknowledged(db, lines) == []
