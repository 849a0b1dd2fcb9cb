"""One clock, one figure (issue 11, item 4): the list, the detail and the countdown show the
same remaining time, tick together, in the same theme colours; 'opens' clocks look different
from 'within 3 days'; countdown lines are whole at 120 columns."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

from rich.style import Style
from textual.color import Color
from textual.strip import Strip

import claimdesk.ui
from claimdesk.domain.complaint_types import ComplaintType
from claimdesk.domain.deadlines import ClockKind, Deadline
from claimdesk.i18n import set_language
from claimdesk.labels import label
from claimdesk.ui.widgets.countdown import CountdownPanel
from claimdesk.ui.widgets.parcel_table import ParcelTable
from tests.ui._pilot import lines_of, s10
from tests.ui.test_countdown_ticks import created_for_close_in
from tests.ui.test_wide_chars import screen_text

SOON = s10("80000001")
LATER = s10("80000002")


def figures(app) -> tuple[str, str, str]:  # type: ignore[no-untyped-def]
    """The remaining time of SOON as the list, the detail and the countdown show it."""
    pattern = re.compile(r"-?\d+d \d\d:\d\d:\d\d")
    table = app.main.query_one(ParcelTable)
    row = next(line for line in lines_of(table) if SOON in line)
    detail = next(line for line in screen_text(app).splitlines() if "filing window closes (loss)" in line)
    panel = app.main.query_one(CountdownPanel)
    countdown = next(line for line in lines_of(panel) if SOON in line)
    return tuple(pattern.search(text).group(0) for text in (row, detail, countdown))  # type: ignore[return-value,union-attr]


def style_of(strip: Strip, text: str) -> Style:
    for segment in strip:
        if text in segment.text:
            return segment.style or Style()
    raise AssertionError((text, strip.text))


async def test_the_list_the_detail_and_the_countdown_show_one_ticking_figure(make_app, add_parcel, clock) -> None:  # type: ignore[no-untyped-def]
    add_parcel(tracking=SOON, status="lost", created_at=created_for_close_in(50))
    add_parcel(tracking=LATER, order="8100000000000002", status="delayed", created_at=created_for_close_in(500))
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        app.main.select_parcel(SOON)
        await pilot.pause()
        assert figures(app) == ("2d 02:00:00",) * 3
        clock.advance(seconds=7)
        app.main.tick()
        await pilot.pause()
        assert figures(app) == ("2d 01:59:53",) * 3


async def test_same_band_same_theme_colour_and_opens_looks_different(make_app, add_parcel, desk) -> None:  # type: ignore[no-untyped-def]
    add_parcel(tracking=SOON, status="lost", created_at=created_for_close_in(50))  # closes within 3 days
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        table = app.main.query_one(ParcelTable)
        panel = app.main.query_one(CountdownPanel)
        now = desk.now()
        soon = Deadline(SOON, ClockKind.FILING_WINDOW_CLOSES, ComplaintType.LOSS, now + timedelta(days=2))
        opens = Deadline(LATER, ClockKind.FILING_WINDOW_OPENS, ComplaintType.LOSS, now + timedelta(days=2))
        panel.load([soon, opens], now)
        await pilot.pause()
        soon_style = style_of(panel.render_item(soon, 0, False), "2d 00:00:00")
        opens_style = style_of(panel.render_item(opens, 0, False), "2d 00:00:00")
        list_style = style_of(table.render_item(table.items[0], 0, False), "2d 02:00:00")
        assert soon_style.color == list_style.color  # the same band, the same colour
        assert (opens_style.color, opens_style.italic) != (soon_style.color, soon_style.italic)
        warning = Color.parse(app.theme_variables["warning"])
        assert soon_style.color is not None and soon_style.color.triplet is not None
        assert all(abs(a - b) <= 2 for a, b in zip(soon_style.color.triplet, warning.rgb, strict=True))  # $warning

        app.theme = "nord"  # another theme: the colours follow it
        await pilot.pause()
        light = style_of(panel.render_item(soon, 0, False), "2d 00:00:00")
        assert light.color != soon_style.color


def test_no_colour_names_in_the_ui_code() -> None:
    """Colours come from the theme's variables ($error, $warning...), not from colour names."""
    names = r"(red|green|yellow|cyan|blue|magenta|orange|dark_orange|white|black|bright_\w+)"
    pattern = re.compile(r"""style\s*=\s*["'][^"']*\b""" + names + r"""\b|["'](bold |dim |italic )*""" + names + r"""["']""")
    offenders = []
    for path in Path(claimdesk.ui.__file__).parent.rglob("*.py"):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if pattern.search(line):
                offenders.append(f"{path.name}:{number}: {line.strip()}")
    assert not offenders, offenders


async def test_countdown_lines_are_whole_at_120_columns_in_both_languages(desk, make_app) -> None:  # type: ignore[no-untyped-def]
    for language in ("en", "zh"):
        set_language(language)
        app = make_app()
        async with app.run_test(size=(120, 36)) as pilot:
            panel = app.query_one(CountdownPanel)
            now = desk.now()
            pairs = [(kind, ctype) for kind in ClockKind for ctype in ComplaintType]
            deadlines = [
                Deadline(s10(f"4000{index:04}"), kind, ctype, now - timedelta(hours=1))  # overdue: the longest line
                for index, (kind, ctype) in enumerate(pairs)
            ]
            for start in range(0, len(deadlines), 5):
                chunk = deadlines[start : start + 5]
                panel.load(chunk, now)
                await pilot.pause()
                drawn = lines_of(panel)
                assert not any("…" in line for line in drawn), drawn
                text = "\n".join(drawn)
                for deadline in chunk:
                    assert deadline.tracking in text
                    assert label("clock", deadline.kind) in text, (language, deadline.kind, text)
                    assert label("type", deadline.complaint_type) in text, (language, deadline.complaint_type, text)
