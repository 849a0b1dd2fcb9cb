"""How a dialog writes (ui/writing.py): the Desk call in a thread worker of the group
"desk-write", its outcome posted to the dialog as `WritingDialog.Saved` / `WritingDialog.Failed`
and handled there; "a write is in flight" is the app's workers in that group.

The waits on another process's lock (the real CLI holding it) are in test_concurrent_writes.py;
here the Desk call itself is held by the test, so each state can be looked at while it lasts.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from textual.message import Message
from textual.widgets import Input

from claimdesk.domain.complaints import Complaint
from claimdesk.domain.errors import RuleError
from claimdesk.services import Desk
from claimdesk.ui.app import ClaimdeskApp
from claimdesk.ui.messages import say
from claimdesk.ui.screens.main import MainScreen
from claimdesk.ui.screens.note import NoteEditor
from claimdesk.ui.writing import WRITE_GROUP, WritingDialog, desk_write_running
from tests.conftest import NOW
from tests.ui._pilot import SIZE, notes, text_of, type_into, until

TRACKING = "EE123456785CN"


@pytest.fixture
def filed(add_parcel: Callable[..., object], desk: Desk) -> None:
    add_parcel()
    desk.file_complaint(TRACKING, "loss", at=NOW.replace(day=18), note="first")


@pytest.fixture
def gate() -> Iterator[threading.Event]:
    """Holds the dialog's Desk call in its thread until the test sets it (set at the end anyway,
    so a failing test never leaves a thread waiting)."""
    event = threading.Event()
    yield event
    event.set()


def held(gate: threading.Event, call: Callable[..., Any]) -> Callable[..., Any]:
    def run(*args: Any, **kwargs: Any) -> Any:
        assert gate.wait(timeout=60), "the test never let the write go"
        return call(*args, **kwargs)

    return run


def outcomes(seen: list[Message]) -> list[Message]:
    return [message for message in seen if isinstance(message, WritingDialog.Saved | WritingDialog.Failed)]


async def open_note(pilot: Any) -> NoteEditor:
    await pilot.press("n")
    await until(pilot, lambda: isinstance(pilot.app.screen, NoteEditor), "the note editor")
    await type_into(pilot, "#note", "called them")
    return pilot.app.screen  # type: ignore[no-any-return]


async def test_a_save_posts_saved_with_what_the_desk_stored(desk: Desk, filed: None, gate: threading.Event, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(desk, "set_note", held(gate, desk.set_note))
    seen: list[Message] = []
    app = ClaimdeskApp(desk, tick_seconds=3600)
    async with app.run_test(size=SIZE, message_hook=seen.append) as pilot:
        editor = await open_note(pilot)
        await pilot.press("ctrl+s")
        # In flight: the worker of the group desk-write is the app's own state; the form is read-only.
        await until(pilot, lambda: desk_write_running(app), "the write running")
        assert [worker.group for worker in app.workers if not worker.is_finished] == [WRITE_GROUP]
        assert editor.writing and editor.query_one("#dialog").disabled
        assert outcomes(seen) == []
        gate.set()
        await until(pilot, lambda: isinstance(app.screen, MainScreen), "the editor closed")
        assert not desk_write_running(app)
    [saved] = outcomes(seen)
    assert isinstance(saved, WritingDialog.Saved)
    assert isinstance(saved.result, Complaint) and saved.result.note == "called them"


async def test_a_refused_save_posts_failed_and_the_form_is_as_typed(desk: Desk, filed: None, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    refusal = RuleError("the complaint was closed meanwhile")

    def refuse(*_args: object) -> Complaint:
        raise refusal

    monkeypatch.setattr(desk, "set_note", refuse)
    seen: list[Message] = []
    app = ClaimdeskApp(desk, tick_seconds=3600)
    async with app.run_test(size=SIZE, message_hook=seen.append) as pilot:
        editor = await open_note(pilot)
        await pilot.press("ctrl+s")
        await until(pilot, lambda: outcomes(seen) and not editor.writing, "the failure handled")
        [failed] = outcomes(seen)
        assert isinstance(failed, WritingDialog.Failed) and failed.error is refusal
        assert app.screen is editor
        assert text_of(editor.query_one("#form-error")) == say(refusal)
        note = editor.query_one("#note", Input)
        assert note.value == "called them" and not editor.query_one("#dialog").disabled
        assert editor.focused is note  # back where the seller was
        await pilot.press("escape")  # no write in flight: esc is the dialog's again (it asks: typed changes)
        assert not any("Still saving" in said for said in notes(app))


async def test_the_desk_behind_skips_its_refresh_while_a_write_runs(desk: Desk, filed: None, gate: threading.Event, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """The Desk is not thread-safe: the main screen's periodic refresh waits for the worker."""
    monkeypatch.setattr(desk, "set_note", held(gate, desk.set_note))
    app = ClaimdeskApp(desk, tick_seconds=3600)
    async with app.run_test(size=SIZE) as pilot:
        await open_note(pilot)
        refreshes: list[int] = []
        real_refresh = desk.refresh
        monkeypatch.setattr(desk, "refresh", lambda: refreshes.append(1) or real_refresh())
        await pilot.press("ctrl+s")
        await until(pilot, lambda: desk_write_running(app), "the write running")
        app.main.reload_deadlines()
        assert refreshes == []
        gate.set()
        await until(pilot, lambda: isinstance(app.screen, MainScreen), "the editor closed")
        app.main.reload_deadlines()
        assert refreshes == [1]


async def test_a_bug_in_the_write_stops_the_app_as_on_the_ui_thread(desk: Desk, filed: None, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    def broken(*_args: object) -> Complaint:
        raise ZeroDivisionError("a bug")

    monkeypatch.setattr(desk, "set_note", broken)
    app = ClaimdeskApp(desk, tick_seconds=3600)
    with pytest.raises(ZeroDivisionError, match="a bug"):
        async with app.run_test(size=SIZE) as pilot:
            await open_note(pilot)
            await pilot.press("ctrl+s")
            await until(pilot, lambda: app.return_code == 1, "the app stopped")
