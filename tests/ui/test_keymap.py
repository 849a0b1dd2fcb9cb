"""Issue 21, item 5: the seller's keymap (keymap.toml in the config folder, keyed on the binding
ids, as posting's): the keys work, the footer and the help show them, a bad line is named."""

from __future__ import annotations

from claimdesk.ui.keymap import keymap_path
from claimdesk.ui.screens.help import HelpScreen
from claimdesk.ui.screens.parcel_form import ParcelForm
from tests.ui._pilot import notes, until


def write_keymap(text: str) -> None:
    path = keymap_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


async def test_a_remapped_key_works_and_shows_in_the_footer_and_the_help(make_app, add_parcel) -> None:  # type: ignore[no-untyped-def]
    add_parcel()
    write_keymap('add = "ctrl+a"\nfilter = "f3"\n')
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        assert "ctrl+a" in app.main.active_bindings and "f3" in app.main.active_bindings
        await pilot.press("a")  # the old key no longer adds
        await pilot.pause()
        assert app.screen is app.main
        await pilot.press("ctrl+a")
        await until(pilot, lambda: isinstance(app.screen, ParcelForm), "the add form on ctrl+a")
        await pilot.press("escape")
        await until(pilot, lambda: app.screen is app.main, "back")
        await pilot.press("question_mark")
        await until(pilot, lambda: isinstance(app.screen, HelpScreen), "help")
        from textual.widgets import Markdown

        source = app.screen.query_one(Markdown).source
        assert "- `ctrl+a`  Add a parcel" in source and "- `f3`  Filter" in source


async def test_a_bad_line_is_named_and_the_rest_applies(make_app) -> None:  # type: ignore[no-untyped-def]
    write_keymap('no-such-key = "x"\nadd = 3\nsettings = "f4"\n')
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        said = "\n".join(notes(app))
        assert "'no-such-key' is no key's id" in said and "add = 3" in said
        assert "f4" in app.main.active_bindings and "a" in app.main.active_bindings


async def test_a_damaged_keymap_file_leaves_the_default_keys(make_app) -> None:  # type: ignore[no-untyped-def]
    write_keymap("add = \n")
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        assert any("not read" in note for note in notes(app))
        assert "a" in app.main.active_bindings
