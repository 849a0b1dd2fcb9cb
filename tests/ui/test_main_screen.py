"""The main screen: filter as you type, help, quit, layout at small and large sizes, a light theme."""

from __future__ import annotations

import pytest
from textual.widgets import Input

from claimdesk.ui.screens.help import HelpScreen
from claimdesk.ui.widgets.countdown import CountdownPanel
from claimdesk.ui.widgets.parcel_table import ParcelTable
from tests.ui._pilot import SIZE, lines_of, s10


@pytest.fixture
def three_parcels(add_parcel) -> list[str]:
    numbers = [s10("12345678"), s10("98765432", "RB"), s10("55512345", "LX", "GB")]
    add_parcel(tracking=numbers[0], order="8100000000000001", status="lost")
    add_parcel(tracking=numbers[1], order="8100000000000002", status="in-transit", carrier="Yanwen")
    add_parcel(tracking=numbers[2], order="8100000000000003", status="delayed", destination="FR")
    return numbers


async def test_filter_shrinks_the_list_and_escape_clears_it(make_app, three_parcels) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        table = app.query_one(ParcelTable)
        field = app.query_one("#filter", Input)
        assert len(table.items) == 3
        assert not field.display

        await pilot.press("slash")
        assert field.display and app.focused is field
        await pilot.press(*"87654")  # part of the RB number's serial
        assert [row.tracking for row in table.items] == [three_parcels[1]]
        drawn = lines_of(table)
        assert any(three_parcels[1] in line for line in drawn)
        assert not any(three_parcels[0] in line or three_parcels[2] in line for line in drawn)

        await pilot.press("backspace", "backspace", "backspace", "backspace", "backspace")
        await pilot.press(*"lx5")  # lower case matches too
        assert [row.tracking for row in table.items] == [three_parcels[2]]

        await pilot.press("escape")
        await pilot.pause()
        assert len(table.items) == 3
        assert field.value == "" and not field.display
        assert app.focused is table


async def test_filter_matches_carrier_and_status(make_app, three_parcels) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        table = app.query_one(ParcelTable)
        await pilot.press("slash", *"yanwen")
        assert [row.tracking for row in table.items] == [three_parcels[1]]
        await pilot.press("enter")  # keeps the filter, back to the list
        assert app.focused is table and len(table.items) == 1
        await pilot.press("slash")
        await pilot.press(*"zzz")
        assert table.items == []
        await pilot.press("escape")
        assert len(table.items) == 3


async def test_help_opens_with_question_mark_and_f1_and_escape_closes_it(make_app) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        assert "claimdesk help" in str(app.screen.query_one("#dialog").border_title)
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, HelpScreen)
        assert len(app.screen_stack) == 1

        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert len(app.screen_stack) == 1


async def test_q_quits_with_status_0(make_app) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("q")
        await pilot.pause()
    assert app.return_value == 0
    assert not app.is_running


@pytest.mark.parametrize("size", [(80, 24), (200, 50)])
async def test_readable_at_small_and_large_sizes(make_app, three_parcels, size) -> None:
    app = make_app()
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        table = app.query_one(ParcelTable)
        panel = app.query_one(CountdownPanel)
        width, height = size
        for widget in (table, panel):
            region = widget.region
            assert region.width > 0 and region.height > 0, f"{widget.id} has no room at {size}"
            assert region.right <= width and region.bottom <= height, f"{widget.id} is off screen at {size}"
        assert panel.region.x > table.region.x, "the countdown must be beside the list"
        assert panel.region.x >= table.region.right, "the countdown must not overlap the list"
        assert table.region.y == panel.region.y or abs(table.region.y - panel.region.y) <= 3

        # What is drawn: the header, each parcel's tracking number, and the soonest clock.
        drawn = lines_of(table)
        assert drawn[0].startswith("Tracking")
        for number in three_parcels:
            assert any(number in line for line in drawn), f"{number} not drawn at {size}"
        clocks = lines_of(panel)
        assert any(panel.items[0].tracking in line for line in clocks)


async def test_light_theme_still_shows_the_parcels(make_app, three_parcels) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        dark_background = app.screen.styles.background
        app.theme = "textual-light"
        await pilot.pause()
        assert app.current_theme.dark is False
        background = app.screen.styles.background
        assert background != dark_background
        assert background.brightness > 0.5, "the light theme must actually be light"

        table = app.query_one(ParcelTable)
        panel = app.query_one(CountdownPanel)
        drawn = lines_of(table)
        for number in three_parcels:
            assert any(number in line for line in drawn)
        assert table.region.width > 0 and panel.region.width > 0
        assert any(panel.items[0].tracking in line for line in lines_of(panel))

        # The cursor row must not be drawn in the same colour as its background.
        cursor_style = table.get_component_rich_style("parcel-table--cursor")
        assert cursor_style.color != cursor_style.bgcolor


async def test_o_sorts_by_the_next_column(make_app, three_parcels) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        table = app.query_one(ParcelTable)
        assert table.sort_key == "next"
        for _ in range(12):  # o steps through the columns; stop on Tracking
            await pilot.press("o")
            if table.sort_key == "tracking":
                break
        assert table.sort_key == "tracking"
        assert [row.tracking for row in table.items] == sorted(three_parcels)
        assert lines_of(table)[0].startswith("Tracking ▲")
        await pilot.press("O")
        assert [row.tracking for row in table.items] == sorted(three_parcels, reverse=True)
