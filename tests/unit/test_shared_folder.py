"""A shared folder (a sticky /tmp, a team folder): what another user placed there beforehand, under
the names claimdesk writes (temp files, the validation stamp, the lock, backups), is never written
through, appended to or truncated, and a FIFO in their place hangs nothing (issue 18, item 3)."""

from __future__ import annotations

import hashlib
import os
import stat
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import orjson
import pytest

from claimdesk.clock import FixedClock
from claimdesk.doctor import check_file
from claimdesk.domain.errors import DataFileError
from claimdesk.services import Desk
from claimdesk.store import atomic, schema, validation
from claimdesk.store import storage as storage_module
from claimdesk.store.storage import SafeJSONStorage
from tests import reliability_worker as worker

VICTIM_TEXT = b"someone else's file\n"
RUN_TIMEOUT = 60  # seconds: a command that waits on a FIFO fails the test instead of hanging it


@pytest.fixture
def victim(tmp_path: Path) -> Path:
    folder = tmp_path / "elsewhere"
    folder.mkdir()
    path = folder / "victim.txt"
    path.write_bytes(VICTIM_TEXT)
    return path


@pytest.fixture
def desk_path(tmp_path: Path) -> Path:
    path = tmp_path / "claimdesk.json"
    desk = Desk.open(path, FixedClock(datetime.fromisoformat(worker.NOW_TEXT)))
    desk.add_parcel(worker.parcel_fields("LP0000000001"))
    desk.close()
    return path


def run(db: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "claimdesk", *args],
        env=worker.child_env(db) | {"CLAIMDESK_LANG": "en"},
        capture_output=True,
        text=True,
        timeout=RUN_TIMEOUT,
        stdin=subprocess.DEVNULL,
    )


def test_a_link_at_the_old_predictable_temp_name_is_never_written_through(tmp_path: Path, victim: Path) -> None:
    target = tmp_path / "export.csv"
    (tmp_path / f".export.csv.{os.getpid()}.tmp").symlink_to(victim)
    atomic.write_atomic(target, b"tracking\nLP1\n")
    assert victim.read_bytes() == VICTIM_TEXT
    assert not target.is_symlink() and target.read_bytes() == b"tracking\nLP1\n"
    assert oct(target.stat().st_mode & 0o777) == oct(atomic.FILE_MODE)


def test_the_temp_name_is_new_every_write(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    used: list[str] = []
    real_replace = os.replace

    def spy(source: str | os.PathLike[str], target: str | os.PathLike[str]) -> None:
        used.append(Path(source).name)
        real_replace(source, target)

    monkeypatch.setattr(atomic.os, "replace", spy)
    for _ in range(3):
        atomic.write_atomic(tmp_path / "out.ics", b"x")
    assert len(set(used)) == 3, used
    assert all(name.startswith(".out.ics.") and name.endswith(".tmp") and str(os.getpid()) not in name for name in used)


def test_a_fifo_where_the_stamp_lives_hangs_nothing_and_doctor_names_it(desk_path: Path) -> None:
    stamp = desk_path.with_name(f".{desk_path.name}.checked")
    stamp.unlink(missing_ok=True)
    os.mkfifo(stamp)
    problems = check_file(desk_path)
    assert any(str(stamp) in line and "FIFO" in line for line in problems), problems
    for args in (("parcel", "list"), ("due",), ("parcel", "set", "LP0000000001", "--status", "lost")):
        if not stat.S_ISFIFO(os.lstat(stamp).st_mode):
            stamp.unlink()
            os.mkfifo(stamp)
        result = run(desk_path, *args)
        assert result.returncode == 0, (args, result.stderr)
    assert orjson.loads(desk_path.read_bytes())[schema.PARCELS]["1"]["status"] == "lost"
    assert stamp.is_file() and not stamp.is_symlink()  # a stamp of our own took its place
    assert check_file(desk_path) == []


def test_a_stamp_that_is_a_link_is_not_trusted_nor_written_through(desk_path: Path, victim: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    stamp = desk_path.with_name(f".{desk_path.name}.checked")
    forged = victim.with_name("forged")
    digest = hashlib.sha256(desk_path.read_bytes()).hexdigest()
    forged.write_bytes(f"{validation.RULES_KEY} {digest}\n".encode())  # the right words, in a file someone else controls
    stamp.unlink(missing_ok=True)
    stamp.symlink_to(forged)
    assert any("symbolic link" in line for line in check_file(desk_path))
    calls: list[int] = []
    real = validation.check
    monkeypatch.setattr(validation, "check", lambda data: calls.append(1) or real(data))
    desk = Desk.open(desk_path, FixedClock(datetime.fromisoformat(worker.NOW_TEXT)))
    desk.close()
    assert calls == [1]  # validated: the link's stamp counted for nothing
    link_victim = victim.with_name("victim-of-the-stamp")
    link_victim.write_bytes(VICTIM_TEXT)
    stamp.unlink()
    stamp.symlink_to(link_victim)
    desk = Desk.open(desk_path, FixedClock(datetime.fromisoformat(worker.NOW_TEXT)))
    desk.edit_parcel("LP0000000001", {"weight": "0.9"})
    desk.close()
    assert link_victim.read_bytes() == VICTIM_TEXT
    assert forged.read_bytes() != b""


@pytest.mark.parametrize("kind", ["symlink", "fifo"])
def test_a_lock_that_is_not_a_regular_file_is_refused_in_words(desk_path: Path, victim: Path, kind: str) -> None:
    lock = Path(str(desk_path) + ".lock")
    lock.unlink(missing_ok=True)
    if kind == "symlink":
        lock.symlink_to(victim)
    else:
        os.mkfifo(lock)
    before = desk_path.read_bytes()
    result = run(desk_path, "parcel", "set", "LP0000000001", "--status", "lost")
    assert result.returncode == 4, result.stderr
    words = "symbolic link" if kind == "symlink" else "FIFO"
    assert f"{lock} is " in result.stderr and words in result.stderr and "remove it" in result.stderr
    assert desk_path.read_bytes() == before
    assert victim.read_bytes() == VICTIM_TEXT
    assert any(str(lock) in line and words in line for line in check_file(desk_path))


def test_a_backup_never_takes_a_name_that_is_already_there(tmp_path: Path, victim: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    class Frozen(datetime):
        @classmethod
        def now(cls, tz: object = None) -> Frozen:  # type: ignore[override]
            return cls(2026, 3, 20, 10, 0, 0)

    monkeypatch.setattr(storage_module, "datetime", Frozen)
    path = tmp_path / "claimdesk.json"
    taken = tmp_path / "claimdesk.json.schema1-20260320-100000.bak"
    taken.symlink_to(tmp_path / "nowhere")  # dangling: `exists()` says no
    chosen = SafeJSONStorage(path)._backup_path(1)
    assert chosen.name == "claimdesk.json.schema1-20260320-100000-1.bak"


def test_the_lock_refusal_is_a_data_file_error(desk_path: Path, victim: Path) -> None:
    Path(str(desk_path) + ".lock").unlink(missing_ok=True)
    Path(str(desk_path) + ".lock").symlink_to(victim)
    storage = SafeJSONStorage(desk_path)
    with pytest.raises(DataFileError, match="symbolic link"), storage.locked():
        pass
    assert victim.read_bytes() == VICTIM_TEXT
