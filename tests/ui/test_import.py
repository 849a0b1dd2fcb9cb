"""`i`: import parcels from CSV in the app. The file is read off the event loop; a preview shows
what will change (field: before → after) before anything is written; the result screen lists
every bad row with its line and all of its errors, and saves them to a file."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Checkbox, Input, Static

from claimdesk.services import Desk
from claimdesk.ui.screens.import_csv import ImportPreview, ImportResults, ImportScreen
from tests.ui._pilot import SIZE, reopen, s10, text_of, until

HEADER = "tracking,order,service,created_at,item,declared_value,weight,shipping_fee,status\n"


def row(tracking: str, status: str = "lost") -> str:
    return f"{tracking},8100000000000001,ems,2026-03-01 10:00,declared,1200.00,1.3,180.00,{status}\n"


async def read_file(pilot, app, source: Path, *, update: bool = False, skip: bool = False) -> ImportScreen:
    await pilot.press("i")
    await until(pilot, lambda: isinstance(app.screen, ImportScreen), "the import dialog")
    screen = app.screen
    screen.query_one("#path", Input).value = str(source)
    screen.query_one("#update", Checkbox).value = update
    screen.query_one("#skip", Checkbox).value = skip
    screen.query_one("#path", Input).focus()
    await pilot.press("enter")
    return screen


async def test_i_previews_then_imports_and_the_list_shows_it(make_app, desk: Desk, tmp_path: Path) -> None:
    source = tmp_path / "parcels.csv"
    source.write_text(HEADER + row(s10("11111111")) + row(s10("22222222")), encoding="utf-8")
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await read_file(pilot, app, source)
        await until(pilot, lambda: isinstance(app.screen, ImportPreview), "the preview")
        assert "2 new, 0 updated" in text_of(app.screen.query_one("#summary"))
        assert desk.parcel_count() == 0  # nothing written before the seller says so
        await pilot.press("ctrl+s")
        await until(pilot, lambda: isinstance(app.screen, ImportResults), "the result")
        assert "2 added" in text_of(app.screen.query_one("#summary"))
        await pilot.press("escape")
        await until(pilot, lambda: len(app.screen_stack) == 1, "back on the desk")
        assert {row.tracking for row in app.query_one("#parcels").all_rows} == {s10("11111111"), s10("22222222")}
    assert s10("22222222") in desk.tracking_numbers()


async def test_update_preview_shows_field_before_and_after(make_app, add_parcel, desk: Desk, clock, tmp_path: Path) -> None:
    add_parcel(status="in-transit")
    source = tmp_path / "sync.csv"
    source.write_text("tracking,status,last_tracking_at\nEE123456785CN,lost,2026-03-10 08:00\n", encoding="utf-8")
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await read_file(pilot, app, source, update=True)
        await until(pilot, lambda: isinstance(app.screen, ImportPreview), "the preview")
        changes = text_of(app.screen.query_one("#change-list"))
        assert "EE123456785CN (line 2) changes:" in changes
        assert "Status: in transit → lost" in changes
        assert "Last tracking update: — → 2026-03-10T08:00:00+08:00" in changes
        await pilot.press("escape")  # back: nothing written
        await until(pilot, lambda: isinstance(app.screen, ImportScreen), "back in the import dialog")
        assert reopen(desk, clock).parcel("EE123456785CN").status.value == "in-transit"

        await pilot.press("enter")  # read it again, and write it this time
        await until(pilot, lambda: isinstance(app.screen, ImportPreview), "the preview again")
        await pilot.press("ctrl+s")
        await until(pilot, lambda: isinstance(app.screen, ImportResults), "the result")
        assert "0 added, 1 updated, 0 unchanged" in text_of(app.screen.query_one("#summary"))
        await pilot.press("escape")
        await until(pilot, lambda: len(app.screen_stack) == 1, "back on the desk")
    assert reopen(desk, clock).parcel("EE123456785CN").status.value == "lost"


async def test_a_refusal_lists_every_bad_row_with_all_its_errors(make_app, desk: Desk, tmp_path: Path) -> None:
    source = tmp_path / "parcels.csv"
    bad = "EE123456784CN,8100000000000001,ems,2026-03-01 10:00,declared,1200.00,-1,abc,gone\n"
    source.write_text(HEADER + row(s10("11111111")) + bad, encoding="utf-8")
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await read_file(pilot, app, source)
        await until(pilot, lambda: isinstance(app.screen, ImportResults), "the refusal")
        listed = text_of(app.screen.query_one("#error-list"))
        assert "line 3" in listed
        for name in ("Tracking number:", "Weight (kg):", "Shipping fee (CNY):", "Status:"):
            assert name in listed, (name, listed)
        assert "nothing imported" in text_of(app.screen.query_one("#summary"))
        await pilot.press("escape")
        await until(pilot, lambda: app.screen is screen, "back in the import dialog")
        assert "1 bad row: nothing imported" in text_of(screen.query_one("#form-error", Static))
    assert desk.parcel_count() == 0


async def test_the_bad_rows_can_be_saved_to_a_file(make_app, desk: Desk, tmp_path: Path) -> None:
    source = tmp_path / "parcels.csv"
    bad = "EE123456784CN,8100000000000001,ems,2026-03-01 10:00,declared,1200.00,-1,abc,lost\n"
    source.write_text(HEADER + bad, encoding="utf-8")
    target = tmp_path / "errors.txt"
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await read_file(pilot, app, source)
        await until(pilot, lambda: isinstance(app.screen, ImportResults), "the refusal")
        results = app.screen
        await pilot.press("s")
        await until(pilot, lambda: app.screen is not results, "the export dialog")
        app.screen.query_one("#path", Input).value = str(target)
        await pilot.press("enter")
        await until(pilot, lambda: app.screen is results, "back on the result")
        assert str(target) in text_of(results.query_one("#saved"))
    saved = target.read_text(encoding="utf-8").splitlines()
    assert saved[0].startswith("line 2: tracking: ")
    assert [line.split(": ")[1] for line in saved] == ["tracking", "weight", "shipping_fee"]


def footer_keys(screen) -> dict[str, str]:  # type: ignore[no-untyped-def]
    """The keys and words the footer of `screen` shows."""
    return {key.key: key.description for key in screen.query("FooterKey")}


async def test_the_result_shows_its_own_keys_not_the_forms(make_app, desk: Desk, tmp_path: Path) -> None:
    """The result dialog had no footer: the import form's "^s Read the file  esc Cancel" showed
    through it, keys that do not do that there."""
    source = tmp_path / "parcels.csv"
    source.write_text(HEADER + row(s10("11111111")), encoding="utf-8")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await read_file(pilot, app, source)
        await until(pilot, lambda: isinstance(app.screen, ImportPreview), "the preview")
        await pilot.press("ctrl+s")
        await until(pilot, lambda: isinstance(app.screen, ImportResults), "the result")
        await until(pilot, lambda: footer_keys(app.screen), "its footer")
        keys = footer_keys(app.screen)
        assert keys.get("escape") == "Close" and "ctrl+s" not in keys, keys


async def test_dollar_amounts_left_out_are_explained_in_the_apps_words(make_app, desk: Desk, tmp_path: Path) -> None:
    """The preview said "pass --usd-rate RATE", an option of the command line; the app has a rate field."""
    source = tmp_path / "orders.csv"
    source.write_text(
        "Order ID,Order Status,Shipping Method,Tracking Number,Shipping Time,Country,Order Amount\n"
        "8100000000000001,Awaiting delivery,AliExpress Standard Shipping,LP00123456789012,2026-03-01 10:00,US,US $18.40\n",
        encoding="utf-8",
    )
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await read_file(pilot, app, source)
        await until(pilot, lambda: isinstance(app.screen, ImportPreview), "the preview")
        shown = " ".join(text_of(app.screen.query_one("#how-read")).split())
        assert "enter the USD rate" in shown and "--usd-rate" not in shown, shown
