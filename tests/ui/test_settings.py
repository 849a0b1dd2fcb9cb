"""`s`: change a rule setting, save it, and every clock is recomputed at once."""

from __future__ import annotations

from textual.widgets import Input

from claimdesk.ui.screens.settings import SettingsScreen
from claimdesk.ui.widgets.countdown import CountdownPanel
from claimdesk.ui.widgets.parcel_table import ParcelTable
from tests.ui._pilot import SIZE, notes, reopen, shanghai, text_of, until


async def test_filing_window_of_90_days_is_saved_and_the_clocks_move(make_app, add_parcel, desk, clock) -> None:
    add_parcel(created_at="2026-01-01 10:00")  # lost: its loss window closes 120 days later
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        panel = app.query_one(CountdownPanel)
        assert [(c.kind.value, c.due) for c in panel.items] == [("filing-window-closes", shanghai("2026-05-01 10:00"))]

        await pilot.press("s")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, SettingsScreen)
        field = screen.query_one("#filing_window_days", Input)
        assert field.value == "120"
        assert app.focused is field, "the first setting is ready to type"
        await pilot.press("9", "0")  # focusing selected "120": typing replaces it
        assert field.value == "90"
        await pilot.press("ctrl+s")
        await until(pilot, lambda: not isinstance(app.screen, SettingsScreen), "the settings closed after their write")
        assert [(c.kind.value, c.due) for c in panel.items] == [("filing-window-closes", shanghai("2026-04-01 10:00"))]
        deadline = app.query_one(ParcelTable).deadlines["EE123456785CN"]
        assert deadline.due == shanghai("2026-04-01 10:00")
        assert any("every clock was recomputed" in message for message in notes(app))

    settings = reopen(desk, clock).settings
    assert settings.filing_window_days == 90
    assert settings.chamber_reply_days == 10  # the others untouched


async def test_an_empty_number_is_refused_and_nothing_is_saved(make_app, desk, clock) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("s")
        await pilot.pause()
        screen = app.screen
        field = screen.query_one("#chamber_reply_days", Input)
        field.focus()
        await pilot.pause()
        await pilot.press(*"abc")  # an integer field ignores letters...
        await pilot.press("backspace")  # ...and the selected "10" is deleted
        assert field.value == ""
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, SettingsScreen)
        assert "whole number" in text_of(screen.query_one("#form-error"))
        await pilot.press("escape")  # the form has a change: asked first (issue 20, item 2)
        await pilot.pause()
        await pilot.press("ctrl+s")  # discard it
        await pilot.pause()
        assert len(app.screen_stack) == 1
    assert reopen(desk, clock).settings.chamber_reply_days == 10


async def test_a_number_with_an_underscore_or_other_digits_is_refused(make_app, desk, clock) -> None:
    """Issue 9, item 9: int() read '1_5' as 15 and '１５' as 15; the integer Input lets both be typed."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("s")
        await pilot.pause()
        screen = app.screen
        field = screen.query_one("#chamber_reply_days", Input)
        field.focus()
        await pilot.pause()
        await pilot.press("1", "underscore", "5")  # typing replaces the selected "10"
        assert field.value == "1_5"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, SettingsScreen)
        assert "digits 0-9" in text_of(screen.query_one("#form-error"))
        field.value = "１５"  # full-width digits (a Chinese input method's number keys)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, SettingsScreen)
        assert "digits 0-9" in text_of(screen.query_one("#form-error"))
        multiplier = screen.query_one("#multiplier", Input)
        field.value = "15"
        multiplier.value = "３"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, SettingsScreen)
        assert "digits 0-9" in text_of(screen.query_one("#form-error"))
    assert reopen(desk, clock).settings.chamber_reply_days == 10


async def test_a_carrier_name_with_an_invisible_character_is_refused(make_app, desk, clock) -> None:
    """Issue 18, item 4: the per-carrier names go through the one free-text validator."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("s")
        await until(pilot, lambda: isinstance(app.screen, SettingsScreen), "the settings screen")
        screen = app.screen
        screen.query_one("#carriers", Input).value = "yan\u202ewen=3"
        await pilot.press("ctrl+s")
        await until(pilot, lambda: "U+202E" in text_of(screen.query_one("#form-error")), "the refusal")
        assert isinstance(app.screen, SettingsScreen)
    assert reopen(desk, clock).settings.carrier_multipliers == {}


