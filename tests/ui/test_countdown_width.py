"""The countdown at 80 columns shows a 16-character tracking number (Cainiao's LP00…, 4PX…) whole.
With many deadlines its scrollbar was drawn over the last column and hid the number's last digit,
with no "…" to say so: `4PX0000000000031` read `4PX000000000003`."""

from __future__ import annotations

import pytest

from claimdesk.i18n import set_language
from claimdesk.ui.widgets.countdown import CountdownPanel
from tests.ui._pilot import until


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
@pytest.mark.parametrize("size", [(80, 24), (120, 36)])
async def test_every_tracking_number_in_the_countdown_is_whole_or_marked_cut(make_app, desk, size, lang) -> None:  # type: ignore[no-untyped-def]
    desk.add_demo_data(300)
    set_language(lang)
    app = make_app()
    async with app.run_test(size=size) as pilot:
        panel = app.main.query_one(CountdownPanel)
        await until(pilot, lambda: len(panel.items) > panel.size.height, "more deadlines than rows")
        shown = panel.scrollable_content_region.width  # what no scrollbar covers
        seen = set()
        for item in panel.items:
            line = panel.render_item(item, 0, False).text[:shown]
            if len(item.tracking) <= 16:
                assert item.tracking in line, (item.tracking, line)
            else:
                assert item.tracking in line or line.rstrip().endswith("…"), (item.tracking, line)
            seen.add(len(item.tracking))
        assert 16 in seen, seen
