"""A large desk opens on its first screen and builds the rest of its list after the first frame
(MainScreen._fill, a part between two frames): keys work meanwhile, and once it is filled the
list, its order, counts and title, and the countdown are what loading everything at once gives.

"Large" and the part size are lowered here, and the fill waits at a gate between its parts
until the test lets it go, so keys land in the middle of it on any machine.
"""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from claimdesk.demo import generate
from claimdesk.domain.errors import DataFileError
from claimdesk.services import Desk
from claimdesk.services import core as desk_core
from claimdesk.ui.app import ClaimdeskApp
from claimdesk.ui.screens import main as main_screen
from claimdesk.ui.widgets.countdown import CountdownPanel
from claimdesk.ui.widgets.parcel_detail import ParcelDetailView
from claimdesk.ui.widgets.parcel_table import ParcelTable
from tests.seeding import seed
from tests.ui._pilot import until

SIZE = (80, 24)


class Gate:
    """Lets the fill take its first steps (the detail, two parts of rows), then holds it until
    the test opens the gate."""

    FREE = 3

    def __init__(self) -> None:
        self.opened = asyncio.Event()
        self.reached = 0

    async def wait(self) -> None:
        self.reached += 1
        if self.reached > self.FREE:
            await self.opened.wait()

    @property
    def holding(self) -> bool:
        return self.reached > self.FREE and not self.opened.is_set()


@pytest.fixture
def demo(desk: Desk) -> Desk:
    parcels, complaints = generate(300, desk.now(), seed=9)
    seed(desk.path, parcels, complaints)
    return desk


@pytest.fixture
def gate(monkeypatch: pytest.MonkeyPatch) -> Gate:
    gate = Gate()
    monkeypatch.setattr(main_screen, "FIRST_SCREEN_FROM", 1)
    monkeypatch.setattr(main_screen, "FILL_PART", 40)
    monkeypatch.setattr(main_screen.MainScreen, "_between_parts", lambda screen: gate.wait())
    return gate


def state(app: ClaimdeskApp) -> dict[str, Any]:
    table, panel = app.query_one(ParcelTable), app.query_one(CountdownPanel)
    return {
        "rows": list(table.all_rows),
        "shown": [row.tracking for row in table.items],
        "current": table.current.tracking if table.current else None,
        "deadlines": dict(table.deadlines),
        "title": table.border_title,
        "query": table.query_text,
        "sort": (table.sort_key, table.sort_reverse),
        "clocks": list(panel.items),
        "levels": [panel.level(index) for index in range(len(panel.items))],
        "clock_title": panel.border_title,
        "detail": detail.parcel.tracking if (detail := app.query_one(ParcelDetailView).detail) else None,
    }


async def loaded_at_once(demo: Desk, *keys: str) -> dict[str, Any]:
    """The same desk loaded the way a small desk is (everything before the first frame)."""
    app = ClaimdeskApp(Desk.open(demo.path, demo.clock), tick_seconds=3600)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(main_screen, "FIRST_SCREEN_FROM", 10**9)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            assert app.query_one(ParcelTable).loading_total is None
            await pilot.press(*keys)
            await pilot.pause()
            return state(app)


async def test_the_first_screen_comes_first_and_the_filled_desk_is_the_whole_desk(demo: Desk, gate: Gate) -> None:
    expected = await loaded_at_once(demo)
    app = ClaimdeskApp(demo, tick_seconds=3600)
    async with app.run_test(size=SIZE) as pilot:
        table = app.query_one(ParcelTable)
        await until(pilot, lambda: gate.holding, "the fill waits between two parts")
        # The first screen: the rows it shows (no more than the terminal's height), in place.
        assert table.loading_total == len(expected["rows"])
        assert [row.tracking for row in table.items] == expected["shown"][: SIZE[1]]
        assert table.border_title == f"{len(expected['rows'])} parcels · loading the list…"
        assert list(app.query_one(CountdownPanel).items) == expected["clocks"]  # every clock at once
        gate.opened.set()
        await until(pilot, lambda: table.loading_total is None, "the list is filled")
        await pilot.pause()
        assert state(app) == expected


async def test_keys_pressed_during_the_fill_work_and_the_filter_answers_over_every_row(demo: Desk, gate: Gate) -> None:
    app = ClaimdeskApp(demo, tick_seconds=3600)
    async with app.run_test(size=SIZE) as pilot:
        table = app.query_one(ParcelTable)
        await until(pilot, lambda: gate.holding, "the fill waits between two parts")
        first = list(table.items)
        await pilot.press("down", "down", "down")
        assert table.current == first[3]  # the cursor moved meanwhile
        # The status of the row under the cursor, typed into the filter before the fill ended.
        keys = ("down", "down", "down", "slash", *first[3].status)
        await pilot.press("slash", *first[3].status)
        assert table.query_text == first[3].status and table.loading_total is not None
        gate.opened.set()
        await until(pilot, lambda: table.loading_total is None, "the list is filled")
        await pilot.pause()
        filled = state(app)
    expected = await loaded_at_once(demo, *keys)
    assert 0 < len(expected["shown"]) < len(expected["rows"])  # the filter leaves some rows, not all
    assert filled == expected
    assert filled["current"] == first[3].tracking


