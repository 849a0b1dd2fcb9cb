"""Helpers for the Pilot tests: valid tracking numbers, form fields, screen text, typing keys."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

import pendulum
from textual import events
from textual.app import ScreenStackError
from textual.pilot import Pilot
from textual.widget import Widget
from textual.widgets import Input

from claimdesk.clock import FixedClock
from claimdesk.domain.tracking import s10_check_digit
from claimdesk.services import Desk
from claimdesk.ui.screens.wizard import ComplaintWizard

SIZE = (120, 40)


def s10(serial: str, prefix: str = "EE", country: str = "CN") -> str:
    """A valid UPU S10 number for an 8-digit serial."""
    return f"{prefix}{serial}{s10_check_digit(serial)}{country}"


def parcel_fields(**changes: Any) -> dict[str, str]:
    """The docs/rules.md EMS example as typed on the form: declared 1200.00, 1.3 kg, fee 180.00, lost."""
    fields = {
        "tracking": "EE123456785CN",
        "order": "8100000000000001",
        "service": "ems",
        "carrier": "China Post",
        "destination": "US",
        "created_at": "2026-03-01 10:00",
        "collected_at": "",
        "last_tracking_at": "",
        "item": "declared",
        "declared_value": "1200.00",
        "weight": "1.3",
        "shipping_fee": "180.00",
        "inquiry_fee": "",
        "status": "lost",
    }
    fields.update({key: str(value) for key, value in changes.items()})
    return fields


def reopen(desk: Desk, clock: FixedClock) -> Desk:
    """A fresh Desk on the same file: proves what was written, not what is cached."""
    return Desk.open(desk.path, clock)


def shanghai(text: str) -> datetime:
    return pendulum.parse(text, tz="Asia/Shanghai")  # type: ignore[return-value]


def text_of(widget: Widget) -> str:
    """The plain text a Static shows."""
    content = widget.render()
    return str(getattr(content, "plain", content))


def lines_of(widget: Widget) -> list[str]:
    """What a Line-API widget (ParcelTable, CountdownPanel) draws in its visible region."""
    return [widget.render_line(y).text for y in range(widget.size.height)]


def notes(app: Any) -> list[str]:
    """Messages of the notifications currently on the app."""
    return [str(notification.message) for notification in app._notifications]


def _top_screen_mounted(pilot: Pilot) -> bool:
    try:
        return pilot.app.screen.is_mounted
    except ScreenStackError:  # no screen at all (the app is closing): nothing to wait for
        return True


async def until(pilot: Pilot, condition: Callable[[], object], what: str = "", *, limit: float = 30.0) -> None:
    """Wait for a state, not for a time: poll `condition` between short pauses until it holds.

    `limit` only bounds a state that never comes (a failing test); on a loaded machine the wait
    is as long as the state takes, and on an idle one it is a pause or two.
    """
    for _ in range(int(limit / 0.01)):
        # A screen is current (app.screen) before it has composed its widgets: a state reached
        # also waits for the top screen to be mounted, so the test can query what it shows.
        if condition() and _top_screen_mounted(pilot):
            return
        await pilot.pause(0.01)
    assert condition(), f"never reached: {what}"


async def open_wizard(pilot: Pilot) -> ComplaintWizard:
    """`c` on the desk, and the complaint wizard shown (on its first step): the wizard tests' opening."""
    await pilot.press("c")
    await until(pilot, lambda: isinstance(pilot.app.screen, ComplaintWizard), "the wizard")
    wizard = pilot.app.screen
    assert isinstance(wizard, ComplaintWizard)
    return wizard


async def type_into(pilot: Pilot, selector: str, text: str) -> None:
    """Focus an input of the top screen (focusing selects its text) and type over it, key by key."""
    widget = pilot.app.screen.query_one(selector)
    widget.focus()
    await pilot.pause()
    if isinstance(widget, Input) and not text:
        await pilot.press("ctrl+shift+a", "backspace")
        return
    await pilot.press(*text)


async def paste(pilot: Pilot, widget: Widget, text: str) -> None:
    """Paste `text` into `widget` once it has the focus, as a seller pastes a path copied from a
    file manager.

    One bracketed paste (the event a terminal sends), not one key per character: a temporary
    folder's path is ~90 characters, and Pilot waits for the app to settle after every key.
    """
    await until(pilot, lambda: widget.has_focus, f"{widget!r} focused to paste into")
    # A form remembers its fields just after it is drawn; a paste before that would count as
    # the form's own value, not the seller's change (no hand is that fast, a test is).
    await until(pilot, lambda: getattr(widget.screen, "form_remembered", True), "the form set up")
    widget.post_message(events.Paste(text))
    await until(pilot, lambda: not isinstance(widget, Input) or text in widget.value, "the paste taken")
