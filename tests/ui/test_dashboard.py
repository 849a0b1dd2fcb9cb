"""`g`: the recovery dashboard, and `x` exports its figures as CSV."""

from __future__ import annotations

import csv
import io
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

from textual.widgets import Input

from claimdesk.services import Desk
from claimdesk.ui.screens.dashboard import DashboardScreen
from tests.ui._pilot import SIZE, s10


def compensated(desk: Desk, tracking: str) -> None:
    now = desk.now()
    desk.file_complaint(tracking, "damage", (now - timedelta(days=9)))
    desk.record_reply(tracking, agreed=False, at=(now - timedelta(days=8)))
    desk.escalate(tracking, at=(now - timedelta(days=7)))
    desk.close_complaint(tracking, "compensated", claimed=Decimal("800.00"), received=Decimal("620.00"))


async def test_g_shows_recovery_and_x_exports_it(make_app, add_parcel, desk: Desk, tmp_path: Path) -> None:
    add_parcel(tracking=s10("11111111"), status="damaged")
    compensated(desk, s10("11111111"))
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("g")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, DashboardScreen)
        assert screen.report.total.received == Decimal("620.00")
        assert screen.report.total.outcomes["won"] == 1

        # The list's keys do nothing here: `c` must not open a wizard over the dashboard.
        await pilot.press("c")
        await pilot.pause()
        assert app.screen is screen

        target = tmp_path / "recovery.csv"
        await pilot.press("x")
        await pilot.pause()
        path_input = app.screen.query_one("#path", Input)
        path_input.value = str(target)
        await pilot.press("enter")
        for _ in range(50):
            if app.screen is screen:
                break
            await pilot.pause()
        assert app.screen is screen
        rows = list(csv.DictReader(io.StringIO(target.read_bytes().decode("utf-8-sig"))))
        total = next(row for row in rows if row["group"] == "total")
        assert (total["claimed"], total["received"]) == ("800.00", "620.00")

        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, DashboardScreen)


async def test_l_exports_the_complaint_ledger(make_app, add_parcel, desk: Desk, tmp_path: Path) -> None:
    add_parcel(tracking=s10("11111111"), status="damaged")
    compensated(desk, s10("11111111"))
    target = tmp_path / "ledger.csv"
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("g")
        await pilot.pause()
        dashboard = app.screen
        await pilot.press("l")
        await pilot.pause()
        assert app.screen is not dashboard
        app.screen.query_one("#path", Input).value = str(target)
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is dashboard
    [row] = list(csv.DictReader(io.StringIO(target.read_text(encoding="utf-8-sig"))))
    assert (row["tracking"], row["stage"], row["claimed"], row["received"]) == (s10("11111111"), "compensated", "800.00", "620.00")


async def test_the_dashboard_fits_120_columns_every_figure_whole(make_app, desk: Desk) -> None:
    """Issue 11, item 7: at 120x36 (and 80x24) no figure is cut: the bars give way, not the numbers."""
    from tests.ui.test_wide_chars import screen_text

    desk.add_demo_data(300, seed=7)
    for size in ((120, 36), (80, 24)):
        app = make_app()
        async with app.run_test(size=size) as pilot:
            await pilot.press("g")
            await pilot.pause()
            assert isinstance(app.screen, DashboardScreen)
            top = screen_text(app)
            app.screen.query_one("#dashboard").scroll_end(animate=False)
            await pilot.pause()
            bottom = screen_text(app)
            for shown in (top, bottom):
                assert "…" not in shown, (size, shown)
            assert "%)" in top + bottom  # the recovery rates beside the received figures
