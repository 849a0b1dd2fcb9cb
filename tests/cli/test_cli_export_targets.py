"""Issue 9, item 1: an export never writes over the data file, its lock, a backup or a temp file.

`claimdesk export FILE` (and every other file the desk writes on request, through
`Desk.check_export_target`) resolves FILE first: relative paths, `..` and symlinks. A target
that is the store's own file is exit 2 naming the data file, with nothing written; an existing
file needs `--force`; a full disk is exit 4 with the old file intact.
"""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from claimdesk.domain.errors import DataFileError, ValidationError
from claimdesk.reports import export_csv, recovery
from claimdesk.services import Desk, ExportTargetExists
from claimdesk.store import atomic
from tests.cli.helpers import Run, add_args, assert_one_line_error


def folder_state(folder: Path) -> dict[str, bytes | str]:
    return {
        entry.name: os.readlink(entry) if entry.is_symlink() else ("<dir>" if entry.is_dir() else entry.read_bytes())
        for entry in sorted(folder.iterdir())
    }


@pytest.fixture
def data(run: Run, db: Path) -> Path:
    assert run(*add_args()).code == 0
    assert run(*add_args(tracking="LP0000000001", service="special-line")).code == 0
    return db


OWN_FILES = {
    "the data file": lambda db: db,
    "its lock": lambda db: Path(str(db) + ".lock"),
    "a migration backup": lambda db: db.with_name(db.name + ".schema1-20260301-101500.bak"),
    "a numbered backup": lambda db: db.with_name(db.name + ".schema1-20260301-101500-2.bak"),
    "a temp file": lambda db: db.with_name(f".{db.name}.4242.tmp"),
    "its validation stamp": lambda db: db.with_name(f".{db.name}.checked"),
    "its clock cache": lambda db: db.with_name(f".{db.name}.clocks"),
}


@pytest.mark.parametrize("force", [False, True])
@pytest.mark.parametrize("which", list(OWN_FILES))
def test_the_stores_own_files_are_refused(run: Run, data: Path, which: str, force: bool) -> None:
    target = OWN_FILES[which](data)
    if not target.exists():
        target.write_bytes(b"kept")
    before = folder_state(data.parent)
    result = run("export", target, *(["--force"] if force else []))
    assert_one_line_error(result, 2, str(data), "refusing to write over it")
    assert folder_state(data.parent) == before


@pytest.mark.parametrize("spelling", ["relative", "dot-dot", "symlink", "symlinked-folder", "hard link"])
def test_every_spelling_of_the_data_file_is_refused(
    run: Run, data: Path, tmp_path: Path, spelling: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(data.parent)
    (tmp_path / "x").mkdir(exist_ok=True)
    if spelling == "relative":
        target = Path(data.name)
    elif spelling == "dot-dot":
        target = Path("./x/..") / data.name
    elif spelling == "symlink":
        target = tmp_path / "x" / "shortcut.csv"
        target.symlink_to(data)
    elif spelling == "symlinked-folder":
        (tmp_path / "x" / "folder").symlink_to(data.parent, target_is_directory=True)
        target = tmp_path / "x" / "folder" / data.name
    else:
        target = tmp_path / "x" / "hard.csv"
        os.link(data, target)
    before = folder_state(data.parent)
    result = run("export", target, "--force")
    assert_one_line_error(result, 2, str(data))
    assert folder_state(data.parent) == before


def test_a_data_file_opened_through_a_link_is_refused_by_its_real_name(run: Run, tmp_path: Path) -> None:
    real = tmp_path / "real.json"
    link = tmp_path / "link.json"
    link.symlink_to(real)
    assert run(*add_args(), "--db", link).code == 0
    before = real.read_bytes()
    for target in (real, link, Path(str(real) + ".lock")):
        assert_one_line_error(run("export", target, "--force", "--db", link), 2, str(link))
    assert real.read_bytes() == before and link.is_symlink()


def test_an_existing_file_needs_force(run: Run, data: Path, tmp_path: Path) -> None:
    target = tmp_path / "parcels.csv"
    target.write_text("my spreadsheet\n")
    assert_one_line_error(run("export", target), 2, str(target), "already exists", "--force")
    assert target.read_text() == "my spreadsheet\n"
    result = run("export", target, "--force")
    assert result.code == 0, result.err
    assert target.read_text(encoding="utf-8-sig").startswith("tracking,other_numbers,order,")


def test_a_special_file_is_never_an_export_target(run: Run, data: Path, tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.csv"
    os.mkfifo(fifo)
    assert_one_line_error(run("export", fifo, "--force"), 2, "not a regular file")
    assert_one_line_error(run("export", "/dev/null", "--force"), 2, "not a regular file")


@pytest.mark.parametrize("failing", ["write", "replace"])
def test_a_full_disk_during_export_is_exit_4_and_keeps_the_old_file(
    run: Run, data: Path, tmp_path: Path, failing: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "parcels.csv"
    target.write_text("yesterday's export\n")
    before = folder_state(tmp_path)

    def full(*args: object, **kwargs: object) -> int:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(atomic.os, failing, full)
    result = run("export", target, "--force")
    monkeypatch.undo()
    assert_one_line_error(result, 4, str(target), "No space left on device")
    assert folder_state(tmp_path) == before  # the old export, no temp file


def test_the_dashboard_export_goes_through_the_same_check(desk: Desk, tmp_path: Path) -> None:
    desk.add_parcel(
        {
            "tracking": "LP0000000001",
            "order": "1",
            "service": "other",
            "created_at": "2026-03-01",
            "item": "document",
            "weight": "1",
            "shipping_fee": "5",
        }
    )
    before = desk.path.read_bytes()
    with pytest.raises(ValidationError, match="data file"):
        export_csv(desk, recovery(desk), desk.path, overwrite=True)
    assert desk.path.read_bytes() == before
    existing = tmp_path / "recovery.csv"
    existing.write_text("mine")
    with pytest.raises(ExportTargetExists):
        export_csv(desk, recovery(desk), existing)
    assert existing.read_text() == "mine"
    assert export_csv(desk, recovery(desk), existing, overwrite=True) == existing.resolve()
    assert existing.read_text(encoding="utf-8-sig").startswith("group,")
    assert not isinstance(ExportTargetExists("file", "x"), DataFileError)
