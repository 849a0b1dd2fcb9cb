"""Issue 5, bad files: every command refuses a file that is not sound claimdesk data.

One clear line, exit code 4, and the file (and its folder) byte-identical afterwards:
nothing is migrated, repaired, backed up or overwritten. A stale lock is recovered.
"""

from __future__ import annotations

import errno
import os
import signal
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

import orjson
import pytest

from claimdesk.store import schema
from claimdesk.store import storage as storage_module
from tests import reliability_worker as worker
from tests.cli.helpers import invoke, invoke_sub

GOOD = orjson.dumps(
    {
        "meta": {"1": {"app": "claimdesk", "schema": schema.SCHEMA_VERSION}},
        "parcels": {
            "1": worker.parcel_fields("LP0000000001")
            | {
                "created_at": "2026-03-10T10:00:00+08:00",
                "collected_at": None,
                "last_tracking_at": None,
                "declared_value": None,
                "inquiry_fee": None,
                "weight": "0.5",
                "shipping_fee": "25.00",
            }
        },
        "complaints": {},
        "settings": {},
    }
)

BAD_CONTENTS = {
    "empty": (b"", "is empty"),
    "only-white-space": (b"  \n\t\n", "is empty"),
    "truncated-mid-json": (GOOD[: len(GOOD) // 2], "not valid JSON"),
    "truncated-last-byte": (GOOD[:-1], "not valid JSON"),
    "not-json": (b"Hello, this is a shopping list\n- eggs\n", "not valid JSON"),
    "binary": (bytes(range(256)), "not valid JSON"),
    "utf-16-json": (GOOD.decode().encode("utf-16"), "not valid JSON"),
    "tinydb-default-file": (b'{"_default": {"1": {"name": "a TinyDB database"}}}', "not a claimdesk data file"),
    "package-json": (b'{"name": "left-pad", "version": "1.3.0"}', "not a claimdesk data file"),
    "json-array": (b"[1, 2, 3]", "top level is not an object"),
    "json-string": (b'"claimdesk"', "top level is not an object"),
    "other-app-header": (b'{"meta": {"1": {"app": "parceldesk", "schema": 1}}}', "not a claimdesk data file"),
    "future-schema": (
        orjson.dumps({"meta": {"1": {"app": "claimdesk", "schema": schema.SCHEMA_VERSION + 1}}}),
        f"newer claimdesk (schema {schema.SCHEMA_VERSION + 1}",
    ),
    "schema-not-a-number": (b'{"meta": {"1": {"app": "claimdesk", "schema": "1"}}}', "invalid schema version"),
    "schema-zero": (b'{"meta": {"1": {"app": "claimdesk", "schema": 0}}}', "invalid schema version"),
    "schema-true": (b'{"meta": {"1": {"app": "claimdesk", "schema": true}}}', "invalid schema version"),
    "table-not-an-object": (b'{"meta": {"1": {"app": "claimdesk", "schema": 1}}, "parcels": []}', "table 'parcels'"),
}

COMMANDS: dict[str, Callable[[Path], list[str]]] = {
    "parcel-list": lambda tmp: ["parcel", "list"],
    "parcel-add": lambda tmp: [
        "parcel",
        "add",
        "--tracking",
        "LP0000000002",
        "--order",
        "1",
        "--service",
        "other",
        "--created",
        "2026-03-10",
        "--item",
        "document",
        "--weight",
        "1",
        "--shipping-fee",
        "5",
    ],
    "parcel-set": lambda tmp: ["parcel", "set", "LP0000000001", "--status", "lost"],
    "complaint-file": lambda tmp: ["complaint", "file", "LP0000000001", "--type", "damage"],
    "due": lambda tmp: ["due", "--json"],
    "demo": lambda tmp: ["demo", "--parcels", "3"],
    "export": lambda tmp: ["export", str(tmp / "out.csv")],
    "import": lambda tmp: ["import", str(tmp / "in.csv")],
}


def folder_state(folder: Path) -> dict[str, bytes | str]:
    state: dict[str, bytes | str] = {}
    for entry in folder.iterdir():
        if entry.name.endswith(".lock"):
            continue  # taking the lock may create the (empty) lock file: that is not the data
        state[entry.name] = "<dir>" if entry.is_dir() else entry.read_bytes()
    return state


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    folder.mkdir()
    (tmp_path / "in.csv").write_text(
        "tracking,order,service,created_at,item,weight,shipping_fee\nLP0000000003,1,other,2026-03-10,document,1,5\n"
    )
    return folder


def assert_refused(result: object, db: Path, words: str, stream: str = "err") -> None:
    code, out, err = result.code, result.out, result.err  # type: ignore[attr-defined]
    text = err if stream == "err" else out
    assert code == 4, (code, out, err)
    assert len(text.splitlines()) == 1, text
    assert "Traceback" not in err
    assert str(db) in text and words in text, text


@pytest.mark.parametrize("command", list(COMMANDS))
@pytest.mark.parametrize("kind", list(BAD_CONTENTS))
def test_bad_file_is_exit_4_and_left_byte_identical(kind: str, command: str, data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    content, words = BAD_CONTENTS[kind]
    db = data_dir / "claimdesk.json"
    db.write_bytes(content)
    before = folder_state(data_dir)
    result = invoke(capsys, "--db", db, *COMMANDS[command](data_dir.parent))
    assert_refused(result, db, words)
    assert result.out == ""
    assert folder_state(data_dir) == before
    assert not (data_dir.parent / "out.csv").exists()


@pytest.mark.parametrize("kind", list(BAD_CONTENTS))
def test_doctor_names_the_problem_without_touching_the_file(kind: str, data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    content, words = BAD_CONTENTS[kind]
    db = data_dir / "claimdesk.json"
    db.write_bytes(content)
    before = folder_state(data_dir)
    assert_refused(invoke(capsys, "--db", db, "doctor"), db, words, stream="out")
    assert sorted(path.name for path in data_dir.iterdir()) == ["claimdesk.json"]  # not even a lock file
    assert folder_state(data_dir) == before


@pytest.mark.parametrize("kind", ["truncated-mid-json", "future-schema", "tinydb-default-file"])
def test_bad_file_in_a_fresh_interpreter(kind: str, data_dir: Path) -> None:
    content, words = BAD_CONTENTS[kind]
    db = data_dir / "claimdesk.json"
    db.write_bytes(content)
    result = invoke_sub(db, "complaint", "file", "LP0000000001", "--type", "damage")
    assert_refused(result, db, words)
    assert db.read_bytes() == content


@pytest.mark.parametrize("command", ["parcel-list", "parcel-add", "due", "export"])
def test_a_directory_instead_of_a_file(command: str, data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = data_dir / "claimdesk.json"
    db.mkdir()
    (db / "keep.txt").write_text("mine")
    result = invoke(capsys, "--db", db, *COMMANDS[command](data_dir.parent))
    assert_refused(result, db, "is a directory")
    assert [entry.name for entry in db.iterdir()] == ["keep.txt"]
    assert_refused(invoke(capsys, "--db", db, "doctor"), db, "is a directory", stream="out")


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root can read any file")
@pytest.mark.parametrize("command", ["parcel-list", "parcel-add", "doctor"])
def test_unreadable_permissions(command: str, data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = data_dir / "claimdesk.json"
    db.write_bytes(GOOD)
    db.chmod(0)
    try:
        args = ["doctor"] if command == "doctor" else COMMANDS[command](data_dir.parent)
        result = invoke(capsys, "--db", db, *args)
        assert_refused(result, db, "Permission denied", stream="out" if command == "doctor" else "err")
    finally:
        db.chmod(0o600)
    assert db.read_bytes() == GOOD


@pytest.mark.parametrize("command", ["parcel-list", "parcel-add", "complaint-file"])
def test_unreadable_permissions_simulated(
    command: str, data_dir: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The same refusal where the tests run as root: the open itself is made to fail with EACCES."""
    db = data_dir / "claimdesk.json"
    db.write_bytes(GOOD)
    real_open = os.open

    def denied(path: object, flags: int, *args: object, **kwargs: object) -> int:
        if Path(str(path)) == db:
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real_open(path, flags, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(storage_module.os, "open", denied)
    result = invoke(capsys, "--db", db, *COMMANDS[command](data_dir.parent))
    assert_refused(result, db, "Permission denied")
    monkeypatch.undo()
    assert db.read_bytes() == GOOD


def test_a_file_whose_folder_is_a_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    db = blocker / "claimdesk.json"
    result = invoke(capsys, "--db", db, *COMMANDS["parcel-add"](tmp_path))
    assert result.code == 4 and len(result.err_lines) == 1 and "Traceback" not in result.err
    assert blocker.read_text() == "x"


# ------------------------------------------------------------------ stale locks


def test_a_stale_lock_of_a_killed_process_is_recovered(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = data_dir / "claimdesk.json"
    db.write_bytes(GOOD)
    holder = subprocess.Popen(worker.command("hold-lock", str(db)), stdout=subprocess.PIPE, text=True, env=worker.child_env())
    assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
    holder.send_signal(signal.SIGKILL)
    holder.wait(timeout=30)
    lock = Path(str(db) + ".lock")
    assert lock.exists()  # the killed holder left its lock file behind
    started = time.monotonic()
    result = invoke(capsys, "--db", db, *COMMANDS["parcel-add"](data_dir.parent))
    assert result.code == 0, result.err
    assert time.monotonic() - started < 5  # no waiting for a timeout: the kernel freed the lock
    assert b"LP0000000002" in db.read_bytes()


@pytest.mark.parametrize("leftover", [b"", b"12345\n", b"\x00garbage from a crashed writer\xff"])
def test_a_leftover_lock_file_with_any_content_is_reused(leftover: bytes, data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = data_dir / "claimdesk.json"
    db.write_bytes(GOOD)
    lock = Path(str(db) + ".lock")
    lock.write_bytes(leftover)
    lock.chmod(0o644)
    result = invoke(capsys, "--db", db, *COMMANDS["parcel-add"](data_dir.parent))
    assert result.code == 0, result.err
    assert b"LP0000000002" in db.read_bytes()


def test_a_lock_path_that_cannot_be_a_lock_is_exit_4(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = data_dir / "claimdesk.json"
    db.write_bytes(GOOD)
    Path(str(db) + ".lock").mkdir()
    result = invoke(capsys, "--db", db, *COMMANDS["parcel-add"](data_dir.parent))
    assert result.code == 4, result.err
    assert len(result.err_lines) == 1 and "lock" in result.err
    assert db.read_bytes() == GOOD
