"""The command line as a seller runs it: `python -m claimdesk` in a fresh interpreter.

Exit codes and the one-line error rule hold for a real process (no traceback on any path),
and the output survives a terminal that cannot show '¥' or '→' and a reader that goes away.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.cli.helpers import EMS, Run, add_args, snapshot
from tests.reliability_worker import child_env


def one_line(stderr: str) -> str:
    lines = stderr.splitlines()
    assert len(lines) == 1, stderr
    assert lines[0].startswith("claimdesk: ")
    assert "Traceback" not in stderr
    return lines[0]


def test_a_whole_complaint_from_the_shell(run_sub: Run, db: Path) -> None:
    assert run_sub(*add_args()).code == 0
    filed = run_sub("complaint", "file", EMS, "--type", "loss")
    assert filed.code == 0, filed.err
    assert "attempt 1 of 2" in filed.out
    assert run_sub("complaint", "reply", EMS, "--no-agreement").code == 0
    assert run_sub("complaint", "escalate", EMS).code == 0
    [clock] = json.loads(run_sub("due", "--json").out)
    assert (clock["clock"], clock["due"]) == ("intervention", "2026-03-23T10:00:00+08:00")
    closed = run_sub("complaint", "close", EMS, "--outcome", "compensated", "--claimed", "800", "--received", "800")
    assert closed.code == 0, closed.err
    listing = json.loads(run_sub("parcel", "list", "--json").out)
    assert listing[0]["attempts_used"] == 1


def test_exit_codes_and_one_line_errors(run_sub: Run, db: Path) -> None:
    assert run_sub(*add_args()).code == 0
    before = snapshot(db)
    bad = run_sub(*add_args(tracking="EE123456784CN"))
    assert bad.code == 2
    assert one_line(bad.err).startswith("claimdesk: --tracking: ")
    assert run_sub("complaint", "file", EMS, "--type", "loss").code == 0
    middle = snapshot(db)
    refused = run_sub("complaint", "file", EMS, "--type", "damage")
    assert refused.code == 3
    assert "open complaint" in one_line(refused.err)
    usage = run_sub("parcel", "frobnicate")
    assert usage.code == 2
    assert "invalid choice" in one_line(usage.err)
    assert snapshot(db) == middle != before


def test_version(run_sub: Run) -> None:
    result = run_sub("--version")
    assert result.code == 0
    assert result.out.startswith("claimdesk ")


def test_a_terminal_that_cannot_show_yuan_or_arrows(db: Path) -> None:
    env = child_env(db) | {"PYTHONIOENCODING": "ascii"}

    def claimdesk(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "claimdesk", *args],
            capture_output=True,
            text=True,
            encoding="ascii",
            errors="replace",
            env=env,
            timeout=60,
        )

    assert claimdesk(*add_args(carrier="中国邮政")).returncode == 0
    filed = claimdesk("complaint", "file", EMS, "--type", "loss")  # prints '→'
    assert filed.returncode == 0, filed.stderr
    assert "Logistics ? International Parcel Order" in filed.stdout
    calc = claimdesk(
        "calc",
        "--service",
        "ems",
        "--incident",
        "loss",
        "--item",
        "declared",
        "--declared-value",
        "1200",
        "--weight",
        "1.3",
        "--shipping-fee",
        "180",
    )  # prints '¥'
    assert calc.returncode == 0, calc.stderr
    assert "?800.00" in calc.stdout
    bad = claimdesk(*add_args(tracking="EE123456785CN", order="订单\x07"))
    assert bad.returncode == 2
    assert "Traceback" not in bad.stderr


def test_a_reader_that_goes_away_is_not_an_error(run_sub: Run, db: Path) -> None:
    assert run_sub("demo", "--parcels", "300").code == 0
    piped = subprocess.Popen(
        [sys.executable, "-m", "claimdesk", "parcel", "list"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=child_env(db)
    )
    assert piped.stdout is not None
    piped.stdout.readline()
    piped.stdout.close()  # like `| head -1`
    _, err = piped.communicate(timeout=60)
    assert piped.returncode == 0
    assert b"Traceback" not in err


def test_the_clock_can_be_pinned_and_a_bad_pin_is_refused(db: Path) -> None:
    env = child_env(db) | {"CLAIMDESK_NOW": "2026-04-01T00:00:00+08:00"}
    args = [sys.executable, "-m", "claimdesk", *add_args()]
    assert subprocess.run(args, env=env, capture_output=True, timeout=60).returncode == 0
    due = subprocess.run([sys.executable, "-m", "claimdesk", "due", "--json"], env=env, capture_output=True, text=True, timeout=60)
    [clock] = json.loads(due.stdout)
    assert clock["remaining_seconds"] == 89 * 86400 + 10 * 3600  # to 2026-06-29 10:00
    bad = subprocess.run(
        [sys.executable, "-m", "claimdesk", "due"], env=env | {"CLAIMDESK_NOW": "tomorrow"}, capture_output=True, text=True, timeout=60
    )
    assert bad.returncode == 2
    assert "CLAIMDESK_NOW" in one_line(bad.stderr)
