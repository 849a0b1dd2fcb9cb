"""The parcel list: sortable columns, filter as you type, rows drawn only when visible.

What is shown and in which order is the Textual-free ParcelIndex's business (sort, filter, the
100,000-row fast paths); this widget draws its rows, keeps the cursor and takes the keys.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from rich.style import Style
from textual.binding import Binding
from textual.strip import Strip

from claimdesk.domain.complaints import MAX_ATTEMPTS
from claimdesk.domain.deadlines import Deadline, urgency
from claimdesk.domain.instants import seconds_until
from claimdesk.gc_pause import gc_paused
from claimdesk.i18n import N_, _
from claimdesk.labels import label
from claimdesk.termtext import fit
from claimdesk.ui.formatting import short_remaining
from claimdesk.ui.parcel_index import SORT_KEYS, ParcelIndex, Result
from claimdesk.ui.widgets.virtual_list import VirtualList
from claimdesk.views import ParcelRow


@dataclass(frozen=True)
class Column:
    key: str
    title: str
    width: int
    right: bool = False


COLUMNS = (
    Column("tracking", N_("Tracking"), 17),
    Column("order", N_("Order"), 17),
    Column("service", N_("Service"), 12),
    Column("destination", N_("To"), 3),
    Column("status", N_("Status"), 14),
    Column("age", N_("Days"), 4, right=True),
    Column("attempts", N_("Att"), 3),
    Column("next", N_("Next deadline"), 19),
    Column("carrier", N_("Carrier"), 20),
)
# Which columns give way first on a narrow terminal (the list never scrolls sideways).
DROP_ORDER = ("carrier", "destination", "service", "age", "order", "status")


class ParcelTable(VirtualList[ParcelRow]):
    """Rows are ParcelRow; `deadlines` maps tracking -> its soonest deadline."""

    header_height = 1
    COMPONENT_CLASSES = {
        "parcel-table--header",
        "parcel-table--cursor",
        "parcel-table--pending",
        "parcel-table--ok",
        "parcel-table--soon",
        "parcel-table--urgent",
        "parcel-table--overdue",
        "parcel-table--dim",
    }
    BINDINGS = [
        Binding("o", "sort_next", N_("Sort"), tooltip=N_("Sort by the next column")),
        Binding("O", "sort_reverse", N_("Reverse"), show=False, tooltip=N_("Reverse the sort order")),
    ]

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.index = ParcelIndex()
        self.now: datetime | None = None
        self.query_text = ""
        self.content_width = sum(column.width + 1 for column in COLUMNS)
        self._shown: tuple[list[ParcelRow], Result] | None = None  # (items, the result they came from)
        self._index_hint: tuple[object, int | None] | None = None  # (key, its index) for set_items
        self._columns_for: tuple[int, tuple[Column, ...]] | None = None

    @property
    def all_rows(self) -> list[ParcelRow]:
        return self.index.rows

    @property
    def deadlines(self) -> dict[str, Deadline]:
        return self.index.deadlines  # type: ignore[return-value]

    @property
    def sort_key(self) -> str:
        return self.index.sort_key

    @property
    def sort_reverse(self) -> bool:
        return self.index.reverse

    def key_of(self, item: ParcelRow) -> object:
        return item.tracking

    def index_of(self, key: object) -> int | None:
        hint = self._index_hint
        if hint is not None and hint[0] == key:
            return hint[1]
        for index, row in enumerate(self.items):
            if row.tracking == key:
                return index
        return None

    def _place_of_current(self) -> int | None:
        """The cursor row's place in the sorted list of all rows, when the items came from it."""
        shown = self._shown
        if shown is None or shown[0] is not self.items or not 0 <= self.cursor < len(self.items):
            return None
        return shown[1].places[self.cursor]

    @property
    def columns(self) -> tuple[Column, ...]:
        """The columns that fit the current width, in their usual order."""
        width = self.line_width or 200
        cached = self._columns_for
        if cached is not None and cached[0] == width:
            return cached[1]
        shown = list(COLUMNS)
        for key in DROP_ORDER:
            if sum(column.width + 1 for column in shown) <= width:
                break
            shown = [column for column in shown if column.key != key]
        self._columns_for = (width, tuple(shown))
        return self._columns_for[1]

    def on_resize(self) -> None:
        self.content_width = sum(column.width + 1 for column in self.columns)
        self.virtual_size = self.virtual_size.with_width(self.content_width)

    # ---------------------------------------------------------------- data

    def load(self, rows: list[ParcelRow], deadlines: dict[str, Deadline], now: datetime) -> None:
        keep = self.current.tracking if self.current else None
        self.index.load(rows, deadlines)
        self.now = now
        with gc_paused():
            self._apply(keep)
        if self.is_mounted:
            self.call_after_refresh(self.index.sorted_haystacks)

    def update_deadlines(self, deadlines: dict[str, Deadline], now: datetime) -> None:
        self.index.set_deadlines(deadlines)
        self.now = now
        if self.sort_key == "next":
            self._apply(self.current.tracking if self.current else None)
        else:
            self.refresh()

    def filter(self, text: str) -> None:
        self.query_text = text.strip().lower()
        self._apply(self.current.tracking if self.current else None)

    def _apply(self, keep: object | None) -> None:
        place = self._place_of_current() if keep is not None and self.current is not None else None
        if place is not None and self.current.tracking != keep:  # type: ignore[union-attr]
            place = None
        if self.index.resort():
            place = None  # places in the old order mean nothing in the new one
        result = self.index.query(self.query_text)
        rows = list(result.rows)
        self._shown = (rows, result)
        if place is not None:
            # The kept row is found (or known to be filtered out) by its place, without a scan.
            self._index_hint = (keep, result.index_of_place(place))
        try:
            self.set_items(rows, keep)
        finally:
            self._index_hint = None

    def action_sort_next(self) -> None:
        key = SORT_KEYS[(SORT_KEYS.index(self.sort_key) + 1) % len(SORT_KEYS)]
        self.index.sort_by(key)
        self._apply(self.current.tracking if self.current else None)
        self.app.notify(_("Sorted by {column}").format(column=self._title(self.sort_key)), timeout=1.5)

    def action_sort_reverse(self) -> None:
        self.index.sort_by(self.sort_key, not self.sort_reverse)
        self._apply(self.current.tracking if self.current else None)

    def sort_by(self, key: str) -> None:
        self.index.sort_by(key, not self.sort_reverse if key == self.sort_key else False)
        self._apply(self.current.tracking if self.current else None)

    def on_header_click(self, x: int) -> None:
        left = 0
        for column in self.columns:
            if left <= x < left + column.width + 1:
                self.sort_by(column.key)
                return
            left += column.width + 1

    @staticmethod
    def _title(key: str) -> str:
        return _(next(column.title for column in COLUMNS if column.key == key))

    # ---------------------------------------------------------------- drawing

    def render_header(self, y: int) -> Strip:
        style = self.get_component_rich_style("parcel-table--header")
        cells = []
        for column in self.columns:
            title = _(column.title)
            if column.key == self.sort_key:
                title += " ▼" if self.sort_reverse else " ▲"
            cells.append((self._fit(title, column) + " ", style))
        return self.text_strip(cells)

    @staticmethod
    def _fit(text: str, column: Column) -> str:
        if text.isascii():  # the usual case, and the fast one
            if len(text) > column.width:
                text = text[: column.width - 1] + "…"
            return text.rjust(column.width) if column.right else text.ljust(column.width)
        return fit(text, column.width, column.right)  # CJK characters take two cells

    def render_item(self, item: ParcelRow, line: int, selected: bool) -> Strip:
        base = self.get_component_rich_style("parcel-table--cursor") if selected else self.line_style
        deadline = self.deadlines.get(item.tracking)
        values = {
            "tracking": item.tracking,
            "order": item.order,
            "service": label("service", item.service),
            "destination": item.destination,
            "status": label("status", item.status),
            "age": str(self._age(item)),
            "attempts": f"{item.attempts}/{MAX_ATTEMPTS}",
            "next": "",
            "carrier": item.carrier,
        }
        cells: list[tuple[str, Style]] = []
        for column in self.columns:
            style = base
            text = values[column.key]
            if column.key == "next" and deadline is not None and self.now is not None:
                seconds = seconds_until(deadline.due, self.now)
                text = f"{short_remaining(seconds):>8} {label('clock_short', deadline.kind)}"
                level = urgency(deadline.kind, seconds)
                style = base + self.get_component_rich_style(f"parcel-table--{level.value}")
            elif column.key == "attempts" and item.attempts >= MAX_ATTEMPTS:
                style = base + self.get_component_rich_style("parcel-table--dim")
            cells.append((self._fit(text, column) + " ", style))
        return self.text_strip(cells)

    def _age(self, row: ParcelRow) -> int:
        if self.now is None:
            return 0
        return max(0, (self.now - datetime.fromisoformat(row.created_at)).days)
