"""Issue 9, item 5 (second half): one damaged record under a good header.

Every record is validated when the file is read, by the one validator `doctor` uses too
(`claimdesk/store/validation.py`). A damaged record is exit 4 from every command, one line
naming the table, the record and the field, the file byte-identical; `doctor` lists it (exit 4);
the app shows its data-error screen and exits with status 4.
"""

from __future__ import annotations

import errno
import fcntl
import os
import pty
import select
import signal
import struct
import subprocess
import sys
import termios
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import orjson
import pytest

from claimdesk.clock import FixedClock
from claimdesk.services import Desk
from tests import reliability_worker as worker
from tests.cli.helpers import invoke

NOW = worker.NOW_TEXT


@pytest.fixture
def sound(tmp_path: Path) -> Path:
    """Two parcels, a filed complaint with a reply, and saved settings."""
    from datetime import datetime

    path = tmp_path / "data" / "claimdesk.json"
    desk = Desk.open(path, FixedClock(datetime.fromisoformat(NOW)))
    desk.add_parcel(worker.parcel_fields("LP0000000001"))
    desk.add_parcel(worker.parcel_fields("LP0000000002", status="lost") | {"created_at": "2026-03-01T10:00:00+08:00"})
    desk.file_complaint("LP0000000001", "damage")
    desk.record_reply("LP0000000001", agreed=False)
    desk.update_settings(chamber_reply_days=12)
    desk.close()
    return path


def complaint_id(data: dict[str, Any]) -> str:
    return data["complaints"]["1"]["id"]


Change = Callable[[dict[str, Any]], None]

# case -> (the change, the words the one line must hold)
CASES: dict[str, tuple[Change, Callable[[dict[str, Any]], str]]] = {
    "complaint-events-empty": (
        lambda d: d["complaints"]["1"].__setitem__("events", []),
        lambda d: f"complaints #1 ({complaint_id(d)}): events: empty",
    ),
    "parcel-order-null": (
        lambda d: d["parcels"]["1"].__setitem__("order", None),
        lambda d: "parcels #1 (LP0000000001): order: not text (a null)",
    ),
    "parcel-created-at-a-number": (
        lambda d: d["parcels"]["2"].__setitem__("created_at", 1772330400),
        lambda d: "parcels #2 (LP0000000002): created_at: not an instant (a number)",
    ),
    "event-at-without-offset": (
        lambda d: d["complaints"]["1"]["events"][1].__setitem__("at", "2026-03-20T10:00:00"),
        lambda d: f"complaints #1 ({complaint_id(d)}): events[1].at: '2026-03-20T10:00:00' has no UTC offset",
    ),
    "weight-nan": (
        lambda d: d["parcels"]["1"].__setitem__("weight", "NaN"),
        lambda d: "parcels #1 (LP0000000001): weight: not a weight in kg: 'NaN'",
    ),
    "weight-infinity": (
        lambda d: d["parcels"]["1"].__setitem__("weight", "Infinity"),
        lambda d: "parcels #1 (LP0000000001): weight: not a weight in kg: 'Infinity'",
    ),
    "weight-negative": (
        lambda d: d["parcels"]["2"].__setitem__("weight", "-1"),
        lambda d: "parcels #2 (LP0000000002): weight: not a weight in kg: '-1'",
    ),
    "weight-a-float": (
        lambda d: d["parcels"]["2"].__setitem__("weight", 0.5),
        lambda d: "parcels #2 (LP0000000002): weight: not a weight stored as text (a number)",
    ),
    "money-not-to-the-fen": (
        lambda d: d["parcels"]["2"].__setitem__("shipping_fee", "25.5"),
        lambda d: "parcels #2 (LP0000000002): shipping_fee: not an amount in yuan to the fen: '25.5'",
    ),
    "unknown-status": (
        lambda d: d["parcels"]["2"].__setitem__("status", "stolen"),
        lambda d: "parcels #2 (LP0000000002): status: 'stolen' is not one of:",
    ),
    "complaint-of-no-parcel": (
        lambda d: d["complaints"]["1"].__setitem__("tracking", "ZZ0000000000"),
        lambda d: f"complaints #1 ({complaint_id(d)}): tracking: ZZ0000000000 is not a parcel on the desk",
    ),
    "settings-bad-type": (
        lambda d: d["settings"]["1"].__setitem__("chamber_reply_days", "12"),
        lambda d: "settings #1: chamber_reply_days: not a whole number: '12'",
    ),
    "settings-out-of-bounds": (
        lambda d: d["settings"]["1"].__setitem__("escalation_window_days", 0),
        lambda d: "settings #1: escalation_window_days: must be a whole number from 1 to 365",
    ),
    "event-kind-unknown": (
        lambda d: d["complaints"]["1"]["events"][1].__setitem__("kind", "shrugged"),
        lambda d: f"complaints #1 ({complaint_id(d)}): events[1].kind: 'shrugged' is not one of:",
    ),
    "events-out-of-order": (
        lambda d: d["complaints"]["1"]["events"][1].__setitem__("at", "2026-03-19T10:00:00+08:00"),
        lambda d: f"complaints #1 ({complaint_id(d)}): events[1].at: before the event it follows",
    ),
    "parcel-not-an-object": (
        lambda d: d["parcels"].__setitem__("2", "LP0000000002"),
        lambda d: "parcels #2: not a parcel record (a str)",
    ),
    "archived-at-without-offset": (
        lambda d: d["parcels"]["2"].__setitem__("archived_at", "2026-03-19T10:00:00"),
        lambda d: "parcels #2 (LP0000000002): archived_at: '2026-03-19T10:00:00' has no UTC offset",
    ),
    "duplicate-tracking": (
        lambda d: d["parcels"].__setitem__("3", dict(d["parcels"]["2"])),
        lambda d: "parcels #3 (LP0000000002): tracking: stored twice (also parcels #2)",
    ),
}

