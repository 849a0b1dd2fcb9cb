"""`i`: import parcels from CSV in the app (parsed off the event loop, written on it)."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input, Static

from claimdesk.services import Desk
from claimdesk.ui.screens.import_csv import ImportScreen
from tests.ui._pilot import SIZE, s10, until

HEADER = "tracking,order,service,created_at,item,declared_value,weight,shipping_fee,status\n"


def row(tracking: str) -> str:
    return f"{tracking},8100000000000001,ems,2026-03-01 10:00,declared,1200.00,1.3,180.00,lost\n"


async def wait_for(pilot, condition) -> None:  # type: ignore[no-untyped-def]
    await until(pilot, condition, "the import worker finished")


async def test_i_imports_a_csv_and_the_list_shows_it(make_app, desk: Desk, tmp_path: Path) -> None:
    source = tmp_path / "parcels.csv"
    source.write_text(HEADER + row(s10("11111111")) + row(s10("22222222")), encoding="utf-8")
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("i")
        await pilot.pause()
        assert isinstance(app.screen, ImportScreen)
        app.screen.query_one("#path", Input).value = str(source)
        await pilot.press("enter")
        await wait_for(pilot, lambda: not isinstance(app.screen, ImportScreen))
        assert not isinstance(app.screen, ImportScreen)
        assert {row.tracking for row in app.query_one("#parcels").all_rows} == {s10("11111111"), s10("22222222")}
    assert s10("22222222") in desk.tracking_numbers()


async def test_a_bad_row_refuses_the_whole_file(make_app, desk: Desk, tmp_path: Path) -> None:
    source = tmp_path / "parcels.csv"
    source.write_text(HEADER + row(s10("11111111")) + row("EE123456784CN"), encoding="utf-8")
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("i")
        await pilot.pause()
        screen = app.screen
        screen.query_one("#path", Input).value = str(source)
        await pilot.press("enter")
        error = screen.query_one("#form-error", Static)
        await wait_for(pilot, lambda: "line 3" in str(error.render()))
        assert "line 3" in str(error.render())
        assert app.screen is screen
    assert desk.parcel_count() == 0
