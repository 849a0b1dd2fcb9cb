"""The deadline countdown panel: every live clock, soonest first, ticking every second.

One timer for the whole panel; a tick only redraws the visible clocks (remaining time is a
subtraction), and checks which clocks crossed into the last 24 hours or went overdue.

Each clock's due instant is turned into integer microseconds once, when the clocks are loaded:
a tick is then one integer subtraction per clock (pendulum's `due - now` builds an Interval
and costs ~40 us, which at 20,000 clocks would eat most of every second). The seconds are the
same float `(due - now).total_seconds()` gives: both are the exact microsecond count / 10**6.
A tick redraws only what a second changes: each visible clock's countdown line (both lines of
a clock whose level changed), and the title only when its text changes.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone


from textual.geometry import Region
from textual.message import Message
from textual.strip import Strip

from claimdesk.domain.deadlines import WHAT_TO_DO
from claimdesk.i18n import N_, _
from claimdesk.labels import label
from claimdesk.services import DueClock
from claimdesk.ui.formatting import format_remaining, urgency, when_short
from claimdesk.ui.localize import pad
from claimdesk.ui.widgets.virtual_list import VirtualList

_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)
_MICROSECOND = timedelta(microseconds=1)


def _micros(at: datetime) -> int:
    """The instant as integer microseconds since the epoch (exact, unlike .timestamp())."""
    # datetime's own subtraction: pendulum's operator would build an Interval first.
    return datetime.__sub__(at, _EPOCH) // _MICROSECOND


# Shown through _() (marked here, translated where shown).
CLOCK_LABEL = {
    "filing-window-opens": N_("filing window opens"),
    "filing-window-closes": N_("filing window closes"),
    "chamber-reply": N_("chamber reply due"),
    "escalation-window-closes": N_("appeal window closes"),
    "intervention": N_("Cainiao intervention due"),
}


class CountdownPanel(VirtualList[DueClock]):
    item_height = 2
    COMPONENT_CLASSES = {
        "countdown--cursor",
        "countdown--ok",
        "countdown--soon",
        "countdown--urgent",
        "countdown--overdue",
        "countdown--dim",
        "countdown--pending",
    }

    class Crossed(Message):
        """A clock went into its last 24 hours or overdue while the app was open."""

        def __init__(self, clock: DueClock, level: str) -> None:
            super().__init__()
            self.clock = clock
            self.level = level

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.now: datetime | None = None
        self._levels: dict[tuple[str, str], str] = {}
        self._now_us = 0
        # Aligned with `_dues_of` (the items list they were computed for): due instants in
        # microseconds and each clock's last level.
        self._dues_of: list[DueClock] | None = None
        self._dues: list[int] = []
        self._level_list: list[str] = []
        self._counts = (0, 0)  # (urgent, overdue) over _levels
        self._when: dict[datetime, str] = {}
        self._title_text: str | None = None
        self.content_width = 30

    def key_of(self, item: DueClock) -> object:
        return (item.tracking, item.clock)

    def index_of(self, key: object) -> int | None:
        if not isinstance(key, tuple) or len(key) != 2:
            return super().index_of(key)
        tracking, kind = key
        for index, item in enumerate(self.items):
            if item.tracking == tracking and item.clock == kind:
                return index
        return None

    def load(self, clocks: list[DueClock], now: datetime) -> None:
        keep = self.key_of(self.current) if self.current else None
        self.now = now
        self._now_us = _micros(now)
        self._index_dues(clocks)
        now_us = self._now_us
        self._level_list = [urgency((due - now_us) / 1_000_000) for due in self._dues]
        self._levels = {(c.tracking, c.clock): level for c, level in zip(clocks, self._level_list)}  # type: ignore[misc]
        self._count_levels()
        self._when = {}
        self.set_items(clocks, keep)
        self._update_title()

    def _index_dues(self, clocks: list[DueClock]) -> None:
        self._dues_of = clocks
        self._dues = [_micros(clock.due) for clock in clocks]

    def _count_levels(self) -> None:
        levels = list(self._levels.values())
        self._counts = (levels.count("urgent"), levels.count("overdue"))

    def tick(self, now: datetime) -> list[tuple[DueClock, str]]:
        """Advance to `now`; returns the clocks that crossed a threshold since the last tick."""
        self.now = now
        self._now_us = now_us = _micros(now)
        items = self.items
        redraw_all = False
        if self._dues_of is not items:  # items set some other way than load()
            self._index_dues(items)
            self._level_list = [self._levels.get((c.tracking, c.clock), "") for c in items]  # type: ignore[arg-type]
            redraw_all = True
        crossed = []
        levels = self._level_list
        changed: list[int] = []
        for index, due in enumerate(self._dues):
            level = urgency((due - now_us) / 1_000_000)
            if level == levels[index]:
                continue
            clock = items[index]
            key = (clock.tracking, clock.clock)
            before = self._levels.get(key)  # type: ignore[arg-type]
            if level != before and level in ("urgent", "overdue") and clock.clock.value != "filing-window-opens":
                crossed.append((clock, level))
            self._levels[key] = level  # type: ignore[index]
            levels[index] = level
            changed.append(index)
        if changed:
            self._count_levels()
        if redraw_all:
            self.refresh()
        else:
            self._refresh_ticked(changed)
        self._update_title()
        return crossed

    def _refresh_ticked(self, changed: list[int]) -> None:
        """Mark for redraw what a tick changes on screen: the countdown line of every visible
        clock, and both lines of a visible clock whose level changed (its label may now say
        OVERDUE). Nothing else in a line depends on the time."""
        height = self.size.height
        if not height:
            self.refresh()
            return
        step = self.item_height
        top = self.scroll_offset.y
        first = max(0, (top - self.header_height) // step)
        last = min(len(self.items), (top + height) // step + 1)
        width = max(self.virtual_size.width, self.size.width)
        regions = [Region(0, self.header_height + index * step - top, width, 1) for index in range(first, last)]
        regions += [
            Region(0, self.header_height + index * step - top, width, step) for index in changed if first <= index < last
        ]
        if regions:
            self.refresh(*regions)

    def _seconds(self, clock: DueClock) -> float:
        """(clock.due - now).total_seconds(), from the microseconds."""
        return (_micros(clock.due) - _micros(self.now)) / 1_000_000  # type: ignore[arg-type]

    def _update_title(self) -> None:
        urgent, overdue = self._counts
        parts = [_("Deadlines {count}").format(count=len(self.items))]
        if urgent:
            parts.append(_("{count} <24h").format(count=urgent))
        if overdue:
            parts.append(_("{count} overdue").format(count=overdue))
        title = " · ".join(parts)
        if title != self._title_text:  # setting it redraws the whole panel, border and all
            self._title_text = title
            self.border_title = title

    def render_item(self, item: DueClock, line: int, selected: bool) -> Strip:
        width = max(self.line_width, 20)
        base = self.get_component_rich_style("countdown--cursor") if selected else self.line_style
        seconds = self._seconds(item) if self.now else item.remaining_seconds
        if line == 0:
            level = urgency(seconds)
            pending = item.clock.value == "filing-window-opens"
            style = base + self.get_component_rich_style("countdown--pending" if pending else f"countdown--{level}")
            remaining = format_remaining(seconds)
            text = f"{remaining:>12} "
            return self.text_strip([(text, style), (item.tracking.ljust(max(0, width - len(text))), base)])
        dim = base + self.get_component_rich_style("countdown--dim")
        state = _("OVERDUE") + " · " if seconds < 0 and item.clock.value != "filing-window-opens" else ""
        when = self._when.get(item.due)
        if when is None:
            when = self._when[item.due] = when_short(item.due)
        text = f" {state}{_(CLOCK_LABEL[item.clock.value])} · {label('type', item.complaint_type)} · {when}"
        return self.text_strip([(pad(text, width), dim)])

    @staticmethod
    def advice(clock: DueClock) -> str:
        return _(WHAT_TO_DO[clock.clock])



