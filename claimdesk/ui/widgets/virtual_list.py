"""A keyboard-driven list that renders only the lines on screen (Textual's Line API).

A 100,000-row DataTable takes seconds to build; this draws the visible rows from a plain
Python list, so first paint and every redraw cost the same at 10 or 100,000 rows.

Within one render pass (`render_lines`) the widget's width and base style cannot change, so
they are read once per pass rather than once per line: `rich_style` walks every ancestor's
styles and was most of the cost of a redraw.
"""

from __future__ import annotations

from typing import Generic, TypeVar

from rich.segment import Segment
from rich.style import Style
from textual.binding import Binding
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from claimdesk.i18n import N_
from claimdesk.ui.localize import localize_bindings

Item = TypeVar("Item")


class VirtualList(ScrollView, Generic[Item], can_focus=True):
    """Items of a fixed height (in lines), a cursor, and an optional fixed header line."""

    BINDINGS = [
        Binding("up", "cursor(-1)", N_("Up"), show=False),
        Binding("down", "cursor(1)", N_("Down"), show=False),
        Binding("pageup", "page(-1)", N_("Page up"), show=False),
        Binding("pagedown", "page(1)", N_("Page down"), show=False),
        Binding("home", "jump(0)", N_("First"), show=False),
        Binding("end", "jump(-1)", N_("Last"), show=False),
    ]

    cursor: reactive[int] = reactive(0, always_update=True, init=False)
    item_height = 1
    header_height = 0

    class Highlighted(Message):
        def __init__(self, sender: VirtualList, item: object | None) -> None:
            super().__init__()
            self.list = sender
            self.item = item

        @property
        def control(self) -> VirtualList:
            return self.list

    def __init__(self, *, name: str | None = None, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(name=name, id=id, classes=classes)
        localize_bindings(self)  # a subclass's own bindings too
        self.items: list[Item] = []
        self.content_width = 40
        self._pass: tuple[int, Style] | None = None  # (width, rich_style) during render_lines

    # ---------------------------------------------------------------- data

    def set_items(self, items: list[Item], keep: object | None = None) -> None:
        """Replace the items; keep the cursor on `keep` (an item key) when it is still there."""
        self.items = items
        index = self.index_of(keep) if keep is not None else None
        self._set_virtual_size(Size(self.content_width, len(items) * self.item_height + self.header_height))
        self.cursor = min(index if index is not None else self.cursor, max(0, len(items) - 1))
        self.refresh()

    def _set_virtual_size(self, size: Size) -> None:
        """Set virtual_size; a change of height alone repaints instead of laying out the screen.

        virtual_size is a layout reactive: every change re-arranges and repaints the whole
        screen (~20 ms per filter keystroke). When only the number of rows changed, the list's
        own region does not move, so this does what Textual does for a size update without
        layout (Widget._size_updated with layout=False): store the size and update the
        scrollbars. If a scrollbar appears or disappears, its own reactive still lays out.

        Textual internal: `Widget._scroll_update` (`set_reactive` is public). Textual 8.2.8 has
        no public way to change virtual_size without a layout; tests/ui/test_textual_internals.py
        (filtering resizes the list and its scrollbar) fails if this path breaks.
        """
        if size == self.virtual_size:
            return
        if not self.is_mounted or not self.container_size or size.width != self.virtual_size.width:
            self.virtual_size = size
            return
        self.set_reactive(ScrollView.virtual_size, size)
        self._scroll_update(size)
        self.refresh()

    def index_of(self, key: object) -> int | None:
        for index, item in enumerate(self.items):
            if self.key_of(item) == key:
                return index
        return None

    def key_of(self, item: Item) -> object:
        return item

    @property
    def current(self) -> Item | None:
        if 0 <= self.cursor < len(self.items):
            return self.items[self.cursor]
        return None

    # ---------------------------------------------------------------- cursor

    def watch_cursor(self, old: int, new: int) -> None:
        self._scroll_to_cursor()
        self.refresh()
        self.post_message(self.Highlighted(self, self.current))

    def _scroll_to_cursor(self) -> None:
        if not self.items or not self.size.height:
            return
        top = self.cursor * self.item_height
        visible = self.size.height - self.header_height
        if top < self.scroll_y:
            self.scroll_to(y=top, animate=False)
        elif top + self.item_height > self.scroll_y + visible:
            self.scroll_to(y=top + self.item_height - visible, animate=False)

    def action_cursor(self, delta: int) -> None:
        if self.items:
            self.cursor = max(0, min(len(self.items) - 1, self.cursor + delta))

    def action_page(self, direction: int) -> None:
        page = max(1, (self.size.height - self.header_height) // self.item_height - 1)
        self.action_cursor(direction * page)

    def action_jump(self, index: int) -> None:
        if self.items:
            self.cursor = index % len(self.items)

    def on_click(self, event: object) -> None:
        y = getattr(event, "y", 0)
        if y < self.header_height:
            self.on_header_click(getattr(event, "x", 0) + int(self.scroll_x))
            return
        index = (y - self.header_height + int(self.scroll_y)) // self.item_height
        if 0 <= index < len(self.items):
            self.cursor = index

    def on_header_click(self, x: int) -> None:
        """Subclasses sort by the column under x."""

    # ---------------------------------------------------------------- drawing

    def render_lines(self, crop: Region) -> list[Strip]:
        self._pass = (self.size.width, self.rich_style)
        try:
            return super().render_lines(crop)
        finally:
            self._pass = None

    @property
    def line_width(self) -> int:
        """self.size.width, read once per render pass."""
        return self._pass[0] if self._pass is not None else self.size.width

    @property
    def line_style(self) -> Style:
        """self.rich_style, read once per render pass."""
        return self._pass[1] if self._pass is not None else self.rich_style

    def render_line(self, y: int) -> Strip:
        width = self.line_width
        scroll_x, scroll_y = self.scroll_offset
        if y < self.header_height:
            return self._crop(self.render_header(y), scroll_x, width)
        line = y - self.header_height + scroll_y
        index, offset = divmod(line, self.item_height)
        if index >= len(self.items):
            return Strip.blank(width, self.line_style)
        strip = self.render_item(self.items[index], offset, index == self.cursor)
        return self._crop(strip, scroll_x, width)

    def _crop(self, strip: Strip, scroll_x: int, width: int) -> Strip:
        return strip.crop(scroll_x, scroll_x + width).extend_cell_length(width, self.line_style)

    def render_header(self, y: int) -> Strip:
        return Strip.blank(self.size.width)

    def render_item(self, item: Item, line: int, selected: bool) -> Strip:
        raise NotImplementedError

    @staticmethod
    def text_strip(cells: list[tuple[str, Style]]) -> Strip:
        return Strip([Segment(text, style) for text, style in cells])
