"""The parcel list (issue 11, item 9; issue 10, item 8): `o` sorts by the columns on screen,
sorted titles are whole, 80x24 keeps the status, an empty desk says how to start and an empty
deadlines panel says why; the filter takes several words, service and stage words, and the
list says 'N of M parcels'."""

from __future__ import annotations

import pytest

from claimdesk.i18n import set_language
from claimdesk.ui.widgets.countdown import CountdownPanel
from claimdesk.ui.widgets.parcel_table import ParcelTable
from tests.ui._pilot import lines_of, s10, shanghai

NUMBERS = [s10("12345678"), s10("98765432", "RB"), s10("55512345", "LX", "GB")]


@pytest.fixture
def three(add_parcel, desk):  # type: ignore[no-untyped-def]
    add_parcel(tracking=NUMBERS[0], order="8100000000000001", status="lost", destination="GB")
    add_parcel(tracking=NUMBERS[1], order="8100000000000002", status="lost", destination="US", service="special-line", carrier="Yanwen")
    add_parcel(tracking=NUMBERS[2], order="8100000000000003", status="delayed", destination="GB", created_at="2026-01-05 10:00")
    desk.file_complaint(NUMBERS[2], "delay", shanghai("2026-03-10 10:00"))
    desk.record_step(NUMBERS[2], "no-agreement", shanghai("2026-03-12 10:00"))
    desk.record_step(NUMBERS[2], "escalated", shanghai("2026-03-13 10:00"))


@pytest.mark.parametrize("size", [(80, 24), (120, 36), (200, 50)])
async def test_o_sorts_by_the_columns_on_screen_only_and_their_titles_stay_whole(make_app, three, size) -> None:  # type: ignore[no-untyped-def]
    for language in ("en", "zh"):
        set_language(language)
        app = make_app()
        async with app.run_test(size=size) as pilot:
            table = app.main.query_one(ParcelTable)
            visible = [column.key for column in table.columns]
            seen = []
            for _ in range(len(visible) + 1):
                await pilot.press("o")
                await pilot.pause()
                seen.append(table.sort_key)
                header = lines_of(table)[0]
                column = next(c for c in table.columns if c.key == table.sort_key)
                from claimdesk.i18n import _

                assert f"{_(column.title)} ▲" in header, (language, size, header)
                assert "…" not in header
            assert set(seen) == set(visible), (size, visible, seen)


@pytest.mark.parametrize("language", ["en", "zh"])
async def test_80x24_keeps_the_status_and_the_whole_remaining_time(make_app, three, language) -> None:  # type: ignore[no-untyped-def]
    import re

    from claimdesk.labels import label

    set_language(language)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        table = app.main.query_one(ParcelTable)
        keys = [column.key for column in table.columns]
        assert {"tracking", "status", "next"} <= set(keys)
        lines = lines_of(table)
        assert label("status", "lost") in next(line for line in lines if NUMBERS[0] in line)
        assert not any("…" in line for line in lines), lines
        figure = re.compile(r"-?\d+(d|天) \d\d:\d\d:\d\d")
        panel = app.main.query_one(CountdownPanel)
        for line in lines[1:4]:
            tracking = line.split()[0]
            countdown = next(text for text in lines_of(panel) if tracking in text)
            assert figure.search(line).group(0) == figure.search(countdown).group(0), (line, countdown)


async def test_an_empty_desk_says_how_to_start_and_the_empty_deadlines_panel_says_why(make_app) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        shown = "\n".join(lines_of(app.main.query_one(ParcelTable)))
        assert "No parcels on the desk yet" in shown
        assert "a   add a parcel" in shown and "i   import parcels" in shown and "claimdesk demo" in shown
        assert "…" not in shown  # whole at 80 columns
        panel = "\n".join(lines_of(app.main.query_one(CountdownPanel)))
        assert "No clock is running" in panel
        assert "lost" in panel and "complaint is open" in panel


async def test_several_words_service_and_stage_words_and_n_of_m(make_app, three) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        table = app.main.query_one(ParcelTable)
        assert table.border_title == "3 parcels"
        await pilot.press("slash", *"lost GB")
        assert [row.tracking for row in table.items] == [NUMBERS[0]]
        assert table.border_title == "1 of 3 parcels"
        await pilot.press("ctrl+u")  # clear the field
        await pilot.press(*"special line")
        assert [row.tracking for row in table.items] == [NUMBERS[1]]
        await pilot.press("ctrl+u", *"escalated gb")
        assert [row.tracking for row in table.items] == [NUMBERS[2]]
        await pilot.press("ctrl+u", *"zzz")
        assert table.items == [] and table.border_title == "0 of 3 parcels"
        assert any("No parcel matches" in line for line in lines_of(table))
