"""Issue 20, item 7: words that read right (plurals through ngettext, the stage phrase, the
time zone of a time typed)."""

from __future__ import annotations

from claimdesk.ui.screens.progress import RecordProgress
from claimdesk.ui.widgets.parcel_table import ParcelTable
from tests.ui._pilot import text_of, until


async def test_one_parcel_is_one_parcel(make_app, add_parcel) -> None:  # type: ignore[no-untyped-def]
    add_parcel()
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        assert app.main.query_one(ParcelTable).border_title == "1 parcel"


async def test_record_progress_names_the_stage_and_the_time_zone(make_app, add_parcel, desk) -> None:  # type: ignore[no-untyped-def]
    parcel = add_parcel()
    desk.file_complaint(parcel.tracking, "loss")
    desk.record_step(parcel.tracking, "no-agreement")
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.press("r")
        await until(pilot, lambda: isinstance(app.screen, RecordProgress), "record progress")
        hint = text_of(app.screen.query(".hint").first())
        assert " is may escalate" not in hint and "stage: may escalate" in hint
        assert any("When it happened (Shanghai)" in str(label.render()) for label in app.screen.query("Label"))
