"""Fixtures for driving the command line: in-process through `cli.main`, or as a subprocess.

The root conftest already points CLAIMDESK_DB at tmp_path and unpins the clock; here the
clock is pinned (CLAIMDESK_NOW) for every CLI test, as a seller's demo would pin it.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cli.helpers import EMS, Run, add_args, invoke, invoke_sub
from tests.reliability_worker import NOW_TEXT


@pytest.fixture(autouse=True)
def pinned_now(monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("CLAIMDESK_NOW", NOW_TEXT)
    return NOW_TEXT


@pytest.fixture
def db(isolated_data: Path) -> Path:
    return isolated_data


@pytest.fixture
def run(capsys: pytest.CaptureFixture[str]) -> Run:
    """cli.main(args) in this process; returns exit code, stdout and stderr."""
    return lambda *args: invoke(capsys, *args)


@pytest.fixture
def run_sub(db: Path) -> Run:
    """`python -m claimdesk ARGS` in a fresh interpreter, with the same data file and clock."""
    return lambda *args, **kwargs: invoke_sub(db, *args, **kwargs)


@pytest.fixture
def parcel(run: Run) -> str:
    """docs/rules.md's EMS example parcel (lost) on the desk; its tracking number."""
    result = run(*add_args(carrier="China Post"))
    assert result.code == 0, result.err
    return EMS
