"""The parcel list's and the countdown's fast paths give exactly what the plain algorithms give.

ParcelTable keeps its rows pre-sorted and narrows earlier filter results; CountdownPanel ticks
on integer microseconds. Here both are checked against the straightforward versions they
replaced (filter the rows, then stable-sort them; pendulum's `(due - now).total_seconds()`),
over demo data, every sort column and direction, and typing / backspacing in the filter.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from textual.app import App, ComposeResult

from claimdesk.demo import generate
from claimdesk.services import Desk, DueClock, ParcelRow
from claimdesk.ui.formatting import urgency
from claimdesk.ui.widgets.countdown import CountdownPanel
from claimdesk.ui.widgets.parcel_table import COLUMNS, NO_DEADLINE, ParcelTable
from tests.ui._pilot import lines_of


class ListsApp(App[None]):
    def compose(self) -> ComposeResult:
        yield ParcelTable(id="parcels")
        yield CountdownPanel(id="countdown")


def _demo_desk(desk: Desk, count: int = 400) -> tuple[list[ParcelRow], list[DueClock]]:
    parcels, complaints = generate(count, desk.now(), seed=11)
    desk.add_parcels(parcels)
    for complaint in complaints:
        desk.repo.add_complaint(complaint)
    return desk.rows(), desk.due()


def _soonest(clocks: list[DueClock]) -> dict[str, DueClock]:
    soonest: dict[str, DueClock] = {}
    for clock in clocks:
        soonest.setdefault(clock.tracking, clock)
    return soonest


def _reference(rows: list[ParcelRow], deadlines: dict[str, DueClock], query: str, key: str, reverse: bool) -> list[str]:
    """The list as the first version of ParcelTable built it: filter, then sort."""
    query = query.strip().lower()
    shown = [
        row for row in rows
        if not query or query in f"{row.tracking}\t{row.order}\t{row.carrier}\t{row.destination}\t{row.status}".lower()
    ]
    if key == "next":
        sort_key = lambda row: (  # noqa: E731
            deadlines[row.tracking].due.timestamp() if row.tracking in deadlines else NO_DEADLINE,
            row.tracking,
        )
    elif key == "age":
        sort_key = lambda row: row.created_at  # noqa: E731
    else:
        sort_key = lambda row: getattr(row, key)  # noqa: E731
    shown.sort(key=sort_key, reverse=reverse)
    return [row.tracking for row in shown]


async def test_filter_and_sort_match_the_plain_algorithm(desk: Desk) -> None:
    rows, clocks = _demo_desk(desk)
    deadlines = _soonest(clocks)
    app = ListsApp()
    rng = random.Random(5)
    async with app.run_test(size=(160, 40)) as pilot:
        table = app.query_one(ParcelTable)
        table.load(rows, deadlines, desk.now())
        await pilot.pause()
        words = ["ee", "yt0", "lost", "\tus", "4px00", "cainiao", "zz", "8", "de", "ed"]
        for column in COLUMNS:
            for reverse in (False, True):
                table.sort_key, table.sort_reverse = column.key, reverse
                typed = ""
                queries = []
                for word in rng.sample(words, 4):
                    for char in word:  # typing...
                        typed += char
                        queries.append(typed)
                    for _ in range(rng.randrange(len(typed) + 1)):  # ...and backspacing
                        typed = typed[:-1]
                        queries.append(typed)
                queries.append("")
                for query in queries:
                    before = table.current.tracking if table.current else None
                    table.filter(query)
                    expected = _reference(rows, deadlines, query, column.key, reverse)
                    assert [row.tracking for row in table.items] == expected, (column.key, reverse, query)
                    if before is not None and before in expected:
                        assert table.current is not None and table.current.tracking == before
                    assert table.index_of(expected[0] if expected else "none") == (0 if expected else None)
                    if expected and rng.random() < 0.3:
                        table.cursor = rng.randrange(len(expected))


def _reference_level(clock: DueClock, now: datetime) -> str:
    return urgency((clock.due - now).total_seconds())


async def test_countdown_ticks_match_the_plain_algorithm(desk: Desk) -> None:
    _, clocks = _demo_desk(desk, 600)
    assert len(clocks) > 50
    app = ListsApp()
    async with app.run_test(size=(160, 40)) as pilot:
        panel = app.query_one(CountdownPanel)
        now = desk.now()
        panel.load(clocks, now)
        levels = {(c.tracking, c.clock): _reference_level(c, now) for c in clocks}
        await pilot.pause()
        # Step through time so clocks cross into "urgent" and "overdue", in steps of uneven size.
        for step in [1, 59, 3600, 7200, 86_399, 86_401, 5, 3 * 86_400, 10 * 86_400, 0, 40 * 86_400]:
            now = now + timedelta(seconds=step)
            crossed = panel.tick(now)
            expected = []
            for clock in clocks:
                key = (clock.tracking, clock.clock)
                level = _reference_level(clock, now)
                if level != levels[key] and level in ("urgent", "overdue") and clock.clock.value != "filing-window-opens":
                    expected.append((clock, level))
                levels[key] = level
            assert crossed == expected
            urgent = sum(1 for level in levels.values() if level == "urgent")
            overdue = sum(1 for level in levels.values() if level == "overdue")
            title = str(panel.border_title)
            assert title.startswith(f"Deadlines {len(clocks)}")
            assert (f"{urgent} <24h" in title) == bool(urgent)
            assert (f"{overdue} overdue" in title) == bool(overdue)
            for clock in clocks[:50]:
                assert panel._seconds(clock) == (clock.due - now).total_seconds()
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
        upcoming = [c for c in clocks if (c.due - now).total_seconds() > 0 and c.clock.value != "filing-window-opens"]
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
