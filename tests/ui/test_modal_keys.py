"""Keys behind dialogs (issue 11, item 10): the desk's keys live on MainScreen, so a dialog
takes every key itself; and where the focus goes after `enter` in the filter."""

from __future__ import annotations

import pytest
from textual.widgets import Input

from claimdesk.ui.screens.calculator import CalculatorScreen
from claimdesk.ui.screens.help import HelpScreen
from claimdesk.ui.screens.parcel_form import ParcelForm
from claimdesk.ui.screens.progress import RecordProgress
from claimdesk.ui.screens.settings import SettingsScreen
from claimdesk.ui.screens.wizard import ComplaintWizard
from claimdesk.ui.widgets.parcel_table import ParcelTable
from tests.ui._pilot import s10

FILED = s10("20000001")
FRESH = "EE123456785CN"


@pytest.fixture
def two(add_parcel, desk):  # type: ignore[no-untyped-def]
    add_parcel(tracking=FRESH)
    add_parcel(tracking=FILED, order="8100000000000002")
    desk.file_complaint(FILED, "loss")


@pytest.mark.parametrize(
    ("key", "dialog"),
    [
        ("a", ParcelForm),
        ("r", RecordProgress),
        ("s", SettingsScreen),
        ("c", ComplaintWizard),
        ("question_mark", HelpScreen),
        ("k", CalculatorScreen),
    ],
)
async def test_a_dialog_takes_every_key_none_reaches_the_list_behind(make_app, two, key, dialog) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        app.main.select_parcel(FILED if key == "r" else FRESH)
        await pilot.pause()
        table = app.main.query_one(ParcelTable)
        field = app.main.query_one("#filter", Input)
        before = (table.sort_key, table.cursor, len(app.screen_stack))
        await pilot.press(key)
        await pilot.pause()
        assert isinstance(app.screen, dialog)
        # The desk's own keys, typed in the dialog: '/' opens no filter, 'c' types no filter
        # text and opens no wizard, 'o' sorts nothing, 'a' and 'g' open nothing behind it.
        await pilot.press("slash", "c", "o", "a", "g", "down", "down")
        await pilot.pause()
        assert isinstance(app.screen, dialog)
        assert len(app.screen_stack) == before[2] + 1
        assert not field.display and field.value == ""
        assert (table.sort_key, table.cursor) == before[:2]


async def test_c_typed_into_a_form_field_goes_into_the_field_not_the_filter(make_app, two) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.press("a")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, ParcelForm)
        await pilot.press("tab", *"carrier c")  # the order field, then letters
        focused = app.focused
        assert isinstance(focused, Input) and focused.screen is form and "c" in focused.value
        assert app.main.query_one("#filter", Input).value == ""


async def test_enter_in_the_filter_keeps_it_and_puts_the_focus_on_the_first_match(make_app, two) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        table = app.main.query_one(ParcelTable)
        table.action_jump(-1)
        await pilot.press("slash", *"2000")
        await pilot.press("enter")
        await pilot.pause()
        field = app.main.query_one("#filter", Input)
        assert app.focused is table  # the list, always
        assert table.current is not None and table.current.tracking == FILED and table.cursor == 0  # its first match
        assert field.display and field.value == "2000"  # the filter stays until esc
        await pilot.press("slash")  # and / goes back to it, text kept
        assert app.focused is field and field.value == "2000"
        await pilot.press("escape")
        assert app.focused is table and not field.display and len(table.items) == 2
