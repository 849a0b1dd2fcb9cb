"""`t` / `T`: the selected parcel's complaint, drafted for the seller centre, onto the clipboard."""

from __future__ import annotations

from tests.ui._pilot import SIZE, notes, shanghai

TRACKING = "EE123456785CN"


async def test_t_copies_the_chinese_text_and_T_the_english(make_app, add_parcel, desk) -> None:
    add_parcel()
    desk.file_complaint(TRACKING, "loss", at=shanghai("2026-03-18 10:00"))
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("t")
        await pilot.pause()
        assert app.clipboard == desk.complaint_text(TRACKING, "zh")
        assert "货物丢失" in app.clipboard and TRACKING in app.clipboard
        assert any("on the clipboard, in Chinese" in message for message in notes(app))

        await pilot.press("T")
        await pilot.pause()
        assert app.clipboard.startswith("Logistics complaint: loss (attempt 1 of 2)")


async def test_t_without_a_complaint_copies_nothing_and_says_why(make_app, add_parcel) -> None:
    add_parcel()
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("t")
        await pilot.pause()
        assert app.clipboard == ""
        assert any("file one first" in message for message in notes(app))
