"""The selected parcel's detail (issue 11, item 3): reachable with tab and scrollable at 120x36,
drawn right the first time, and `enter` opens the whole parcel with its actions."""

from __future__ import annotations

import pytest
from textual.widgets import Static

from claimdesk.ui.screens.parcel import ParcelScreen
from claimdesk.ui.screens.progress import RecordProgress
from claimdesk.ui.widgets.parcel_detail import ParcelDetailView
from claimdesk.ui.widgets.parcel_table import ParcelTable
from tests.ui._pilot import s10, shanghai, until
from tests.ui.test_wide_chars import screen_text

BUSY = s10("70000001")


@pytest.fixture
def busy_parcel(add_parcel, desk):  # type: ignore[no-untyped-def]
    """A lost parcel with a complaint that went to the appeal: history, a clock and compensation."""
    add_parcel(tracking=s10("70000002"), order="8100000000000002", status="in-transit")
    add_parcel(tracking=BUSY, status="lost", created_at="2026-01-10 10:00")
    desk.file_complaint(BUSY, "loss", shanghai("2026-03-05 10:00"))
    desk.record_step(BUSY, "no-agreement", shanghai("2026-03-10 10:00"))
    desk.record_step(BUSY, "escalated", shanghai("2026-03-12 10:00"))
    return BUSY


async def pressed_until(pilot, key: str, done, limit: int = 8) -> bool:  # type: ignore[no-untyped-def]
    for _ in range(limit):
        if done():
            return True
        await pilot.press(key)
        await pilot.pause()
    return done()


@pytest.mark.parametrize("size", [(120, 36), (80, 24)])
async def test_tab_reaches_the_detail_and_the_keys_scroll_it_to_the_compensation(make_app, busy_parcel, size) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    async with app.run_test(size=size) as pilot:
        app.main.select_parcel(BUSY)
        await pilot.pause()
        detail = app.main.query_one(ParcelDetailView)
        assert await pressed_until(pilot, "tab", lambda: detail.has_focus), app.focused
        await until(pilot, lambda: detail.max_scroll_y > 0, "the detail laid out taller than its pane")  # it must scroll
        assert "Expected compensation" not in screen_text(app)
        await pilot.press("end")
        # The scroll may be animated: wait for where it ends, not for a pause.
        await until(pilot, lambda: detail.scroll_y == detail.max_scroll_y, "the detail scrolled to its end")
        await until(pilot, lambda: "total · shortfall" in screen_text(app), "the last part of the detail drawn")
        await pilot.press("home")
        await until(pilot, lambda: detail.scroll_y == 0, "the detail scrolled back to its top")


@pytest.mark.parametrize(("size", "rows"), [((120, 36), 8), ((80, 24), 16)])
async def test_the_first_draw_is_the_layout_kept_after_the_cursor_moves(make_app, busy_parcel, size, rows) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        fields = app.main.query_one("#detail-fields", Static)
        first = fields.size.height
        await pilot.press("down")
        await pilot.pause()
        await pilot.press("up")
        await pilot.pause()
        assert (first, fields.size.height) == (rows, rows)  # 16 fields, two or one pair a row


async def test_enter_opens_the_whole_parcel_with_history_clocks_compensation_and_actions(make_app, busy_parcel) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        app.main.select_parcel(BUSY)
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ParcelScreen) and app.screen.tracking == BUSY
        text = screen_text(app)
        for expected in (
            "Attempt 1: loss",
            "appealed online",
            "Clocks",
            "Cainiao intervention due",
            "Expected compensation (loss)",
            "esc Back",
            "r Record",
        ):
            assert expected in text, expected

        await pilot.press("r")  # the desk's action, on this parcel, over this page
        await pilot.pause()
        assert isinstance(app.screen, RecordProgress) and app.screen.complaint.tracking == BUSY
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ParcelScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert len(app.screen_stack) == 1 and app.focused is app.main.query_one(ParcelTable)


async def test_the_parcel_page_copies_the_complaint_text_and_undoes_like_the_desk(make_app, busy_parcel, desk) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    copied: list[str] = []
    app.copy_to_clipboard = copied.append  # type: ignore[method-assign]
    async with app.run_test(size=(120, 36)) as pilot:
        app.main.select_parcel(BUSY)
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("t")
        await pilot.pause()
        assert copied and BUSY in copied[-1] and copied[-1] == desk.complaint_text(BUSY, "zh")
        assert isinstance(app.screen, ParcelScreen)
