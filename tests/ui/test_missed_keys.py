"""Issue 19 in the app: `c` on a parcel with no open complaint type says why instead of opening
the wizard, and the detail keeps a missed window, marked MISSED, after its grace."""

from __future__ import annotations

from claimdesk.ui.screens.wizard import ComplaintWizard
from claimdesk.ui.widgets.countdown import CountdownPanel
from claimdesk.ui.widgets.parcel_detail import ParcelDetailView
from tests.ui._pilot import SIZE, notes, until
from tests.ui.test_wide_chars import screen_text

TRACKING = "EE123456785CN"
# The desk's clock stands at 2026-03-20 10:00: created then, every window closed 2026-03-01 10:00.
LONG_AGO = "2025-11-01 10:00"


async def test_c_on_a_parcel_whose_every_window_closed_says_so_instead_of_the_wizard(make_app, add_parcel) -> None:  # type: ignore[no-untyped-def]
    add_parcel(created_at=LONG_AGO)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        app.main.select_parcel(TRACKING)
        await pilot.pause()
        await pilot.press("c")
        await until(pilot, lambda: any("every filing window closed" in note for note in notes(app)), "the refusal")
        assert not isinstance(app.screen, ComplaintWizard)
        assert len(app.screen_stack) == 1
        message = next(note for note in notes(app) if "every filing window closed" in note)
        assert TRACKING in message and "2026-03-01 10:00" in message and "missed" in message


async def test_the_detail_keeps_a_missed_window_after_its_grace(make_app, add_parcel) -> None:  # type: ignore[no-untyped-def]
    add_parcel(created_at=LONG_AGO)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        app.main.select_parcel(TRACKING)
        await pilot.pause()
        assert app.query_one(CountdownPanel).items == []  # past the 7 days' grace: out of the countdown
        detail = app.main.query_one(ParcelDetailView)
        assert detail.detail is not None and [d.kind.value for d in detail.detail.missed] == ["filing-window-closes"]
        text = screen_text(app)
        assert "MISSED" in text and "filing window closed" in text
