"""The parcel list: sortable columns, filter as you type, rows drawn only when visible."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from rich.style import Style
from textual.binding import Binding
from textual.strip import Strip

from claimdesk.services import DueClock, ParcelRow
from claimdesk.ui.formatting import short_remaining, urgency
from claimdesk.ui.widgets.virtual_list import VirtualList

CLOCK_SHORT = {
    "filing-window-opens": "opens",
    "filing-window-closes": "file by",
    "chamber-reply": "chamber",
    "escalation-window-closes": "appeal by",
    "intervention": "Cainiao",
}
NO_DEADLINE = float("inf")


@dataclass(frozen=True)
class Column:
    key: str
    title: str
    width: int
    right: bool = False


COLUMNS = (
    Column("tracking", "Tracking", 17),
    Column("order", "Order", 17),
    Column("service", "Service", 12),
    Column("destination", "To", 3),
    Column("status", "Status", 14),
    Column("age", "Days", 4, right=True),
    Column("attempts", "Att", 3),
    Column("next", "Next deadline", 19),
    Column("carrier", "Carrier", 20),
)
# Which columns give way first on a narrow terminal (the list never scrolls sideways).
DROP_ORDER = ("carrier", "destination", "service", "age", "order", "status")


class ParcelTable(VirtualList[ParcelRow]):
    """Rows are ParcelRow; `deadlines` maps tracking -> its soonest clock."""

    header_height = 1
    COMPONENT_CLASSES = {
        "parcel-table--header",
        "parcel-table--cursor",
        "parcel-table--ok",
        "parcel-table--soon",
        "parcel-table--urgent",
        "parcel-table--overdue",
        "parcel-table--dim",
    }
    BINDINGS = [
        Binding("o", "sort_next", "Sort", tooltip="Sort by the next column"),
        Binding("O", "sort_reverse", "Reverse", show=False, tooltip="Reverse the sort order"),
    ]

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.all_rows: list[ParcelRow] = []
        self._haystacks: list[str] = []
        self.deadlines: dict[str, DueClock] = {}
        self.now: datetime | None = None
        self.query_text = ""
        self.sort_key = "next"
        self.sort_reverse = False
        self.content_width = sum(column.width + 1 for column in COLUMNS)

    def key_of(self, item: ParcelRow) -> object:
        return item.tracking

    @property
    def columns(self) -> tuple[Column, ...]:
        """The columns that fit the current width, in their usual order."""
        width = self.size.width or 200
        shown = list(COLUMNS)
        for key in DROP_ORDER:
            if sum(column.width + 1 for column in shown) <= width:
                break
            shown = [column for column in shown if column.key != key]
        return tuple(shown)

    def on_resize(self) -> None:
        self.content_width = sum(column.width + 1 for column in self.columns)
        self.virtual_size = self.virtual_size.with_width(self.content_width)

    # ---------------------------------------------------------------- data

    def load(self, rows: list[ParcelRow], deadlines: dict[str, DueClock], now: datetime) -> None:
        keep = self.current.tracking if self.current else None
        self.all_rows = rows
        # One lower-case string per row makes filtering 100,000 rows a single pass of `in`.
        self._haystacks = [
            f"{r.tracking}\t{r.order}\t{r.carrier}\t{r.destination}\t{r.status}".lower() for r in rows
        ]
        self.deadlines = deadlines
        self.now = now
        self._apply(keep)

    def update_deadlines(self, deadlines: dict[str, DueClock], now: datetime) -> None:
        self.deadlines, self.now = deadlines, now
        if self.sort_key == "next":
            self._apply(self.current.tracking if self.current else None)
        else:
            self.refresh()

    def filter(self, text: str) -> None:
        self.query_text = text.strip().lower()
        self._apply(self.current.tracking if self.current else None)

    def _apply(self, keep: object | None) -> None:
        query = self.query_text
        if query:
            rows = [row for row, hay in zip(self.all_rows, self._haystacks, strict=True) if query in hay]
        else:
            rows = list(self.all_rows)
        rows.sort(key=self._sort_function(), reverse=self.sort_reverse)
        self.set_items(rows, keep)

    def _sort_function(self) -> Callable[[ParcelRow], object]:
        key = self.sort_key
        if key == "next":
            deadlines = self.deadlines
            return lambda row: (deadlines[row.tracking].due.timestamp() if row.tracking in deadlines else NO_DEADLINE, row.tracking)
        if key == "age":
            return lambda row: row.created_at
        return lambda row: getattr(row, key)

    def action_sort_next(self) -> None:
        keys = [column.key for column in COLUMNS]
        self.sort_key = keys[(keys.index(self.sort_key) + 1) % len(keys)]
        self.sort_reverse = False
        self._apply(self.current.tracking if self.current else None)
        self.app.notify(f"Sorted by {self._title(self.sort_key)}", timeout=1.5)

    def action_sort_reverse(self) -> None:
        self.sort_reverse = not self.sort_reverse
        self._apply(self.current.tracking if self.current else None)

    def sort_by(self, key: str) -> None:
        self.sort_reverse = not self.sort_reverse if key == self.sort_key else False
        self.sort_key = key
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
        return next(column.title for column in COLUMNS if column.key == key)

    # ---------------------------------------------------------------- drawing

    def render_header(self, y: int) -> Strip:
        style = self.get_component_rich_style("parcel-table--header")
        cells = []
        for column in self.columns:
            title = column.title
            if column.key == self.sort_key:
                title += " ▼" if self.sort_reverse else " ▲"
            cells.append((self._fit(title, column) + " ", style))
        return self.text_strip(cells)

    @staticmethod
    def _fit(text: str, column: Column) -> str:
        if len(text) > column.width:
            text = text[: column.width - 1] + "…"
        return text.rjust(column.width) if column.right else text.ljust(column.width)

    def render_item(self, item: ParcelRow, line: int, selected: bool) -> Strip:
        base = self.get_component_rich_style("parcel-table--cursor") if selected else self.rich_style
        clock = self.deadlines.get(item.tracking)
        values = {
            "tracking": item.tracking,
            "order": item.order,
            "service": item.service,
            "destination": item.destination,
            "status": item.status,
            "age": str(self._age(item)),
            "attempts": f"{item.attempts}/2",
            "next": "",
            "carrier": item.carrier,
        }
        cells: list[tuple[str, Style]] = []
        for column in self.columns:
            style = base
            text = values[column.key]
            if column.key == "next" and clock is not None and self.now is not None:
                seconds = (clock.due - self.now).total_seconds()
                text = f"{short_remaining(seconds):>8} {CLOCK_SHORT[clock.clock.value]}"
                style = base + self.get_component_rich_style(f"parcel-table--{urgency(seconds)}")
            elif column.key == "attempts" and item.attempts >= 2:
                style = base + self.get_component_rich_style("parcel-table--dim")
            cells.append((self._fit(text, column) + " ", style))
        return self.text_strip(cells)

    def _age(self, row: ParcelRow) -> int:
        if self.now is None:
            return 0
        return max(0, (self.now - datetime.fromisoformat(row.created_at)).days)
