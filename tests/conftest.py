"""Shared fixtures: no test can touch a seller's real data or depend on the real clock."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
import textual._wait

from claimdesk.clock import FixedClock
from claimdesk.i18n import set_language
from claimdesk.services import Desk

NOW = datetime.fromisoformat("2026-03-20T10:00:00+08:00")

# Pilot waits after every key until the app looks idle: it sleeps in steps of
# SLEEP_GRANULARITY (1/50 s) until a step passes with the process nearly idle, at least
# twice per key, so a test that types 100 characters spent 4 s asleep. A step of 1/200 s
# with the same idle ratio (SLEEP_IDLE is 1/20 of a step) makes the same check 4x finer:
# Textual has no public setting for it. Tests wait for states (`until`), never on these sleeps.
textual._wait.SLEEP_GRANULARITY = 1 / 200
textual._wait.SLEEP_IDLE = textual._wait.SLEEP_GRANULARITY / 20


@pytest.fixture(autouse=True)
def isolated_data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Point the data file and every platformdirs folder at tmp_path; unpin the clock."""
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / ".local" / "share"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    monkeypatch.delenv("XDG_DOCUMENTS_DIR", raising=False)  # the documents folder is home/Documents
    db = tmp_path / "claimdesk.json"
    monkeypatch.setenv("CLAIMDESK_DB", str(db))
    monkeypatch.delenv("CLAIMDESK_NOW", raising=False)
    monkeypatch.setenv("CLAIMDESK_LANG", "en")  # the system locale never leaks into a test
    set_language("en")
    yield db
    set_language("en")


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(NOW)


@pytest.fixture
def desk(isolated_data: Path, clock: FixedClock) -> Desk:
    return Desk.open(isolated_data, clock)
