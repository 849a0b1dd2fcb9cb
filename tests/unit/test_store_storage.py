"""SafeJSONStorage and the repository: atomic 0600 writes, re-reads, the lock, damaged files."""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
from pathlib import Path

import orjson
import pendulum
import pytest

from claimdesk.clock import FixedClock
from claimdesk.domain.errors import DataFileError
from claimdesk.services import Desk
from claimdesk.store import schema
from claimdesk.store import storage as storage_module
from claimdesk.store.storage import SafeJSONStorage
from tests import reliability_worker as worker

NOW = pendulum.parse(worker.NOW_TEXT)


def open_desk(path: Path) -> Desk:
    return Desk.open(path, FixedClock(NOW))


def add(desk: Desk, tracking: str, **changes: str) -> None:
    desk.add_parcel(worker.parcel_fields(tracking) | changes)


def temp_files(folder: Path) -> list[str]:
    return sorted(entry.name for entry in folder.iterdir() if entry.name.endswith(".tmp"))


# ------------------------------------------------------------------ creation and atomic writes


def test_new_file_and_folder_are_private_whatever_the_umask(tmp_path: Path) -> None:
    path = tmp_path / "new" / "folder" / "claimdesk.json"
    old = os.umask(0)
    try:
        add(open_desk(path), "LP0000000001")
    finally:
        os.umask(old)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    assert stat.S_IMODE(Path(str(path) + ".lock").stat().st_mode) == 0o600
    assert temp_files(path.parent) == []


def test_a_write_replaces_a_loose_file_with_a_private_one(tmp_path: Path) -> None:
    path = tmp_path / "claimdesk.json"
    path.write_bytes(orjson.dumps(schema.new_data()))
    path.chmod(0o644)
    add(open_desk(path), "LP0000000001")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_the_file_is_only_ever_replaced_never_rewritten_in_place(tmp_path: Path) -> None:
    path = tmp_path / "claimdesk.json"
    desk = open_desk(path)
    add(desk, "LP0000000001")
    first_inode = path.stat().st_ino
    with open(path, "rb") as old_handle:  # a reader that opened the old version...
        add(desk, "LP0000000002")
        # ...still sees the complete old version: the new one went to a new inode.
        old = orjson.loads(old_handle.read())
    assert next(iter(old["parcels"].values()))["tracking"] == "LP0000000001"
    assert len(old["parcels"]) == 1
    assert path.stat().st_ino != first_inode
    assert temp_files(tmp_path) == []


