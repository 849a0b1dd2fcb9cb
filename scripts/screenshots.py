"""Regenerate screenshots/*.svg from the real app on demo data with a pinned clock.

make screenshots      (or: .venv/bin/python scripts/screenshots.py)
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from claimdesk.clock import FixedClock
from claimdesk.i18n import CHINESE, ENGLISH, set_language
from claimdesk.services import Desk
from claimdesk.ui.app import ClaimdeskApp

NOW = datetime.fromisoformat("2026-11-26T10:00:00+08:00")
OUT = ROOT / "screenshots"


def demo_desk(folder: Path) -> Desk:
    desk = Desk.open(folder / "claimdesk.json", FixedClock(NOW))
    desk.add_demo_data(400, seed=7)
    return desk


async def shoot(desk: Desk, name: str, size: tuple[int, int], keys: list[str], theme: str | None = None, lang: str = ENGLISH) -> None:
    set_language(lang)
    app = ClaimdeskApp(desk, tick_seconds=3600)
    async with app.run_test(size=size) as pilot:
        if theme:
            app.theme = theme
        await pilot.pause()
        app.clear_notifications()
        for key in keys:
            await pilot.press(key)
            await pilot.pause()
        await pilot.pause(0.3)
        app.save_screenshot(str(OUT / f"{name}.svg"))
    print(f"screenshots/{name}.svg")


async def shoot_import_mapping(desk: Desk, name: str, size: tuple[int, int], lang: str = ENGLISH) -> None:
    """The import's mapping screen on a forwarder's list whose tracking number column no profile
    knows (the test fixture), with that column placed."""
    from claimdesk.ui.screens.import_mapping import MappingScreen
    from tests.fixtures.seller_files import forwarder_csv

    set_language(lang)
    with tempfile.TemporaryDirectory() as folder:
        source = forwarder_csv(Path(folder))
        app = ClaimdeskApp(desk, tick_seconds=3600)
        async with app.run_test(size=size) as pilot:
            await pilot.pause()
            app.clear_notifications()
            await pilot.press("i")
            await pilot.pause()
            app.screen.query_one("#path").value = str(source)  # type: ignore[attr-defined]
            await pilot.press("ctrl+s")
            for _ in range(500):
                if isinstance(app.screen, MappingScreen):
                    break
                await pilot.pause(0.02)
            await pilot.press("tab", "enter", "down", "enter")
            await pilot.pause(0.3)
            app.save_screenshot(str(OUT / f"{name}.svg"))
    print(f"screenshots/{name}.svg")


def pick_candidate(desk: Desk) -> str:
    """A lost, declared parcel with no complaint and an open loss window: good for the wizard."""
    for option_row in desk.rows():
        if option_row.status == "lost" and option_row.attempts == 0 and option_row.service == "ems":
            options = desk.filing_options(option_row.tracking)
            if any(o.complaint_type.value == "loss" and o.can_file for o in options):
                return option_row.tracking
    raise SystemExit("no wizard candidate in the demo data")


async def main() -> None:
    OUT.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        desk = demo_desk(Path(tmp))
        candidate = pick_candidate(desk)
        go = ["slash", *candidate, "enter"]
        await shoot(desk, "main", (140, 42), [])
        await shoot(desk, "main-80x24", (80, 24), [])
        await shoot(desk, "main-120x36", (120, 36), [])
        await shoot(desk, "main-200x50", (200, 50), [])
        await shoot(desk, "parcel", (120, 36), [*go, "enter"])
        await shoot(desk, "main-light", (140, 42), [], theme="textual-light")
        await shoot(desk, "filter", (140, 42), ["slash", *"lost"])
        await shoot(desk, "wizard-1-attempts", (140, 42), [*go, "c"])
        await shoot(desk, "wizard-2-type", (140, 42), [*go, "c", "ctrl+n"])
        await shoot(desk, "wizard-2-type-80x24", (80, 24), [*go, "c", "ctrl+n"])
        await shoot(desk, "wizard-3-evidence", (140, 42), [*go, "c", "ctrl+n", "ctrl+n"])
        await shoot(desk, "wizard-4-payout", (140, 42), [*go, "c", "ctrl+n", "ctrl+n", "ctrl+n"])
        await shoot(desk, "wizard-5-review", (140, 42), [*go, "c", "ctrl+n", "ctrl+n", "ctrl+n", "ctrl+n"])
        await shoot(desk, "calculator", (140, 42), [*go, "k"])
        await shoot(desk, "record-progress", (140, 42), ["r"])
        await shoot(desk, "help", (140, 42), ["question_mark"])
        await shoot(desk, "dashboard", (140, 42), ["g"])
        await shoot_import_mapping(desk, "import-mapping", (120, 36))
        await shoot_import_mapping(desk, "import-mapping-zh-80x24", (80, 24), lang=CHINESE)
        await shoot(desk, "main-zh", (140, 42), [], lang=CHINESE)
        await shoot(desk, "main-zh-80x24", (80, 24), [], lang=CHINESE)
        await shoot(desk, "wizard-2-type-zh", (140, 42), [*go, "c", "ctrl+n"], lang=CHINESE)
        set_language(ENGLISH)


if __name__ == "__main__":
    asyncio.run(main())
