"""Visual regression (issue 11, item 11): the main screen, the wizard's type and review steps,
record progress, the calculator, the dashboard, help and settings, at 80x24 and 120x36, in English and
Chinese, compared with the SVGs in tests/snapshots/__snapshots__/.

After an intended change of the look: `.venv/bin/python -m pytest tests/snapshots --snapshot-update`,
then look at the changed SVGs before committing them.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from textual.pilot import Pilot

from claimdesk.clock import FixedClock
from claimdesk.i18n import set_language
from claimdesk.services import Desk
from claimdesk.ui.app import ClaimdeskApp

NOW = datetime.fromisoformat("2026-11-26T10:00:00+08:00")
SIZES = {"80x24": (80, 24), "120x36": (120, 36)}
# screen -> (keys pressed, which parcel is selected first)
SCREENS = {
    "main": ([], "wizard"),
    "wizard-type": (["c", "ctrl+n"], "wizard"),
    "wizard-review": (["c", "ctrl+n", "enter", "space", "ctrl+n", "ctrl+n"], "wizard"),
    "record-progress": (["r"], "open"),
    "calculator": (["k"], "wizard"),
    "dashboard": (["g"], "wizard"),
    "help": (["question_mark"], "wizard"),
    "settings": (["s"], "wizard"),
}


def demo_desk(folder: Path) -> Desk:
    desk = Desk.open(folder / "claimdesk.json", FixedClock(NOW))
    desk.add_demo_data(120, seed=7)
    return desk


def pick(desk: Desk, kind: str) -> str:
    """A lost EMS parcel whose loss window is open (the wizard), or one with an open complaint."""
    for row in sorted(desk.rows(), key=lambda row: row.tracking):
        if (
            kind == "wizard"
            and (row.status, row.attempts, row.service) == ("lost", 0, "ems")
            and any(o.complaint_type.value == "loss" and o.can_file for o in desk.filing_options(row.tracking))
        ):
            return row.tracking
        if kind == "open" and desk.claim_state(row.tracking).open is not None and row.attempts:
            return row.tracking
    raise AssertionError(f"no {kind} parcel in the demo data")


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("size", list(SIZES))
@pytest.mark.parametrize("screen", list(SCREENS))
def test_screen(snap_compare, tmp_path: Path, screen: str, size: str, lang: str) -> None:  # type: ignore[no-untyped-def]
    desk = demo_desk(tmp_path)
    keys, kind = SCREENS[screen]
    tracking = pick(desk, kind)
    set_language(lang)
    app = ClaimdeskApp(desk, tick_seconds=3600)

    async def select(pilot: Pilot) -> None:  # type: ignore[type-arg]
        await pilot.pause()  # the desk composed (its header among it)
        app.clear_notifications()  # the start-up summary would cover the dialogs
        app.main.sub_title = "claimdesk.json"  # not the test's temporary folder
        app.main.select_parcel(tracking)
        await pilot.pause()

    assert snap_compare(app, press=keys, terminal_size=SIZES[size], run_before=select)


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("size", list(SIZES))
def test_import_mapping_screen(snap_compare, tmp_path: Path, size: str, lang: str) -> None:  # type: ignore[no-untyped-def]
    """Issue 17 item 4: a forwarder's list whose tracking number column no profile knows."""
    from claimdesk.ui.screens.import_mapping import MappingScreen
    from tests.fixtures.seller_files import forwarder_csv
    from tests.ui._pilot import until

    desk = demo_desk(tmp_path)
    source = forwarder_csv(tmp_path)
    set_language(lang)
    app = ClaimdeskApp(desk, tick_seconds=3600)

    async def open_mapping(pilot: Pilot) -> None:  # type: ignore[type-arg]
        await pilot.pause()
        app.clear_notifications()
        app.main.sub_title = "claimdesk.json"
        await pilot.press("i")
        await pilot.pause()
        app.screen.query_one("#path").value = str(source)  # type: ignore[attr-defined]
        await pilot.press("ctrl+s")
        await until(pilot, lambda: isinstance(app.screen, MappingScreen), "the mapping screen")
        await pilot.press("tab", "enter", "down", "enter")  # the tracking number's column placed
        await pilot.pause()

    assert snap_compare(app, terminal_size=SIZES[size], run_before=open_mapping)


def test_no_tool_version_is_written_in_a_snapshot() -> None:
    """A fresh machine compares the same files: nothing in them names a tool's version."""
    from importlib.metadata import version

    versions = {name: version(name) for name in ("textual", "rich", "pytest-textual-snapshot", "syrupy")}
    files = sorted((Path(__file__).parent / "__snapshots__").rglob("*.svg"))
    assert len(files) == (len(SCREENS) + 1) * len(SIZES) * 2  # + the import mapping screen
    for path in files:
        text = path.read_text(encoding="utf-8")
        for name, number in versions.items():
            assert number not in text, (path.name, name, number)
