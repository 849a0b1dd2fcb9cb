"""The Textual internals claimdesk still uses, each where Textual 8.2.8 has no public API
(docs/architecture.md, "Textual internals we use, and why"): a Textual upgrade that changes one
fails here, by what the seller would see, not by a traceback somewhere else.

The compositor patch for double-width characters has its own test (test_wide_chars.py).
"""

from __future__ import annotations

import asyncio

from textual.app import App, ComposeResult

from claimdesk.demo import generate
from claimdesk.domain.errors import DataFileError
from claimdesk.i18n import _, set_language
from claimdesk.services import Desk
from claimdesk.ui.screens.confirm import Confirm, ConfirmWrite
from claimdesk.ui.widgets.parcel_table import ParcelTable
from tests.seeding import seed
from tests.ui._pilot import SIZE, until


async def test_bindings_are_described_in_the_active_language(make_app, add_parcel) -> None:  # type: ignore[no-untyped-def]
    """localize_bindings rewrites DOMNode._bindings: the footer's words follow the language."""
    add_parcel()
    set_language("zh_CN")
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        described = {key: active.binding.description for key, active in app.main.active_bindings.items()}
        assert described["q"] == _("Quit") != "Quit"
        assert described["a"] != "Add"  # a screen's own binding, too


async def test_a_confirm_dialogs_ctrl_s_says_what_its_button_says(make_app) -> None:  # type: ignore[no-untyped-def]
    """relabel rewrites DOMNode._bindings: ctrl+s reads "Delete" in the footer, not "Confirm"."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        app.call_later(app.push_screen, Confirm("Delete parcel", "Delete it?", "Delete"))
        await until(pilot, lambda: isinstance(app.screen, Confirm), "the confirm dialog")
        described = {key: active.binding.description for key, active in app.screen.active_bindings.items()}
        assert described["ctrl+s"] == "Delete"
        # The question that writes (the desk's u and d) too.
        app.call_later(app.push_screen, ConfirmWrite(app.desk, "Undo", "Retract it?", "Retract", lambda _reason: None))
        await until(pilot, lambda: isinstance(app.screen, ConfirmWrite), "the writing confirm dialog")
        described = {key: active.binding.description for key, active in app.screen.active_bindings.items()}
        assert described["ctrl+s"] == "Retract"
        # A question with its own word for esc ("Discard your changes?": Keep editing) says it in the footer too.
        app.call_later(app.push_screen, Confirm("Discard your changes?", "Discard them?", "Discard", cancel_label="Keep editing"))
        await until(pilot, lambda: isinstance(app.screen, Confirm) and app.screen.question.cancel_label is not None, "the discard question")
        described = {key: active.binding.description for key, active in app.screen.active_bindings.items()}
        assert (described["ctrl+s"], described["escape"]) == ("Discard", "Keep editing")


async def test_a_data_file_error_in_a_handler_leaves_with_code_4(make_app) -> None:  # type: ignore[no-untyped-def]
    """ClaimdeskApp._handle_exception: a DataFileError raised anywhere in the app (no Textual
    hook for unhandled errors) exits with 4 and keeps the message for the data-error screen."""
    app = make_app()

    def damaged() -> None:
        raise DataFileError("the file went bad")

    async with app.run_test(size=SIZE):
        app.call_later(damaged)
        for _ in range(1500):  # a state, polled: the app is closing, so no Pilot pause
            if app.data_error is not None:
                break
            await asyncio.sleep(0.02)
    assert app.return_value == 4 and app.data_error == "the file went bad"  # run_app shows it and exits 4


class ListApp(App[None]):
    def compose(self) -> ComposeResult:
        yield ParcelTable(id="parcels")


async def test_filtering_resizes_the_list_and_its_scrollbar_without_a_layout(desk: Desk) -> None:
    """VirtualList._set_virtual_size updates the scrollbars by Widget._scroll_update: after a
    filter the list scrolls over exactly the rows left, and back to the top when they fit."""
    parcels, complaints = generate(300, desk.now(), seed=3)
    seed(desk.path, parcels, complaints)
    app = ListApp()
    async with app.run_test(size=(120, 30)) as pilot:
        table = app.query_one(ParcelTable)
        table.load(desk.rows(), {}, desk.now())
        await pilot.pause()
        table.cursor = len(table.items) - 1
        await until(pilot, lambda: table.scroll_y > 0, "scrolled to the last row")
        assert table.show_vertical_scrollbar
        table.filter(table.items[-1].tracking)
        await pilot.pause()
        assert len(table.items) == 1
        assert table.virtual_size.height == table.item_height + table.header_height
        assert table.scroll_y == 0 and table.max_scroll_y == 0
        assert not table.show_vertical_scrollbar
