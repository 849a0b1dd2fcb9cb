"""Files the desk did not make, given where it expects its own (issue 18, item 4): a `--db` that is
some other file, a calendar export onto a dangling link or onto /dev/stdout."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.cli.helpers import Run, add_args, assert_one_line_error, snapshot
from tests.reliability_worker import child_env

PASSWD = b"root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\n"


def test_a_db_that_is_some_other_file_is_named_so_and_never_to_be_moved(run: Run, tmp_path: Path) -> None:
    other = tmp_path / "passwd"  # a copy: as root, --db /etc/passwd itself would get a lock file in /etc
    other.write_bytes(PASSWD)
    for args in (("parcel", "list"), ("due",), ("doctor",)):
        result = run("--db", other, *args)
        assert result.code == 4, result
        said = result.err + result.out
        assert "is not a claimdesk data file" in said and "--db" in said, said
        assert "move it away" not in said and "restore a backup" not in said, said
    assert other.read_bytes() == PASSWD


def test_a_damaged_claimdesk_file_keeps_its_advice(run: Run, db: Path) -> None:
    assert run(*add_args()).code == 0
    whole = db.read_bytes()
    db.write_bytes(whole[: len(whole) // 2])
    assert_one_line_error(run("parcel", "list"), 4, "is damaged", "restore a backup or move it away")


def test_due_ics_onto_a_dangling_link_is_refused_naming_the_link_and_its_target(run: Run, db: Path, tmp_path: Path) -> None:
    assert run(*add_args()).code == 0
    link = tmp_path / "calendar.ics"
    target = tmp_path / "elsewhere" / "autostart.ics"
    link.symlink_to(target)
    result = run("due", "--ics", link)
    assert_one_line_error(result, 2, str(link), str(target), "does not exist", "through a link")
    assert "folder . does not exist" not in result.err
    assert link.is_symlink() and not target.exists() and not target.parent.exists()
    target.parent.mkdir()  # its folder exists now: still not created through the link
    assert_one_line_error(run("due", "--ics", link), 2, "through a link")
    assert not target.exists()


def test_due_ics_to_dev_stdout_is_a_clear_refusal(db: Path, tmp_path: Path) -> None:
    """stdout a pipe (as under a script): /dev/stdout resolves to /proc/PID/fd/pipe:[N]."""
    env = child_env(db)
    assert subprocess.run([sys.executable, "-m", "claimdesk", *add_args()], env=env, capture_output=True, timeout=60).returncode == 0
    before = snapshot(db)
    proc = subprocess.run(
        [sys.executable, "-m", "claimdesk", "due", "--ics", "/dev/stdout"], env=env, capture_output=True, text=True, timeout=60
    )
    assert proc.returncode == 2, proc.stderr
    assert proc.stderr.startswith("claimdesk: file: /dev/stdout is not a regular file"), proc.stderr
    assert "/proc/" not in proc.stderr and proc.stdout == ""
    assert snapshot(db) == before
