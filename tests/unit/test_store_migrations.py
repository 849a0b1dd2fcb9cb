"""Schema migrations: a dated 0600 backup before any upgrade; failures leave the file untouched.

The mechanism is tested with fake migration steps registered on claimdesk.store.schema over a
file at schema 1; the real step from schema 1 (the first release's files) to 2 at the end.
"""

from __future__ import annotations

import re
import stat
from pathlib import Path
from typing import Any

import orjson
import pendulum
import pytest

from claimdesk import cli
from claimdesk.clock import FixedClock
from claimdesk.domain.errors import DataFileError
from claimdesk.services import Desk
from claimdesk.store import schema
from claimdesk.store import storage as storage_module
from tests import reliability_worker as worker

NOW = pendulum.parse(worker.NOW_TEXT)
BACKUP = re.compile(r"^claimdesk\.json\.schema1-\d{8}-\d{6}(-\d+)?\.bak$")


def upper_carriers(data: dict[str, Any]) -> None:
    for record in data["parcels"].values():
        record["carrier"] = record["carrier"].upper()


def tag_orders(data: dict[str, Any]) -> None:
    for record in data["parcels"].values():
        record["order"] = "v3-" + record["order"]


@pytest.fixture
def old_file(tmp_path: Path) -> Path:
    path = tmp_path / "claimdesk.json"
    desk = Desk.open(path, FixedClock(NOW))
    desk.add_parcel(worker.parcel_fields("LP0000000001"))
    desk.file_complaint("LP0000000001", "damage")
    desk.close()
    return as_schema_1(path)


def as_schema_1(path: Path) -> Path:
    """The file as the first release wrote it: the same records (it never wrote rev, archived_at,
    retractions or money received later), under a schema 1 header."""
    data = orjson.loads(path.read_bytes())
    data["meta"]["1"]["schema"] = 1
    for table in ("parcels", "complaints", "settings"):
        for record in data[table].values():
            record.pop("rev", None)
    path.write_bytes(orjson.dumps(data))
    for stamp in path.parent.glob(f".{path.name}.checked"):
        stamp.unlink()
    return path


def backups(folder: Path) -> list[Path]:
    return sorted(path for path in folder.iterdir() if path.name.endswith(".bak"))


def newer_schema(monkeypatch: pytest.MonkeyPatch, *steps: Any) -> None:
    monkeypatch.setattr(schema, "SCHEMA_VERSION", 1 + len(steps))
    monkeypatch.setattr(schema, "MIGRATIONS", dict(enumerate(steps, start=1)))


def test_opening_an_older_file_backs_it_up_then_migrates(old_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    original = old_file.read_bytes()
    newer_schema(monkeypatch, upper_carriers)
    desk = Desk.open(old_file, FixedClock(NOW))
    [backup] = backups(old_file.parent)
    assert BACKUP.match(backup.name), backup.name
    assert backup.read_bytes() == original
    assert stat.S_IMODE(backup.stat().st_mode) == 0o600
    migrated = orjson.loads(old_file.read_bytes())
    assert migrated["meta"]["1"]["schema"] == 2
    assert migrated["parcels"]["1"]["carrier"] == "CAINIAO STANDARD"
    assert stat.S_IMODE(old_file.stat().st_mode) == 0o600
    assert desk.parcel("LP0000000001").carrier == "CAINIAO STANDARD"
    assert desk.claim_state("LP0000000001").attempts_used == 1  # complaints survive the upgrade
    Desk.open(old_file, FixedClock(NOW))
    assert len(backups(old_file.parent)) == 1  # migrated once: no second backup


def test_steps_run_in_order_from_the_files_version(old_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    newer_schema(monkeypatch, upper_carriers, tag_orders)
    desk = Desk.open(old_file, FixedClock(NOW))
    assert orjson.loads(old_file.read_bytes())["meta"]["1"]["schema"] == 3
    assert desk.parcel("LP0000000001").order == "v3-ORD-LP0000000001"
    assert len(backups(old_file.parent)) == 1


def test_the_backup_is_written_before_the_file_is_touched(old_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    original = old_file.read_bytes()
    newer_schema(monkeypatch, upper_carriers)
    real_replace = storage_module.os.replace

    def replace(src: Any, dst: Any) -> None:
        if Path(dst) == old_file:
            raise OSError(5, "Input/output error")
        real_replace(src, dst)

    monkeypatch.setattr(storage_module.os, "replace", replace)
    with pytest.raises(DataFileError, match="Input/output error"):
        Desk.open(old_file, FixedClock(NOW))
    [backup] = backups(old_file.parent)
    assert backup.read_bytes() == original
    assert old_file.read_bytes() == original


@pytest.mark.parametrize(
    ("steps", "words"),
    [
        pytest.param({}, "no migration from schema 1", id="no-step"),
        pytest.param({1: lambda data: data["no such table"]["x"]}, "cannot upgrade this file from schema 1", id="step-crashes"),
    ],
)
def test_a_migration_that_cannot_run_is_exit_4_and_writes_nothing(
    old_file: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], steps: dict, words: str
) -> None:
    original = old_file.read_bytes()
    monkeypatch.setattr(schema, "SCHEMA_VERSION", 2)
    monkeypatch.setattr(schema, "MIGRATIONS", steps)
    assert cli.main(["--db", str(old_file), "parcel", "list"]) == 4
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and words in err
    assert old_file.read_bytes() == original
    assert backups(old_file.parent) == []


def test_doctor_checks_an_older_file_without_migrating_it(
    old_file: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    original = old_file.read_bytes()
    newer_schema(monkeypatch, upper_carriers)
    assert cli.main(["--db", str(old_file), "doctor"]) == 0
    assert capsys.readouterr().out == f"{old_file}: OK\n"
    assert old_file.read_bytes() == original
    assert backups(old_file.parent) == []


def test_doctor_reports_a_broken_migration(old_file: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    original = old_file.read_bytes()
    monkeypatch.setattr(schema, "SCHEMA_VERSION", 2)
    monkeypatch.setattr(schema, "MIGRATIONS", {})
    assert cli.main(["--db", str(old_file), "doctor"]) == 4
    assert "no migration from schema 1" in capsys.readouterr().out
    assert old_file.read_bytes() == original


def test_a_first_release_file_is_backed_up_and_upgraded_to_the_latest_schema(old_file: Path) -> None:
    original = old_file.read_bytes()
    desk = Desk.open(old_file, FixedClock(NOW))
    [backup] = backups(old_file.parent)
    assert backup.read_bytes() == original
    data = orjson.loads(old_file.read_bytes())
    assert data["meta"]["1"] == {"app": "claimdesk", "schema": schema.SCHEMA_VERSION} == {"app": "claimdesk", "schema": 4}
    assert [record["other_numbers"] for record in data["parcels"].values()] == [[]]
    assert desk.parcel("LP0000000001").carrier == "Cainiao Standard"
    assert desk.claim_state("LP0000000001").attempts_used == 1
    assert cli.main(["--db", str(old_file), "doctor"]) == 0
