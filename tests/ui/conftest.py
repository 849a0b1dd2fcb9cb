"""Fixtures for the Pilot tests: parcels on the desk and the app.

Time is the `clock` fixture's FixedClock (2026-03-20 10:00 Shanghai): tests move it with
clock.advance(...) and call app.main.tick(); global time is never frozen.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from textual.widgets import Input

from claimdesk.domain.parcels import Parcel
from claimdesk.services import Desk
from claimdesk.ui.app import ClaimdeskApp
from tests.ui._pilot import parcel_fields


@pytest.fixture(autouse=True)
def no_cursor_blink(monkeypatch: pytest.MonkeyPatch) -> None:
    """As harlequin's fixture: a blinking cursor makes idle waits non-deterministic."""
    monkeypatch.setattr(Input, "cursor_blink", False)


@pytest.fixture(autouse=True)
def clipboard_tool(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """A clipboard tool that takes the text (what was copied is listed); a test of the fallback
    without one sets `claimdesk.ui.clipboard.system_copy` itself. No test runs a real tool."""
    copied: list[str] = []

    def take(text: str, environ: object = None) -> str:
        copied.append(text)
        return "wl-copy"

    monkeypatch.setattr("claimdesk.ui.clipboard.system_copy", take)
    return copied


@pytest.fixture
def add_parcel(desk: Desk) -> Callable[..., Parcel]:
    """Put a parcel on the desk through the service (the form is tested on its own)."""

    def add(**changes: Any) -> Parcel:
        return desk.add_parcel(parcel_fields(**changes))

    return add


@pytest.fixture
def make_app(desk: Desk) -> Callable[..., ClaimdeskApp]:
    """The app on the test desk; the tick interval is an hour unless a test is about ticking."""

    def make(tick_seconds: float = 3600) -> ClaimdeskApp:
        return ClaimdeskApp(desk, tick_seconds=tick_seconds)

    return make
