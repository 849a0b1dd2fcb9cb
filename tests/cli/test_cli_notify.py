"""`claimdesk due --notify`: exit 1 when something is due within the window (for cron), 0 when
nothing is, and a desktop notification through notify-send when it is on PATH.

Now is pinned at Friday 2026-03-20 10:00 Shanghai. A fake notify-send on PATH records its argv.
"""

from __future__ import annotations

import json
import os
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from claimdesk import notify
from tests.cli.helpers import Run, add_args
from tests.cli.test_cli_due import special
from tests.reliability_worker import child_env

FAKE = """#!/bin/sh
for arg in "$@"; do printf '%s\\0' "$arg"; done >> "{log}"
printf '\\036' >> "{log}"
exit {code}
"""


def fake_notify_send(bin_dir: Path, log: Path, code: int = 0, body: str | None = None) -> Path:
    bin_dir.mkdir(parents=True, exist_ok=True)
    script = bin_dir / "notify-send"
    script.write_text(body if body is not None else FAKE.format(log=log, code=code))
    script.chmod(0o755)
    return script


def calls(log: Path) -> list[list[str]]:
    """One argv (without argv[0]) per notify-send run."""
    if not log.exists():
        return []
    return [record.split("\0")[:-1] for record in log.read_text().split("\x1e") if record]


