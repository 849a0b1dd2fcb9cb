"""Every screen in English and in Simplified Chinese at 80x24: it opens, nothing crashes, and
the Chinese desk shows Chinese. The language can be switched from the command palette."""

from __future__ import annotations

import html
import re

import pytest

from claimdesk.i18n import get_language, set_language
from claimdesk.ui.screens.calculator import CalculatorScreen
from claimdesk.ui.screens.dashboard import DashboardScreen
from claimdesk.ui.screens.help import HelpScreen
from claimdesk.ui.screens.import_csv import ImportScreen
from claimdesk.ui.screens.parcel_form import ParcelForm
from claimdesk.ui.screens.progress import RecordProgress
from claimdesk.ui.screens.settings import SettingsScreen
from tests.ui._pilot import open_wizard, s10, until

SIZE = (80, 24)
CJK = re.compile(r"[\u4e00-\u9fff]")
FILED = s10("20000001")  # has a complaint: `r` records progress on it
FRESH = "EE123456785CN"  # no complaint yet: `c` opens the wizard


def screen_text(app) -> str:  # type: ignore[no-untyped-def]
    """What the terminal shows, as text (from the SVG screenshot: tags dropped, entities read)."""
    svg = app.export_screenshot()
    body = svg[svg.index("</style>") :] if "</style>" in svg else svg
    return html.unescape(re.sub(r"<[^>]+>", "", body)).replace("\xa0", " ")


# (key, screen class, English text, Chinese text) for each screen opened from the list
SCREENS = [
    ("a", ParcelForm, "Add a parcel", "添加包裹"),
    ("r", RecordProgress, "Record progress", "记录进展"),
    ("k", CalculatorScreen, "Expected compensation", "预计赔付"),
    ("i", ImportScreen, "Import parcels", "导入包裹"),
    ("s", SettingsScreen, "Settings", "设置"),
    ("question_mark", HelpScreen, "Keys", "按键"),
    ("g", DashboardScreen, "Recovery rate", "追偿率"),
]
# what each wizard step shows
WIZARD_STEPS = [
    ("Attempt 1 of 2", "第 1 次投诉"),
    ("Choose the type", "选择投诉类型"),
    ("What the platform asks for", "平台要求的材料"),
    ("expected compensation", "预计赔付"),
    ("I checked the complaint type", "我已核对投诉类型"),
]


@pytest.fixture
def two_parcels(add_parcel, desk):  # type: ignore[no-untyped-def]
    add_parcel(tracking=FRESH)
    add_parcel(tracking=FILED, order="8100000000000002")
    desk.file_complaint(FILED, "loss")


def shows(app, lang: str, english: str, chinese: str) -> bool:  # type: ignore[no-untyped-def]
    text = screen_text(app)
    return chinese in text and bool(CJK.search(text)) if lang == "zh" else english in text


def expect(text: str, lang: str, english: str, chinese: str) -> None:
    if lang == "zh":
        assert chinese in text, (chinese, text)
        assert CJK.search(text)
    else:
        assert english in text, (english, text)


@pytest.mark.parametrize("lang", ["en", "zh"])
async def test_every_screen_opens_in_both_languages(lang, two_parcels, make_app) -> None:  # type: ignore[no-untyped-def]
    set_language(lang)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        # Every step waits for the state it needs (the screen, its text), never for a time: under
        # load a push or a first paint can take more than one pause.
        await until(pilot, lambda: shows(app, lang, "Tracking", "运单号"), "the list")
        await until(pilot, lambda: shows(app, lang, "Add", "添加"), "the footer's key descriptions")

        for key, screen_class, english, chinese in SCREENS:
            app.main.select_parcel(FILED)
            await pilot.pause()
            await pilot.press(key)
            await until(pilot, lambda c=screen_class: isinstance(app.screen, c), f"{key} opens {screen_class.__name__}")
            await until(pilot, lambda e=english, c=chinese: shows(app, lang, e, c), f"{key}: {english}")
            await pilot.press("escape")
            await until(pilot, lambda: len(app.screen_stack) == 1, f"{key}: escape closes it")

        app.main.select_parcel(FRESH)
        await pilot.pause()
        await open_wizard(pilot)
        for step, (english, chinese) in enumerate(WIZARD_STEPS):
            if step:
                await pilot.press("ctrl+n")
            await until(pilot, lambda e=english, c=chinese: shows(app, lang, e, c), f"wizard step {step + 1}")
        await pilot.press("escape")
        await until(pilot, lambda: len(app.screen_stack) == 1, "escape closes the wizard")


async def test_the_chinese_desk_uses_the_platform_terms(two_parcels, make_app) -> None:  # type: ignore[no-untyped-def]
    set_language("zh")
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        app.main.select_parcel(FILED)
        await pilot.pause()
        text = screen_text(app)
        assert "货物丢失" in text  # the loss complaint in the detail and the countdown
        assert "物流商会回复截止" in text  # the chamber's clock
        assert "丢失" in text  # the parcel's status in the list


async def test_the_command_palette_switches_the_language(two_parcels, make_app) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert "运单号" not in screen_text(app)
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"语言")
        await until(pilot, lambda: "语言：简体中文" in screen_text(app), "the palette offers the language")
        await pilot.press("enter")
        await until(pilot, lambda: get_language() == "zh_CN" and "运单号" in screen_text(app), "the desk in Chinese")
        assert get_language() == "zh_CN"
        # the list and the footer are rebuilt, and the list gets the focus back
        await until(pilot, lambda: "添加" in screen_text(app), "the footer in Chinese")
        await until(pilot, lambda: app.main.query_one("#parcels").has_focus, "the list focused")
        titles = [command.title for command in app.get_system_commands(app.screen)]
        assert {"添加", "主题", "Language: English", "语言：简体中文"} <= set(titles), titles

        await app.switch_language("en")
        await until(pilot, lambda: shows(app, "en", "Tracking", "运单号"), "the list back in English")
        assert "运单号" not in screen_text(app)
        await pilot.press("k")  # the desk still works after the switch
        await until(pilot, lambda: isinstance(app.screen, CalculatorScreen), "the calculator opened")


async def test_the_chinese_filter_finds_the_status_as_shown(two_parcels, make_app, desk) -> None:  # type: ignore[no-untyped-def]
    from claimdesk.ui.widgets.parcel_table import ParcelTable

    desk.set_status(FRESH, "delivered")
    set_language("zh")
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        table = app.query_one(ParcelTable)
        table.filter("已妥投")
        assert [row.tracking for row in table.items] == [FRESH]
        table.filter("lost")  # the machine value still works
        assert [row.tracking for row in table.items] == [FILED]
