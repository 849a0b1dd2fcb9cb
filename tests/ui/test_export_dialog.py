"""Issue 9, item 1 in the app: the export dialog (dashboard `x`) never writes over the data file,
asks before replacing a file, and offers the seller's documents folder, not the current one."""

from __future__ import annotations

import os
from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest
from textual.widgets import Input, Static

from claimdesk.services import Desk
from claimdesk.ui.screens.dashboard import DashboardScreen
from claimdesk.ui.screens.export import ExportDialog
from tests.ui._pilot import SIZE, notes, paste, s10, text_of, until
from tests.ui.test_dashboard import compensated


async def open_export(make_app, add_parcel, desk: Desk, pilot_body: Callable[..., Awaitable[None]]) -> None:  # type: ignore[no-untyped-def]
    add_parcel(tracking=s10("11111111"), status="damaged")
    compensated(desk, s10("11111111"))
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("g")
        await until(pilot, lambda: isinstance(app.screen, DashboardScreen), "the dashboard")
        await pilot.press("x")
        await until(pilot, lambda: isinstance(app.screen, ExportDialog), "the export dialog")
        await pilot_body(app, pilot)


async def type_path(app, pilot, path: Path | str) -> None:  # type: ignore[no-untyped-def]
    field = app.screen.query_one("#path", Input)
    field.focus()
    field.value = ""
    await paste(pilot, field, str(path))
    await pilot.press("enter")


def error_line(app) -> str:  # type: ignore[no-untyped-def]
    return text_of(app.screen.query_one("#form-error", Static))


@pytest.mark.parametrize("spelling", ["absolute", "dot-dot", "symlink"])
async def test_the_data_file_is_refused_in_the_dialog(make_app, add_parcel, desk: Desk, tmp_path: Path, spelling: str) -> None:
    target: Path | str = desk.path
    if spelling == "dot-dot":
        (tmp_path / "sub").mkdir()
        target = f"{tmp_path}/sub/../{desk.path.name}"
    elif spelling == "symlink":
        target = tmp_path / "looks-like.csv"
        target.symlink_to(desk.path)

    async def body(app, pilot) -> None:  # type: ignore[no-untyped-def]
        before = desk.path.read_bytes()
        await type_path(app, pilot, target)
        await until(pilot, lambda: "data file" in error_line(app), "the refusal")
        assert isinstance(app.screen, ExportDialog)  # the dialog stays open
        assert str(desk.path) in error_line(app)
        assert desk.path.read_bytes() == before

    await open_export(make_app, add_parcel, desk, body)


async def test_an_existing_file_is_replaced_only_after_confirming(make_app, add_parcel, desk: Desk, tmp_path: Path) -> None:
    target = tmp_path / "recovery.csv"
    target.write_text("last month's figures\n")

    async def body(app, pilot) -> None:  # type: ignore[no-untyped-def]
        await type_path(app, pilot, target)
        question = app.screen.query_one("#replace-question", Static)
        asking = app.screen.query_one("#confirm-replace")
        path_step = app.screen.query_one("#ask")
        await until(pilot, lambda: asking.display and "already exists" in text_of(question), "the question")
        assert not path_step.display
        assert str(target) in text_of(question)
        assert target.read_text() == "last month's figures\n"
        await pilot.press("n")  # keep it
        await until(pilot, lambda: path_step.display and not asking.display, "back to the path")
        assert isinstance(app.screen, ExportDialog)
        assert target.read_text() == "last month's figures\n"
        assert "kept" in error_line(app)

        await pilot.press("enter")  # ask again, and confirm this time
        await until(pilot, lambda: asking.display, "the question again")
        await pilot.press("y")
        await until(pilot, lambda: isinstance(app.screen, DashboardScreen), "the dialog closing")
        assert target.read_text(encoding="utf-8-sig").startswith("group,")
        assert any(str(target) in note for note in notes(app))

    await open_export(make_app, add_parcel, desk, body)


async def test_a_new_file_is_written_at_once(make_app, add_parcel, desk: Desk, tmp_path: Path) -> None:
    target = tmp_path / "fresh.csv"

    async def body(app, pilot) -> None:  # type: ignore[no-untyped-def]
        await type_path(app, pilot, target)
        await until(pilot, lambda: isinstance(app.screen, DashboardScreen), "the dialog closing")
        assert target.read_text(encoding="utf-8-sig").startswith("group,")
        assert os.stat(target).st_mode & 0o777 == 0o600

    await open_export(make_app, add_parcel, desk, body)


@pytest.mark.parametrize("documents", [True, False])
async def test_the_file_is_offered_in_the_documents_folder(
    make_app, add_parcel, desk: Desk, tmp_path: Path, documents: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = Path(os.environ["HOME"])
    if documents:
        (home / "Documents").mkdir()
    monkeypatch.chdir(tmp_path)  # the current folder is never offered

    async def body(app, pilot) -> None:  # type: ignore[no-untyped-def]
        offered = Path(app.screen.query_one("#path", Input).value)
        assert offered == (home / "Documents" if documents else home) / "claimdesk-recovery.csv"
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, DashboardScreen), "cancel")
        assert not offered.exists()

    await open_export(make_app, add_parcel, desk, body)


async def test_the_next_export_is_offered_in_the_folder_last_used(make_app, add_parcel, desk: Desk, tmp_path: Path) -> None:
    """Issue 20, item 8: after an export to a folder, the next one (the ledger, another session)
    is offered there; the documents folder only the first time."""
    work = tmp_path / "work"
    work.mkdir()

    async def body(app, pilot) -> None:  # type: ignore[no-untyped-def]
        await type_path(app, pilot, work / "figures.csv")
        await until(pilot, lambda: isinstance(app.screen, DashboardScreen), "written")
        await pilot.press("l")
        await until(pilot, lambda: isinstance(app.screen, ExportDialog), "the ledger's export dialog")
        assert Path(app.screen.query_one("#path", Input).value).parent == work

    await open_export(make_app, add_parcel, desk, body)
    app = make_app()  # another session
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("g")
        await until(pilot, lambda: isinstance(app.screen, DashboardScreen), "the dashboard")
        await pilot.press("x")
        await until(pilot, lambda: isinstance(app.screen, ExportDialog), "the export dialog")
        assert Path(app.screen.query_one("#path", Input).value) == work / "claimdesk-recovery.csv"
