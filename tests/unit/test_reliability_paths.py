"""Issue 9, items 3 and 7: what `--db` may point at.

- A symlinked data file (or folder) is resolved before it is locked and replaced: the link stays
  a link, and two copies reaching the file by different paths share one lock and lose nothing.
- Anything that is not a regular file (a FIFO, /dev/zero, a socket, a device, a folder) is
  exit 4 from its stat, before it is opened: a FIFO never hangs, /dev/zero is never read.
"""

from __future__ import annotations

import json
import os
import resource
import socket
import stat
import subprocess
import sys
from pathlib import Path

import pendulum
import pytest

from claimdesk.clock import FixedClock
from claimdesk.doctor import check_file
from claimdesk.domain.errors import DataFileError
from claimdesk.services import Desk
from claimdesk.store.storage import SafeJSONStorage
from tests import reliability_worker as worker
from tests.cli.helpers import invoke

NOW = pendulum.parse(worker.NOW_TEXT)


def open_desk(path: Path) -> Desk:
    return Desk.open(path, FixedClock(NOW))


def add(desk: Desk, tracking: str) -> None:
    desk.add_parcel(worker.parcel_fields(tracking))


def stored_numbers(path: Path) -> set[str]:
    return {record["tracking"] for record in json.loads(path.read_bytes())["parcels"].values()}


@pytest.fixture
def linked(tmp_path: Path) -> tuple[Path, Path]:
    """link/d.json -> real/d.json (the target does not exist yet)."""
    (tmp_path / "real").mkdir()
    (tmp_path / "link").mkdir()
    real = tmp_path / "real" / "d.json"
    link = tmp_path / "link" / "d.json"
    link.symlink_to(real)
    return link, real


# ------------------------------------------------------------------ symlinks (item 3)


def test_a_write_through_a_symlink_keeps_the_link(linked: tuple[Path, Path]) -> None:
    link, real = linked
    desk = open_desk(link)
    add(desk, "LINK-0001")
    add(desk, "LINK-0002")
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert stat.S_ISREG(real.lstat().st_mode)
    assert stored_numbers(real) == {"LINK-0001", "LINK-0002"}
    assert sorted(p.name for p in link.parent.iterdir()) == ["d.json"]  # no lock or temp file beside the link
    assert (real.parent / "d.json.lock").exists()


def test_two_desks_by_link_and_by_target_see_each_others_writes(linked: tuple[Path, Path]) -> None:
    link, real = linked
    by_link, by_real = open_desk(link), open_desk(real)
    add(by_link, "AAAA-1")
    add(by_real, "BBBB-1")
    add(by_link, "AAAA-2")
    add(by_real, "BBBB-2")
    assert link.is_symlink()
    assert stored_numbers(real) == {"AAAA-1", "AAAA-2", "BBBB-1", "BBBB-2"}
    assert {row.tracking for row in open_desk(link).rows()} == {"AAAA-1", "AAAA-2", "BBBB-1", "BBBB-2"}


def test_the_link_and_its_target_share_one_lock(linked: tuple[Path, Path]) -> None:
    link, real = linked
    add(open_desk(real), "FIRST")
    holder = SafeJSONStorage(link)
    other = SafeJSONStorage(real, lock_timeout=0.2)
    with holder.locked(), pytest.raises(DataFileError, match="is locked"), other.locked():
        pass


def test_writer_processes_by_link_and_by_target_lose_nothing(linked: tuple[Path, Path]) -> None:
    link, real = linked
    lines, problems = worker.run_writers(real, ["VIALINK", "VIAREAL"], 30, paths=[link, real])
    assert problems == []
    assert worker.check_acknowledged(real, lines) == []
    assert len(stored_numbers(real)) == 60
    assert link.is_symlink()
    assert check_file(link) == [] and check_file(real) == []


def test_a_symlinked_folder(tmp_path: Path) -> None:
    (tmp_path / "realdir").mkdir()
    (tmp_path / "linkdir").symlink_to(tmp_path / "realdir", target_is_directory=True)
    via_link, via_real = tmp_path / "linkdir" / "d.json", tmp_path / "realdir" / "d.json"
    a, b = open_desk(via_link), open_desk(via_real)
    add(a, "AAAA-1")
    add(b, "BBBB-1")
    add(a, "AAAA-2")
    assert (tmp_path / "linkdir").is_symlink()
    assert stored_numbers(via_real) == {"AAAA-1", "BBBB-1", "AAAA-2"}
    holder, other = SafeJSONStorage(via_link), SafeJSONStorage(via_real, lock_timeout=0.2)
    with holder.locked(), pytest.raises(DataFileError, match="is locked"), other.locked():
        pass


def test_a_relative_path_with_dot_dot_is_the_same_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "x").mkdir()
    monkeypatch.chdir(tmp_path)
    add(open_desk(Path("x/../d.json")), "RELA-1")
    add(open_desk(tmp_path / "d.json"), "ABSO-1")
    assert stored_numbers(tmp_path / "d.json") == {"RELA-1", "ABSO-1"}


# ------------------------------------------------------------------ not a regular file (item 7)


def _limited_memory() -> None:  # a /dev/zero read must not take the test machine down with it
    resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))


def run_cli(db: Path | str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "claimdesk", "--db", str(db), *args],
        capture_output=True,
        text=True,
        env=worker.child_env(),
        timeout=30,
        preexec_fn=_limited_memory,
    )


def assert_not_regular(done: subprocess.CompletedProcess[str], db: Path | str, words: str, stream: str = "err") -> None:
    text = done.stderr if stream == "err" else done.stdout
    assert done.returncode == 4, (done.returncode, done.stdout, done.stderr)
    assert "Traceback" not in done.stderr
    assert len(text.splitlines()) == 1, text
    assert str(db) in text and words in text, text


@pytest.mark.parametrize("args", [["parcel", "list"], ["due", "--json"], ["doctor"]])
def test_a_fifo_is_refused_without_waiting_for_a_writer(tmp_path: Path, args: list[str]) -> None:
    fifo = tmp_path / "claimdesk.json"
    os.mkfifo(fifo)
    done = run_cli(fifo, *args)
    assert_not_regular(done, fifo, "is a FIFO", "out" if args == ["doctor"] else "err")
    assert stat.S_ISFIFO(fifo.lstat().st_mode)


def test_a_symlink_to_a_fifo_is_refused(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    link = tmp_path / "claimdesk.json"
    link.symlink_to(fifo)
    assert_not_regular(
        run_cli(
            link,
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
        ),
        link,
        "is a FIFO",
    )


@pytest.mark.parametrize("args", [["parcel", "list"], ["doctor"]])
def test_dev_zero_is_refused_without_reading_it(args: list[str]) -> None:
    done = run_cli("/dev/zero", *args)
    assert_not_regular(done, "/dev/zero", "is a device", "out" if args == ["doctor"] else "err")


def test_dev_null_and_a_socket_are_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    result = invoke(capsys, "--db", "/dev/null", "due")
    assert result.code == 4 and "is a device" in result.err and "/dev/null" in result.err
    sock_path = tmp_path / "claimdesk.json"
    server = socket.socket(socket.AF_UNIX)
    try:
        server.bind(str(sock_path))
        result = invoke(capsys, "--db", sock_path, "parcel", "list")
        assert result.code == 4 and "is a socket" in result.err, result.err
    finally:
        server.close()