def test_a_failed_write_leaves_the_last_good_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "claimdesk.json"
    desk = open_desk(path)
    add(desk, "LP0000000001")
    good = path.read_bytes()

    def full_disk(src: object, dst: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(storage_module.os, "replace", full_disk)
    with pytest.raises(DataFileError, match="No space left on device; nothing was changed"):
        add(desk, "LP0000000002")
    monkeypatch.undo()
    assert path.read_bytes() == good
    assert temp_files(tmp_path) == []
    # The failed change does not linger in memory either: the desk shows what is on disk.
    assert set(desk.tracking_numbers()) == {"LP0000000001"}
    add(desk, "LP0000000003")
    assert set(open_desk(path).tracking_numbers()) == {"LP0000000001", "LP0000000003"}


def test_backup_copy_is_private_and_identical(tmp_path: Path) -> None:
    path = tmp_path / "claimdesk.json"
    desk = open_desk(path)
    add(desk, "LP0000000001")
    target = tmp_path / "copy.json"
    desk._repo.storage.backup(target)
    assert target.read_bytes() == path.read_bytes()
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


# ------------------------------------------------------------------ seeing other writers


def test_another_repository_instance_sees_each_write(tmp_path: Path) -> None:
    path = tmp_path / "claimdesk.json"
    first, second = open_desk(path), open_desk(path)
    add(first, "LP0000000001")
    assert set(second.tracking_numbers()) == {"LP0000000001"}
    add(second, "LP0000000002")
    second.file_complaint("LP0000000002", "damage")
    assert set(first.tracking_numbers()) == {"LP0000000001", "LP0000000002"}
    assert first.claim_state("LP0000000002").attempts_used == 1
    first.set_status("LP0000000002", "lost")
    assert second.parcel("LP0000000002").status == "lost"


def test_another_process_write_is_seen_without_reopening(tmp_path: Path) -> None:
    path = tmp_path / "claimdesk.json"
    desk = open_desk(path)
    add(desk, "LP0000000001")
    assert set(desk.tracking_numbers()) == {"LP0000000001"}
    args = [
        "parcel",
        "add",
        "--tracking",
        "LP0000000002",
        "--order",
        "9",
        "--service",
        "other",
        "--created",
        "2026-03-10",
        "--item",
        "document",
        "--weight",
        "0.1",
        "--shipping-fee",
        "5",
    ]
    proc = subprocess.run(
        [sys.executable, "-m", "claimdesk", *args], env=worker.child_env(path), capture_output=True, text=True, timeout=60
    )
    assert proc.returncode == 0, proc.stderr
    assert set(desk.tracking_numbers()) == {"LP0000000001", "LP0000000002"}
    add(desk, "LP0000000003")  # and our next write keeps theirs
    assert set(open_desk(path).tracking_numbers()) == {"LP0000000001", "LP0000000002", "LP0000000003"}


def test_a_same_size_rewrite_with_the_same_mtime_is_still_seen(tmp_path: Path) -> None:
    """Coarse mtime clocks: two writes in one tick, same size. The cached file is held open, so
    its inode number cannot be reused by the newer file, and the change is still noticed."""
    path = tmp_path / "claimdesk.json"
    reader, writer = open_desk(path), open_desk(path)
    add(writer, "LP0000000001", last_tracking_at="2026-03-11T10:00:00+08:00")
    assert reader.parcel("LP0000000001").last_tracking_at.day == 11
    cached = path.stat()
    size = cached.st_size
    for day in (12, 13):  # two replacements: without the held inode the second reuses the first's number
        writer.set_status("LP0000000001", "damaged", pendulum.parse(f"2026-03-{day}T10:00:00+08:00"))
    assert path.stat().st_size == size
    os.utime(path, ns=(cached.st_atime_ns, cached.st_mtime_ns))  # the same tick as the cached copy
    assert reader.parcel("LP0000000001").last_tracking_at.day == 13


def test_a_write_built_on_stale_data_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "claimdesk.json"
    add(open_desk(path), "LP0000000001")
    stale = SafeJSONStorage(path)
    data = stale.read()
    assert data is not None
    add(open_desk(path), "LP0000000002")  # someone else writes after our read
    theirs = path.read_bytes()
    data["parcels"]["9"] = dict(data["parcels"]["1"], tracking="LP0000000009")
    with pytest.raises(DataFileError, match="changed on disk"):
        stale.write(data)
    assert path.read_bytes() == theirs


# ------------------------------------------------------------------ the lock


def test_the_lock_is_held_from_the_read_to_the_write(tmp_path: Path) -> None:
    """While one use case holds the transaction, another process's write waits for it."""
    path = tmp_path / "claimdesk.json"
    desk = open_desk(path)
    add(desk, "LP0000000001")
    with desk._repo.transaction():
        before = path.read_bytes()
        child = subprocess.Popen(
            worker.command("add-parcel", str(path), "LP0000000002"),
            env=worker.child_env(),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        assert child.stdout is not None and child.stdout.readline().strip() == "waiting", child.communicate()
        assert child.poll() is None, child.communicate()  # it waits: it cannot write while we hold the lock
        assert path.read_bytes() == before
        desk._repo.add_parcels([desk.parcel("LP0000000001").with_changes(tracking="LP0000000003")])
    out, err = child.communicate(timeout=60)
    assert child.returncode == 0, err
    assert out.strip() == "added"
    assert set(open_desk(path).tracking_numbers()) == {"LP0000000001", "LP0000000002", "LP0000000003"}


def test_a_lock_held_too_long_is_exit_4_and_nothing_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from claimdesk import cli

    path = tmp_path / "claimdesk.json"
    add(open_desk(path), "LP0000000001")
    before = path.read_bytes()
    holder = subprocess.Popen(worker.command("hold-lock", str(path)), stdout=subprocess.PIPE, text=True, env=worker.child_env())
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        monkeypatch.setattr(storage_module, "LOCK_TIMEOUT_SECONDS", 0.3)
        code = cli.main(["--db", str(path), "parcel", "set", "LP0000000001", "--status", "lost"])
        err = capsys.readouterr().err
        assert code == 4
        assert err.count("\n") == 1 and "locked by another claimdesk" in err
        assert path.read_bytes() == before
        # Reading does not need the lock: listing still works while another copy writes.
        assert cli.main(["--db", str(path), "parcel", "list", "--json"]) == 0
    finally:
        holder.send_signal(signal.SIGKILL)
        holder.wait(timeout=30)
    # The holder died with the lock: the kernel freed it, the lock file stays and is reused.
    assert Path(str(path) + ".lock").exists()
    assert cli.main(["--db", str(path), "parcel", "set", "LP0000000001", "--status", "lost"]) == 0


def test_the_lock_is_reentrant_within_one_use_case(tmp_path: Path) -> None:
    path = tmp_path / "claimdesk.json"
    desk = open_desk(path)
    with desk._repo.transaction(), desk._repo.transaction():
        add(desk, "LP0000000001")  # add_parcel opens its own transaction inside ours
    assert desk._repo.has_parcel("LP0000000001")


# ------------------------------------------------------------------ damaged files are never written


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (b"", "is empty"),
        (b'{"meta": {"1": {"app": "claimdesk", "schema": 1}}, "parcels": {"1": {"trac', "not valid JSON"),
        (b'{"_default": {"1": {"name": "tinydb default"}}}', "not a claimdesk data file"),
        (b'{"meta": {"1": {"app": "claimdesk", "schema": 99}}}', "newer claimdesk"),
    ],
)
def test_a_damaged_file_is_never_overwritten(tmp_path: Path, content: bytes, words: str) -> None:
    path = tmp_path / "claimdesk.json"
    path.write_bytes(content)
    with pytest.raises(DataFileError, match=words):
        open_desk(path)
    direct = SafeJSONStorage(path)
    with pytest.raises(DataFileError):
        direct.read()
    with pytest.raises(DataFileError):
        direct.write(schema.new_data())  # even a direct write refuses: it never read the file
    assert path.read_bytes() == content
    assert temp_files(tmp_path) == []


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(lambda data: data["parcels"]["1"].pop("order"), id="parcel-missing-field"),
        pytest.param(lambda data: data["parcels"].__setitem__("1", ["not", "a", "record"]), id="parcel-not-an-object"),
        pytest.param(lambda data: data["parcels"]["1"].__setitem__("weight", {"kg": 1}), id="parcel-bad-weight"),
        pytest.param(lambda data: data["complaints"]["1"].__setitem__("events", "filed"), id="complaint-bad-events"),
        pytest.param(lambda data: data["complaints"]["1"].__setitem__("type", "theft"), id="complaint-bad-type"),
        pytest.param(lambda data: data["settings"].__setitem__("1", {"chamber_reply_days": -4}), id="bad-settings"),
    ],
)
def test_damaged_records_under_a_good_header_are_exit_4(tmp_path: Path, change: object, capsys: pytest.CaptureFixture[str]) -> None:
    from claimdesk import cli

    path = tmp_path / "claimdesk.json"
    desk = open_desk(path)
    add(desk, "LP0000000001")
    desk.file_complaint("LP0000000001", "damage")
    data = orjson.loads(path.read_bytes())
    change(data)  # type: ignore[operator]
    path.write_bytes(orjson.dumps(data))
    before = path.read_bytes()
    commands = (
        ["due"],
        ["parcel", "set", "LP0000000001", "--status", "lost"],
        ["complaint", "file", "LP0000000001", "--type", "loss"],
        ["export", str(tmp_path / "out.csv")],
    )
    codes = [cli.main(["--db", str(path), *args]) for args in commands]
    err = capsys.readouterr().err
    assert codes == [4] * len(commands), err
    assert all(line.startswith("claimdesk: ") and "damaged" in line for line in err.splitlines())
    assert "Traceback" not in err
    assert not (tmp_path / "out.csv").exists()
    # The plain listing shows stored text without parsing it: it may list or refuse, never crash.
    assert cli.main(["--db", str(path), "parcel", "list"]) in (0, 4)
    assert path.read_bytes() == before


