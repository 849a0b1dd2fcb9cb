"""Snapshot tests pin everything that varies: the clock (FixedClock), the demo data (seed), the
time zone the 'local' times are shown in, the cursor blink, the theme, the data file's name in
the header; notifications are off in run_test."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest
from textual.widgets import Input


@pytest.fixture(autouse=True)
def pinned_terminal(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setattr(Input, "cursor_blink", False)
    monkeypatch.setenv("TZ", "Asia/Shanghai")  # the platform's zone: no 'local' time beside it
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()
