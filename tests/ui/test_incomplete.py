"""Incomplete parcels in the app (docs/rules.md section 1, "What a parcel needs, and when"): a
mark in the list, the detail naming the missing fields with the payout unknown, the wizard
asking for them (filing is not blocked), and the filter finding a parcel by its other numbers."""

from __future__ import annotations

import io

from rich.console import Console
from textual.widgets import Input, Select

from claimdesk.ui.widgets.parcel_detail import ParcelDetailView
from claimdesk.ui.widgets.parcel_table import INCOMPLETE_MARK, ParcelTable
from tests.ui._pilot import SIZE, lines_of, open_wizard, reopen, text_of, type_into, until


def plain(renderable: object) -> str:
    """What a rich renderable reads as, wide enough that nothing wraps."""
    console = Console(width=200, record=True, file=io.StringIO())
    console.print(renderable)
    return console.export_text()


BARE = "LP00123456789012"


def add_bare(desk) -> None:  # type: ignore[no-untyped-def]
    desk.add_parcel(
        {
            "tracking": BARE,
            "service": "special-line",
            "created_at": "2026-03-01 10:00",
            "status": "lost",
            "other_numbers": "4PX3001234567890CN",
        }
    )


async def test_the_list_marks_an_incomplete_parcel_and_the_detail_says_what_is_missing(make_app, add_parcel, desk) -> None:
    add_parcel()  # complete: EE123456785CN
    add_bare(desk)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        table = app.query_one(ParcelTable)
        await until(pilot, lambda: len(table.items) == 2, "both parcels listed")
        rows = lines_of(table)
        [bare] = [line for line in rows if BARE in line]
        [ems] = [line for line in rows if "EE123456785CN" in line]
        assert INCOMPLETE_MARK in bare and INCOMPLETE_MARK not in ems
        app.main.select_parcel(BARE)
        await pilot.pause()
        view = app.main.query_one(ParcelDetailView)
        await until(pilot, lambda: "unknown until entered" in plain(view.content), "the detail's payout")
        text = plain(view.content)
        assert "unknown until entered: Item kind, Weight (kg), Shipping fee (CNY)" in text and "¥0.00" not in text
        assert "Other numbers" in text and "4PX3001234567890CN" in text


async def test_the_filter_finds_a_parcel_by_another_of_its_numbers(make_app, add_parcel, desk) -> None:
    add_parcel()
    add_bare(desk)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        table = app.query_one(ParcelTable)
        await until(pilot, lambda: len(table.items) == 2, "both parcels listed")
        await pilot.press("/")
        await pilot.press(*"4px3001")
        await until(pilot, lambda: [row.tracking for row in table.items] == [BARE], "filtered by the first-mile number")


async def test_the_wizard_asks_the_missing_fields_and_the_payout_appears(make_app, desk, clock) -> None:
    add_bare(desk)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        wizard = await open_wizard(pilot)
        await pilot.press("ctrl+n")  # attempts -> type
        await pilot.press("enter")  # the highlighted type (loss: the parcel is lost)
        await pilot.press("ctrl+n")  # evidence -> payout
        await until(pilot, lambda: wizard.query_one("#wizard-body").current == "step-payout", "the payout step")
        payout = wizard.query_one("#payout")
        assert "unknown until entered: Item kind, Weight (kg), Shipping fee (CNY)" in text_of(payout)
        assert wizard.query_one("#missing-fields").display
        wizard.query_one("#m-item", Select).value = "undeclared"
        await type_into(pilot, "#m-weight", "0.35")
        await type_into(pilot, "#m-shipping_fee", "25")
        wizard.query_one("#save-missing").focus()
        await pilot.press("enter")
        await until(pilot, lambda: not wizard.query_one("#missing-fields").display, "the fields saved")
        stored = reopen(desk, clock).parcel(BARE)
        assert (stored.item.value if stored.item else None, str(stored.weight), str(stored.shipping_fee)) == ("undeclared", "0.35", "25.00")
        assert "unknown" not in text_of(payout)
        assert "expected compensation" in text_of(payout)


async def test_the_wizard_files_an_incomplete_parcel_without_the_fields(make_app, desk, clock) -> None:
    add_bare(desk)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        wizard = await open_wizard(pilot)
        for key in ("ctrl+n", "enter", "ctrl+n", "ctrl+n"):
            await pilot.press(key)
        await until(pilot, lambda: wizard.query_one("#wizard-body").current == "step-review", "the review step")
        assert wizard.query_one("#m-weight", Input).value == ""
