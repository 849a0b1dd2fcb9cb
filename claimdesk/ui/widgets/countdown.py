"""The deadline countdown panel: every live deadline, soonest first, ticking every second.

One timer for the whole panel. Remaining time and colour bands are the domain's
(`seconds_until`, `urgency`), as in the list and the detail. A tick redraws only what a second
changes (each visible deadline's countdown line), and re-checks a deadline's band only when
the tick passed one of the instants where it changes (`urgency_changes`): with 20,000
deadlines a tick is a bisect, not 20,000 subtractions. Deadlines whose band crossed into the
last 24 hours or overdue are returned, so the app can say so.
"""

from __future__ import annotations

from bisect import bisect_left
from datetime import datetime

from rich.text import Text
from textual.geometry import Region
from textual.strip import Strip

from claimdesk.domain.complaint_types import TYPE_FOR_STATUS
from claimdesk.domain.deadlines import Deadline, Urgency, urgency, urgency_changes
from claimdesk.domain.instants import seconds_until
from claimdesk.i18n import _, is_chinese
from claimdesk.labels import label
from claimdesk.termtext import cell_len, fit
from claimdesk.ui.formatting import remaining, when_short
from claimdesk.ui.urgency import sign
from claimdesk.ui.widgets.virtual_list import VirtualList

DAY = 86400  # seconds


def shorter_time(time: str, seconds: float) -> str:
    """A remaining time ('15d 23:39:35', '-0d 02:00:00') one part shorter: '15d 23:39' a day or
    more away, '-02:00:00' under a day."""
    if abs(seconds) >= DAY:
        return time[:-3]
    return ("-" if seconds < 0 else "") + time.split(" ", 1)[-1]