def test_peek_neither_caches_nor_migrates(tmp_path: Path) -> None:
    path = tmp_path / "claimdesk.json"
    add(open_desk(path), "LP0000000001")
    store = SafeJSONStorage(path)
    peeked = store.peek()
    assert peeked is not None and peeked[1] == schema.SCHEMA_VERSION
    assert store.generation == 0
    assert SafeJSONStorage(tmp_path / "absent.json").peek() is None


def test_a_half_done_update_does_not_linger_in_memory(tmp_path: Path) -> None:
    path = tmp_path / "claimdesk.json"
    desk = open_desk(path)
    add(desk, "LP0000000001")
    add(desk, "LP0000000002")
    on_disk = path.read_bytes()
    seen: list[str] = []

    def change(doc: dict) -> None:  # changes the first document in place, then fails
        doc["status"] = "lost"
        seen.append(doc["tracking"])
        if len(seen) == 2:
            raise RuntimeError("interrupted half way")

    with pytest.raises(RuntimeError):
        desk._repo.db.table(schema.PARCELS).update(change, doc_ids=[1, 2])
    assert path.read_bytes() == on_disk
    stored = desk._repo.storage.read()
    assert {record["status"] for record in stored["parcels"].values()} == {"damaged"}  # memory = file
    desk.set_status("LP0000000002", "delivered")  # the next write starts from the file
    statuses = {r["tracking"]: r["status"] for r in orjson.loads(path.read_bytes())["parcels"].values()}
    assert statuses == {"LP0000000001": "damaged", "LP0000000002": "delivered"}
