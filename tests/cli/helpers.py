"""Helpers shared by the CLI tests and the reliability tests."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from claimdesk import cli
from tests.reliability_worker import child_env

EMS = "EE123456785CN"  # docs/rules.md's example number: a valid UPU S10 number


@dataclass(frozen=True)
class Result:
    code: int
    out: str
    err: str

    @property
    def err_lines(self) -> list[str]:
        return self.err.splitlines()


Run = Callable[..., Result]


def invoke(capsys: Any, *args: object) -> Result:
    """cli.main(args) in this process (capsys captures); exit code, stdout and stderr."""
    capsys.readouterr()
    code = cli.main([str(arg) for arg in args])
    captured = capsys.readouterr()
    return Result(code, captured.out, captured.err)


def invoke_sub(db: Path | None, *args: object, env: dict[str, str] | None = None, timeout: float = 60) -> Result:
    """`python -m claimdesk ARGS` in a fresh interpreter, pinned clock, data file `db`."""
    proc = subprocess.run(
        [sys.executable, "-m", "claimdesk", *map(str, args)],
        capture_output=True,
        text=True,
        env=env if env is not None else child_env(db),
        timeout=timeout,
    )
    return Result(proc.returncode, proc.stdout, proc.stderr)


def add_args(**overrides: str | None) -> list[str]:
    """`parcel add` arguments for docs/rules.md's EMS example parcel, with overrides (None drops one)."""
    fields: dict[str, str | None] = {
        "--tracking": EMS,
        "--order": "8100000000000001",
        "--service": "ems",
        "--created": "2026-03-01T10:00:00+08:00",
        "--item": "declared",
        "--declared-value": "1200",
        "--weight": "1.3",
        "--shipping-fee": "180",
        "--status": "lost",
    }
    for key, value in overrides.items():
        fields["--" + key.replace("_", "-")] = value
    args = ["parcel", "add"]
    for flag, value in fields.items():
        if value is not None:
            args.append(f"{flag}={value}")  # --flag=value: a value may start with a dash
    return args


def snapshot(path: Path) -> bytes | None:
    """The file's bytes, or None when it does not exist: 'nothing written' compares these."""
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None


def refused(run: Run, db: Path, code: int, *args: str, words: tuple[str, ...] = ()) -> None:
    """The command is refused with `code`, one line on stderr holding `words`, and the file is
    byte-identical."""
    before = snapshot(db)
    result = run(*args)
    assert_one_line_error(result, code, *words)
    assert result.out == ""
    assert snapshot(db) == before


def assert_one_line_error(result: Result, code: int, *needles: str) -> None:
    assert result.code == code, (result.code, result.out, result.err)
    assert len(result.err_lines) == 1, result.err
    line = result.err_lines[0]
    assert line.startswith("claimdesk: "), line
    assert "Traceback" not in result.err
    for needle in needles:
        assert needle in line, (needle, line)