COMMANDS: dict[str, Callable[[Path], list[str]]] = {
    "parcel-list": lambda tmp: ["parcel", "list"],
    "parcel-list-json": lambda tmp: ["parcel", "list", "--json"],
    "parcel-add": lambda tmp: [
        "parcel",
        "add",
        "--tracking",
        "LP0000000009",
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
    "parcel-set": lambda tmp: ["parcel", "set", "LP0000000002", "--status", "delivered"],
    "complaint-file": lambda tmp: ["complaint", "file", "LP0000000002", "--type", "loss"],
    "due": lambda tmp: ["due"],
    "due-json": lambda tmp: ["due", "--json"],
    "export": lambda tmp: ["export", str(tmp / "out.csv")],
    "demo": lambda tmp: ["demo", "--parcels", "2"],
}


def damage(path: Path, change: Change) -> dict[str, Any]:
    data = orjson.loads(path.read_bytes())
    change(data)
    path.write_bytes(orjson.dumps(data))
    return data


def assert_one_damage_line(text: str, path: Path, words: str) -> None:
    lines = text.splitlines()
    assert len(lines) == 1, text
    assert str(path) in lines[0] and "is damaged" in lines[0] and words in lines[0], lines[0]


@pytest.mark.parametrize("command", list(COMMANDS))
@pytest.mark.parametrize("case", list(CASES))
def test_every_command_refuses_a_damaged_record(
    sound: Path, case: str, command: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CLAIMDESK_NOW", NOW)
    change, words = CASES[case]
    data = damage(sound, change)
    before = sound.read_bytes()
    result = invoke(capsys, "--db", sound, *COMMANDS[command](sound.parent))
    assert result.code == 4, (result.code, result.out, result.err)
    assert "Traceback" not in result.err and result.out == ""
    assert_one_damage_line(result.err, sound, words(data))
    assert sound.read_bytes() == before
    assert not (sound.parent / "out.csv").exists()


@pytest.mark.parametrize("case", list(CASES))
def test_doctor_reports_it(sound: Path, case: str, capsys: pytest.CaptureFixture[str]) -> None:
    change, words = CASES[case]
    data = damage(sound, change)
    before = sound.read_bytes()
    result = invoke(capsys, "--db", sound, "doctor")
    assert result.code == 4, result.out
    assert any(words(data) in line for line in result.out.splitlines()), result.out
    assert all(line.startswith(f"{sound}: ") for line in result.out.splitlines())
    assert sound.read_bytes() == before


def test_doctor_reports_every_problem_one_line_each(sound: Path, capsys: pytest.CaptureFixture[str]) -> None:
    chosen = ["complaint-events-empty", "parcel-order-null", "weight-nan", "settings-bad-type"]
    data = orjson.loads(sound.read_bytes())
    for case in chosen:
        CASES[case][0](data)
    sound.write_bytes(orjson.dumps(data))
    result = invoke(capsys, "--db", sound, "doctor")
    assert result.code == 4
    lines = result.out.splitlines()
    for case in chosen:
        assert sum(CASES[case][1](data) in line for line in lines) == 1, (case, lines)


def test_a_sound_file_passes_and_doctor_says_ok(sound: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert invoke(capsys, "--db", sound, "doctor").out == f"{sound}: OK\n"
    assert invoke(capsys, "--db", sound, "parcel", "list").code == 0


# ------------------------------------------------------------------ the app, in a terminal


def run_in_terminal(argv: list[str], wait_for: bytes, keys: bytes, timeout: float = 60) -> tuple[int, bytes]:
    """Run argv on a pseudo-terminal (80x24); once `wait_for` has been drawn, type `keys` (again
    each second until the app exits). Returns the exit status and everything drawn."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    env = worker.child_env() | {"TERM": "xterm-256color", "COLUMNS": "80", "LINES": "24"}
    proc = subprocess.Popen(argv, stdin=slave, stdout=slave, stderr=slave, env=env, start_new_session=True)
    os.close(slave)
    drawn = b""
    sent_at: float | None = None
    deadline = time.monotonic() + timeout
    try:
        while time.monotonic() < deadline:
            ready, _, _ = select.select([master], [], [], 0.2)
            if ready:
                try:
                    chunk = os.read(master, 65536)
                except OSError as error:
                    if error.errno == errno.EIO:  # the child closed the terminal
                        break
                    raise
                if not chunk:
                    break
                drawn += chunk
            # Once `wait_for` is drawn, type the keys; again each second until the app exits (keys
            # that arrive before the screen takes them are lost): a wait on the exit, not a pause.
            if wait_for in drawn and (sent_at is None or time.monotonic() - sent_at > 1.0):
                os.write(master, keys)
                sent_at = time.monotonic()
            if proc.poll() is not None and not ready:
                break
        status = proc.wait(timeout=max(1.0, deadline - time.monotonic()))
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
        raise AssertionError(f"the app did not exit; drawn: {drawn[-2000:]!r}") from None
    finally:
        os.close(master)
    return status, drawn


@pytest.mark.parametrize("case", ["complaint-events-empty", "weight-nan", "event-at-without-offset"])
def test_the_app_shows_the_data_error_screen_and_exits_4(sound: Path, case: str) -> None:
    damage(sound, CASES[case][0])
    before = sound.read_bytes()
    status, drawn = run_in_terminal([sys.executable, "-m", "claimdesk", "--db", str(sound)], b"cannot open its data file", b"q")
    assert b"cannot open its data file" in drawn, drawn[-2000:]
    assert b"Traceback" not in drawn
    assert status == 4, (status, drawn[-2000:])
    assert sound.read_bytes() == before


@pytest.mark.parametrize("value", [-1, "3", True, 1.5, None, "null"])
@pytest.mark.parametrize("table", ["parcels", "complaints", "settings"])
def test_a_bad_revision_is_damage_and_a_missing_one_is_not(
    sound: Path, table: str, value: object, capsys: pytest.CaptureFixture[str]
) -> None:
    data = orjson.loads(sound.read_bytes())
    record = data[table]["1"]
    if value is None:
        del record["rev"]  # written before revisions existed: reads as 0
    else:
        record["rev"] = None if value == "null" else value  # null reads as none too
    sound.write_bytes(orjson.dumps(data))
    result = invoke(capsys, "--db", sound, "parcel", "list")
    if value is None or value == "null":
        assert result.code == 0, result.err
        return
    assert result.code == 4
    assert f"{table} #1" in result.err and "rev: not a whole number from 0 to" in result.err, result.err


def test_a_retracted_event_takes_no_part_in_the_order(sound: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A reply recorded by mistake (later than the real one) is retracted and stays in the history."""
    data = orjson.loads(sound.read_bytes())
    events = data["complaints"]["1"]["events"]
    mistake = dict(events[1], at="2026-03-20T10:00:30+08:00", retracted_at="2026-03-20T10:00:40+08:00", retraction_reason="wrong parcel")
    events[1:1] = [mistake]
    events[2]["at"] = "2026-03-20T10:00:10+08:00"  # the real reply, earlier than the retracted one
    sound.write_bytes(orjson.dumps(data))
    assert invoke(capsys, "--db", sound, "doctor").out == f"{sound}: OK\n"
    events[1]["retracted_at"] = "yesterday"
    sound.write_bytes(orjson.dumps(data))
    result = invoke(capsys, "--db", sound, "parcel", "list")
    assert result.code == 4 and "events[1].retracted_at: not an ISO 8601 instant: 'yesterday'" in result.err
