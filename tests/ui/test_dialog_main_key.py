"""Issue 20, item 2: one key does the main action in every dialog (ctrl+s, on its button and in
its footer), and `esc` on a form with changes asks before discarding them."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Button, Footer, Input

from claimdesk.ui.screens.confirm import Confirm
from claimdesk.ui.screens.dashboard import DashboardScreen
from claimdesk.ui.screens.export import ExportDialog
from claimdesk.ui.screens.note import NoteEditor
from claimdesk.ui.screens.parcel_form import ParcelForm
from claimdesk.ui.screens.progress import RecordProgress
from claimdesk.ui.screens.settings import SettingsScreen
from claimdesk.ui.screens.wizard import ComplaintWizard
from tests.ui._pilot import SIZE, open_wizard, reopen, s10, text_of, until
from tests.ui.test_dashboard import compensated

FRESH = "EE123456785CN"
FILED = s10("20000001")


def footer_keys(app) -> dict[str, str]:  # type: ignore[no-untyped-def]
    """The keys the top screen's footer offers, enabled ones only: key -> description."""
    assert app.screen.query(Footer), "the dialog has a footer"
    return {key: active.binding.description for key, active in app.screen.active_bindings.items() if active.binding.show and active.enabled}


@pytest.fixture
def two(add_parcel, desk):  # type: ignore[no-untyped-def]
    add_parcel(tracking=FRESH)
    add_parcel(tracking=FILED, order="8100000000000002")
    desk.file_complaint(FILED, "loss")


@pytest.mark.parametrize(
    ("keys", "tracking", "dialog", "button"),
    [
        (["a"], FRESH, ParcelForm, "#save"),
        (["e"], FRESH, ParcelForm, "#save"),
        (["s"], FRESH, SettingsScreen, "#save"),
        (["r"], FILED, RecordProgress, "#save"),
        (["n"], FILED, NoteEditor, "#save"),
    ],
)
async def test_every_form_shows_ctrl_s_on_its_button_and_in_its_footer(  # type: ignore[no-untyped-def]
    make_app, two, keys, tracking, dialog, button
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        app.main.select_parcel(tracking)
        await pilot.press(*keys)
        await until(pilot, lambda: isinstance(app.screen, dialog), "the dialog")
        assert "ctrl+s" in str(app.screen.query_one(button, Button).label)
        assert "ctrl+s" in footer_keys(app)
        assert "escape" in footer_keys(app)


async def test_ctrl_s_files_the_complaint_on_the_wizards_last_step(make_app, add_parcel, desk, clock) -> None:  # type: ignore[no-untyped-def]
    add_parcel()
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        wizard = await open_wizard(pilot)
        assert "ctrl+s" not in footer_keys(app)  # not before the last step
        await pilot.press("ctrl+s")  # does nothing before it
        assert app.screen is wizard and reopen(desk, clock).complaints(FRESH) == []
        await pilot.press("ctrl+n", "enter", "ctrl+n", "ctrl+n")
        assert wizard.query_one("#wizard-body").current == "step-review"
        assert footer_keys(app)["ctrl+s"] == "File complaint"
        assert "ctrl+s" in str(wizard.query_one("#file", Button).label)
        await pilot.press("ctrl+s")  # not confirmed yet: says so, files nothing
        assert "Tick the confirmation" in text_of(wizard.query_one("#wizard-error"))
        assert app.screen is wizard
        await pilot.press("space", "ctrl+s")  # tick the confirmation, file
        await until(pilot, lambda: not isinstance(app.screen, ComplaintWizard), "the wizard closed")
    assert [c.attempt for c in reopen(desk, clock).complaints(FRESH)] == [1]


async def test_esc_on_a_form_with_changes_asks_and_keeps_them_unless_discarded(make_app, two, desk, clock) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("a")
        await until(pilot, lambda: isinstance(app.screen, ParcelForm), "the add form")
        form = app.screen
        await pilot.press(*"EE9")
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, Confirm), "the question")
        assert footer_keys(app)["ctrl+s"] == "Discard"
        await pilot.press("escape")  # keep editing: back to the form, as typed
        await until(pilot, lambda: app.screen is form, "back to the form")
        assert form.query_one("#f-tracking", Input).value == "EE9"
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, Confirm), "asked again")
        await pilot.press("enter")  # the focus is on "Keep editing": enter alone discards nothing
        await until(pilot, lambda: app.screen is form, "back to the form")
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, Confirm), "asked again")
        await pilot.press("ctrl+s")  # discard
        await until(pilot, lambda: app.screen is app.main, "the desk")
    assert sorted(row.tracking for row in reopen(desk, clock).rows()) == sorted([FRESH, FILED])


async def test_esc_on_an_unchanged_form_closes_at_once(make_app, two) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        app.main.select_parcel(FRESH)
        for key in ("a", "e", "s"):
            await pilot.press(key)
            await until(pilot, lambda: app.screen is not app.main, "a dialog")
            await pilot.press("escape")
            await until(pilot, lambda: app.screen is app.main, "closed without a question")


async def test_ctrl_s_exports_from_the_export_dialog(make_app, add_parcel, desk, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    add_parcel(tracking=s10("11111111"), status="damaged")
    compensated(desk, s10("11111111"))
    app = make_app()
    target = tmp_path / "figures.csv"
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("g")
        await until(pilot, lambda: isinstance(app.screen, DashboardScreen), "the dashboard")
        await pilot.press("x")
        await until(pilot, lambda: isinstance(app.screen, ExportDialog), "the export dialog")
        assert footer_keys(app)["ctrl+s"] == "Export"
        assert "ctrl+s" in str(app.screen.query_one("#export", Button).label)
        app.screen.query_one("#path", Input).value = str(target)
        await pilot.press("ctrl+s")
        await until(pilot, lambda: not isinstance(app.screen, ExportDialog), "written")
    assert target.is_file()