async def test_a_write_during_the_fill_reloads_everything_and_the_fill_never_finishes(demo: Desk, gate: Gate) -> None:
    app = ClaimdeskApp(demo, tick_seconds=3600)
    async with app.run_test(size=SIZE) as pilot:
        table = app.query_one(ParcelTable)
        await until(pilot, lambda: gate.holding, "the fill waits between two parts")
        selected = table.current.tracking if table.current else None
        assert selected is not None
        await pilot.press("z")  # archive it: a write, and the desk reloaded whole
        await until(pilot, lambda: table.loading_total is None, "the reload loads every row")
        assert selected not in {row.tracking for row in table.all_rows}
        gate.opened.set()
        await pilot.pause()
        await pilot.pause()
        assert table.all_rows == demo.rows()  # the old fill, cancelled, put nothing back
        assert table.border_title == f"{len(demo.rows())} parcels"


# ---------------------------------------------------------------- opened without its records


@pytest.fixture
def vouched(demo: Desk, gate: Gate, monkeypatch: pytest.MonkeyPatch) -> Desk:
    """The demo desk as `claimdesk` opens a large stamped file: its first screen drawn from the
    clock cache and the records it shows, the rest read after the first frame."""
    monkeypatch.setattr(desk_core, "READ_AFTER_FIRST_FRAME_FROM", 1)
    Desk.open(demo.path, demo.clock).due()  # the stamp and a clock cache for these very bytes
    desk = Desk.open_for_app(demo.path, demo.clock)
    assert not desk.is_loaded()
    return desk


async def test_a_stamped_desk_draws_its_first_screen_before_reading_its_records(vouched: Desk, gate: Gate) -> None:
    expected = await loaded_at_once(vouched)
    gate.FREE = 0  # the fill stops before it reads the records
    app = ClaimdeskApp(vouched, tick_seconds=3600)
    async with app.run_test(size=SIZE) as pilot:
        table = app.query_one(ParcelTable)
        await until(pilot, lambda: gate.holding, "the first screen, its records not read")
        assert not vouched.is_loaded()  # drawn from the clock cache and a few records read by doc id
        assert [row.tracking for row in table.items] == expected["shown"][: SIZE[1]]
        shown = {row.tracking for row in table.all_rows}
        assert sorted(table.all_rows) == sorted(row for row in expected["rows"] if row.tracking in shown)  # the same rows
        assert table.border_title == "Loading the list…"  # counted right after the first frame
        assert list(app.query_one(CountdownPanel).items) == expected["clocks"]
        gate.opened.set()
        await until(pilot, lambda: table.loading_total is None, "the list is filled")
        await pilot.pause()
        assert vouched.is_loaded()
        assert state(app) == expected


async def test_a_write_by_another_process_before_the_records_are_read_is_shown(vouched: Desk, gate: Gate) -> None:
    gate.FREE = 0  # the fill stops before it reads the records
    app = ClaimdeskApp(vouched, tick_seconds=3600)
    async with app.run_test(size=SIZE) as pilot:
        table = app.query_one(ParcelTable)
        await until(pilot, lambda: gate.holding, "the first screen, its records not read")
        assert not vouched.is_loaded()
        other = Desk.open(vouched.path, vouched.clock)  # another claimdesk archives a shown parcel
        archived = table.items[0].tracking
        other.archive(archived)
        gate.opened.set()
        await until(pilot, lambda: table.loading_total is None and archived not in {row.tracking for row in table.all_rows}, "drawn again")
        assert table.all_rows == other.rows()


def test_a_stamped_file_changed_since_is_read_before_the_first_screen(demo: Desk, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(desk_core, "READ_AFTER_FIRST_FRAME_FROM", 1)
    Desk.open(demo.path, demo.clock).due()
    raw = demo.path.read_bytes()
    demo.path.write_bytes(raw[:-20])  # cut short by hand
    with pytest.raises(DataFileError):
        Desk.open_for_app(demo.path, demo.clock)  # reported before any screen, as before
    demo.path.write_bytes(raw)
    assert not Desk.open_for_app(demo.path, demo.clock).is_loaded()  # the bytes the stamp names again