async def test_a_filing_window_opening_shows_whole_days_and_takes_days_or_hours(make_app, desk, clock) -> None:
    """Issue 20 item 7: loss opens after 240 hours, shown as 10d; typed as days or hours."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("s")
        await until(pilot, lambda: isinstance(app.screen, SettingsScreen), "settings")
        loss = app.screen.query_one("#opens-loss", Input)
        assert loss.value == "10d"
        for widget_id, typed in (("#opens-loss", "12d"), ("#opens-damage", "36h")):
            field = app.screen.query_one(widget_id, Input)
            field.focus()
            await pilot.pause()
            await pilot.press(*typed)  # focusing selected the value: typing replaces it
            assert field.value == typed
        await pilot.press("ctrl+s")
        await until(pilot, lambda: not isinstance(app.screen, SettingsScreen), "the settings closed after their write")
    opens = reopen(desk, clock).settings.window_opens_hours
    assert (opens["loss"], opens["damage"]) == (12 * 24, 36)


async def test_two_bad_settings_are_both_named_and_nothing_is_saved(make_app, desk, clock) -> None:
    """Issue 20, item 6: one save names every wrong setting, each next to its field, not one per save."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("s")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, SettingsScreen)
        chamber = screen.query_one("#chamber_reply_days", Input)
        chamber.focus()
        await pilot.pause()
        await pilot.press("backspace")  # the selected "10" is deleted
        multiplier = screen.query_one("#multiplier", Input)
        multiplier.focus()
        await pilot.pause()
        await pilot.press(*"lots")  # typing replaces the selected multiplier
        assert (chamber.value, multiplier.value) == ("", "lots")
        await pilot.press("ctrl+s")
        await until(pilot, lambda: bool(text_of(screen.query_one("#form-error"))), "the save was refused")
        assert isinstance(app.screen, SettingsScreen)
        summary = text_of(screen.query_one("#form-error"))
        assert "Chamber reply due after (days)" in summary
        assert "Special line cap (× freight)" in summary
        invalid = [field.input.id for field in screen.query(".field.-invalid")]  # type: ignore[attr-defined]
        assert invalid == ["chamber_reply_days", "multiplier"]
        assert app.focused is chamber, "the first wrong setting is ready to correct"
    settings = reopen(desk, clock).settings
    assert settings.chamber_reply_days == 10
    assert str(settings.special_line_multiplier) == "2"


async def test_the_us_dollar_rate_is_typed_saved_and_cleared(make_app, desk, clock) -> None:
    """docs/rules.md section 6: the rate an import uses when it names no --usd-rate."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("s")
        await pilot.pause()
        field = app.screen.query_one("#usd_rate", Input)
        assert field.value == ""
        field.focus()
        await pilot.pause()
        await pilot.press("7", "full_stop", "1", "0")
        assert field.value == "7.10"
        await pilot.press("ctrl+s")
        await until(pilot, lambda: not isinstance(app.screen, SettingsScreen), "the settings closed after their write")
    assert str(reopen(desk, clock).settings.usd_rate) == "7.10"

    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("s")
        await pilot.pause()
        screen = app.screen
        field = screen.query_one("#usd_rate", Input)
        assert field.value == "7.1"
        field.focus()
        await pilot.pause()
        await pilot.press("0")  # focusing selected "7.1": typing replaces it
        assert field.value == "0"
        await pilot.press("ctrl+s")
        await until(pilot, lambda: "not a rate" in text_of(screen.query_one("#form-error")), "the bad rate is named")
        assert isinstance(app.screen, SettingsScreen)
        assert text_of(screen.query_one("#form-error")).startswith("US $ import rate")
        await pilot.press("backspace")  # blank: no rate
        await pilot.press("ctrl+s")
        await until(pilot, lambda: not isinstance(app.screen, SettingsScreen), "the settings closed after their write")
    assert reopen(desk, clock).settings.usd_rate is None
