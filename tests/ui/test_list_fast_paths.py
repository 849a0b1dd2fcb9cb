"""The parcel list keeps its cursor while filtering, and the countdown's tick (which re-checks a
deadline's band only when an instant of `urgency_changes` passes) gives exactly what checking
every deadline every second gives, and redraws everything that changed."""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from textual.app import App, ComposeResult

from claimdesk.demo import generate
from claimdesk.domain.deadlines import Deadline, Urgency, urgency
from claimdesk.domain.instants import seconds_until
from claimdesk.services import Desk
from claimdesk.ui.parcel_index import SORT_KEYS
from claimdesk.ui.widgets.countdown import CountdownPanel
from claimdesk.ui.widgets.parcel_table import ParcelTable
from claimdesk.views import ParcelRow
from tests.seeding import seed
from tests.ui._pilot import lines_of


class ListsApp(App[None]):
    def compose(self) -> ComposeResult:
        yield ParcelTable(id="parcels")
        yield CountdownPanel(id="countdown")


def _demo_desk(desk: Desk, count: int = 400) -> tuple[list[ParcelRow], list[Deadline]]:
    parcels, complaints = generate(count, desk.now(), seed=11)
    seed(desk.path, parcels, complaints)
    return desk.rows(), desk.due()


def _soonest(deadlines: list[Deadline]) -> dict[str, Deadline]:
    soonest: dict[str, Deadline] = {}
    for deadline in deadlines:
        soonest.setdefault(deadline.tracking, deadline)
    return soonest


def _level(deadline: Deadline, now: datetime) -> Urgency:
    return urgency(deadline.kind, seconds_until(deadline.due, now))


async def test_the_cursor_stays_on_its_row_while_filtering(desk: Desk) -> None:
    rows, deadlines = _demo_desk(desk)
    app = ListsApp()
    rng = random.Random(5)
    async with app.run_test(size=(160, 40)) as pilot:
        table = app.query_one(ParcelTable)
        table.load(rows, _soonest(deadlines), desk.now())
        await pilot.pause()
        for key in SORT_KEYS:
            table.sort_by(key)
            for query in ["e", "ee", "ee0", "ee", "e", "", "lost", "los", ""]:
                before = table.current.tracking if table.current else None
                table.filter(query)
                shown = [row.tracking for row in table.items]
                if before is not None and before in shown:
                    assert table.current is not None and table.current.tracking == before
                assert table.index_of(shown[0] if shown else "none") == (0 if shown else None)
                if shown and rng.random() < 0.5:
                    table.cursor = rng.randrange(len(shown))


async def test_countdown_ticks_match_the_plain_algorithm(desk: Desk) -> None:
    _, clocks = _demo_desk(desk, 600)
    assert len(clocks) > 50
    app = ListsApp()
    async with app.run_test(size=(160, 40)) as pilot:
        panel = app.query_one(CountdownPanel)
        now = desk.now()
        panel.load(clocks, now)
        levels = {(c.tracking, c.kind): _level(c, now) for c in clocks}
        await pilot.pause()
        # Step through time so clocks cross into "urgent" and "overdue", in steps of uneven size.
        for step in [1, 59, 3600, 7200, 86_399, 86_401, 5, 3 * 86_400, 10 * 86_400, 0, 40 * 86_400]:
            now = now + timedelta(seconds=step)
            crossed = panel.tick(now)
            expected = []
            for clock in clocks:
                key = (clock.tracking, clock.kind)
                level = _level(clock, now)
                if level != levels[key] and level.alerts:
                    expected.append((clock, level))
                levels[key] = level
            assert crossed == expected
            assert [panel.level(index) for index in range(len(clocks))] == [levels[(c.tracking, c.kind)] for c in clocks]
            urgent = sum(1 for level in levels.values() if level == "urgent")
            overdue = sum(1 for level in levels.values() if level == "overdue")
            title = str(panel.border_title)
            assert title.startswith(f"Deadlines {len(clocks)}")
            assert (f"{urgent} <24h" in title) == bool(urgent)
            assert (f"{overdue} overdue" in title) == bool(overdue)
            await pilot.pause()


async def test_a_tick_redraws_everything_that_changed_on_screen(desk: Desk) -> None:
    """The tick marks only the countdown lines (and label lines of clocks whose level changed)
    for redraw: the screen must then be exactly what a full redraw gives."""
    _, clocks = _demo_desk(desk, 600)
    app = ListsApp()
    async with app.run_test(size=(100, 40)) as pilot:
        panel = app.query_one(CountdownPanel)
        now = desk.now()
        # Start just before the soonest non-overdue clocks fall due, so labels turn OVERDUE.
        upcoming = [c for c in clocks if c.due > now and not c.kind.is_opening]
        assert upcoming
        start = upcoming[0].due - timedelta(seconds=3) if upcoming else now
        panel.load(clocks, start)
        panel.scroll_to(y=2 * max(0, clocks.index(upcoming[0]) - 3) if upcoming else 0, animate=False)
        await pilot.pause()
        overdue_labels = 0
        for step in range(1, 8):
            panel.tick(start + timedelta(seconds=step))
            overdue_labels = max(overdue_labels, sum("OVERDUE" in line for line in lines_of(panel)))
            await pilot.pause()
            ticked = app.export_screenshot()
            panel.refresh()
            await pilot.pause()
            assert app.export_screenshot() == ticked, f"stale lines after tick {step}"
        assert overdue_labels > 0  # a clock on screen went overdue during the ticks