@pytest.fixture
def log(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fake notify-send first on PATH; returns the file its calls are written to."""
    log = tmp_path / "notify-send.log"
    bin_dir = tmp_path / "bin"
    fake_notify_send(bin_dir, log)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}")
    return log


@pytest.fixture
def overdue_and_later(run: Run) -> None:
    """One clock overdue (intervention, 3 days late) and one due in 7 days; an EMS loss window in 101 days."""

    def ok(*args: str) -> None:
        result = run(*args)
        assert result.code == 0, (args, result.err)

    ok(*add_args())
    ok(*special("LP0000000003", "damaged"))
    ok("complaint", "file", "LP0000000003", "--type", "damage", "--at", "2026-03-12T10:00:00+08:00")
    ok("complaint", "reply", "LP0000000003", "--no-agreement", "--at", "2026-03-13T10:00:00+08:00")
    ok("complaint", "escalate", "LP0000000003", "--at", "2026-03-16T10:00:00+08:00")
    ok(*special("LP0000000005", "lost"))
    ok("complaint", "file", "LP0000000005", "--type", "loss", "--at", "2026-03-11T10:00:00+08:00")
    ok("complaint", "reply", "LP0000000005", "--no-agreement", "--at", "2026-03-12T10:00:00+08:00")


@pytest.mark.usefixtures("overdue_and_later")
def test_something_due_exits_1_and_notifies_with_the_exact_argv(run: Run, log: Path) -> None:
    result = run("due", "--within", "24h", "--notify")
    assert result.code == 1, result.err
    assert result.err == ""
    [line] = result.out.splitlines()  # printed as usual: only the overdue clock is within 24h
    assert line.startswith("OVERDUE") and "LP0000000003" in line and "intervention" in line
    assert calls(log) == [
        [
            "--app-name=claimdesk",
            "--urgency=critical",
            "--",
            "claimdesk: 1 deadline due within 24h, 1 overdue",
            "OVERDUE -3d 00:00:00  LP0000000003  Cainiao intervention due (damage)",
        ]
    ]


@pytest.mark.usefixtures("overdue_and_later")
def test_notify_with_json_keeps_the_json_and_the_exit_status(run: Run, log: Path) -> None:
    result = run("due", "--within", "8d", "--json", "--notify")
    assert result.code == 1
    clocks = json.loads(result.out)
    assert [(c["tracking"], c["clock"]) for c in clocks] == [("LP0000000003", "intervention"), ("LP0000000005", "escalation-window-closes")]
    [argv] = calls(log)
    assert argv[:4] == ["--app-name=claimdesk", "--urgency=critical", "--", "claimdesk: 2 deadlines due within 8d, 1 overdue"]
    assert argv[4].splitlines() == [
        "OVERDUE -3d 00:00:00  LP0000000003  Cainiao intervention due (damage)",
        "7d 00:00:00  LP0000000005  appeal window closes (loss)",
    ]


def test_nothing_due_exits_0_and_sends_nothing(run: Run, log: Path) -> None:
    assert run(*add_args()).code == 0  # its loss window closes in 101 days
    result = run("due", "--within", "24h", "--notify")
    assert (result.code, result.out, result.err) == (0, "Nothing due within 24h.\n", "")
    assert run("due", "--within", "24h", "--json", "--notify").out == "[]\n"
    assert run("due", "--within", "24h", "--json", "--notify").code == 0
    assert calls(log) == []


def test_empty_desk_exits_0(run: Run, log: Path) -> None:
    result = run("due", "--notify")
    assert (result.code, result.out) == (0, "Nothing due.\n")
    assert calls(log) == []


@pytest.mark.usefixtures("overdue_and_later")
def test_without_notify_the_exit_status_is_unchanged(run: Run, log: Path) -> None:
    result = run("due", "--within", "24h")
    assert result.code == 0 and "LP0000000003" in result.out
    assert calls(log) == []


@pytest.mark.usefixtures("overdue_and_later")
def test_no_notify_send_on_path_is_silently_skipped(run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    empty = tmp_path / "empty-bin"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    result = run("due", "--within", "24h", "--notify")
    assert result.code == 1
    assert result.err == ""
    assert "LP0000000003" in result.out


@pytest.mark.usefixtures("overdue_and_later")
def test_a_failing_notify_send_does_not_fail_due(run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    log = tmp_path / "failing.log"
    bin_dir = tmp_path / "failing-bin"
    fake_notify_send(bin_dir, log, code=1)  # e.g. no session bus under cron
    monkeypatch.setenv("PATH", str(bin_dir))
    result = run("due", "--within", "24h", "--notify")
    assert (result.code, result.err) == (1, "")
    assert len(calls(log)) == 1


def test_a_hung_notifier_is_abandoned(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    bin_dir = tmp_path / "hung-bin"
    fake_notify_send(bin_dir, tmp_path / "unused.log", body="#!/bin/sh\nexec sleep 30\n")
    monkeypatch.setenv("PATH", str(bin_dir))
    started = time.monotonic()
    assert notify.send("title", "body", timeout=0.5) is False
    assert time.monotonic() - started < 10


def test_title_and_body_are_text_never_options_or_markup() -> None:
    argv = notify.notify_command("-t 0", "<b>x</b> & -u", "normal", "notify-send")
    assert argv == ["notify-send", "--app-name=claimdesk", "--urgency=normal", "--", "-t 0", "&lt;b&gt;x&lt;/b&gt; &amp; -u"]


def test_long_lists_are_cut_with_a_count() -> None:
    from claimdesk.domain.complaint_types import ComplaintType
    from claimdesk.domain.deadlines import ClockKind, Deadline

    now = datetime(2026, 3, 20, 10, tzinfo=UTC)
    deadlines = [Deadline(f"LP{n:010d}", ClockKind.CHAMBER_REPLY, ComplaintType.LOSS, now + timedelta(hours=n)) for n in range(1, 10)]
    title, body, urgency = notify.due_message(deadlines, now, "1d")
    assert (title, urgency) == ("claimdesk: 9 deadlines due within 1d", "normal")
    lines = body.splitlines()
    assert len(lines) == notify.MAX_LINES + 1
    assert lines[-1] == "and 3 more: run 'claimdesk due'"


@pytest.mark.usefixtures("overdue_and_later")
def test_cron_like_subprocess(db: Path, tmp_path: Path) -> None:
    """As cron runs it: a fresh interpreter, a bare environment, the exit status is the signal."""
    import subprocess
    import sys

    log = tmp_path / "cron.log"
    bin_dir = tmp_path / "cron-bin"
    fake_notify_send(bin_dir, log)
    env = child_env(db) | {"PATH": f"{bin_dir}{os.pathsep}/usr/bin:/bin"}
    proc = subprocess.run(
        [sys.executable, "-m", "claimdesk", "due", "--within", "24h", "--notify"], env=env, capture_output=True, text=True, timeout=60
    )
    assert (proc.returncode, proc.stderr) == (1, "")
    assert [argv[3] for argv in calls(log)] == ["claimdesk: 1 deadline due within 24h, 1 overdue"]
