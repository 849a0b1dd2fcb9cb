"""Issue 20, items 3 and 5, and issue 21, item 2 (help): the keys a seller needs show at 80x24,
`?` first; the help's keys come from the bindings and its numbers from the settings in force;
urgency reads without colour (a sign per band; NO_COLOR and TERM=dumb get no colour at all)."""

from __future__ import annotations

import re
from importlib.resources import files

import pytest
from textual.widgets import Markdown

from claimdesk.domain.deadlines import Urgency
from claimdesk.i18n import set_language
from claimdesk.ui.app import plain_terminal
from claimdesk.ui.screens.help import HelpScreen, help_text
from claimdesk.ui.urgency import SIGN_WIDTH, SIGNS
from claimdesk.ui.widgets.countdown import CountdownPanel
from claimdesk.ui.widgets.parcel_table import ParcelTable
from tests.ui._pilot import lines_of, until

LONG = "UUSC0000000003834"


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
async def test_the_80x24_footer_shows_help_first_and_filter_and_quit(make_app, add_parcel, lang) -> None:  # type: ignore[no-untyped-def]
    add_parcel()
    set_language(lang)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        keys = list(app.main.active_bindings)
        assert keys[0] == "question_mark"

        def footer_keys() -> dict:  # type: ignore[type-arg]
            return {key.key: key.region for key in app.main.query("FooterKey") if key.region.width}  # type: ignore[attr-defined]

        # The footer is laid out after the first refresh: on a loaded machine, later than one pause.
        await until(pilot, lambda: "q" in footer_keys(), "the footer laid out")
        shown = footer_keys()
        for key in ("question_mark", "a", "c", "r", "slash", "q"):
            assert key in shown and shown[key].right <= 80, (key, shown.get(key))


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
@pytest.mark.parametrize("width", [80, 90, 100, 120])
async def test_the_footer_shows_only_whole_keys(make_app, add_parcel, lang, width) -> None:  # type: ignore[no-untyped-def]
    """At 80 columns the footer ended in a cut "i Imp": the keys that do not fit are left out
    (they still work, and the help lists them), every key shown is whole, left of the palette's."""
    add_parcel()
    set_language(lang)
    app = make_app()
    async with app.run_test(size=(width, 24)) as pilot:

        def footer() -> list:  # type: ignore[type-arg]
            return [key for key in app.main.query("FooterKey") if key.region.width]

        await until(pilot, lambda: any(key.key == "q" for key in footer()), "the footer laid out")
        keys = footer()
        palette = next(key for key in keys if key.has_class("-command-palette"))
        shown = [key for key in keys if key is not palette]
        for key in shown:
            assert key.region.right <= palette.region.x, (key.key, key.region, palette.region)
        assert [key.key for key in shown][:2] == ["question_mark", "a"]
        if width == 80 and lang == "en":
            assert "i" not in {key.key for key in shown}
            await pilot.press("i")  # left out of the footer, still a key
            await until(pilot, lambda: app.screen is not app.main, "the import dialog")
        elif width >= 100 and lang == "en":
            assert "i" in {key.key for key in shown}


async def test_help_numbers_are_the_settings_in_force(make_app, desk) -> None:  # type: ignore[no-untyped-def]
    desk.update_settings(filing_window_days=90, chamber_reply_days=12, window_opens_hours={**desk.settings.window_opens_hours, "loss": 120})
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.press("question_mark")
        await until(pilot, lambda: isinstance(app.screen, HelpScreen), "help")
        text = app.screen.query_one(Markdown).source
        assert "closes 90 natural days" in text and "120 natural days" not in text
        assert "within 12\n  natural days" in text
        assert "loss: 5 days after the last tracking update" in text
        assert "- `a`  Add a parcel" in text and "- `ctrl+s`  Save" in text


def test_help_keys_follow_the_sellers_keymap(make_app, desk) -> None:  # type: ignore[no-untyped-def]
    text = help_text(make_app(), desk.settings, {"add": "ctrl+a", "help": "f1"})
    assert "- `ctrl+a`  Add a parcel" in text and "- `a`  Add" not in text
    assert "- `f1`  Keys and rules" in text


@pytest.mark.parametrize("name", ["help.md", "help.zh_CN.md"])
def test_the_help_files_hold_no_key_and_no_rule_number(name: str) -> None:
    """Keys and numbers are filled in from the bindings and the settings; only the format
    example of a remaining time is written in the file."""
    text = files("claimdesk.ui").joinpath(name).read_text(encoding="utf-8")
    text = text.replace("`3d 04:12:09`", "").replace("`3天 04:12:09`", "")
    assert "`" not in text
    assert not re.findall(r"\d", text.replace("Asia/Shanghai", ""))


def test_the_chinese_help_lists_keys_whole(make_app, desk) -> None:  # type: ignore[no-untyped-def]
    set_language("zh_CN")
    text = help_text(make_app(), desk.settings, {})
    assert "| " not in text  # a list, not a table: no column squeezed to one character
    for key in ("ctrl+p", "enter", "? / f1", "ctrl+s"):
        assert f"- `{key}`" in text


def test_every_band_has_a_sign_of_the_same_width() -> None:
    from rich.cells import cell_len

    assert set(SIGNS) == set(Urgency)
    assert {cell_len(sign) for sign in SIGNS.values()} == {SIGN_WIDTH}
    marks = [SIGNS[level].strip() for level in (Urgency.SOON, Urgency.URGENT, Urgency.PENDING)]
    assert len(set(marks)) == len(marks) and all(marks)
    assert SIGNS[Urgency.OVERDUE].strip()  # the same as the last 24 hours, with a negative time


async def test_the_list_and_the_countdown_show_the_bands_sign(make_app, add_parcel, desk, clock) -> None:  # type: ignore[no-untyped-def]
    add_parcel()  # its filing window closes 120 days after 2026-03-01 10:00
    add_parcel(tracking=LONG, order="8100000000000002", service="special-line")
    clock.advance(days=100, hours=12)  # 12 hours before it closes: within 24 hours
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        row = lines_of(app.main.query_one(ParcelTable))[1]
        panel = lines_of(app.main.query_one(CountdownPanel))[0]
        level = app.main.query_one(CountdownPanel).level(0)
        assert level is Urgency.URGENT
        assert SIGNS[level].strip() in row and panel.startswith(SIGNS[level].strip())
        # A 17-character tracking number beside it: the list's time stays whole at 80 columns.
        rows = lines_of(app.main.query_one(ParcelTable))
        assert any(LONG in line for line in rows)
        assert all(re.search(r"\dd \d\d:\d\d:\d\d", line) for line in rows[1:3]), rows[:3]


@pytest.mark.parametrize(
    ("environ", "plain"),
    [({"NO_COLOR": "1"}, True), ({"NO_COLOR": ""}, True), ({"TERM": "dumb"}, True), ({"TERM": "xterm-256color"}, False), ({}, False)],
)
def test_no_color_and_a_dumb_terminal_get_no_colour(environ: dict[str, str], plain: bool) -> None:
    assert plain_terminal(environ) is plain


async def test_the_app_in_plain_mode_uses_the_terminals_colours_without_colour(make_app, desk, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("NO_COLOR", "1")
    from claimdesk.ui.app import ClaimdeskApp

    app = ClaimdeskApp(desk, tick_seconds=3600, ansi_color=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.no_color and app.ansi_color
        svg = app.export_screenshot()
    # No 24-bit colour of the theme's urgency bands in what is drawn.
    assert "#ba3c5b" not in svg.lower()
