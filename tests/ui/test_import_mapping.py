"""Issue 17 item 4 in the app, and issue 20 item 2's import part: the import dialog reads the file
on ctrl+s (its button and footer say so), `enter` on a ticked box never unticks it, `esc` on a
changed form asks first; columns no profile places go to the mapping screen, which places them
with the keyboard, previews the first rows as the desk will read them, and saves the placement as
a profile that reads the next file of the same kind by itself."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Checkbox, DataTable, Input, Select

from claimdesk.importing.profiles import FIELDS
from claimdesk.locations import config_folder
from claimdesk.services import Desk
from claimdesk.ui.screens.confirm import Confirm
from claimdesk.ui.screens.import_csv import ImportPreview, ImportResults, ImportScreen
from claimdesk.ui.screens.import_mapping import MappingScreen, suggested_name
from tests.fixtures.seller_files import forwarder_csv
from tests.ui._pilot import SIZE, paste, text_of, until


def forwarder_file(folder: Path, name: str = "Yun export 2026-03.csv") -> Path:
    return forwarder_csv(folder, name)


def desk_file(folder: Path) -> Path:
    path = folder / "parcels.csv"
    path.write_text(
        "tracking,order,service,created_at,item,declared_value,weight,shipping_fee,status\n"
        "EE123456785CN,8100000000000001,ems,2026-03-01 10:00,declared,1200.00,1.3,180.00,lost\n"
        "RB123456785GB,8100000000000002,ems,2026-03-01 10:00,declared,1200.00,1.3,180.00,lost\n",
        encoding="utf-8",
    )
    return path


async def open_dialog(pilot, app, path: Path) -> ImportScreen:  # type: ignore[no-untyped-def]
    await pilot.press("i")
    await until(pilot, lambda: isinstance(app.screen, ImportScreen), "the import dialog")
    await paste(pilot, app.screen.query_one("#path", Input), str(path))
    return app.screen


async def choose(pilot, app, column: int, field: str) -> None:  # type: ignore[no-untyped-def]
    """Focus a column's choice, open it with enter, go down to `field` (below the 'not used'
    prompt), take it with enter."""
    steps = FIELDS.index(field) + 1
    # The screen is current before its widgets are all mounted: wait for the choice itself.
    await until(pilot, lambda: bool(app.screen.query(f"#column-{column}")), f"column {column}'s choice")
    select = app.screen.query_one(f"#column-{column}", Select)
    select.focus()
    await until(pilot, lambda: select.has_focus, f"column {column}'s choice focused")
    await pilot.press("enter")
    await until(pilot, lambda: select.expanded, f"column {column}'s choices open")
    await pilot.press(*(["down"] * steps), "enter")
    await until(pilot, lambda: select.value == field, f"column {column} placed as {field}")


def preview_text(app) -> str:  # type: ignore[no-untyped-def]
    table = app.screen.query_one("#preview", DataTable)
    return " | ".join(str(cell) for row in range(table.row_count) for cell in table.get_row_at(row))


async def test_ctrl_s_reads_the_file_and_the_footer_and_button_say_so(make_app, desk: Desk, tmp_path: Path) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_dialog(pilot, app, desk_file(tmp_path))
        shown = {active.binding.key: active.binding.description for active in app.screen.active_bindings.values() if active.binding.show}
        assert shown["ctrl+s"] == "Read the file"
        assert "ctrl+s" in str(app.screen.query_one("#import").label)
        await pilot.press("ctrl+s")
        await until(pilot, lambda: isinstance(app.screen, ImportPreview), "the preview")
        assert "2 new" in text_of(app.screen.query_one("#summary"))
        assert "Read as claimdesk" in text_of(app.screen.query_one("#how-read"))


async def test_enter_on_a_ticked_update_box_reads_the_file_and_leaves_it_ticked(make_app, add_parcel, desk: Desk, tmp_path: Path) -> None:
    add_parcel(status="in-transit")
    source = tmp_path / "sync.csv"
    source.write_text("tracking,status\nEE123456785CN,已签收\n", encoding="utf-8")
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_dialog(pilot, app, source)
        update = screen.query_one("#update", Checkbox)
        update.focus()
        await pilot.press("space")
        assert update.value is True
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, ImportPreview), "the preview")
        assert update.value is True
        assert "Status: in transit → delivered" in text_of(app.screen.query_one("#change-list"))


async def test_esc_on_a_changed_import_form_asks_before_discarding(make_app, desk: Desk, tmp_path: Path) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_dialog(pilot, app, tmp_path / "orders.xlsx")
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, Confirm), "the question")
        await pilot.press("escape")  # keep editing
        await until(pilot, lambda: app.screen is screen, "back in the form")
        assert screen.query_one("#path", Input).value == str(tmp_path / "orders.xlsx")
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, Confirm), "the question again")
        await pilot.press("ctrl+s")  # discard
        await until(pilot, lambda: len(app.screen_stack) == 1, "back on the desk")


async def test_an_untouched_import_form_closes_on_esc(make_app, desk: Desk) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("i")
        await until(pilot, lambda: isinstance(app.screen, ImportScreen), "the import dialog")
        await pilot.press("escape")
        await until(pilot, lambda: len(app.screen_stack) == 1, "back on the desk")


async def test_a_bad_usd_rate_is_named_and_nothing_is_read(make_app, desk: Desk, tmp_path: Path) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_dialog(pilot, app, desk_file(tmp_path))
        screen.query_one("#usd-rate", Input).focus()
        await pilot.press(*"7,10")
        await pilot.press("ctrl+s")
        await until(pilot, lambda: "US dollar rate" in text_of(screen.query_one("#form-error")), "the message")
        assert app.screen is screen


async def test_columns_no_profile_places_are_placed_with_the_keyboard_previewed_and_saved(make_app, desk: Desk, tmp_path: Path) -> None:
    source = forwarder_file(tmp_path)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_dialog(pilot, app, source)
        await pilot.press("ctrl+s")
        await until(pilot, lambda: isinstance(app.screen, MappingScreen), "the mapping screen")
        screen = app.screen
        # the columns the desk knows are placed already; the others come first, unplaced
        assert screen.placement == {4: "order", 5: "item", 6: "declared_value", 7: "weight", 8: "shipping_fee", 9: "destination"}
        assert "missing column(s) tracking, service, created_at" in text_of(screen.query_one("#problems"))
        assert "RB123456785GB" not in preview_text(app)

        await choose(pilot, app, 1, "tracking")  # 服务商单号
        await choose(pilot, app, 2, "service")  # 产品名称
        await choose(pilot, app, 3, "created_at")  # 下单时间
        assert screen.placement[1] == "tracking" and screen.placement[2] == "service" and screen.placement[3] == "created_at"
        assert text_of(screen.query_one("#problems")) == ""
        shown = preview_text(app)
        assert "RB123456785GB" in shown and "special line" in shown and "2026-03-01 10:00" in shown
        assert "1.3" in shown and "0.35" in shown  # '350g' read as the desk will store it
        assert "1200.00" in shown and "GB" in shown

        await pilot.press("ctrl+s")  # save as the suggested name, then read the whole file
        await until(pilot, lambda: isinstance(app.screen, ImportPreview), "the preview")
        assert "2 new" in text_of(app.screen.query_one("#summary"))
        assert "Read as yun-export-2026-03" in text_of(app.screen.query_one("#how-read"))
        await pilot.press("ctrl+s")
        await until(pilot, lambda: isinstance(app.screen, ImportResults), "the result")
    assert set(desk.tracking_numbers()) == {"RB123456785GB", "EE123456785CN"}
    saved = (config_folder() / "yun-export-2026-03.toml").read_text(encoding="utf-8")
    assert 'tracking = "服务商单号"' in saved and 'service = "产品名称"' in saved and 'created_at = "下单时间"' in saved


async def test_a_saved_profile_reads_the_next_file_without_asking(make_app, desk: Desk, tmp_path: Path) -> None:
    config_folder().mkdir(parents=True, exist_ok=True)
    (config_folder() / "yun.toml").write_text(
        '[columns]\ntracking = "服务商单号"\nservice = "产品名称"\ncreated_at = "下单时间"\norder = "订单号"\nitem = "物品类型"\n'
        'declared_value = "申报价值"\nweight = "重量"\nshipping_fee = "运费"\ndestination = "目的国家"\n',
        encoding="utf-8",
    )
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_dialog(pilot, app, forwarder_file(tmp_path, "next month.csv"))
        await pilot.press("ctrl+s")
        await until(pilot, lambda: isinstance(app.screen, ImportPreview), "the preview")
        assert "Read as yun" in text_of(app.screen.query_one("#how-read"))
        assert "columns not used: 客户单号" in text_of(app.screen.query_one("#how-read"))
        await pilot.press("m")  # place the columns anyway
        await until(pilot, lambda: isinstance(app.screen, MappingScreen), "the mapping screen")
        assert app.screen.placement[1] == "tracking"


async def test_one_field_takes_one_column(make_app, desk: Desk, tmp_path: Path) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_dialog(pilot, app, forwarder_file(tmp_path))
        await pilot.press("ctrl+s")
        await until(pilot, lambda: isinstance(app.screen, MappingScreen), "the mapping screen")
        await choose(pilot, app, 0, "order")  # 客户单号 takes the order number: 订单号 gives it up
        assert app.screen.placement[0] == "order" and 4 not in app.screen.placement
        assert app.screen.query_one("#column-4", Select).value is Select.NULL


async def test_the_mapping_screen_refuses_a_bad_name_and_a_placement_without_tracking(make_app, desk: Desk, tmp_path: Path) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_dialog(pilot, app, forwarder_file(tmp_path))
        await pilot.press("ctrl+s")
        await until(pilot, lambda: isinstance(app.screen, MappingScreen), "the mapping screen")
        screen = app.screen
        await until(pilot, lambda: bool(screen.query("#problems")), "the mapping screen's error line")
        await pilot.press("ctrl+s")  # no tracking column yet
        await until(pilot, lambda: "missing column(s) tracking" in text_of(screen.query_one("#problems")), "the refusal")
        assert app.screen is screen
        name = screen.query_one("#name", Input)
        name.value = "claimdesk"
        await pilot.press("ctrl+s")
        await until(pilot, lambda: "cannot name a profile" in text_of(screen.query_one(".field-error")), "the name refused")
        assert app.screen is screen
        assert not list(config_folder().glob("*.toml")) if config_folder().exists() else True


async def test_esc_on_the_mapping_screen_asks_once_a_column_is_placed(make_app, desk: Desk, tmp_path: Path) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        dialog = await open_dialog(pilot, app, forwarder_file(tmp_path))
        await pilot.press("ctrl+s")
        await until(pilot, lambda: isinstance(app.screen, MappingScreen), "the mapping screen")
        await choose(pilot, app, 1, "tracking")
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, Confirm), "the question")
        await pilot.press("ctrl+s")  # discard
        await until(pilot, lambda: app.screen is dialog, "back in the import dialog")
        assert not dialog.query_one("#import").disabled  # it can read the file again


def test_suggested_names() -> None:
    assert suggested_name("/x/Yun export 2026-03.csv") == "yun-export-2026-03"
    assert suggested_name("/x/订单.xlsx") == "my-export"
    assert suggested_name("/x/" + "a" * 80 + ".csv") == "a" * 40
