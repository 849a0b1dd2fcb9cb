"""`k`: the calculator, prefilled from the selected parcel, the result updating as you type."""

from __future__ import annotations

import re
from decimal import Decimal

from textual.command import CommandList
from textual.widgets import Input, Select

from claimdesk.ui.screens.calculator import CalculatorScreen
from claimdesk.ui.widgets.parcel_table import ParcelTable
from tests.ui._pilot import SIZE, s10, text_of, until


async def open_calculator(pilot) -> None:
    """Open the calculator for the selected parcel with the seller's key."""
    await pilot.press("k")
    await pilot.pause()


def result_text(app) -> str:
    return text_of(app.screen.query_one("#result"))


def figure(text: str, label: str) -> str:
    """The amount on the line that mentions `label`."""
    for line in text.splitlines():
        if label in line:
            match = re.search(r"¥[\d,]+\.\d\d", line)
            assert match, line
            return match.group(0)
    raise AssertionError(f"no line with {label!r} in:\n{text}")


async def test_calculator_prefilled_updates_as_you_type_and_shows_the_special_line_range(make_app, add_parcel) -> None:
    add_parcel(declared_value="300.00")  # EMS, lost, 1.3 kg, fee 180.00
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_calculator(pilot)
        screen = app.screen
        assert isinstance(screen, CalculatorScreen)
        assert screen.query_one("#service", Select).value == "ems"
        assert screen.query_one("#incident", Select).value == "loss"
        assert screen.query_one("#item", Select).value == "declared"
        assert screen.query_one("#declared_value", Input).value == "300.00"
        assert screen.query_one("#weight", Input).value == "1.3"
        assert screen.query_one("#shipping_fee", Input).value == "180.00"
        assert screen.query_one("#inquiry_fee", Input).value == ""
        assert "EE123456785CN" in str(screen.query_one("#calc-inputs").border_title)
        before = result_text(app)
        assert before.splitlines()[0] == "¥480.00"  # 300.00 declared + 180.00 postage refunded
        assert figure(before, "shortfall") == "¥0.00"

        # Tab from the service to the declared value; focusing selects it, typing replaces it.
        assert app.focused is screen.query_one("#service", Select)
        await pilot.press("tab", "tab", "tab")
        assert app.focused is screen.query_one("#declared_value", Input)
        await pilot.press(*"1200.00")
        assert screen.query_one("#declared_value", Input).value == "1200.00"
        after = result_text(app)
        # The docs/rules.md EMS example: cap 500 + 60 x 2 = 620.00, + 180.00 postage = 800.00.
        assert after.splitlines()[0] == "¥800.00"
        assert figure(after, "shortfall") == "¥580.00"
        assert "¥620.00" in after and "¥180.00" in after

        # Special line: the service Select driven by keys (enter opens it, type to search, enter).
        await pilot.press("shift+tab", "shift+tab", "shift+tab")
        assert app.focused is screen.query_one("#service", Select)
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press(*"special", "enter")
        await pilot.pause()
        assert screen.query_one("#service", Select).value == "special-line"
        special = result_text(app)
        assert "Special line range" in special
        assert figure(special, "at 2 × freight") == "¥360.00"
        assert figure(special, "at 3 × freight") == "¥540.00"

        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, CalculatorScreen)


async def test_calculator_shows_the_rule_message_for_a_bad_input(make_app, add_parcel) -> None:
    add_parcel()
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_calculator(pilot)
        screen = app.screen
        weight = screen.query_one("#weight", Input)
        weight.focus()
        await pilot.pause()
        await pilot.press("0")
        assert weight.value == "0"
        message = result_text(app)
        assert message.startswith("Weight (kg):")
        assert "greater than 0" in message
        await pilot.press("backspace", *"1.3")
        assert result_text(app).splitlines()[0] == "¥800.00"


async def test_calculator_without_a_parcel_starts_empty(make_app) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_calculator(pilot)
        screen = app.screen
        assert isinstance(screen, CalculatorScreen)
        assert screen.query_one("#declared_value", Input).value == ""
        await pilot.press("tab", "tab", "tab", *"1200.00", "tab", "tab", *"1.3", "tab", *"180")
        assert result_text(app).splitlines()[0] == "¥800.00"
        assert figure(result_text(app), "shortfall") == "¥580.00"


async def test_k_on_the_parcel_list_opens_the_calculator(make_app, add_parcel) -> None:
    add_parcel(tracking=s10("11111111"))
    add_parcel(tracking=s10("22222222"))
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        table = app.query_one(ParcelTable)
        assert app.focused is table
        await pilot.press("down")
        selected = table.current
        await pilot.press("k")
        await pilot.pause()
        assert isinstance(app.screen, CalculatorScreen)
        assert selected is not None and selected.tracking in str(app.screen.query_one("#calc-inputs").border_title)


async def test_the_command_palette_opens_the_calculator(make_app, add_parcel) -> None:
    add_parcel()
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"Calc")
        await until(pilot, lambda: app.screen.query_one(CommandList).option_count > 0, "the palette found the calculator")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, CalculatorScreen)
        assert app.screen.query_one("#declared_value", Input).value == "1200.00"


async def test_the_multiplier_is_the_carriers_setting_and_any_the_settings_allow(make_app, add_parcel, desk) -> None:
    """Not only 2x or 3x: the carrier's multiplier from the settings (2.5 here), then any value up to
    MULTIPLIER_MAX typed in; above it the calculator names the bound."""
    desk.update_settings(carrier_multipliers={"yanwen": Decimal("2.5")})
    add_parcel(service="special-line", carrier="Yanwen", declared_value="1200.00")  # fee 180.00
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_calculator(pilot)
        screen = app.screen
        multiplier = screen.query_one("#multiplier", Input)
        assert multiplier.value == "2.5"
        assert result_text(app).splitlines()[0] == "¥450.00"  # 2.5 x 180.00 freight, below the 1,200.00 value
        multiplier.focus()
        await pilot.pause()
        await pilot.press("4")  # focusing selects the value: typing replaces it
        assert multiplier.value == "4"
        assert result_text(app).splitlines()[0] == "¥720.00"
        await pilot.press("backspace", *"11")
        message = result_text(app)
        assert message.startswith("Special line multiplier:")
        assert "at most 10" in message


async def test_at_80x24_a_rules_words_wrap_under_themselves(make_app, add_parcel) -> None:
    """At 80 columns a rule's second line began at the panel's edge, under the amounts."""
    add_parcel()  # docs/rules.md's EMS example: ¥800.00
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_calculator(pilot)
        await until(pilot, lambda: "¥620.00" in result_text(app), "the result")
        await until(pilot, lambda: any(line.startswith(" " * 14) for line in result_text(app).splitlines()), "wrapped to the width")
        lines = [line for line in result_text(app).splitlines()[2:] if line.strip()]
        panel = app.screen.query_one("#result").content_region.width
        for line in lines:
            assert line[:12].strip().startswith("¥") or not line[:14].strip(), line  # an amount, or words under words
            assert len(line.rstrip()) <= panel, line
