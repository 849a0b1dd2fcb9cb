"""Every translated string shows all of its characters (issue 11, item 8).

The Chinese start-up summary showed 已  期 for 已逾期: Textual's compositor split a
double-width character where the edge of a widget *under* the notification lay, and drew two
spaces (claimdesk/ui/wide_chars.py). These tests draw every string of the Chinese catalog on
an overlay above a row of narrow widgets, so that some widget edge lies under every column,
and compare what the screen shows with the string; and they check the real notification and
the countdown panel with the strings they show.
"""

from __future__ import annotations

import html
import re
from collections import Counter

import pytest
from babel.messages.pofile import read_po
from textual.app import App, ComposeResult
from textual.containers import Horizontal
from textual.widgets import Static

from claimdesk.i18n import LOCALE_DIR, set_language
from claimdesk.ui.app import ClaimdeskApp
from tests.ui._pilot import s10, until

WIDTH, LINES = 200, 40
PO = LOCALE_DIR / "zh_CN" / "LC_MESSAGES" / "claimdesk.po"


def screen_text(app: App) -> str:  # type: ignore[type-arg]
    svg = app.export_screenshot()
    body = svg[svg.index("</style>") :]
    return html.unescape(re.sub(r"<[^>]+>", "", body)).replace("\xa0", " ")


def wide(text: str) -> Counter[str]:
    """The characters of `text` outside ASCII (the ones a split would drop), with their counts."""
    return Counter(ch for ch in text if not ch.isascii() and not ch.isspace())


def catalog_strings() -> list[str]:
    with PO.open("rb") as file:
        catalog = read_po(file)
    strings: list[str] = []
    for message in catalog:
        if not message.id:
            continue
        for text in message.string if isinstance(message.string, tuple) else (message.string,):
            strings.extend(line for line in text.splitlines() if wide(line))
    return strings


class Striped(App[None]):
    """Widgets 1, 2 and 3 cells wide side by side (edges at odd and even columns), and an
    overlay on top of them that shows one string per line."""

    CSS = """
    #stripes { height: 1fr; }
    #stripes Static { height: 1fr; }
    .w1 { width: 1; } .w2 { width: 2; } .w3 { width: 3; }
    #overlay { layer: above; offset: 1 0; width: auto; height: auto; background: $panel; }
    Screen { layers: below above; }
    """

    def compose(self) -> ComposeResult:
        with Horizontal(id="stripes"):
            for index in range(WIDTH // 2):
                yield Static(" ", classes=f"w{index % 3 + 1}")
        yield Static("", id="overlay", markup=False)


async def test_every_catalog_string_keeps_all_its_characters_over_widget_edges() -> None:
    strings = catalog_strings()
    assert len(strings) > 400
    app = Striped()
    async with app.run_test(size=(WIDTH, LINES)) as pilot:
        overlay = app.query_one("#overlay", Static)
        missing = []
        for start in range(0, len(strings), LINES - 2):
            batch = [text[: WIDTH // 2 - 4] for text in strings[start : start + LINES - 2]]
            overlay.update("\n".join(batch))
            await pilot.pause()
            shown = screen_text(app).splitlines()
            for text in batch:
                if not any(wide(text) <= wide(line) for line in shown):
                    missing.append(text)
        assert not missing, missing[:10]


@pytest.fixture
def overdue_and_urgent(add_parcel, desk, clock):  # type: ignore[no-untyped-def]
    """One parcel whose filing window closes within 24 hours: the summary names 24 h and overdue."""
    add_parcel(tracking=s10("30000001"), status="lost", created_at="2025-11-21 20:00")


async def test_the_chinese_start_up_summary_shows_every_character(overdue_and_urgent, desk) -> None:  # type: ignore[no-untyped-def]
    set_language("zh")
    app = ClaimdeskApp(desk, tick_seconds=3600)
    async with app.run_test(size=(120, 36), notifications=True) as pilot:
        app.main.announce_today()
        summary = next(note for note in (str(n.message) for n in app._notifications) if "已逾期" in note)
        await until(pilot, lambda: "进行中计时" in screen_text(app), "the countdown's summary drawn")
        text = screen_text(app)
        assert "已逾期" in text, text
        first_line = summary.split("，")[0]
        assert first_line in text
