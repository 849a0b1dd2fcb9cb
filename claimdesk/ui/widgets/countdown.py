"""The deadline countdown panel: every live clock, soonest first, ticking every second.

One timer for the whole panel; a tick only redraws the visible clocks (remaining time is a
subtraction), and checks which clocks crossed into the last 24 hours or went overdue.
"""

from __future__ import annotations

from datetime import datetime


from textual.message import Message
from textual.strip import Strip

from claimdesk.domain.deadlines import WHAT_TO_DO
from claimdesk.services import DueClock
from claimdesk.ui.formatting import format_remaining, urgency, when_short
from claimdesk.ui.widgets.virtual_list import VirtualList

CLOCK_LABEL = {
    "filing-window-opens": "filing window opens",
    "filing-window-closes": "filing window closes",
    "chamber-reply": "chamber reply due",
    "escalation-window-closes": "appeal window closes",
    "intervention": "Cainiao intervention due",
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
        self.content_width = 30

    def key_of(self, item: DueClock) -> object:
        return (item.tracking, item.clock)

    def load(self, clocks: list[DueClock], now: datetime) -> None:
        keep = self.key_of(self.current) if self.current else None
        self.now = now
        self._levels = {self.key_of(c): self._level(c, now) for c in clocks}  # type: ignore[misc]
        self.set_items(clocks, keep)
        self._update_title()

    def tick(self, now: datetime) -> list[tuple[DueClock, str]]:
        """Advance to `now`; returns the clocks that crossed a threshold since the last tick."""
        self.now = now
        crossed = []
        for clock in self.items:
            key = self.key_of(clock)
            level = self._level(clock, now)
            before = self._levels.get(key)  # type: ignore[arg-type]
            if level != before and level in ("urgent", "overdue") and clock.clock.value != "filing-window-opens":
                crossed.append((clock, level))
            self._levels[key] = level  # type: ignore[index]
        self.refresh()
        self._update_title()
        return crossed

    @staticmethod
    def _level(clock: DueClock, now: datetime) -> str:
        return urgency((clock.due - now).total_seconds())

    def _update_title(self) -> None:
        overdue = sum(1 for level in self._levels.values() if level == "overdue")
        urgent = sum(1 for level in self._levels.values() if level == "urgent")
        parts = [f"Deadlines {len(self.items)}"]
        if urgent:
            parts.append(f"{urgent} <24h")
        if overdue:
            parts.append(f"{overdue} overdue")
        self.border_title = " · ".join(parts)

    def render_item(self, item: DueClock, line: int, selected: bool) -> Strip:
        width = max(self.size.width, 20)
        base = self.get_component_rich_style("countdown--cursor") if selected else self.rich_style
        seconds = (item.due - self.now).total_seconds() if self.now else item.remaining_seconds
        if line == 0:
            level = urgency(seconds)
            pending = item.clock.value == "filing-window-opens"
            style = base + self.get_component_rich_style("countdown--pending" if pending else f"countdown--{level}")
            remaining = format_remaining(seconds)
            text = f"{remaining:>12} "
            return self.text_strip([(text, style), (item.tracking.ljust(max(0, width - len(text))), base)])
        dim = base + self.get_component_rich_style("countdown--dim")
        state = "OVERDUE · " if seconds < 0 and item.clock.value != "filing-window-opens" else ""
        label = f" {state}{CLOCK_LABEL[item.clock.value]} · {item.complaint_type} · {when_short(item.due)}"
        return self.text_strip([(label.ljust(width), dim)])

    @staticmethod
    def advice(clock: DueClock) -> str:
        return WHAT_TO_DO[clock.clock]