class CountdownPanel(VirtualList[Deadline]):
    """Three lines a deadline, each short enough for the panel at 120 columns in both languages:
    the remaining time and the tracking number; the clock; the complaint type and the due time."""

    item_height = 3
    COMPONENT_CLASSES = {
        "countdown--cursor",
        "countdown--pending",
        "countdown--ok",
        "countdown--soon",
        "countdown--urgent",
        "countdown--overdue",
        "countdown--clock",
        "countdown--dim",
    }

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.now: datetime | None = None
        self._levels: list[Urgency] = []  # aligned with items
        # (instant a band changes, item index), sorted; None until the first tick needs them
        self._changes: list[tuple[datetime, int]] | None = []
        self._loaded_at: datetime | None = None  # the `now` the levels were computed for
        self._next_change = 0  # changes before this index are behind us
        self._counts = (0, 0)  # (urgent, overdue)
        self._when: dict[datetime, str] = {}
        self._title_text: str | None = None
        self.content_width = 30

    def key_of(self, item: Deadline) -> object:
        return (item.tracking, item.kind)

    def index_of(self, key: object) -> int | None:
        if not isinstance(key, tuple) or len(key) != 2:
            return super().index_of(key)
        tracking, kind = key
        for index, item in enumerate(self.items):
            if item.tracking == tracking and item.kind == kind:
                return index
        return None

    def load(self, deadlines: list[Deadline], now: datetime) -> None:
        keep = self.key_of(self.current) if self.current else None
        self.now = now
        self._levels = [urgency(d.kind, seconds_until(d.due, now)) for d in deadlines]
        self._changes, self._loaded_at = None, now  # made by the first tick, after the first frame
        self._count_levels()
        self._when = {}
        self.set_items(deadlines, keep)
        self._update_title()

    def level(self, index: int) -> Urgency:
        return self._levels[index]

    def _count_levels(self) -> None:
        levels = self._levels
        self._counts = (levels.count(Urgency.URGENT), levels.count(Urgency.OVERDUE))

    def tick(self, now: datetime) -> list[tuple[Deadline, Urgency]]:
        """Advance to `now`; returns the deadlines that crossed into an alerting band."""
        if self.now is not None and now < self.now:  # the clock went back: start over
            self.load(self.items, now)
            return []
        self.now = now
        changes = self._changes if self._changes is not None else self._make_changes()
        items, levels = self.items, self._levels
        changed: list[int] = []
        while self._next_change < len(changes) and changes[self._next_change][0] < now:
            index = changes[self._next_change][1]
            self._next_change += 1
            deadline = items[index]
            level = urgency(deadline.kind, seconds_until(deadline.due, now))
            if level is levels[index]:
                continue
            levels[index] = level
            changed.append(index)
        changed.sort()  # soonest first, as listed
        crossed = [(items[index], levels[index]) for index in changed if levels[index].alerts]
        if changed:
            self._count_levels()
        self._refresh_ticked(changed)
        self._update_title()
        return crossed

    def _make_changes(self) -> list[tuple[datetime, int]]:
        """Every instant a loaded deadline's band changes, in order, and the first one after the
        instant the levels were computed at (an instant belongs to the band before it)."""
        changes = self._changes = sorted(
            (instant, index) for index, d in enumerate(self.items) for instant in urgency_changes(d.kind, d.due)
        )
        self._next_change = bisect_left(changes, (self._loaded_at,)) if self._loaded_at is not None else 0
        return changes

    def _refresh_ticked(self, changed: list[int]) -> None:
        """Mark for redraw what a tick changes on screen: the countdown line of every visible
        deadline, and both lines of a visible deadline whose band changed (its label may now
        say OVERDUE). Nothing else in a line depends on the time."""
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
        regions += [Region(0, self.header_height + index * step - top, width, step) for index in changed if first <= index < last]
        if regions:
            self.refresh(*regions)

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

    def render_item(self, item: Deadline, line: int, selected: bool) -> Strip:
        # Never under the scrollbar: drawn over the last column, it hid the last digit of a
        # 16-character tracking number at 80 columns, with no "…" to say so.
        width = max(min(self.line_width, self.scrollable_content_region.width), 20)
        base = self.get_component_rich_style("countdown--cursor") if selected else self.line_style
        now = self.now
        seconds = seconds_until(item.due, now) if now is not None else 0
        level = urgency(item.kind, seconds)
        if line == 0:
            style = base + self.get_component_rich_style(f"countdown--{level.value}")
            # The band's sign (readable without colour); on a narrow panel the time takes one cell
            # less, so a 15-character tracking number still fits at 80 columns.
            time = remaining(seconds)
            text = f"{sign(level)}{time:>{11 if width < 31 else 12}} "
            if cell_len(text) + cell_len(item.tracking) > width:
                # The time gives way, not the tracking number's end ('15d 23:39 4PX0000000000885'
                # rather than '15d 23:39:35 4PX00000000008…'): a day or more away its seconds,
                # under a day its '0d '.
                short = shorter_time(time, seconds)
                room = max(cell_len(short), width - cell_len(item.tracking) - cell_len(sign(level)) - 1)
                text = f"{sign(level)}{' ' * (room - cell_len(short))}{short} "
            return self.text_strip([(text, style), (fit(item.tracking, max(0, width - cell_len(text))), base)])
        if line == 1:
            state = _("OVERDUE") + " · " if level is Urgency.OVERDUE else ""
            style = base + self.get_component_rich_style("countdown--overdue" if state else "countdown--clock")
            return self.text_strip([(fit(f" {state}{label('clock', item.kind)}", width), style)])
        dim = base + self.get_component_rich_style("countdown--dim")
        when = self._when.get(item.due)
        if when is None:
            when = self._when[item.due] = when_short(item.due)[5:]  # '03-01 10:00': the year is plain
        return self.text_strip([(fit(f" {label('type', item.complaint_type)} · {when}", width), dim)])

    def render_line(self, y: int) -> Strip:
        if self.items:
            return super().render_line(y)
        width = self.line_width
        lines = [
            line.plain
            for paragraph in empty_deadlines_text()
            for line in (Text(paragraph).wrap(self.app.console, max(10, width - 1)) if paragraph else [Text("")])
        ]
        if y < len(lines):
            style = self.line_style + self.get_component_rich_style("countdown--dim")
            return self.text_strip([(fit(lines[y], width), style)])
        return Strip.blank(width, self.line_style)


def empty_deadlines_text() -> list[str]:
    """Why the panel is empty: which parcels get clocks (the domain's TYPE_FOR_STATUS)."""
    statuses = (
        "、".join(label("status", status) for status in TYPE_FOR_STATUS)
        if is_chinese()
        else ", ".join(label("status", status) for status in TYPE_FOR_STATUS)
    )
    return [
        _("No clock is running."),
        "",
        _("Clocks start when a parcel is {statuses}, and while a complaint is open.").format(statuses=statuses),
    ]
